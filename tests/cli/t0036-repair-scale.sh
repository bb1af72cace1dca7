#!/bin/sh
# --repair stays linear: 20,000 dangling references on one element and 20,000
# copies of one id (each ~0.5 MB) convert in seconds, not minutes (the
# quadratic versions took ~20 s and ~4 GB, and ~25 s).
. "$(dirname "$0")/lib.sh"

python3 - "$NS_BPMN" <<'PY'
import sys
ns = sys.argv[1]
refs = ''.join('<incoming>ghost%d</incoming>' % i for i in range(20000))
open('refs.bpmn', 'w').write('<?xml version="1.0"?>\n<definitions xmlns="%s" id="d"><process id="p"><task id="t">%s</task></process></definitions>\n' % (ns, refs))
open('dups.bpmn', 'w').write('<?xml version="1.0"?>\n<definitions xmlns="%s" id="d"><process id="p">%s</process></definitions>\n' % (ns, '<task id="a"/>' * 20000))
PY

limited() { # run kartla with a time limit and, outside ASan, a memory limit
	status=0
	(
		grep -qa __asan_init "$KARTLA" || ulimit -v 1000000
		exec timeout 20 "$KARTLA" "$@"
	) >stdout 2>stderr || status=$?
	[ "$status" -ne 124 ] || fail "kartla $* took more than 20 s"
}

limited convert --repair refs.bpmn refs.out.bpmn
expect_status 0
[ "$(grep -c 'dangling incoming' stderr)" -eq 20000 ] || fail "expected 20000 warnings"
expect_file_has refs.out.bpmn 'kartla:unresolved="incoming=ghost0 incoming=ghost1 incoming=ghost2 '
grep -q 'incoming=ghost19999"' refs.out.bpmn || fail "the last dangling reference is missing"

limited convert --repair dups.bpmn dups.out.bpmn
expect_status 0
[ "$(grep -c 'duplicate id' stderr)" -eq 19999 ] || fail "expected 19999 warnings"
expect_file_has dups.out.bpmn 'id="a_dup20000"'
[ "$(grep -c 'kartla:originalId="a"' dups.out.bpmn)" -eq 19999 ] || fail "original ids missing"
