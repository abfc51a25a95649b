-- GET /v1/users/search with a mix of queries over 100,000 seeded users: exact usernames,
-- username prefixes, accent-free first names and misspelt surnames (trigram matches).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local queries = { "user4242", "user123", "user9", "jose", "zoe garc", "jurgen", "amelie", "mueller",
  "kowalsky", "sren", "ozturk", "priya tan", "user77777", "obrien", "chloe", "ivanov" }
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/v1/users/search?limit=10&q=" .. queries[i]:gsub(" ", "%%20"))
end
