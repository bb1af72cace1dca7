#!/usr/bin/env bash
# bench/server/run.sh — the HTTP server under load (issue 3 §8): wrk at 64 connections
# against `kartla serve` on SQLite with a generated workspace of 2,000 processes and
# 100,000 map elements, and nginx serving the same JSON as a static file as the ceiling.
#
# Measured (each for DURATION after a short warm-up):
#   get     GET of a process with its current map: /api/processes/{id}/maps/current when
#           the server has it (the approved version: BPMN, findings, model), else
#           /api/processes/{id}, else /api/users/1 (printed); also, for information,
#           GET /api/processes/{id} (the process with its current versions' metadata);
#   nginx   the body of that GET as a static file from nginx (the ceiling);
#   search  GET /api/search?q=behandle søk (two words, prefix matching, ranked);
#   write   POST /api/processes/{id}/maps/{vid}/approve over distinct submitted versions
#           (each a committed transaction that publishes a version), when the server
#           has that endpoint; else PATCH /api/settings (a committed write with its audit
#           entry) — the script says which.
# Printed: requests/s, p99 latency, non-2xx answers, the GET's ratio to nginx, and the
# goals: GET >= 50 % of nginx and p99 <= 10 ms; search p99 <= 20 ms; >= 1,000 writes/s.
#
# It builds nothing. Use a release build:
#     meson setup build-release --buildtype=release && ninja -C build-release
#     bench/server/run.sh
# Environment:
#   KARTLA      kartla binary (default build-release/cli/kartla, else build/cli/kartla)
#   DURATION    wrk duration per measurement (default 10s)
#   CONNS       connections (default 64);  WRK_THREADS wrk threads (default 4)
#   THREADS     kartla serve worker threads (default: the number of CPUs)
#   PROCESSES, ELEMENTS  workspace size (default 2000, 100000)
# Needs wrk and nginx: as root it installs the Debian packages wrk and nginx-light if missing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-4}
THREADS=${THREADS:-$(nproc)}
PROCESSES=${PROCESSES:-2000}
ELEMENTS=${ELEMENTS:-100000}
SUBMITTED=${SUBMITTED:-16}
KARTLA=${KARTLA:-}
if [ -z "$KARTLA" ]; then
	if [ -x "$ROOT/build-release/cli/kartla" ]; then KARTLA=$ROOT/build-release/cli/kartla
	else KARTLA=$ROOT/build/cli/kartla; fi
fi
[ -x "$KARTLA" ] || { echo "bench/server: no kartla binary at $KARTLA (build it first)" >&2; exit 1; }

need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
	[ "$(id -u)" -eq 0 ] || { echo "bench/server: please install: ${need[*]}" >&2; exit 1; }
	echo "installing ${need[*]} ..."
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null ||
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d /tmp/kartla-bench.XXXXXX)
KPID=""
NPID=""
cleanup() {
	[ -n "$KPID" ] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null
	[ -n "$NPID" ] && kill "$NPID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
KPORT=$(free_port)
NPORT=$(free_port)
PASS=bench-$(date +%s)

echo "kartla: $KARTLA ($("$KARTLA" --version 2>/dev/null | head -1 || true))"
echo "seeding $PROCESSES processes, $ELEMENTS map elements ..."
t0=$EPOCHREALTIME
KARTLA_ADMIN_PASSWORD=$PASS "$KARTLA" serve --listen 127.0.0.1:$KPORT --data "$WORK/data" --no-demo \
	--threads "$THREADS" --bench-seed "$PROCESSES,$ELEMENTS,$SUBMITTED" \
	--max-connections 1000 --max-per-ip 1000 >"$WORK/serve.log" 2>&1 &
KPID=$!
for _ in $(seq 600); do
	grep -q "listening on" "$WORK/serve.log" 2>/dev/null && break
	kill -0 $KPID 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
	sleep 0.2
done
grep -q "listening on" "$WORK/serve.log" || { echo "kartla serve did not start" >&2; exit 1; }
awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "seeded and listening in %.1f s\n", b - a }' 
B=http://127.0.0.1:$KPORT

