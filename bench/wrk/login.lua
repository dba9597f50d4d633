-- POST /auth/login with the bench admin's credentials (Argon2id on every request).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s","subdomain":"%s"}',
  os.getenv("BENCH_EMAIL"), os.getenv("BENCH_PASSWORD"), os.getenv("BENCH_SUBDOMAIN"))
