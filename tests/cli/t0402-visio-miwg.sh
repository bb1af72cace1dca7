#!/bin/sh
# The MIWG reference drawings (binary .vsd, types rebuilt from geometry) against their
# known BPMN: >= 95 % of flow nodes with the right kind and name and of sequence flows
# between the right pair (scripts/visio_score.py). Skips without ../shared/data.
. "$(dirname "$0")/lib.sh"
: "${VISIO_DATA:?VISIO_DATA must name tests/data/visio}"

shared=$(cd "$VISIO_DATA/../../../.." && pwd)/shared/data
score=$(cd "$VISIO_DATA/../../../scripts" && pwd)/visio_score.py
if [ ! -d "$shared/visio" ]; then
	echo "SKIP: $shared/visio is absent (it is not part of a plain clone)"
	exit 77
fi
for m in A.1.0 A.2.0; do
	run convert "$shared/visio/miwg-reference/$m.VSD" "$m.bpmn"
	expect_status 0
	expect_stderr_has "[visio.guessed_type]"
	python3 "$score" "$m.bpmn" "$shared/bpmn/miwg-reference/$m.bpmn" --min 95 ||
		fail "$m below 95 %"
done
# the itp-commerce add-in's exports: every one converts; those with a known BPMN score too
for f in "$shared"/visio/itp-commerce-6/*; do
	run convert "$f" out.bpmn
	expect_status 0
	m=$(basename "$f" | sed 's/-export//; s/\.vsdx*$//')
	case $m in A.1.0 | A.2.0 | A.3.0 | A.4.0 | A.4.1 | B.1.0)
		python3 "$score" out.bpmn "$shared/bpmn/miwg-reference/$m.bpmn" --min 95 ||
			fail "itp-commerce $m below 95 %"
		;;
	esac
done
