#!/bin/sh
# convert to BPMN and to JSON: exit 0, UTF-8 XML, model JSON, deterministic, idempotent.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

run convert "$A" a.bpmn
expect_status 0
expect_stdout_empty
[ ! -s stderr ] || fail "unexpected stderr"
head -n 1 a.bpmn | grep -qx '<?xml version="1.0" encoding="UTF-8"?>' || fail "bad XML declaration"
expect_file_has a.bpmn 'id="_ec59e164-68b4-4f94-98de-ffb1c58a84af"'
expect_file_has a.bpmn 'xmlns:semantic="http://www.omg.org/spec/BPMN/20100524/MODEL"'
expect_file_has a.bpmn '<semantic:task '
expect_file_has a.bpmn '<dc:Bounds height="30.0" width="30.0" x="186.0" y="336.0"/>'

# Same input, same bytes; converting the output again changes nothing.
run convert "$A" a2.bpmn
expect_status 0
cmp -s a.bpmn a2.bpmn || fail "output is not deterministic"
run convert a.bpmn a3.bpmn
expect_status 0
cmp -s a.bpmn a3.bpmn || fail "second conversion changed the file"

# JSON by file extension, and by --to json whatever the name.
run convert "$A" a.json
expect_status 0
expect_file_has a.json '"format": "kartla-map"'
expect_file_has a.json '"id": "_ec59e164-68b4-4f94-98de-ffb1c58a84af"'
expect_file_has a.json '"name": "Task 1"'
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["processes"]==["WFP-6-"], d["processes"]; assert len([e for e in d["elements"] if e["type"]=="task"])==3' a.json ||
	fail "JSON is not the expected model"
run convert --to json "$A" model.out
expect_status 0
cmp -s a.json model.out || fail "--to json differs from .json output"
run convert --to bpmn "$A" b.json
expect_status 0
cmp -s a.bpmn b.json || fail "--to bpmn differs from BPMN output"

# An existing output file is replaced, and no temporary file is left.
printf 'old\n' >over.bpmn
run convert "$A" over.bpmn
expect_status 0
cmp -s a.bpmn over.bpmn || fail "existing output not replaced"
[ -z "$(ls -A | grep tmp || true)" ] || fail "temporary file left: $(ls -A)"
