#!/bin/sh
# A MIWG file (tests/data/bpmn) cut in half (inside a tag), and cut at a line end (between tags).
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

size=$(wc -c <"$A")
head -c $((size / 2)) "$A" >half.bpmn
# The cut falls inside the start tag that opens line 35 at column 13.
[ "$(wc -l <half.bpmn)" -eq 34 ] || fail "data file changed: half has $(wc -l <half.bpmn) lines"
refuse half.bpmn "half.bpmn:35:13: malformed XML: unclosed token"

head -n 20 "$A" >lines.bpmn
refuse lines.bpmn "lines.bpmn:21:1: truncated document: <endEvent> is not closed"
