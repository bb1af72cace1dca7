#!/bin/sh
# Visio drawings (.vsdx made by tests/data/visio/make_vsdx.py) converted to BPMN, with the
# import notes on stderr.
. "$(dirname "$0")/lib.sh"
: "${VISIO_DATA:?VISIO_DATA must name tests/data/visio}"

run convert "$VISIO_DATA/flowchart.vsdx" flow.bpmn
expect_status 0
expect_file_has flow.bpmn '<startEvent id="P1_S0" name="Start">'
expect_file_has flow.bpmn '<task id="P1_S1" name="Motta søknad">'
expect_file_has flow.bpmn '<exclusiveGateway id="P1_S2" name="Komplett?">'
expect_file_has flow.bpmn 'name="Ja" sourceRef="P1_S2" targetRef="P1_S3"'
expect_file_has flow.bpmn '<bpmndi:BPMNShape id="P1_S1_di" bpmnElement="P1_S1">'
expect_stderr_has "flowchart.vsdx: page 1, shape 17: shape \"Skyen\" (master \"Cloud\") has no BPMN counterpart: left out [visio.unmapped_shape]"
expect_stderr_has "page 1, shape 10: flowchart terminator \"Start\" read as a start event from its flows [visio.guessed_type]"

run convert "$VISIO_DATA/cff.vsdx" cff.json
expect_status 0
expect_file_has cff.json '"Bestiller"'
expect_file_has cff.json '"Økonomi"'
expect_stderr_has "[visio.phase]"

run convert "$VISIO_DATA/bpmn.vsdx" -
expect_status 0
grep -q '<parallelGateway' stdout || fail "no parallel gateway"
grep -q '<timerEventDefinition' stdout || fail "no timer"
grep -q '<messageFlow id="P1_S18" name="Vedtak"' stdout || fail "no message flow"
[ ! -s stderr ] || fail "notes for a drawing with nothing left out: $(cat stderr)"

run convert "$VISIO_DATA/loose.vsdx" loose.bpmn
expect_status 0
expect_stderr_has "kartla: note: $VISIO_DATA/loose.vsdx: page 1, shape 4: connector \"ut i løse lufta\" is not glued at its end: left out [visio.loose_connector]"
expect_stderr_has "page 1, shape 6: association \"\" joins a shape that is not a flow node, data or annotation (5): left out [visio.unmapped_connector]"

# Visio 2003 XML
run convert "$VISIO_DATA/flowchart.vdx" vdx.bpmn
expect_status 0
expect_file_has vdx.bpmn '<exclusiveGateway id="P1_S2" name="Komplett?">'
expect_file_has vdx.bpmn 'name="Ja" sourceRef="P1_S2" targetRef="P1_S3"'

# many drawings in one run
mkdir out
run convert -d out "$VISIO_DATA/flowchart.vsdx" "$VISIO_DATA/cff.vsdx"
expect_status 0
[ -s out/flowchart.bpmn ] && [ -s out/cff.bpmn ] || fail "batch output missing"
