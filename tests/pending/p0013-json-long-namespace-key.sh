#!/bin/sh
# PENDING (lib/map_json.c attrs_json): qualified attribute keys "{URI}local" are
# built in a 512-byte array. With a longer namespace URI the key is cut short,
# two attributes whose URIs differ only after byte 510 collide and one value is
# silently lost (a cut inside a UTF-8 sequence makes jansson drop the attribute
# too). Build the key in a ka_buf and check json_object_set_new's result.
. "$(dirname "$0")/../cli/lib.sh"

U=urn:$(printf '%0600d' 0)
printf '<?xml version="1.0"?>\n<definitions xmlns="%s" xmlns:a="%s1" xmlns:b="%s2" id="d" a:color="red" b:color="blue"/>\n' "$NS_BPMN" "$U" "$U" >long.bpmn
run convert long.bpmn out.json
expect_status 0
expect_file_has out.json "\"{${U}1}color\": \"red\""
expect_file_has out.json "\"{${U}2}color\": \"blue\""
