#!/bin/sh
# Builds the libFuzzer targets in build-fuzz (clang, ASan+UBSan) and runs each
# for SECONDS seconds (default 60), seeded from every BPMN file of tests/data/bpmn
# (and of the optional full corpus ../shared/data/bpmn, or $KARTLA_SHARED, when it
# is present) and the hand-written seeds in fuzz/seeds/. Corpora and crash artifacts go to
# tests/out/fuzz/ (not committed). Exits non-zero if any target crashes, leaks
# or times out; the artifact path is printed.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_PER_TARGET=${1:-60}
BUILD=build-fuzz
DATA=$ROOT/tests/data/bpmn
SHARED=${KARTLA_SHARED:-$ROOT/../shared/data/bpmn}
OUT=$ROOT/tests/out/fuzz
mkdir -p "$OUT"

# Everything is compiled with coverage instrumentation (fuzzer-no-link); only
# the fuzz targets link the libFuzzer runtime.
OPTS="--buildtype=debugoptimized -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
	-Dtests=false -Dwerror=true -Dc_args=-fsanitize=fuzzer-no-link"
if [ -f "$BUILD/build.ninja" ]; then
	set -- --reconfigure
else
	set --
fi
# shellcheck disable=SC2086
CC=clang CXX=clang++ meson setup "$@" $OPTS "$BUILD" >"$ROOT/tests/out/fuzz-setup.log" 2>&1 || {
	cat "$ROOT/tests/out/fuzz-setup.log"
	exit 1
}
ninja -C "$BUILD" >"$ROOT/tests/out/fuzz-build.log" 2>&1 || {
	cat "$ROOT/tests/out/fuzz-build.log"
	exit 1
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

TARGETS="bpmn_read duration duration_text router json_body risk_scale leadtime eventlog_replay eventlog_xes eventlog_csv drawio layout vsdx notify_render oidc search"

# One target: seeds, a run of its share of the time, and its summary on stdout; 1 on a failure.
fuzz_one() {
	t=$1
	corpus=$OUT/corpus-$t
	artifacts=$OUT/artifacts-$t
	mkdir -p "$corpus" "$artifacts"
	cp fuzz/seeds/$t/* "$corpus/"
	secs=$SECONDS_PER_TARGET
	if [ "$t" = bpmn_read ]; then
		for src in "$DATA" "$SHARED"; do
			if [ ! -d "$src" ]; then
				echo "fuzz_$t: optional seeds $src absent (a plain clone has no ../shared): skipped"
				continue
			fi
			find "$src" -name '*.bpmn' | while read -r f; do
				cp "$f" "$corpus/miwg-$(echo "${f#"$src"/}" | tr '/' '_')"
			done
		done
		max_len=65536
	elif [ "$t" = leadtime ] || [ "$t" = eventlog_replay ] || [ "$t" = layout ]; then
		# Maps again, analysed and simulated (or replayed, or laid out): small ones, a third of the time.
		max_len=16384
		secs=$((SECONDS_PER_TARGET / 3))
		[ "$secs" -ge 5 ] || secs=5
	elif [ "$t" = drawio ]; then
		# draw.io files (seeded from tests/data/drawio): a third of the time.
		cp "$ROOT"/tests/data/drawio/*.drawio "$corpus/"
		max_len=16384
		secs=$((SECONDS_PER_TARGET / 3))
		[ "$secs" -ge 5 ] || secs=5
	elif [ "$t" = eventlog_xes ] || [ "$t" = eventlog_csv ]; then
		# Event logs: small ones, a third of the time each.
		max_len=16384
		secs=$((SECONDS_PER_TARGET / 3))
		[ "$secs" -ge 5 ] || secs=5
	elif [ "$t" = vsdx ]; then
		# Visio packages: the hand-made drawings as raw packages too, a third of the time.
		cp tests/data/visio/*.vsdx "$corpus/" 2>/dev/null || true
		rm -f "$corpus"/bad-*bomb*.vsdx
		max_len=65536
		secs=$((SECONDS_PER_TARGET / 3))
		[ "$secs" -ge 5 ] || secs=5
	elif [ "$t" = router ] || [ "$t" = json_body ] || [ "$t" = risk_scale ] || [ "$t" = search ]; then
		# The server's decoders have small input spaces: a sixth of the time each
		# keeps the whole run near two minutes at the default 60 s.
		max_len=4096
		secs=$((SECONDS_PER_TARGET / 6))
		[ "$secs" -ge 5 ] || secs=5
	elif [ "$t" = oidc ] || [ "$t" = notify_render ]; then
		# a discovery document, a key set and a token; a mail's fields: a few kilobytes
		max_len=8192
	else
		max_len=64
	fi
	echo "== fuzz_$t for $secs s (corpus $corpus)"
	if "$BUILD/fuzz/fuzz_$t" "$corpus" -dict="fuzz/$t.dict" \
		-max_total_time="$secs" -max_len="$max_len" -rss_limit_mb=2048 \
		-timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
		>"$OUT/fuzz_$t.log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz_$t.log")
		echo "fuzz_$t: ok, ${execs:-?} executions, corpus $(ls "$corpus" | wc -l) inputs"
	else
		tail -n 60 "$OUT/fuzz_$t.log"
		echo "fuzz_$t: FAILED; artifacts in $artifacts:"
		ls "$artifacts"
		return 1
	fi
}

# The targets run in FUZZ_JOBS lanes side by side (default 2, the cores CI has): each
# target still gets its own share of time on one core, and the step takes half as long.
# Summaries are printed in the targets' order once all have run.
JOBS=${FUZZ_JOBS:-2}
lane() { # lane number: runs every JOBS-th target; 1 when one of them failed
	i=0
	st=0
	for t in $TARGETS; do
		if [ $((i % JOBS)) -eq "$1" ]; then
			fuzz_one "$t" >"$OUT/fuzz_$t.summary" 2>&1 || st=1
		fi
		i=$((i + 1))
	done
	return $st
}
pids=""
k=0
while [ "$k" -lt "$JOBS" ]; do
	lane "$k" &
	pids="$pids $!"
	k=$((k + 1))
done
status=0
for p in $pids; do
	wait "$p" || status=1
done
for t in $TARGETS; do
	cat "$OUT/fuzz_$t.summary"
done
exit $status
