#!/bin/sh
# OUT '-' writes to standard output: BPMN by default, JSON with --to json.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.2.0.bpmn

run convert "$A" file.bpmn
expect_status 0
run convert "$A" -
expect_status 0
cmp -s stdout file.bpmn || fail "stdout BPMN differs from file output"
[ ! -s stderr ] || fail "unexpected stderr"
[ ! -e ./- ] || fail "a file named '-' was written"

run convert "$A" file.json
expect_status 0
run convert --to json "$A" -
expect_status 0
cmp -s stdout file.json || fail "stdout JSON differs from file output"
