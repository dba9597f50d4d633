#!/usr/bin/env bash
# PartnerHub benchmark: one command, about 5 minutes on 2 cores. Starts the packaged service against this
# machine's PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379), seeds two tenants, drives each scenario
# with wrk (peak) and bench/openloop.c (constant rate at 70% of peak, coordinated-omission corrected), measures the
# physical limit beside it (pgbench, redis-benchmark), and writes bench/results/<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-5}              # seconds of unmeasured load before each scenario (pools, caches)
JIT_WARMUP=${BENCH_JIT_WARMUP:-30}     # seconds of mixed load before the first scenario: C2 compiles the shared paths
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ONLY=${BENCH_ONLY:-}                   # e.g. "1 2": run just those scenarios
JFR=${BENCH_JFR:-}                     # non-empty: record a JFR profile of the service, summarised at the end
QUIET_KERNEL=${BENCH_QUIET_KERNEL:-}   # non-empty (root): pause the kernel's DAMON sampler for the run, restored after
JAVA_OPTS=${BENCH_JAVA_OPTS:-}         # extra JVM options for the service
THREADING=${BENCH_THREADING:-}         # e.g. "worker": the service verticles' threading model (PARTNERHUB_SERVICE_THREADING)
JAR=${BENCH_JAR:-target/partnerhub.jar} # the build to measure (bench/ab.sh passes each revision's)
OUT=${BENCH_OUT:-}                     # the results file; default bench/results/<date>[-only-…][-worker]….md
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres

command -v wrk >/dev/null || { apt-get install -y -q wrk >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null); }
for tool in wrk pgbench redis-benchmark psql gcc; do command -v $tool >/dev/null || { echo "missing $tool"; exit 1; }; done
[ -f "$JAR" ] || mvn -q -B -DskipTests package

