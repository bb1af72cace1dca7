#!/bin/sh
# Runs the pending reproducers (bugs in lib/ not fixed yet; see README.md).
# Each one FAILS while its bug is present; when one passes, move it into
# tests/cli/ or tests/unit/ and register it. Usage: sh tests/pending/run.sh [BUILD]
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
export KARTLA=$PWD/$BUILD/cli/kartla BPMN_DATA=$PWD/tests/data/bpmn
fixed=0
for t in tests/pending/p*.sh; do
	[ -f "$t" ] || continue
	if sh "$t" >/dev/null 2>&1; then
		echo "FIXED   $t"
		fixed=$((fixed + 1))
	else
		echo "pending $t"
	fi
done
out=$BUILD/test_pending
if [ -f tests/pending/test_pending.c ] && cc -std=c17 -Iinclude -o "$out" tests/pending/test_pending.c "$BUILD/lib/libkartla.a" \
	$(pkg-config --cflags --libs cmocka expat jansson) -lm; then
	"$out" 2>&1 | grep -E '^\[  (FAILED|PASSED|  OK) ' || true
fi
echo "$fixed fixed"
