#!/bin/sh
# ISO-8859-1 names with the bytes 0xAA, 0xB5 or 0xBA (ª µ º): expat's Latin-1
# tables allow them in names but its UTF-8 tables do not, so Kartla refuses
# them rather than write a UTF-8 file it cannot read back. (Found by the fuzzer.)
. "$(dirname "$0")/lib.sh"

printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<definitions xmlns="%s" xmlns:x="urn:x" id="d">\n  <process id="p">\n    <extensionElements>\n      <x:\272rdre/>\n    </extensionElements>\n  </process>\n</definitions>\n' "$NS_BPMN" >elem.bpmn
refuse elem.bpmn "elem.bpmn:5:7: element name 'x:$(printf '\302\272')rdre' is not a valid XML name in UTF-8"

printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<definitions xmlns="%s" id="d" \252="1"/>\n' "$NS_BPMN" >attr.bpmn
run convert attr.bpmn out.bpmn
expect_status 2
expect_stderr_has "attr.bpmn:2:"
expect_no_file out.bpmn

# The same bytes in text and attribute values are fine, and come out as UTF-8.
printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n<definitions xmlns="%s" id="d" name="1\272 \265m \252"/>\n' "$NS_BPMN" >value.bpmn
run convert value.bpmn out.bpmn
expect_status 0
expect_file_has out.bpmn "$(printf 'name="1\302\272 \302\265m \302\252"')"
run convert out.bpmn again.bpmn
expect_status 0
