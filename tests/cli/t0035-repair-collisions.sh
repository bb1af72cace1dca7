#!/bin/sh
# --repair without side effects: a fresh id never takes an id that exists later
# in the file, and repair attributes stay in the Kartla namespace even where an
# inner element rebinds the prefix "kartla".
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="%s" id="d">
  <process id="p">
    <task id="a"/>
    <task id="a"/>
    <task id="a_dup2" name="the real a_dup2"/>
    <endEvent id="e"/>
    <sequenceFlow id="f" sourceRef="a_dup2" targetRef="e"/>
  </process>
</definitions>
' "$NS_BPMN" >dup.bpmn
run convert --repair dup.bpmn out.bpmn
expect_status 0
expect_file_has out.bpmn '<task id="a_dup2" name="the real a_dup2"/>'
[ "$(grep -c 'duplicate id' stderr)" -eq 1 ] || fail "more than one element renamed"
grep -q 'kartla:originalId="a"' out.bpmn || fail "the renamed duplicate lost its original id"
run convert --to json --repair dup.bpmn -
python3 -c '
import json
els = {e["id"]: e for e in json.load(open("stdout"))["elements"] if e["id"]}
assert els["f"]["source"] == "a_dup2", els["f"]["source"]
assert els["a_dup2"].get("name") == "the real a_dup2", els["a_dup2"]
assert len([e for e in els.values() if e["type"] == "task"]) == 3
' || fail "flow f no longer starts at the task written as a_dup2"

printf '<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="%s" id="d">
  <process id="p" xmlns:kartla="urn:other">
    <task id="t1"/>
    <sequenceFlow id="f" sourceRef="t1" targetRef="nope"/>
  </process>
</definitions>
' "$NS_BPMN" >shadow.bpmn
run convert --repair --to json shadow.bpmn direct.json
expect_status 0
expect_file_has direct.json '"{urn:kartla:bpmn:1.0}unresolved": "targetRef=nope"'
run convert --repair shadow.bpmn repaired.bpmn
expect_status 0
run convert repaired.bpmn again.json
expect_status 0
cmp -s direct.json again.json || fail "the round trip changed the model: $(diff direct.json again.json | head -5)"
