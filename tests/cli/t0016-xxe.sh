#!/bin/sh
# External entities (XXE): refused; nothing outside the file is ever read, so
# the content of /etc/passwd appears nowhere.
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0"?>\n<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<definitions xmlns="%s" id="d" name="&xxe;">\n  <documentation>&xxe;</documentation>\n</definitions>\n' "$NS_BPMN" >xxe.bpmn
refuse xxe.bpmn "xxe.bpmn:2:23: DOCTYPE declarations are not allowed (<!DOCTYPE definitions>)"

printf '<?xml version="1.0"?>\n<!DOCTYPE definitions [<!ENTITY %% p SYSTEM "file:///etc/passwd"> %%p;]>\n<definitions xmlns="%s" id="d"/>\n' "$NS_BPMN" >param.bpmn
refuse param.bpmn "param.bpmn:2:23: DOCTYPE declarations are not allowed (<!DOCTYPE definitions>)"

# Even with --repair, and to every output kind, nothing of /etc/passwd leaks.
for opt in "" --repair; do
	run convert $opt xxe.bpmn out.json
	expect_status 2
	run convert $opt --to json xxe.bpmn -
	expect_status 2
	! grep -q 'root:' stdout stderr || fail "/etc/passwd content leaked"
done
expect_no_file out.json
