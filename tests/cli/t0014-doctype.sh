#!/bin/sh
# Any DOCTYPE is refused, with or without an internal subset or external DTD.
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0"?>\n<!DOCTYPE definitions>\n<definitions xmlns="%s" id="d"/>\n' "$NS_BPMN" >plain.bpmn
refuse plain.bpmn "plain.bpmn:2:22: DOCTYPE declarations are not allowed (<!DOCTYPE definitions>)"

printf '<?xml version="1.0"?>\n<!DOCTYPE definitions SYSTEM "file:///etc/passwd">\n<definitions xmlns="%s" id="d"/>\n' "$NS_BPMN" >system.bpmn
refuse system.bpmn "system.bpmn:2:50: DOCTYPE declarations are not allowed (<!DOCTYPE definitions>)"
! grep -q 'root:' stderr stdout || fail "the external DTD was read"
