#!/bin/sh
# A reference to an entity that was never declared (no DTD, so only the five
# predefined ones exist).
. "$(dirname "$0")/lib.sh"

bpmn undef.bpmn '  <process id="p" name="a &nbsp; b"/>'
refuse undef.bpmn "undef.bpmn:3:3: malformed XML: undefined entity"

bpmn text.bpmn '  <process id="p">
    <documentation>fish &amp; chips &copy;</documentation>
  </process>'
refuse text.bpmn "text.bpmn:4:37: malformed XML: undefined entity"
