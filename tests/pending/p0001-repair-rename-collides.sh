#!/bin/sh
# PENDING (lib/bpmn_read.c register_id): --repair renames a duplicate id to
# "<id>_dup2" after checking only the ids seen *so far*. When a later element
# already carries that id, that innocent element is renamed too, and every
# reference to it (here flow f's sourceRef) silently moves to the renamed duplicate.
. "$(dirname "$0")/../cli/lib.sh"

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
# The element that was never duplicated keeps its id ...
expect_file_has out.bpmn '<task id="a_dup2" name="the real a_dup2"/>'
# ... so f still starts at it, and only the second "a" was renamed (one warning).
[ "$(grep -c 'duplicate id' stderr)" -eq 1 ] || fail "more than one element renamed"
run convert --to json --repair dup.bpmn -
python3 -c '
import json, sys
els = {e["id"]: e for e in json.load(open("stdout"))["elements"] if e["id"]}
assert els["f"]["source"] == "a_dup2", els["f"]["source"]
assert els["a_dup2"].get("name") == "the real a_dup2", els["a_dup2"]
' || fail "flow f no longer starts at the task that was written as a_dup2"
