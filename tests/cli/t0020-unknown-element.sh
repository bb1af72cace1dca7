#!/bin/sh
# A misspelt element in the BPMN namespaces (MODEL and DI).
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="%s" id="d">\n  <bpmn:process id="p">\n    <bpmn:taks id="t1" name="Typo"/>\n  </bpmn:process>\n</bpmn:definitions>\n' "$NS_BPMN" >taks.bpmn
refuse taks.bpmn "taks.bpmn:4:5: element 't1': unknown element <bpmn:taks> in the BPMN 2.0 model namespace" --strict

# Without an id of its own, the nearest enclosing id is named.
bpmn noid.bpmn '  <process id="proc1">
    <flowNde/>
  </process>'
refuse noid.bpmn "noid.bpmn:4:5: element 'proc1': unknown element <flowNde> in the BPMN 2.0 model namespace" --strict

bpmn di.bpmn '  <process id="p"/>
  <bpmndi:BPMNDiagram id="dia">
    <bpmndi:BPMNPlan id="plane" bpmnElement="p"/>
  </bpmndi:BPMNDiagram>'
refuse di.bpmn "di.bpmn:5:5: element 'plane': unknown element <bpmndi:BPMNPlan> in the BPMN 2.0 DI namespace" --strict
