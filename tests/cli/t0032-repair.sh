#!/bin/sh
# What other tools get wrong is repaired by default (--repair, kept for scripts, changes nothing):
# warnings on stderr, the original values kept in kartla:unresolved / kartla:originalId;
# --strict refuses the file.
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="%s" id="defs">
  <process id="p">
    <task id="t1" name="first"/>
    <task id="t1" name="second"/>
    <task id="t2"><incoming>ghost_flow</incoming></task>
    <sequenceFlow id="f1" sourceRef="t1" targetRef="missing_task"/>
  </process>
</definitions>
' "$NS_BPMN" >broken.bpmn

# Strict mode refuses it (the first defect in document order).
refuse broken.bpmn "broken.bpmn:5:5: element 't1': duplicate id 't1' (first used by <task> at line 4)" --strict

run convert --repair broken.bpmn fixed.bpmn
expect_status 0
expect_stdout_empty
[ "$(wc -l <stderr)" -eq 3 ] || fail "expected three warnings"
grep -v '^kartla: warning: broken\.bpmn:[0-9]*:[0-9]*: ' stderr && fail "a warning without file:line:column"
expect_stderr_has "kartla: warning: broken.bpmn:5:5: element 't1_dup2': duplicate id 't1' (also on <task> at line 4) renamed to 't1_dup2'"
expect_stderr_has "kartla: warning: broken.bpmn:6:19: element 't2': dangling incoming 'ghost_flow' kept aside in kartla:unresolved"
expect_stderr_has "kartla: warning: broken.bpmn:7:5: element 'f1': dangling targetRef 'missing_task' kept aside in kartla:unresolved"

expect_file_has fixed.bpmn 'xmlns:kartla="urn:kartla:bpmn:1.0"'
expect_file_has fixed.bpmn '<task id="t1" name="first"/>'
expect_file_has fixed.bpmn '<task id="t1_dup2" name="second" kartla:originalId="t1"/>'
expect_file_has fixed.bpmn '<task id="t2" kartla:unresolved="incoming=ghost_flow"/>'
expect_file_has fixed.bpmn '<sequenceFlow id="f1" sourceRef="t1" kartla:unresolved="targetRef=missing_task"/>'
! grep -q 'targetRef="missing_task"' fixed.bpmn || fail "the dangling reference is still live"

# The repaired file reads strictly, and converts to itself.
run convert fixed.bpmn again.bpmn
expect_status 0
[ ! -s stderr ] || fail "warnings on the repaired file"
cmp -s fixed.bpmn again.bpmn || fail "repaired output is not stable"

# JSON output in repair mode carries the kept values as namespaced attributes.
run convert --repair broken.bpmn fixed.json
expect_status 0
expect_file_has fixed.json '"{urn:kartla:bpmn:1.0}originalId": "t1"'
expect_file_has fixed.json '"{urn:kartla:bpmn:1.0}unresolved": "targetRef=missing_task"'

# A file that reads strictly is unchanged by --repair.
run convert "$BPMN_DATA/miwg-reference/A.1.0.bpmn" plain.bpmn
run convert --repair "$BPMN_DATA/miwg-reference/A.1.0.bpmn" repaired.bpmn
expect_status 0
[ ! -s stderr ] || fail "warnings on a clean file"
cmp -s plain.bpmn repaired.bpmn || fail "--repair changed a clean file"