# An API token for the admin (no cookie, no CSRF token on writes).
curl -sf -c "$WORK/cj" -H 'Content-Type: application/json' \
	-d "{\"login\":\"admin\",\"password\":\"$PASS\"}" $B/api/login >"$WORK/login.json"
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$WORK/login.json")
TOKEN=$(curl -sf -b "$WORK/cj" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
	-d '{"name":"bench"}' $B/api/tokens | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
AUTH="Authorization: Bearer $TOKEN"

# A process in the middle of the workspace and the path of the GET.
PID=$(python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("SELECT process_id FROM map_versions WHERE state = \"approved\" ORDER BY process_id LIMIT 1 OFFSET ?", (int(sys.argv[2]) // 2,)).fetchone()[0])' \
	"$WORK/data/kartla.db" "$PROCESSES")
code() { curl -s -o "$2" -w '%{http_code}' -H "$AUTH" "$B$1"; }
GET_PATH=/api/processes/$PID/maps/current
if [ "$(code "$GET_PATH" "$WORK/get.json")" != 200 ]; then
	GET_PATH=/api/processes/$PID
	if [ "$(code "$GET_PATH" "$WORK/get.json")" != 200 ]; then
		GET_PATH=/api/users/1
		code "$GET_PATH" "$WORK/get.json" >/dev/null
		echo "NOTE: this server has no process endpoint yet; the GET measured is $GET_PATH"
	fi
fi
echo "GET $GET_PATH: $(wc -c <"$WORK/get.json") bytes"

# nginx: the same body as a static file, the ceiling.
mkdir -p "$WORK/www" "$WORK/nginx"
chmod 755 "$WORK" "$WORK/www"  # nginx workers run as nobody
cp "$WORK/get.json" "$WORK/www/process.json"
chmod 644 "$WORK/www/process.json"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes $THREADS;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
daemon off;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx;
	fastcgi_temp_path $WORK/nginx; uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
	types { application/json json; }
	keepalive_requests 1000000;
	server { listen 127.0.0.1:$NPORT; root $WORK/www; }
}
CONF
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
NPID=$!
sleep 0.5

# The write: approve a distinct submitted version per request, or PATCH /api/settings.
python3 - "$WORK/data/kartla.db" "$WORK/approve.lua" "$TOKEN" "$WRK_THREADS" "$WORK/probe" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = c.execute("SELECT process_id, id FROM map_versions WHERE state = 'submitted' ORDER BY number, process_id").fetchall()
open(sys.argv[5], "w").write("/api/processes/%d/maps/%d/approve" % rows[-1])
rows = rows[:-1]
with open(sys.argv[2], "w") as f:
    f.write("local paths = {\n")
    for p, v in rows:
        f.write('"/api/processes/%d/maps/%d/approve",\n' % (p, v))
    f.write("}\n")
    f.write('''
local n = #paths
local counter = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) i = tid end
wrk.method = "POST"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %s"
function request()
  local p = paths[(i %% n) + 1]
  i = i + %d
  return wrk.format(nil, p)
end
''' % (sys.argv[3], int(sys.argv[4])))
PY
WRITE_KIND=approve
first=$(cat "$WORK/probe")
wcode=$(curl -s -o "$WORK/w.json" -w '%{http_code}' -X POST -H "$AUTH" -H 'Content-Type: application/json' -d '{}' "$B$first")
if [ "$wcode" != 200 ]; then
	echo "NOTE: approve answered $wcode ($(head -c 200 "$WORK/w.json")); the write measured is PATCH /api/settings"
	WRITE_KIND=settings
	cat >"$WORK/write.lua" <<LUA
wrk.method = "PATCH"
wrk.body = '{"anonymous_read": false}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
LUA
else
	# The wrk threads stride the list: each request approves a version no other took.
	cp "$WORK/approve.lua" "$WORK/write.lua"
fi

# run NAME URL [lua]: prints one line; sets RPS_<NAME> and P99_<NAME> (ms).
run() {
	local name=$1 url=$2 lua=${3:-} out
	local args=(-t "$WRK_THREADS" -c "$CONNS" -d "$DURATION" --latency -H "$AUTH")
	[ -n "$lua" ] && args+=(-s "$lua")
	wrk -t "$WRK_THREADS" -c "$CONNS" -d 2s -H "$AUTH" ${lua:+-s "$lua"} "$url" >/dev/null 2>&1 || true
	out=$(wrk "${args[@]}" "$url")
	local rps p99 non2xx
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
	non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
	# wrk printed no latency (it failed, or no request finished): no figure, never "met".
	[ -n "$p99" ] || p99=nan
	[ -n "$rps" ] || rps=nan
	printf '%-8s %12.0f req/s   p99 %8.2f ms   non-2xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
	printf -v "RPS_$name" '%s' "$rps"
	printf -v "P99_$name" '%s' "$p99"
}

echo
echo "wrk: $CONNS connections, $WRK_THREADS threads, $DURATION each; kartla serve --threads $THREADS; SQLite"
run nginx "http://127.0.0.1:$NPORT/process.json"
run get "$B$GET_PATH"
if [ "$GET_PATH" != "/api/processes/$PID" ] && [ "$(code "/api/processes/$PID" "$WORK/proc.json")" = 200 ]; then
	echo "(process: GET /api/processes/$PID, the process with its current versions' metadata, $(wc -c <"$WORK/proc.json") bytes)"
	cp "$WORK/proc.json" "$WORK/www/proc.json"
	chmod 644 "$WORK/www/proc.json"
	run nginx_p "http://127.0.0.1:$NPORT/proc.json"
	run process "$B/api/processes/$PID"
	awk -v a="$RPS_process" -v b="$RPS_nginx_p" 'BEGIN { printf "(process: %.1f %% of nginx serving the same %s)\n", 100 * a / b, "body" }'
fi
run search "$B/api/search?q=behandle%20s%C3%B8k"
if [ "$WRITE_KIND" = approve ]; then
	# No warm-up pass for approvals: it would use up the submitted versions.
	out=$(wrk -t "$WRK_THREADS" -c "$CONNS" -d "$DURATION" --latency -s "$WORK/write.lua" "$B/")
	RPS_write=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	P99_write=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
	printf '%-8s %12.0f req/s   p99 %8.2f ms   non-2xx %s   (approve)\n' write "$RPS_write" "$P99_write" "$(awk '/Non-2xx/ {n=$5} END {print n+0}' <<<"$out")"
else
	run write "$B/api/settings" "$WORK/write.lua"
fi

echo
python3 - "$RPS_get" "$RPS_nginx" "$P99_get" "$P99_search" "$RPS_write" "$GET_PATH" "$WRITE_KIND" "$P99_nginx" <<'PY'
import sys
get, nginx, p99g, p99s, wr = map(float, sys.argv[1:6])
path, wk = sys.argv[6], sys.argv[7]
p99n = float(sys.argv[8] or "nan")
ratio = get / nginx
ok = lambda b: "met" if b else "NOT met"
print("GET %s: %.1f %% of nginx's static throughput (goal >= 50 %%: %s)" % (path, ratio * 100, ok(ratio >= 0.5)))
print("GET p99 %.2f ms (goal <= 10 ms: %s)" % (p99g, ok(p99g <= 10)))
print("search p99 %.2f ms (goal <= 20 ms: %s)" % (p99s, ok(p99s <= 20)))
print("search p99 %.1f x nginx's p99 %.2f ms (goal <= 3x: %s)" % (p99s / p99n if p99n > 0 else float("nan"), p99n, ok(p99n > 0 and p99s <= 3 * p99n)))
print("writes (%s) %.0f committed/s (goal >= 1,000/s: %s)" % (wk, wr, ok(wr >= 1000)))
PY