db=partnerhub_bench
psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -q -d postgres -c "DROP ROLE IF EXISTS partnerhub_bench_app"
redis-cli -h 127.0.0.1 FLUSHALL >/dev/null
work=$(mktemp -d)
gcc -O2 -o "$work/openloop" bench/openloop.c
gcc -O2 -o "$work/stallprobe" bench/stallprobe.c
# DAMON (kernel memory-access sampling, here driving proactive reclaim) stalls every process for a few
# milliseconds each sampling interval: report whether it runs, and pause it only when asked to
damon_on=()
for state in /sys/kernel/mm/damon/admin/kdamonds/*/state; do
  [ -f "$state" ] && [ "$(cat "$state")" = on ] && damon_on+=("$state")
done
damon="absent"
if [ ${#damon_on[@]} -gt 0 ]; then
  damon="on (${#damon_on[@]} kdamond)"
  if [ -n "$QUIET_KERNEL" ]; then
    for state in "${damon_on[@]}"; do echo off >"$state"; done
    damon="paused for the run (BENCH_QUIET_KERNEL)"
  fi
fi
restore_kernel() { [ -n "$QUIET_KERNEL" ] && for state in "${damon_on[@]}"; do echo on >"$state"; done; return 0; }
trap restore_kernel EXIT
# before anything of ours runs: the machine's own stalls, not those of a checkpoint or a vacuum after seeding
read -r stalls stall_worst stall_period <<<"$("$work/stallprobe" "$DURATION")"
echo "stall floor (idle machine): $stalls wake-ups late by > 2 ms, worst $stall_worst ms; DAMON $damon"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export PARTNERHUB_HTTP_PORT=$port PARTNERHUB_HTTP_HOST=127.0.0.1 PARTNERHUB_LOG_FORMAT=text
export PARTNERHUB_DB_URL="postgresql://partnerhub_bench_app:bench@127.0.0.1:5432/$db"
export PARTNERHUB_DB_ADMIN_URL="postgresql://postgres@127.0.0.1:5432/$db"
export PARTNERHUB_REDIS_URL=redis://127.0.0.1:6379 PARTNERHUB_PLATFORM_KEY=bench-platform-key
export PARTNERHUB_MAIL_DISPATCH=false # no SMTP server here; no scenario sends mail
[ -n "$THREADING" ] && export PARTNERHUB_SERVICE_THREADING=$THREADING
export PARTNERHUB_JWT_SECRET="bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
# every login is counted until its password check ends: scenario 5 runs 32 at once on one account
export PARTNERHUB_LOGIN_MAX_FAILURES_PER_IP=100000 PARTNERHUB_LOGIN_MAX_FAILURES_PER_ACCOUNT=100000
jfr_opts=()
[ -n "$JFR" ] && jfr_opts=(-XX:StartFlightRecording=filename=$work/service.jfr,settings=profile,dumponexit=true)
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
java "${jfr_opts[@]}" $JAVA_OPTS -jar "$JAR" serve >"$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; restore_kernel' EXIT
for _ in $(seq 1 120); do grep -q "PartnerHub listening on" "$work/service.log" && break; sleep 0.5; done
base=http://127.0.0.1:$port
api=$base/api/v1
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

echo "== seeding"
for t in 1 2; do
  curl -sf -X POST $api/organizations -H "X-Platform-Key: $PARTNERHUB_PLATFORM_KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Bench $t\",\"subdomain\":\"bench-$t\",\"adminEmail\":\"admin@bench$t.test\",\"adminPassword\":\"bench admin password\"}" >/dev/null
done
token=$(curl -sf -X POST $api/auth/login -H 'Content-Type: application/json' \
  -d '{"email":"admin@bench1.test","password":"bench admin password","subdomain":"bench-1"}' | json '["token"]')
token2=$(curl -sf -X POST $api/auth/login -H 'Content-Type: application/json' \
  -d '{"email":"admin@bench2.test","password":"bench admin password","subdomain":"bench-2"}' | json '["token"]')
for t in "$token" "$token2"; do
  for i in $(seq 1 100); do
    curl -sf -X PUT $api/configurations -H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
      -d "{\"category\":\"cat$((i % 10))\",\"key\":\"key$i\",\"value\":$i,\"dataType\":\"integer\"}" >/dev/null
  done
done
psql -q -d $db <<'SQL'
INSERT INTO partners (organization_id, name, type, tier, status)
  SELECT o.id, 'Partner ' || g, 'reseller', (ARRAY['registered','silver','gold','platinum'])[1 + g % 4],
         (ARRAY['prospect','active'])[1 + g % 2]
  FROM organizations o, generate_series(1, 500) g;
INSERT INTO opportunities (organization_id, partner_id, name, customer_name, amount, currency, stage, registration_status)
  SELECT p.organization_id, p.id, 'Deal ' || g, 'Customer ' || p.name || ' ' || g, (100 + g * 37 % 90000)::numeric(18, 2),
         'EUR', (ARRAY['prospecting','qualification','proposal','negotiation'])[1 + g % 4], 'pending'
  FROM partners p, generate_series(1, 20) g;
CREATE TABLE bench_partner_ids AS
  SELECT row_number() OVER (ORDER BY p.id) AS n, p.id FROM partners p JOIN organizations o ON o.id = p.organization_id
  WHERE o.subdomain = 'bench-1';
GRANT SELECT ON bench_partner_ids TO partnerhub_bench_app;
ANALYZE;
SQL
psql -tA -d $db -c "SELECT id FROM bench_partner_ids" > "$work/ids"
org=$(psql -tA -d $db -c "SELECT id FROM organizations WHERE subdomain = 'bench-1'")
counts=$(psql -tA -d $db -c "SELECT (SELECT count(*) FROM partners) || ' partners, ' || (SELECT count(*) FROM opportunities) || ' opportunities, ' || (SELECT count(*) FROM configurations) || ' configurations'")
echo "seeded: $counts"
export BENCH_TOKEN=$token BENCH_IDS=$work/ids BENCH_EMAIL=admin@bench1.test BENCH_PASSWORD="bench admin password" BENCH_SUBDOMAIN=bench-1

# peak SCRIPT URL: wrk at full speed after an unmeasured warm-up; prints "rps p50 p99 non2xx"
peak() {
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "bench/wrk/$1" "$2" >/dev/null
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "bench/wrk/$1" "$2")
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  bad=$(awk '/Non-2xx/ {print $5}' <<<"$out"); bad=${bad:-0}
  echo "$rps $p50 $p99 $bad"
}
# open_loop PATH RATE [METHOD BODY [TOKEN]]: bench/openloop.c at a constant rate; prints "p50 p99 p999 errors sent"
open_loop() {
  BENCH_METHOD=${3:-GET} BENCH_BODY=${4:-} "$work/openloop" 127.0.0.1 "$port" "$1" "${5:-$BENCH_TOKEN}" "$2" \
    "$DURATION" "$CONNECTIONS" "$WARMUP"
}

results=$work/rows
: >"$results"
run() { # run NAME SCRIPT URL OPEN LIMIT; OPEN: the open loop's URL, or "METHOD|URL|BODY[|TOKEN]"
  [ -n "$ONLY" ] && [[ " $ONLY " != *" ${1%% *} "* ]] && return 0
  echo "== $1"
  read -r rps p50 p99 bad <<<"$(peak "$2" "$3")"
  local method=GET url=$4 body="" token=$BENCH_TOKEN
  [[ "$4" == *"|"* ]] && IFS='|' read -r method url body token <<<"$4"
  local o before after
  before=$(lag_buckets)
  o=$(open_loop "${url#"$base"}" "$(python3 -c "print(max(1, int(float('$rps') * 0.7)))")" "$method" "$body" \
    "${token:-$BENCH_TOKEN}")
  after=$(lag_buckets)
  echo "$1|$rps|$p50|$p99|$bad|$o|$5" >>"$results"
  # events the constant-rate phase wrote: how many the relay published within 50 ms of their commit (as
  # its notification arrived) and of their write (in the transaction, so the rest of it counts too)
  python3 - "$1" "$before" "$after" >>"$work/lag-shares" <<'PY'
import sys
name, before, after = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
parts = []
for i, since in ((0, "commit"), (2, "write")):
    within, count = float(after[i]) - float(before[i]), float(after[i + 1]) - float(before[i + 1])
    if count > 0:
        parts.append(f"{within / count * 100:.1f}% of {int(count)} within 50 ms of their {since}")
if parts:
    print(f"{name}, events published at 70% of the peak: " + "; ".join(parts))
PY
}
# the relay's cumulative lag buckets at 50 ms and their counts: "commit<=50ms commits write<=50ms writes"
lag_buckets() {
  curl -s "$base/metrics" | awk '
    /^partnerhub_events_publish_lag_seconds_bucket\{.*le="0.05"/ {b = $2}
    /^partnerhub_events_publish_lag_seconds_count/ {c = $2}
    /^partnerhub_events_publish_lag_from_write_seconds_bucket\{.*le="0.05"/ {wb = $2}
    /^partnerhub_events_publish_lag_from_write_seconds_count/ {wc = $2}
    END {print b + 0, c + 0, wb + 0, wc + 0}'
}

echo "== JIT warm-up (${JIT_WARMUP} s, not measured)"
wrk -t2 -c"$CONNECTIONS" -d"$((JIT_WARMUP / 2))s" -s bench/wrk/partner-by-id.lua "$api/partners" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$((JIT_WARMUP - JIT_WARMUP / 2))s" -s bench/wrk/get.lua "$api/configurations?category=cat1" >/dev/null

echo "== limits"
cat >"$work/partner.sql" <<SQL
\set n random(1, 500)
BEGIN;
SELECT set_config('app.current_organization_id', '$org', true), set_config('app.current_partner_id', '', true);
SELECT id, name, type, tier, status, contact_email, website, region, custom_fields::text, version, created_at, updated_at
  FROM partners WHERE id = (SELECT id FROM bench_partner_ids WHERE n = :n);
COMMIT;
SQL
pg_tps=$(PGPASSWORD=bench pgbench -n -U partnerhub_bench_app -c "$CONNECTIONS" -j 2 -T "$DURATION" -f "$work/partner.sql" $db 2>/dev/null \
  | awk '/^tps/ {print $3; exit}')
redis_get=$(redis-benchmark -h 127.0.0.1 --csv -t get -n 200000 -c "$CONNECTIONS" 2>/dev/null \
  | awk -F'"' '$2 == "GET" {print $4}')
echo "pgbench (scenario 2 shape): $pg_tps tps; redis GET: $redis_get rps"

run "1 cached read GET /configurations?category=cat1" get.lua "$api/configurations?category=cat1" \
  "$api/configurations?category=cat1" "redis GET $redis_get/s (a request asks Redis only while its session or generation is not yet watched: PARTNERHUB_REDIS_KEY_WATCH)"
run "2 RLS read GET /partners/{id}" partner-by-id.lua "$api/partners" "$api/partners/{id}" "pgbench $pg_tps tps"
run "3 list GET /partners?status=active&limit=20" get.lua "$api/partners?status=active&tier=gold&limit=20" \
  "$api/partners?status=active&tier=gold&limit=20" ""
# the open loop's bodies mirror the wrk scripts: {n}, {slot}, {id} and {run} are filled in per request
run "4a write PUT /configurations" put-configuration.lua "$api/configurations" \
  "PUT|$api/configurations|{\"category\":\"bench-writes\",\"key\":\"k{slot}\",\"value\":{n},\"dataType\":\"integer\"}" ""
run "4b write POST /opportunities" register-opportunity.lua "$api/opportunities" \
  "POST|$api/opportunities|{\"partnerId\":\"{id}\",\"name\":\"Bench deal\",\"customerName\":\"Open {run}-{n}\",\"amount\":\"1250.00\",\"currency\":\"EUR\"}" ""
run "5 login POST /auth/login (Argon2id)" login.lua "$api/auth/login" \
  "POST|$api/auth/login|{\"email\":\"$BENCH_EMAIL\",\"password\":\"$BENCH_PASSWORD\",\"subdomain\":\"$BENCH_SUBDOMAIN\"}|-" \
  "bound by Argon2id on PARTNERHUB_ARGON2_WORKERS threads"
run "6 dashboard GET /dashboard" get.lua "$api/dashboard" "$api/dashboard" ""

# Scenario 1's latency curve: constant rates at fractions of its wrk peak
sweep=$work/sweep
: >"$sweep"
if [ -z "$ONLY" ] || [[ " $ONLY " == *" 1 "* ]]; then
  peak1=$(awk -F'|' '/^1 / {print $2}' "$results")
  for share in 50 85; do
    rate=$(python3 -c "print(max(1, int(float('$peak1') * $share / 100)))")
    echo "$share|$rate|$(open_loop "/api/v1/configurations?category=cat1" "$rate")" >>"$sweep"
  done
fi

mkdir -p bench/results
out=${OUT:-bench/results/$(date -u +%Y-%m-%d)${ONLY:+-only-${ONLY// /-}}${THREADING:+-$THREADING}${QUIET_KERNEL:+-quiet-kernel}${JFR:+-jfr}.md}
{
  echo "# PartnerHub benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(java -version 2>&1 | head -1);"
  echo "PostgreSQL $(psql -tA -d postgres -c 'SHOW server_version'); Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2)."
  echo "Load generator, service, PostgreSQL and Redis share the machine. wrk: 2 threads, $CONNECTIONS connections,"
  echo "${DURATION} s a scenario. Data: $counts (two tenants). Service verticles: ${THREADING:-event-loop} threading."
  echo
  echo "Stall floor of the idle machine (bench/stallprobe.c, ${DURATION} s of 1 ms sleeps): $stalls wake-ups late by"
  echo "more than 2 ms, the worst $stall_worst ms$( [ "$stall_period" != 0 ] && echo ", one about every $stall_period ms"). Kernel DAMON sampler: $damon."
  echo
  echo "Open loop: bench/openloop.c at a constant 70% of the scenario's wrk peak (writes and logins too), latency from each request's"
  echo "scheduled time (coordinated-omission corrected); ${WARMUP} s unmeasured warm-up before every measurement."
  echo
  echo "| scenario | wrk peak req/s | wrk p50 | wrk p99 | non-2xx | open loop at 70% of peak: p50 / p99 / p99.9 ms, errors / sent | limit |"
  echo "|---|---|---|---|---|---|---|"
  while IFS='|' read -r name rps p50 p99 bad open limit; do
    read -r op50 op99 op999 oerr osent <<<"$open"
    echo "| $name | $rps | $p50 | $p99 | $bad | $op50 / $op99 / $op999, $oerr / $osent | $limit |"
  done <"$results"
  echo
  if [ -s "$sweep" ]; then
    echo
    echo "Scenario 1 at other constant rates (open loop, share of its wrk peak):"
    echo
    echo "| share of wrk peak | rate req/s | p50 ms | p99 ms | p99.9 ms | errors / sent |"
    echo "|---|---|---|---|---|---|"
    while IFS='|' read -r share rate measured; do
      read -r sp50 sp99 sp999 serr ssent <<<"$measured"
      echo "| $share% | $rate | $sp50 | $sp99 | $sp999 | $serr / $ssent |"
    done <"$sweep"
  fi
  echo
  if [ -s "$work/lag-shares" ]; then
    echo "Events, commit to publish on the bus (the relay's timer), during each write scenario's constant-rate phase:"
    sed 's/^/- /' "$work/lag-shares"
  fi
  echo
  if grep -q '^2 ' "$results"; then echo "Scenario 2 against its limit: $(python3 -c "r=[l.split('|') for l in open('$results')]; s=[x for x in r if x[0].startswith('2 ')][0]; print(f\"{float(s[1]) / float('$pg_tps') * 100:.0f}% of pgbench\")")."; fi
} >"$out"
if [ -n "$JFR" ]; then
  kill $pid; wait $pid 2>/dev/null || true
  python3 bench/jfr-top.py "$work/service.jfr" >"${out%.md}-profile.txt"
  [ -n "${BENCH_JFR_KEEP:-}" ] && cp "$work/service.jfr" "$BENCH_JFR_KEEP"
  echo "profile: ${out%.md}-profile.txt"
fi
cat "$out"
