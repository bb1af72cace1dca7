#!/bin/sh
# Drawings with a known BPMN: the MIWG reference drawings (binary .vsd, types rebuilt from
# geometry) and the itp-commerce add-in's exports. Each must recover >= 95 % of the flow
# nodes with the right kind and name and of the sequence flows between the right pair
# (scripts/visio_score.py). The copies in tests/data/visio always run; the other exports in
# ../shared/data/visio run when that folder is there.
. "$(dirname "$0")/lib.sh"
: "${VISIO_DATA:?VISIO_DATA must name tests/data/visio}"

score=$(cd "$VISIO_DATA/../../../scripts" && pwd)/visio_score.py
shared=$(cd "$VISIO_DATA/../../../.." && pwd)/shared/data/visio

# scored FILE MODEL: converts FILE and scores it against BPMN_DATA/miwg-reference/MODEL.bpmn.
scored() {
	run convert "$1" out.bpmn
	expect_status 0
	python3 "$score" out.bpmn "$BPMN_DATA/miwg-reference/$2.bpmn" --min 95 ||
		fail "$1 below 95 %"
}

scored "$VISIO_DATA/itp-commerce-6/B.1.0.vsdx" B.1.0
run convert "$VISIO_DATA/miwg-reference/A.1.0.VSD" out.bpmn
if grep -q "built without libvisio" stderr; then
	echo "kartla was built without libvisio (-Dvsd=disabled): the .vsd drawings are skipped"
	exit 0
fi
for m in A.1.0 A.2.0; do
	scored "$VISIO_DATA/miwg-reference/$m.VSD" $m
	expect_stderr_has "[visio.guessed_type]"
done
scored "$VISIO_DATA/itp-commerce-6/A.4.1-export.vsd" A.4.1
# events drawn on an activity's border become boundary events attached to it
scored "$VISIO_DATA/itp-commerce-6/A.3.0-export.vsd" A.3.0
expect_stderr_has "[visio.boundary_event]"
[ "$(grep -o '<boundaryEvent [^>]*attachedToRef="[^"]*"' out.bpmn | wc -l)" -eq 2 ] ||
	fail "A.3.0: two boundary events attached to the sub-process expected"

if [ ! -d "$shared" ]; then
	echo "$shared is absent (it is not part of a plain clone): the other exports are skipped"
	exit 0
fi
# every export converts; those with a known BPMN score too
for f in "$shared"/itp-commerce-6/*; do
	m=$(basename "$f" | sed 's/-export//; s/\.vsdx*$//')
	case $m in
	A.1.0 | A.2.0 | A.3.0 | A.4.0 | A.4.1 | B.1.0) scored "$f" "$m" ;;
	*)
		run convert "$f" out.bpmn
		expect_status 0
		;;
	esac
done
