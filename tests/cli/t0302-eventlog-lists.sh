#!/bin/sh
# kartla eventlog variants | dfg | activities: JSON and CSV of the running example match
# tests/golden/eventlog; the text lists are ordered by frequency.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
D=$SRC/tests/data/eventlog
G=$SRC/tests/golden/eventlog

golden() {
	if [ -n "${KARTLA_UPDATE_GOLDEN:-}" ]; then
		cp stdout "$G/$1"
	fi
	cmp -s stdout "$G/$1" || fail "output differs from $G/$1: $(diff stdout "$G/$1" | head -20)"
}

for cmd in variants dfg activities; do
	run eventlog $cmd --json "$D/running-example.xes.gz"
	expect_status 0
	golden running-example.$cmd.json
	run eventlog $cmd --format csv "$G/hand.csv"
	expect_status 0
	golden hand.$cmd.csv
done
run eventlog dfg "$G/hand.csv"
expect_status 0
expect_file_has stdout "4 directly-follows relations (calendar time)"
expect_file_has stdout "     2  A -> B  (mean 1.5 h (0.1 days))"
run eventlog variants --top 1 "$D/roadtraffic-1t-per-variant.xes.gz"
expect_status 0
expect_file_has stdout "231 variants of 231 cases"
[ "$(wc -l <stdout)" -eq 2 ] || fail "--top 1 lists more than one variant"
