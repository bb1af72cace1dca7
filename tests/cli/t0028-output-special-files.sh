#!/bin/sh
# Output to something other than a plain file: a device is written, not
# replaced (as root, `kartla convert x.bpmn /dev/null` used to replace
# /dev/null with a regular file); a symbolic link is followed; a FIFO is written.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

run convert "$A" expected.bpmn
expect_status 0

# A private copy of /dev/null (character device 1,3); needs root or CAP_MKNOD.
if mknod null c 1 3 2>/dev/null; then
	run convert "$A" null
	expect_status 0
	[ -c null ] || fail "the device node 'null' was replaced by a regular file"
fi

printf 'old\n' >target.bpmn
ln -s target.bpmn link.bpmn
run convert "$A" link.bpmn
expect_status 0
[ -L link.bpmn ] || fail "the symbolic link was replaced by a regular file"
cmp -s target.bpmn expected.bpmn || fail "the link's target was not written"

# A link into another directory: written there, no temporary file left anywhere.
mkdir sub
printf 'old\n' >sub/real.json
ln -s sub/real.json jlink.json
run convert "$A" jlink.json
expect_status 0
[ -L jlink.json ] || fail "the link to sub/real.json was replaced"
expect_file_has sub/real.json '"format": "kartla-map"'
[ "$(ls -A sub)" = real.json ] || fail "files left in sub/: $(ls -A sub)"
[ -z "$(ls -A | grep tmp || true)" ] || fail "temporary file left: $(ls -A)"

# A dangling link: its target is created, like shell redirection does.
mkdir sub2
ln -s sub2/new.bpmn dangling.bpmn
run convert "$A" dangling.bpmn
expect_status 0
[ -L dangling.bpmn ] || fail "the dangling link was replaced by a regular file"
cmp -s sub2/new.bpmn expected.bpmn || fail "the dangling link's target was not created"

if mkfifo fifo 2>/dev/null; then
	cat fifo >from-fifo.bpmn &
	reader=$!
	run convert "$A" fifo
	wait "$reader"
	expect_status 0
	[ -p fifo ] || fail "the FIFO was replaced"
	cmp -s from-fifo.bpmn expected.bpmn || fail "the FIFO reader got other bytes"
fi
