#!/usr/bin/env bash
# Production-mode smoke test of target/partnerhub.jar against real local servers: migrate, provision a
# tenant (HTTP and CLI), log in, write and read a configuration, log out.
set -euo pipefail
cd "$(dirname "$0")/.."

PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
export PGHOST PGPORT PGUSER
if ! pg_isready -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

db=partnerhub_ci
psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
psql -q -d postgres -c "DROP ROLE IF EXISTS partnerhub_ci_app"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export PARTNERHUB_HTTP_PORT=$port PARTNERHUB_HTTP_HOST=127.0.0.1
export PARTNERHUB_DB_URL="postgresql://partnerhub_ci_app:ci-app-password@127.0.0.1:5432/$db"
export PARTNERHUB_DB_ADMIN_URL="postgresql://postgres@127.0.0.1:5432/$db"
export PARTNERHUB_REDIS_URL="redis://127.0.0.1:6379"
export PARTNERHUB_JWT_SECRET="ci-$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export PARTNERHUB_PLATFORM_KEY="ci-platform-key"
# no SMTP server on the CI machine: this node queues mail but sends none (the tests send through a real
# embedded SMTP server)
export PARTNERHUB_MAIL_DISPATCH=false

log=$(mktemp)
java -jar target/partnerhub.jar migrate >"$log" 2>&1 || { cat "$log"; exit 1; }
PARTNERHUB_ADMIN_PASSWORD="cli admin password" java -jar target/partnerhub.jar create-organization \
  --name "CLI Org" --subdomain cli-org --admin-email admin@cli-org.test >>"$log" 2>&1 || { cat "$log"; exit 1; }

PARTNERHUB_USER_PASSWORD="cli viewer password" java -jar target/partnerhub.jar create-user \
  --subdomain cli-org --email viewer@cli-org.test --role viewer >>"$log" 2>&1 || { cat "$log"; exit 1; }
java -jar target/partnerhub.jar --help | grep -q "create-user" || { echo "FAIL --help"; exit 1; }

java -jar target/partnerhub.jar serve >>"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  grep -q "PartnerHub listening on" "$log" && break
  kill -0 $pid 2>/dev/null || { cat "$log"; echo "service died"; exit 1; }
  sleep 0.5
done
grep -q "PartnerHub listening on" "$log" || { cat "$log"; echo "service not ready"; exit 1; }

api=http://127.0.0.1:$port/api/v1
json() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }
expect() { # expect STATUS METHOD PATH [curl args...]
  local want=$1; shift
  local method=$1 path=$2; shift 2
  local got
  got=$(curl -s -o /tmp/smoke-body -w '%{http_code}' -X "$method" "$api$path" "$@")
  if [ "$got" != "$want" ]; then echo "FAIL $method $path: $got (want $want): $(cat /tmp/smoke-body)"; cat "$log"; exit 1; fi
  cat /tmp/smoke-body
}

expect 201 POST /organizations -H "X-Platform-Key: $PARTNERHUB_PLATFORM_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"Smoke","subdomain":"smoke","adminEmail":"admin@smoke.test","adminPassword":"smoke test password"}' >/dev/null
token=$(expect 200 POST /auth/login -H 'Content-Type: application/json' \
  -d '{"email":"admin@smoke.test","password":"smoke test password","subdomain":"smoke"}' | json '["token"]')
expect 201 PUT /configurations -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"category":"general","key":"currency","value":"EUR","dataType":"string"}' >/dev/null
value=$(expect 200 GET /configurations/general/currency -H "Authorization: Bearer $token" | json '["value"]')
[ "$value" = "EUR" ] || { echo "FAIL read back $value"; exit 1; }
expect 204 POST /auth/logout -H "Authorization: Bearer $token" >/dev/null
expect 401 GET /auth/me -H "Authorization: Bearer $token" >/dev/null
cli_token=$(expect 200 POST /auth/login -H 'Content-Type: application/json' \
  -d '{"email":"admin@cli-org.test","password":"cli admin password","subdomain":"cli-org"}' | json '["token"]')
[ -n "$cli_token" ]
viewer_token=$(expect 200 POST /auth/login -H 'Content-Type: application/json' \
  -d '{"email":"viewer@cli-org.test","password":"cli viewer password","subdomain":"cli-org"}' | json '["token"]')
expect 403 PUT /configurations -H "Authorization: Bearer $viewer_token" -H 'Content-Type: application/json' \
  -d '{"category":"general","key":"x","value":"y","dataType":"string"}' >/dev/null
ready=$(curl -s "http://127.0.0.1:$port/health/ready")
grep -q '"UP"' <<<"$ready" || { echo "FAIL readiness: $ready"; exit 1; }
metrics=$(curl -s "http://127.0.0.1:$port/metrics")
grep -q vertx_http_server <<<"$metrics" || { echo "FAIL metrics"; exit 1; }
owned=$(psql -tA -d $db -c "SELECT count(*) FROM pg_class WHERE relowner = 'partnerhub_ci_app'::regrole")
[ "$owned" = "0" ] || { echo "FAIL app role owns $owned relations"; exit 1; }
echo "production smoke: 1 passed, 0 failed"
