#!/bin/sh
# `kartla leadtime` on the worked example of domain.md §5 prints both figures:
# about 10.7 days of lead time and an activity ratio of about 1.9 %.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
W=$SRC/examples/worked-example.bpmn

run leadtime "$W"
expect_status 0
[ ! -s stderr ] || fail "warnings on the worked example"
expect_file_has stdout "Expected lead time:   10.7 working days"
expect_file_has stdout "Activity ratio / flow efficiency: 1.9 %"
expect_file_has stdout "Rolled %C&A:          67.0 %"
expect_file_has stdout "Hand-offs:            3.0"
expect_file_has stdout "Critical path:        Register application -> Assess application -> Approve decision -> Send decision"
expect_file_has stdout "Simulation: 10000 runs, seed 1, PERT"
cp stdout first

# The same seed gives the same output, byte for byte; another seed another simulation.
run leadtime "$W"
cmp -s stdout first || fail "two runs with the default seed differ"
run leadtime --seed 2 "$W"
expect_status 0
cmp -s stdout first && fail "--seed 2 gives the same output as seed 1"

# Calendar basis: work counts in 24-hour days, so the ratio drops.
run leadtime --basis calendar --runs 0 "$W"
expect_status 0
expect_file_has stdout "Time basis: calendar time"
expect_file_has stdout "Expected lead time:   10.6 calendar days"
expect_file_has stdout "Activity ratio / flow efficiency: 0.6 %"
grep -q "Simulation:" stdout && fail "--runs 0 still simulates"

# JSON carries the same figures.
run leadtime --format json --runs 500 --seed 9 "$W"
expect_status 0
python3 - <<'PY' || fail "JSON figures are off"
import json
j = json.load(open("stdout"))
assert round(j["leadTime"]["days"], 1) == 10.7, j["leadTime"]
assert round(100 * j["activityRatio"], 1) == 1.9, j["activityRatio"]
assert j["timeBasis"] == {"basis": "working", "hoursPerDay": 7.5, "daysPerWeek": 5.0}
assert j["simulation"]["runs"] == 500 and j["simulation"]["seed"] == 9
assert len(j["activities"]) == 4 and j["criticalPath"][0] == "Task_RegisterApplication"
assert j["warnings"] == []
PY

# A histogram is written atomically; --hours-per-day changes the working day.
run leadtime --histogram hist.svg --hours-per-day 8 "$W"
expect_status 0
expect_file_has hist.svg "<svg"
expect_file_has hist.svg "Simulated lead time: 10000 runs"
expect_file_has stdout "8 hours a day"
