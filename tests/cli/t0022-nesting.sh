#!/bin/sh
# Absurd nesting: 10,000 nested extension elements, and deeply nested
# sub-processes, stop at the depth limit (256) with the position of the
# first element too deep.
. "$(dirname "$0")/lib.sh"

awk -v ns="$NS_BPMN" 'BEGIN {
	printf "<?xml version=\"1.0\"?>\n<definitions xmlns=\"%s\" xmlns:x=\"urn:x\" id=\"d\">\n", ns
	printf "  <process id=\"p\">\n    <extensionElements>\n"
	for (i = 0; i < 10000; i++) printf "<x:a>"
	for (i = 0; i < 10000; i++) printf "</x:a>"
	printf "\n    </extensionElements>\n  </process>\n</definitions>\n"
}' >deep.bpmn
# definitions, process and extensionElements are levels 1-3; x:a number 254
# (column 1 + 253 * 5) is level 257.
refuse deep.bpmn "deep.bpmn:5:1266: elements nested deeper than 256 levels (at <x:a>)"

awk -v ns="$NS_BPMN" 'BEGIN {
	printf "<?xml version=\"1.0\"?>\n<definitions xmlns=\"%s\" id=\"d\">\n<process id=\"p\">\n", ns
	for (i = 0; i < 10000; i++) printf "<subProcess id=\"s%d\">\n", i
	for (i = 0; i < 10000; i++) printf "</subProcess>\n"
	printf "</process>\n</definitions>\n"
}' >subs.bpmn
refuse subs.bpmn "subs.bpmn:258:1: elements nested deeper than 256 levels (at <subProcess>)"
