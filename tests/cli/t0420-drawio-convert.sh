#!/bin/sh
# draw.io diagrams (tests/data/drawio) convert to BPMN: kinds, names, flows, lanes, pools,
# DI; notes on stderr for what is not mapped; the output reads back to the same bytes.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
D=$SRC/tests/data/drawio

# BPMN shapes: every kind, boundary event, data, annotation, condition labels.
run convert "$D/bpmn-shapes.drawio" a.bpmn
expect_status 0
[ ! -s stderr ] || fail "unexpected notes for the BPMN-shape diagram"
expect_file_has a.bpmn '<startEvent id="p1_start" name="Order received">'
expect_file_has a.bpmn '<messageEventDefinition id="p1_start__def"/>'
expect_file_has a.bpmn '<userTask id="p1_check" name="Check &amp; register the order"/>'
expect_file_has a.bpmn '<boundaryEvent id="p1_timer" name="2 days" attachedToRef="p1_check" cancelActivity="false">'
expect_file_has a.bpmn '<exclusiveGateway id="p1_ok" name="Complete?"/>'
expect_file_has a.bpmn '<multiInstanceLoopCharacteristics id="p1_ship__loop" isSequential="true"/>'
expect_file_has a.bpmn '<subProcess id="p1_ask" name="Ask for details"/>'
expect_file_has a.bpmn '<terminateEventDefinition id="p1_done__def"/>'
expect_file_has a.bpmn '<sequenceFlow id="p1_f4" name="no" sourceRef="p1_ok" targetRef="p1_ask">'
expect_file_has a.bpmn '<conditionExpression xsi:type="tFormalExpression">no</conditionExpression>'
expect_file_has a.bpmn '<dataStoreReference id="p1_crm" name="CRM"/>'
expect_file_has a.bpmn '<text>Orders over 10 000 kr need a second check</text>'
expect_file_has a.bpmn '<association id="p1_a3" sourceRef="p1_note" targetRef="p1_ask"/>'
# the boundary event's geometry is relative to its task (x=1, y=1, offset -40,-15)
expect_file_has a.bpmn '<dc:Bounds x="220.00" y="185.00" width="30.00" height="30.00"/>'

# Deterministic, and the output is ordinary BPMN that converts to itself.
run convert "$D/bpmn-shapes.drawio" a2.bpmn
cmp -s a.bpmn a2.bpmn || fail "draw.io conversion is not deterministic"
run convert a.bpmn a3.bpmn
expect_status 0
cmp -s a.bpmn a3.bpmn || fail "converting the output again changed it"

# Cross-functional flowchart: pool, lanes by container and by position, flowchart shapes.
run convert "$D/crossfunctional.drawio" x.bpmn
expect_status 0
expect_file_has x.bpmn '<participant id="p1_pool" name="Municipality" processRef="p1_pool__process"/>'
expect_file_has x.bpmn '<lane id="p1_lane-mgr" name="Manager">'
expect_file_has x.bpmn '<startEvent id="p1_s" name="Need leave"/>'
expect_file_has x.bpmn '<endEvent id="p1_e" name="Done"/>'
expect_file_has x.bpmn '<task id="p1_t1" name="Fill in the form"/>'
expect_file_has x.bpmn '<dataObjectReference id="p1_form" name="Leave form" dataObjectRef="p1_form__object"/>'
expect_file_has x.bpmn '<bpmndi:BPMNShape id="p1_lane-emp__di" bpmnElement="p1_lane-emp" isHorizontal="true">'
# t4 lies on the layer, drawn over the Employee lane
python3 - x.bpmn <<'PY' || fail "t4 is not in the Employee lane"
import re, sys
s = open(sys.argv[1]).read()
lane = re.search(r'<lane id="p1_lane-emp".*?</lane>', s, re.S).group(0)
assert "<flowNodeRef>p1_t4</flowNodeRef>" in lane
PY
expect_stderr_has 'crossfunctional.drawio: page "Leave request": 1 shape(s) are not inside a lane or pool container'

# Compressed page: same model as the plain first page of multipage.drawio.
run convert "$D/compressed.drawio" c.bpmn
expect_status 0
expect_file_has c.bpmn '<task id="p1_t2" name="Escalate å ö"/>'
expect_file_has c.bpmn '<process id="p1__process" name="Support" isExecutable="false">'

# Several pages: a process per page, pools and message flows, an empty page noted.
run convert "$D/multipage.drawio" m.bpmn
expect_status 0
expect_file_has m.bpmn '<process id="p1__process" name="Support (plain)" isExecutable="false">'
expect_file_has m.bpmn '<messageFlow id="p2_m1" name="application" sourceRef="p2_apply" targetRef="p2_recv"/>'
expect_file_has m.bpmn '<messageFlow id="p2_m2" name="decision" sourceRef="p2_handle" targetRef="p2_citizen"/>'
expect_file_has m.bpmn '<bpmndi:BPMNDiagram id="p2__diagram" name="Building permit">'
expect_stderr_has 'multipage.drawio: page "Empty": page 3 is empty [drawio.empty_page]'
sed -n '/<process id="p1__process"/,/<\/process>/p' m.bpmn >m1
sed -n '/<process id="p1__process"/,/<\/process>/p' c.bpmn | sed 's/name="Support"/name="Support (plain)"/' >c1
[ -s m1 ] || fail "no first process in the multi-page output"
cmp -s m1 c1 || fail "the compressed page differs from the same page written plainly"

# A loose edge and shapes with no BPMN meaning are reported, the rest converts.
run convert "$D/loose-edge.drawio" l.json
expect_status 0
expect_stderr_has 'loose-edge.drawio: page "Draft", cell e2: the edge has no target shape; it is left out [drawio.loose_edge]'
expect_stderr_has 'page "Draft", cell warn: shape "triangle" has no BPMN meaning [drawio.unmapped_shape]'
expect_stderr_has 'page "Draft", cell frame: a rectangle without text or connections is read as decoration [drawio.unmapped_shape]'
expect_file_has l.json '"name": "Prepare the budget"'

# The size cap applies as for BPMN; -d names outputs without the .drawio suffix.
run convert --max-size 100 "$D/bpmn-shapes.drawio" capped.bpmn
expect_status 2
expect_stderr "kartla: $D/bpmn-shapes.drawio:1:1: file is $(wc -c <"$D/bpmn-shapes.drawio" | tr -d ' ') bytes, over the size cap of 100 bytes"
expect_no_file capped.bpmn
mkdir outdir
run convert -d outdir "$D/bpmn-shapes.drawio" "$D/crossfunctional-table.drawio"
expect_status 0
[ -s outdir/bpmn-shapes.bpmn ] && [ -s outdir/crossfunctional-table.bpmn ] || fail "batch outputs missing: $(ls outdir)"
cmp -s outdir/bpmn-shapes.bpmn a.bpmn || fail "batch output differs from the single conversion"
