#!/bin/sh
# Bad logs: file, line, column and what was expected on stderr, exit 2 and nothing on
# stdout; --skip-bad goes on and says how many it skipped; usage mistakes exit 64.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
D=$SRC/tests/data/eventlog
G=$SRC/tests/golden/eventlog

run eventlog stats "$G/bad-time.csv"
expect_status 2
expect_stderr "kartla: $G/bad-time.csv:3:5: timestamp 'soon' is invalid: expected ISO 8601 (2024-03-01T08:30:00+01:00), YYYY-MM-DD HH:MM[:SS], DD.MM.YYYY HH:MM or YYYY/MM/DD"
expect_stdout_empty

run eventlog stats --skip-bad --json "$G/bad-time.csv"
expect_status 0
expect_stderr "kartla: warning: skipped 2 bad rows or events; the first: $G/bad-time.csv:3:5: timestamp 'soon' is invalid: expected ISO 8601 (2024-03-01T08:30:00+01:00), YYYY-MM-DD HH:MM[:SS], DD.MM.YYYY HH:MM or YYYY/MM/DD"
expect_file_has stdout '"skipped": 2'
expect_file_has stdout '"events": 2,'

# A truncated gzip.
head -c 700 "$D/running-example.xes.gz" >cut.xes.gz
run eventlog stats cut.xes.gz
expect_status 2
expect_stderr "kartla: cut.xes.gz: truncated gzip: the compressed data ends before the end of the stream"
expect_stdout_empty

# DOCTYPE in XES.
printf '<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY x "y">]>\n<log/>\n' >dt.xes
run eventlog stats dt.xes
expect_status 2
expect_stderr "kartla: dt.xes:2:15: DOCTYPE declarations are not allowed (<!DOCTYPE log>)"

# A complete before its start.
cat >order.xes <<'XES'
<log>
<trace><string key="concept:name" value="c1"/>
<event><string key="concept:name" value="A"/><string key="lifecycle:transition" value="start"/><date key="time:timestamp" value="2024-03-01T09:00:00Z"/></event>
<event><string key="concept:name" value="A"/><string key="lifecycle:transition" value="complete"/><date key="time:timestamp" value="2024-03-01T08:00:00Z"/></event>
</trace>
</log>
XES
run eventlog stats order.xes
expect_status 2
expect_stderr "kartla: order.xes:4:1: complete event of 'A' is earlier than its start event on line 3: expected the start first"

# Missing file, columns that cannot be found, usage mistakes.
run eventlog stats nope.csv
expect_status 2
expect_stderr_has "nope.csv: cannot open"
printf 'x,y,z\n1,A,2024-03-01\n' >nocols.csv
run eventlog stats nocols.csv
expect_status 64
expect_stderr "kartla: nocols.csv:1:1: cannot tell which column is the case: name it with --csv-case COLUMN (a header name or a number from 1)"
run eventlog stats --csv-case 1 --csv-activity 2 --csv-time 3 nocols.csv
expect_status 0
for args in "stats" "stats a b" "frobnicate x" "stats --basis lunar x" "stats --tz 1 x" \
	"stats --holidays dk x" "stats --format csv x" "stats --top -1 x" "stats --hours-per-day 0 x" \
	"conformance x" "stats --bogus x"; do
	# shellcheck disable=SC2086
	run eventlog $args
	expect_status 64
	expect_stdout_empty
done
run eventlog --help
expect_status 0
expect_file_has stdout "usage: kartla eventlog"
