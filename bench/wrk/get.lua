-- GET the path in WRK_PATH (or the URL's), authenticated with the token in BENCH_TOKEN.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
