#!/bin/sh
# kartla layout: a new diagram for a map without one, deterministic and stable on its own
# output; --keep leaves a complete diagram as it is; usage, bad input and unwritable output.
. "$(dirname "$0")/lib.sh"
L=$BPMN_DATA/../layout
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

run layout -v "$L/complaint15.bpmn" out.bpmn
expect_status 0
expect_stdout_empty
grep -q '19 shapes, 17 edges, 1 diagrams' stderr || fail "unexpected summary: $(cat stderr)"
for id in Start Merge Assess Enough AskDetails Fork Statement Rules Sync Decide Upheld Remedy Join Inform End \
	Lane_services Lane_officer Lane_head Pool_university; do
	grep -q "bpmnElement=\"$id\"" out.bpmn || fail "no shape for $id"
done
expect_file_has out.bpmn '<bpmndi:BPMNPlane id="BPMNPlane_Collab_complaint" bpmnElement="Collab_complaint">'
# The output reads strictly, and converting it changes nothing.
run convert out.bpmn conv.bpmn
expect_status 0
cmp -s out.bpmn conv.bpmn || fail "the laid-out map is not in normal form"

# Same input, same bytes; laying out the output again gives the same diagram.
run layout "$L/complaint15.bpmn" out2.bpmn
expect_status 0
cmp -s out.bpmn out2.bpmn || fail "layout is not deterministic"
run layout out.bpmn out3.bpmn
expect_status 0
cmp -s out.bpmn out3.bpmn || fail "laying out a laid-out map changed it"

# Standard output.
run layout "$L/features.bpmn" -
expect_status 0
grep -q 'bpmnElement="Late"' stdout || fail "no boundary event shape on stdout"

# --keep on a map whose diagram is complete: every shape and waypoint stays as it was.
run layout --keep "$A" kept.bpmn
expect_status 0
python3 - "$A" kept.bpmn <<'PY' || fail "--keep moved something"
import sys, xml.etree.ElementTree as ET
DI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
def shapes(path):
    out = {}
    for s in ET.parse(path).iter(DI + "BPMNShape"):
        b = s.find(DC + "Bounds")
        out[s.get("bpmnElement")] = tuple(round(float(b.get(k))) for k in ("x", "y", "width", "height"))
    return out
a, b = shapes(sys.argv[1]), shapes(sys.argv[2])
flow = {k: v for k, v in a.items()}
assert flow and all(b.get(k) == v for k, v in flow.items()), [(k, v, b.get(k)) for k, v in flow.items() if b.get(k) != v]
PY

# Usage.
run layout
expect_status 64
run layout --frobnicate "$A" x.bpmn
expect_status 64
run layout "$A" x.bpmn extra
expect_status 64
run layout --repeat 0 "$A" x.bpmn
expect_status 64

# Not XML: a precise message naming the file, exit 2, nothing written.
printf 'not xml' >bad.bpmn
run layout bad.bpmn never.bpmn
expect_status 2
grep -q '^kartla: bad.bpmn:1:' stderr || fail "message does not name the file and line: $(cat stderr)"
[ ! -e never.bpmn ] || fail "output written for bad input"
run layout missing.bpmn never.bpmn
expect_status 2
[ ! -e never.bpmn ] || fail "output written for a missing input"

# Over the size cap.
run layout --max-size 100 "$A" never.bpmn
expect_status 2
[ ! -e never.bpmn ] || fail "output written over the size cap"

# An output that cannot be written.
run layout "$A" no/such/dir/out.bpmn
expect_status 3

# --keep on every carried file that reads strictly: no shape, waypoint or label moves, no
# shape or edge is lost (a complete diagram stays as it is, vertical pools, expanded
# sub-processes, groups and data inputs included).
python3 - "$KARTLA" "$BPMN_DATA" <<'PY' || fail "--keep changed a complete diagram"
import glob, os, subprocess, sys, xml.etree.ElementTree as ET
kartla, data = sys.argv[1], sys.argv[2]
DI = "{http://www.omg.org/spec/BPMN/20100524/DI}"
DC = "{http://www.omg.org/spec/DD/20100524/DC}"
DDI = "{http://www.omg.org/spec/DD/20100524/DI}"
def geo(path):
    root = ET.parse(path).getroot()
    sh = {s.get("bpmnElement"): tuple(float(b.get(k, 0)) for b in s.findall(DC + "Bounds") for k in ("x", "y", "width", "height")) for s in root.iter(DI + "BPMNShape")}
    ed = {e.get("bpmnElement"): [(float(w.get("x")), float(w.get("y"))) for w in e.findall(DDI + "waypoint")] for e in root.iter(DI + "BPMNEdge")}
    return sh, ed
checked = 0
for f in sorted(glob.glob(data + "/**/*.bpmn", recursive=True)):
    if subprocess.run([kartla, "layout", "--keep", f, "kept.bpmn"], capture_output=True).returncode:
        continue  # needs --repair
    (a, ae), (b, be) = geo(f), geo("kept.bpmn")
    moved = [k for k, v in a.items() if b.get(k) != v] + [k for k, v in ae.items() if be.get(k) != v]
    assert not moved, (f, moved[:5])
    checked += 1
assert checked >= 30, checked
PY
