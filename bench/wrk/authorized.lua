-- A GET with the bench account's bearer token; the path comes from wrk's URL.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
