-- GET /v1/feed, page 1, each request as the next of the viewers whose tokens are in
-- BENCH_FEED_TOKENS: the ranked list is cached per viewer, the posts are hydrated from the
-- post cache, as a busy app's refreshes are.
local tokens = {}
for line in io.lines(os.getenv("BENCH_FEED_TOKENS")) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local i = math.random(#tokens)
request = function()
  i = i % #tokens + 1
  return wrk.format("GET", "/v1/feed?limit=20", { ["Authorization"] = "Bearer " .. tokens[i] })
end
