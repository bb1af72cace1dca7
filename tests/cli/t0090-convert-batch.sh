#!/bin/sh
# Batch conversion: `kartla convert -d DIR IN...` converts every input in one
# run, names outputs after the inputs, keeps going past a bad file, and exits
# with the worst status (2 when an input could not be read).
. "$(dirname "$0")/lib.sh"

R=$BPMN_DATA/miwg-reference
mkdir out
run convert -d out "$R/A.1.0.bpmn" "$R/B.1.0.bpmn" "$R/C.1.0.bpmn"
expect_status 0
for n in A.1.0 B.1.0 C.1.0; do
	[ -s "out/$n.bpmn" ] || fail "out/$n.bpmn missing"
	run convert "$R/$n.bpmn" single.bpmn
	cmp -s single.bpmn "out/$n.bpmn" || fail "batch output of $n differs from a single convert"
done

mkdir js
run convert --to json -d js "$R/A.1.0.bpmn"
expect_status 0
expect_file_has js/A.1.0.json '"format": "kartla-map"'

printf 'not xml' >bad.bpmn
mkdir mixed
run convert -d mixed "$R/A.1.0.bpmn" bad.bpmn "$R/A.2.0.bpmn"
expect_status 2
expect_stderr_has "bad.bpmn:1:1:"
[ -s mixed/A.1.0.bpmn ] && [ -s mixed/A.2.0.bpmn ] || fail "good files around a bad one not converted"
expect_no_file mixed/bad.bpmn

run convert -d mixed
expect_status 64
