-- GET /partners/{id} for ids drawn at random from BENCH_IDS (a file of partner ids, one a line).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
request = function()
  return wrk.format("GET", "/api/v1/partners/" .. ids[math.random(#ids)])
end
