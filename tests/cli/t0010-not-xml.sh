#!/bin/sh
# Text that is not XML at all, and binary garbage.
. "$(dirname "$0")/lib.sh"

printf 'hello, this is not XML\n' >plain.bpmn
refuse plain.bpmn "plain.bpmn:1:1: malformed XML: syntax error"

printf '{"json": true}\n' >json.bpmn
refuse json.bpmn "json.bpmn:1:1: malformed XML: not well-formed (invalid token)"

printf '<?xml version="1.0"?>\n<definitions xmlns="%s" id="d"></process>\n' "$NS_BPMN" >mismatch.bpmn
refuse mismatch.bpmn "mismatch.bpmn:2:75: malformed XML: mismatched tag"

printf '<?xml version="1.0"?>\n<definitions xmlns="%s" id="d"/>\n<definitions xmlns="%s"/>\n' "$NS_BPMN" "$NS_BPMN" >tworoots.bpmn
refuse tworoots.bpmn "tworoots.bpmn:3:1: malformed XML: junk after document element"
