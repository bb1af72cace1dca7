#!/bin/sh
# DI coordinates that are not finite numbers, or negative sizes.
. "$(dirname "$0")/lib.sh"

shape() { # FILE BOUNDS-ATTRIBUTES
	bpmn "$1" "  <process id=\"p\">
    <task id=\"t1\"/>
  </process>
  <bpmndi:BPMNDiagram id=\"dia\">
    <bpmndi:BPMNPlane id=\"plane\" bpmnElement=\"p\">
      <bpmndi:BPMNShape id=\"t1_di\" bpmnElement=\"t1\">
        <dc:Bounds $2/>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>"
}

shape abc.bpmn 'x="10" y="20" width="abc" height="80"'
refuse abc.bpmn "abc.bpmn:9:9: element 't1_di': attribute 'width' of <Bounds> is 'abc', not a finite coordinate"
shape inf.bpmn 'x="10" y="20" width="100" height="1e999"'
refuse inf.bpmn "inf.bpmn:9:9: element 't1_di': attribute 'height' of <Bounds> is '1e999', not a finite coordinate"
shape nan.bpmn 'x="NaN" y="20" width="100" height="80"'
refuse nan.bpmn "nan.bpmn:9:9: element 't1_di': attribute 'x' of <Bounds> is 'NaN', not a finite coordinate"
shape empty.bpmn 'x="" y="20" width="100" height="80"'
refuse empty.bpmn "empty.bpmn:9:9: element 't1_di': attribute 'x' of <Bounds> is '', not a finite coordinate"
shape trail.bpmn 'x="10px" y="20" width="100" height="80"'
refuse trail.bpmn "trail.bpmn:9:9: element 't1_di': attribute 'x' of <Bounds> is '10px', not a finite coordinate"
shape missing.bpmn 'x="10" y="20" width="100"'
refuse missing.bpmn "missing.bpmn:9:9: element 't1_di': <Bounds> lacks the required attribute 'height'" --strict
shape negative.bpmn 'x="-10" y="20" width="-100" height="80"'
refuse negative.bpmn "negative.bpmn:9:9: element 't1_di': <Bounds> has a negative width or height" --strict

bpmn wp.bpmn '  <process id="p">
    <task id="a"/>
    <task id="b"/>
    <sequenceFlow id="f" sourceRef="a" targetRef="b"/>
  </process>
  <bpmndi:BPMNDiagram id="dia">
    <bpmndi:BPMNPlane id="plane" bpmnElement="p">
      <bpmndi:BPMNEdge id="f_di" bpmnElement="f">
        <di:waypoint x="1" y="2"/>
        <di:waypoint x="3" y="inf"/>
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>'
refuse wp.bpmn "wp.bpmn:12:9: element 'f_di': attribute 'y' of <waypoint> is 'inf', not a finite coordinate"

bpmn flag.bpmn '  <process id="p">
    <task id="t1"/>
  </process>
  <bpmndi:BPMNDiagram id="dia">
    <bpmndi:BPMNPlane id="plane" bpmnElement="p">
      <bpmndi:BPMNShape id="t1_di" bpmnElement="t1" isExpanded="yes"/>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>'
refuse flag.bpmn "flag.bpmn:8:7: element 't1_di': attribute 'isExpanded' of <BPMNShape> is 'yes', not true or false"
