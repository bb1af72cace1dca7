#!/bin/sh
# An ISO-8859-1 file with non-ASCII characters is read correctly and written as UTF-8.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

head -n 1 "$A" | grep -q 'encoding="ISO-8859-1"' || fail "A.1.0.bpmn no longer declares ISO-8859-1"
# "Task 1" becomes "Task ø" (Latin-1 byte 0xF8) and "Task 2" becomes "Tåsk 2" (0xE5).
sed -e 's/name="Task 1"/name="Task \xf8"/' -e 's/name="Task 2"/name="T\xe5sk 2"/' "$A" >latin.bpmn
grep -q "$(printf 'Task \370')" latin.bpmn || fail "could not make the Latin-1 file"

run convert latin.bpmn out.bpmn
expect_status 0
head -n 1 out.bpmn | grep -qx '<?xml version="1.0" encoding="UTF-8"?>' || fail "output does not declare UTF-8"
expect_file_has out.bpmn "$(printf 'name="Task \303\270"')"
expect_file_has out.bpmn "$(printf 'name="T\303\245sk 2"')"
! grep -q "$(printf '\370')" out.bpmn || fail "a raw Latin-1 byte remains"
od -An -tx1 out.bpmn | tr -s ' \n' ' ' | grep -q 'c3 b8' || fail "no UTF-8 bytes C3 B8"

run convert latin.bpmn out.json
expect_status 0
expect_file_has out.json "$(printf '"name": "Task \303\270"')"

# The UTF-8 output reads back to the same output.
run convert out.bpmn again.bpmn
expect_status 0
cmp -s out.bpmn again.bpmn || fail "UTF-8 output does not convert to itself"
