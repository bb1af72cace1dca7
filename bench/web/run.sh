#!/bin/sh
# Browser benchmark of the UI (bench/web/bench.mjs): builds web/dist, starts
# `kartla serve` with the demo workspace on a free port in a temporary data
# directory, generates a ~500-element map (bench/bpmn/gen.mjs) and times, in
# Debian's Chromium, the first render with data of portal pages (goal < 300
# ms) and opening the 500-element map in the editor (goal < 2 s). Prints the
# medians.   usage: bench/web/run.sh [RUNS]
set -eu
cd "$(dirname "$0")/../.."
KARTLA=${KARTLA:-build-release/cli/kartla}
[ -x "$KARTLA" ] || KARTLA=build/cli/kartla # the debugoptimized build when there is no release one
RUNS=${1:-11}
[ -x "$KARTLA" ] || { echo "bench/web: build first (ninja -C build)" >&2; exit 2; }
(cd web && node build.mjs >/dev/null)
TMP=$(mktemp -d)
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$TMP"' EXIT
node bench/bpmn/gen.mjs --activities 240 --out "$TMP/map500.bpmn"
PASS=bench-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
: >"$TMP/serve.log"
KARTLA_ADMIN_PASSWORD=$PASS "$KARTLA" serve --listen 127.0.0.1:0 --data "$TMP/data" \
	--web "$PWD/web/dist" >"$TMP/serve.log" 2>&1 &
PID=$!
i=0
until grep -q 'listening on' "$TMP/serve.log"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat "$TMP/serve.log"; exit 1; }
	sleep 0.1
done
BASE=$(sed -n 's/.*listening on \(http:\/\/[^/]*\)\/.*/\1/p' "$TMP/serve.log")
echo "bench/web: $KARTLA at $BASE, $(chromium --version 2>/dev/null || echo chromium), load average $(cut -d' ' -f1-3 /proc/loadavg)"
node bench/web/bench.mjs "$BASE" "$PASS" "$TMP/map500.bpmn" "$RUNS"
