#!/bin/sh
# Namespaced attributes appear in the JSON under "{URI}local" whatever the
# URI's length: two attributes whose namespaces differ only after 600
# characters are both kept.
. "$(dirname "$0")/lib.sh"

U=urn:$(printf '%0600d' 0)
printf '<?xml version="1.0"?>\n<definitions xmlns="%s" xmlns:a="%s1" xmlns:b="%s2" id="d" a:color="red" b:color="blue"/>\n' "$NS_BPMN" "$U" "$U" >long.bpmn
run convert long.bpmn out.json
expect_status 0
expect_file_has out.json "\"{${U}1}color\": \"red\""
expect_file_has out.json "\"{${U}2}color\": \"blue\""
