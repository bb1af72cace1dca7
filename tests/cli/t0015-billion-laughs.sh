#!/bin/sh
# Internal entity declarations (billion laughs): refused before any expansion,
# quickly and in little memory.
. "$(dirname "$0")/lib.sh"

{
	printf '<?xml version="1.0"?>\n<!DOCTYPE definitions [\n'
	printf '  <!ENTITY lol "lol">\n'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf '  <!ENTITY lol%s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' \
			"$i" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev"
		prev=lol$i
	done
	printf ']>\n<definitions xmlns="%s" id="d" name="&lol9;"/>\n' "$NS_BPMN"
} >lol.bpmn
# 10^9 "lol"s would need gigabytes; the DOCTYPE is refused before any declaration is read.
refuse lol.bpmn "lol.bpmn:2:23: DOCTYPE declarations are not allowed (<!DOCTYPE definitions>)"

# A single internal entity used in an attribute: same refusal, nothing expanded.
printf '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY e "expanded">]>\n<definitions xmlns="%s" id="d" name="&e;"/>\n' "$NS_BPMN" >one.bpmn
refuse one.bpmn "one.bpmn:2:13: DOCTYPE declarations are not allowed (<!DOCTYPE d>)"
