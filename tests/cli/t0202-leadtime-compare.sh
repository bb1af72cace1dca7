#!/bin/sh
# As-is vs to-be: --compare prints both analyses and the changes, per figure and activity.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
W=$SRC/examples/worked-example.bpmn

# The to-be map: two days less waiting before the assessment.
sed 's|<kartla:waitTime value="P5D"/>|<kartla:waitTime value="P3D"/>|' "$W" >tobe.bpmn
run leadtime --runs 0 --compare tobe.bpmn "$W"
expect_status 0
expect_file_has stdout "--- to-be: tobe.bpmn"
grep -qE '^  lead time +10\.70 d +8\.70 d +-2\.00 d' stdout || fail "lead time delta missing"
grep -qE '^  Assess application +-2\.00$' stdout || fail "per-activity delta missing"
grep -qE '^  Register application +\+0\.00$' stdout || fail "unchanged activity missing"

run leadtime --runs 1000 --format json --compare tobe.bpmn "$W"
expect_status 0
python3 - <<'PY' || fail "comparison JSON is off"
import json
j = json.load(open("stdout"))
f = j["figures"]
assert abs(f["leadTime"]["delta"] + 2) < 1e-9, f["leadTime"]
assert "simulatedP80" in f
acts = {a["id"]: a for a in j["activities"]}
assert abs(acts["Task_AssessApplication"]["leadDelta"] + 2) < 1e-9
assert all(a["status"] == "matched" for a in j["activities"])
assert j["asIs"]["process"]["id"] == "Process_CreditTransfer"
PY

# A broken to-be map is refused like any other.
printf 'not xml' >broken.bpmn
run leadtime --compare broken.bpmn "$W"
expect_status 2
expect_stdout_empty

# Activities match by id first, then by name: a renamed id with the same name still matches,
# an activity only in the to-be map is added.
sed -e 's/Task_AssessApplication/Task_Assess2/g' -e 's/name="Send decision"/name="Notify student"/' "$W" >renamed.bpmn
run leadtime --runs 0 --format json --compare renamed.bpmn "$W"
expect_status 0
python3 - <<'PY' || fail "matching by name is off"
import json
acts = {(a["id"], a["status"]): a for a in json.load(open("stdout"))["activities"]}
assert acts[("Task_AssessApplication", "matched")]["toBeId"] == "Task_Assess2", acts
assert ("Task_SendDecision", "matched") in acts  # same id, new name
assert ("Task_RegisterApplication", "matched") in acts
assert not any(s in ("added", "removed") for _, s in acts), acts
PY
sed -e 's/Task_SendDecision/Task_Notify/g' -e 's/name="Send decision"/name="Notify student"/' "$W" >other.bpmn
run leadtime --runs 0 --format json --compare other.bpmn "$W"
expect_status 0
python3 - <<'PY' || fail "added/removed activities are off"
import json
acts = {(a["id"], a["status"]) for a in json.load(open("stdout"))["activities"]}
assert ("Task_SendDecision", "removed") in acts and ("Task_Notify", "added") in acts, acts
PY
