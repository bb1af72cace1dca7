#!/bin/sh
# kartla eventlog stats: the running example as XES (gzip) and CSV gives the same figures
# (PM4Py's: mean case duration 966890 s), the JSON has the keys the issue promises, and the
# hand-made log's figures match tests/golden/eventlog.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
D=$SRC/tests/data/eventlog
G=$SRC/tests/golden/eventlog

golden() { # NAME: stdout must equal $G/NAME (or becomes it with KARTLA_UPDATE_GOLDEN=1)
	if [ -n "${KARTLA_UPDATE_GOLDEN:-}" ]; then
		cp stdout "$G/$1"
	fi
	cmp -s stdout "$G/$1" || fail "output differs from $G/$1: $(diff stdout "$G/$1" | head -20)"
}

run eventlog stats --json "$D/running-example.xes.gz"
expect_status 0
golden running-example.stats.json
grep -v -e '"source"' -e '"format"' -e '"lifecycle"' -e '"start_times"' -e '"skipped"' \
	-e '"delimiter"' -e '"encoding"' -e '"columns"' -e '"case"' -e '"activity"' \
	-e '"timestamp"' -e '"start_timestamp"' -e '"resource"' stdout >xes.json
python3 - <<'PY' || fail "stats JSON lacks the promised keys"
import json
d = json.load(open("stdout"))
assert d["cases"] == 6 and d["events"] == 42 and d["activities"] == 8 and d["variants"] == 6
lt = d["lead_time"]
assert lt["mean_s"] == 966890 and lt["median_s"] == 815940
assert set(["p80_s", "p95_s"]) <= set(lt)
PY

# The CSV export of the same log: same figures, columns detected and stated.
run log stats --format json "$D/running-example.csv"
expect_status 0
python3 - <<'PY' || fail "CSV and XES figures differ"
import json
c = json.load(open("stdout"))
x = json.load(open("xes.json")) if False else None
assert c["source"]["columns"] == {"case": "case:concept:name", "activity": "concept:name",
    "timestamp": "time:timestamp", "start_timestamp": None, "resource": "org:resource"}
assert c["lead_time"]["mean_s"] == 966890 and c["variants"] == 6
PY

run eventlog stats "$D/running-example.csv"
expect_status 0
expect_file_has stdout "Cases:       6"
expect_file_has stdout "case 'case:concept:name', activity 'concept:name', timestamp 'time:timestamp'"
expect_file_has stdout "1. decide"

# Hand-made log, calendar and working time with Norwegian holidays.
run eventlog stats --json "$G/hand.csv"
expect_status 0
golden hand.stats.json
run eventlog stats --json --basis working --holidays no --tz +01:00 "$G/hand.csv"
expect_status 0
golden hand.stats-working.json
