-- POST /opportunities: a new customer each time, for a partner drawn from BENCH_IDS.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local prefix = tostring(math.random(1, 1000000000))
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"partnerId":"%s","name":"Bench deal","customerName":"Bench %s-%d","amount":"1250.00","currency":"EUR"}',
    ids[math.random(#ids)], prefix, n)
  return wrk.format("POST", "/api/v1/opportunities", nil, body)
end
