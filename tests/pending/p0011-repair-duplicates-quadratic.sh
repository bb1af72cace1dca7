#!/bin/sh
# PENDING (lib/bpmn_read.c register_id): the n-th copy of a duplicated id tries
# "<id>_dup2", "<id>_dup3", ... from 2 each time: O(n^2). 20,000 elements with
# id="a" (280 kB) take ~25 s in --repair mode; 64 MiB would take days. Remember
# the next free suffix per original id.
. "$(dirname "$0")/../cli/lib.sh"

python3 - "$NS_BPMN" <<'PY'
import sys
open('dups.bpmn', 'w').write('<?xml version="1.0"?>\n<definitions xmlns="%s" id="d"><process id="p">%s</process></definitions>\n' % (sys.argv[1], '<task id="a"/>' * 20000))
PY
status=0
timeout 3 "$KARTLA" convert --repair dups.bpmn out.bpmn >stdout 2>stderr || status=$?
[ "$status" -ne 124 ] || fail "repairing 20,000 duplicate ids took more than 3 s"
expect_status 0
expect_file_has out.bpmn 'id="a_dup20000"'
