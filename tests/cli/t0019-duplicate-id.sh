#!/bin/sh
# Two elements with the same id.
. "$(dirname "$0")/lib.sh"

bpmn dup.bpmn '  <process id="p">
    <task id="t1" name="first"/>
    <task id="t1" name="second"/>
  </process>'
refuse dup.bpmn "dup.bpmn:5:5: element 't1': duplicate id 't1' (first used by <task> at line 4)" --strict

# A DI shape reusing a semantic id.
bpmn didup.bpmn '  <process id="p">
    <task id="t1"/>
  </process>
  <bpmndi:BPMNDiagram id="dia">
    <bpmndi:BPMNPlane id="plane" bpmnElement="p">
      <bpmndi:BPMNShape id="t1" bpmnElement="t1">
        <dc:Bounds x="0" y="0" width="10" height="10"/>
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>'
refuse didup.bpmn "didup.bpmn:8:7: element 't1': duplicate id 't1' (first used by <task> at line 4)" --strict
