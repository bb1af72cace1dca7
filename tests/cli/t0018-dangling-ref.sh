#!/bin/sh
# A reference to an id that is not in the file: attribute and element forms.
. "$(dirname "$0")/lib.sh"

bpmn attr.bpmn '  <process id="p">
    <task id="t1"/>
    <sequenceFlow id="flow1" sourceRef="t1" targetRef="missing_task"/>
  </process>'
refuse attr.bpmn "attr.bpmn:5:5: element 'flow1': targetRef 'missing_task' of <sequenceFlow> refers to no element in this file" --strict

bpmn elem.bpmn '  <process id="p">
    <task id="t1">
      <incoming>ghost</incoming>
    </task>
  </process>'
refuse elem.bpmn "elem.bpmn:5:7: element 't1': incoming 'ghost' of <incoming> refers to no element in this file" --strict

bpmn di.bpmn '  <process id="p"/>
  <bpmndi:BPMNDiagram id="dia">
    <bpmndi:BPMNPlane id="plane" bpmnElement="p">
      <bpmndi:BPMNShape id="shape1" bpmnElement="nothing_here">
        <dc:Bounds x="0" y="0" width="10" height="10"/>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>'
refuse di.bpmn "di.bpmn:6:7: element 'shape1': bpmnElement 'nothing_here' of <BPMNShape> refers to no element in this file" --strict
