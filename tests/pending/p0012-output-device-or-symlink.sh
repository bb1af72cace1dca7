#!/bin/sh
# PENDING (lib/buf.c ka_atomic_open/commit, cli/cmd_convert.c): the output is
# always written to a temporary file and renamed over OUT. When OUT is a
# device, the device node is replaced by a regular file: as root,
# `kartla convert map.bpmn /dev/null` (a natural way to validate a file)
# destroys /dev/null. When OUT is a symbolic link, the link is replaced and
# its target is left stale. Suggested: stat OUT first; write non-regular files
# (devices, FIFOs) directly, and resolve symbolic links before choosing the
# temporary file's directory.
. "$(dirname "$0")/../cli/lib.sh"
A=$SHARED/miwg-reference/A.1.0.bpmn

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
cmp -s link.bpmn target.bpmn || fail "the link's target was not written"
