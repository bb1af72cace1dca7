#!/bin/sh
# PENDING (lib/bpmn_ext.c ka_duration_parse): numbers are read with strtod,
# which also accepts hexadecimal and exponents, so "PT0x1AM" (26 minutes),
# "PT1e2M" and "P1e1D" are taken as durations. ISO 8601 allows only decimal
# digits with an optional fraction. (strtod in read_number and in the DI
# coordinates likewise accepts "0x1p-1" and leading spaces.)
. "$(dirname "$0")/../cli/lib.sh"

for v in PT0x1AM PT1e2M P1e1D PT0x10S; do
	bpmn "d.bpmn" "  <process id=\"p\">
    <task id=\"t\"><extensionElements><kartla:processTime value=\"$v\"/></extensionElements></task>
  </process>"
	refuse d.bpmn "d.bpmn:4:37: element 't': kartla:processTime value '$v' is invalid: expected an ISO 8601 duration such as PT30M or P2D (no years or months)"
done
