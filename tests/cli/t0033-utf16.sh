#!/bin/sh
# A UTF-16 file (with byte order mark) reads like its UTF-8 twin and is written as UTF-8.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

sed -e 's/encoding="ISO-8859-1"/encoding="UTF-16"/' -e 's/name="Task 1"/name="Task \xf8"/' "$A" |
	iconv -f ISO-8859-1 -t UTF-16 >u16.bpmn
sed -e 's/name="Task 1"/name="Task \xf8"/' "$A" >latin.bpmn
run convert u16.bpmn from16.bpmn
expect_status 0
run convert latin.bpmn fromlatin.bpmn
expect_status 0
cmp -s from16.bpmn fromlatin.bpmn || fail "UTF-16 and ISO-8859-1 inputs give different output"
expect_file_has from16.bpmn "$(printf 'name="Task \303\270"')"
