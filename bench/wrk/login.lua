-- POST /v1/auth/login for the bench account (Argon2id verification per request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"username":"%s","password":"%s"}', os.getenv("BENCH_USER"), os.getenv("BENCH_PASSWORD"))
