#!/bin/sh
# PENDING (lib/buf.c ka_atomic_open): an output path that is a symbolic link
# to a file that does not exist yet is replaced by a regular file, while a link
# to an existing file is followed (since d4e1e08). Shell redirection and cp
# create the target; Kartla should do the same (resolve the link's target even
# when it is missing, e.g. readlink + the link's directory), or refuse clearly.
. "$(dirname "$0")/../cli/lib.sh"

mkdir sub
ln -s sub/real.json jlink.json
run convert "$SHARED/miwg-reference/A.1.0.bpmn" jlink.json
expect_status 0
[ -L jlink.json ] || fail "the dangling link was replaced by a regular file"
[ -f sub/real.json ] || fail "the link's target was not created"
