-- PUT /configurations: upserts among 50 keys of a bench category (each write audits and invalidates).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"category":"bench-writes","key":"k%d","value":%d,"dataType":"integer"}', n % 50, n)
  return wrk.format("PUT", "/api/v1/configurations", nil, body)
end
