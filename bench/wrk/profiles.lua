-- GET /v1/users/{id} over the first 1,000 seeded users: after the first pass every read
-- is a warm profile-cache hit.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  ids[#ids + 1] = line
  if #ids == 1000 then break end
end
local i = 0
request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/v1/users/" .. ids[i])
end
