#!/bin/sh
# An empty file, and a file holding only an XML declaration and whitespace.
. "$(dirname "$0")/lib.sh"

: >empty.bpmn
refuse empty.bpmn "empty.bpmn:1:1: empty input: no XML document"

printf '<?xml version="1.0"?>\n\n' >decl.bpmn
refuse decl.bpmn "decl.bpmn:3:1: malformed XML: no element found"
