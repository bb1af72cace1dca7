#!/bin/sh
# PENDING (lib/xml_read.c describe_error): on an "invalid token" error the
# reader scans the *whole input* for invalid UTF-8 and reports the first bad
# byte it finds, wherever it is. (1) A UTF-16 file with a plain syntax error on
# line 4 is reported as "1:1: invalid UTF-8 byte 0xFF" (its byte order mark).
# (2) A UTF-8 file with a syntax error on line 3 and a bad byte on line 4 is
# reported at line 4. The scan should look only at expat's error position
# (XML_GetCurrentByteIndex) and only for UTF-8 input.
. "$(dirname "$0")/../cli/lib.sh"

printf '<?xml version="1.0" encoding="UTF-16"?>\n<definitions xmlns="%s" id="d">\n  <process id="p"/>\n  <1process/>\n</definitions>\n' "$NS_BPMN" |
	iconv -f UTF-8 -t UTF-16 >u16.bpmn
refuse u16.bpmn "u16.bpmn:4:4: malformed XML: not well-formed (invalid token)"

printf '<?xml version="1.0"?>\n<definitions xmlns="%s" id="d">\n  <1process/>\n  <documentation>\377</documentation>\n</definitions>\n' "$NS_BPMN" >later.bpmn
refuse later.bpmn "later.bpmn:3:4: malformed XML: not well-formed (invalid token)"
