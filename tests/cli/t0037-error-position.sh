#!/bin/sh
# An XML error is reported where the parser stopped: a syntax error in a
# UTF-16 file is not mistaken for bad UTF-8 (its byte order mark), and an
# invalid byte later in a UTF-8 file does not hide an earlier syntax error.
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0" encoding="UTF-16"?>\n<definitions xmlns="%s" id="d">\n  <process id="p"/>\n  <1process/>\n</definitions>\n' "$NS_BPMN" |
	iconv -f UTF-8 -t UTF-16 >u16.bpmn
refuse u16.bpmn "u16.bpmn:4:4: malformed XML: not well-formed (invalid token)"

printf '<?xml version="1.0"?>\n<definitions xmlns="%s" id="d">\n  <1process/>\n  <documentation>\377</documentation>\n</definitions>\n' "$NS_BPMN" >later.bpmn
refuse later.bpmn "later.bpmn:3:4: malformed XML: not well-formed (invalid token)"

# Latin-1 input: every byte is a character, so a syntax error is just that.
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<definitions xmlns="%s" id="d" name="\377">\n  <1process/>\n</definitions>\n' "$NS_BPMN" >latin.bpmn
refuse latin.bpmn "latin.bpmn:3:4: malformed XML: not well-formed (invalid token)"
