#!/bin/sh
# The XML reader stays linear on inputs built to hit quadratic paths (each
# well under the 64 MiB cap): 400,000 attributes on one element (the
# duplicate-attribute check took ~30 s) and 60,000 namespace declarations in
# scope for 600,000 prefixed elements (the prefix lookup took ~40 s).
. "$(dirname "$0")/lib.sh"

python3 - "$NS_BPMN" <<'PY'
import sys
ns = sys.argv[1]
attrs = ' '.join('a%d=""' % i for i in range(400000))
open('attrs.bpmn', 'w').write('<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="%s" id="d" %s/>\n' % (ns, attrs))
decls = ' '.join('xmlns:p%d="urn:%d"' % (i, i) for i in range(60000))
open('decls.bpmn', 'w').write('<?xml version="1.0"?>\n<definitions xmlns="%s" xmlns:x="urn:x" %s id="d"><documentation>%s</documentation></definitions>\n' % (ns, decls, '<x:e/>' * 600000))
PY

for f in attrs decls; do
	status=0
	timeout 20 "$KARTLA" convert $f.bpmn $f.out.bpmn >stdout 2>stderr || status=$?
	[ "$status" -ne 124 ] || fail "converting $f.bpmn ($(wc -c <$f.bpmn) bytes) took more than 20 s"
	expect_status 0
	cmp -s $f.bpmn $f.out.bpmn || [ "$f" = decls ] || fail "$f.bpmn did not round-trip"
done
expect_file_has decls.out.bpmn 'xmlns:p59999="urn:59999"'

# Duplicates are still found, through two prefixes bound to one namespace.
printf '<?xml version="1.0"?>\n<definitions xmlns="%s" xmlns:a="urn:u" xmlns:b="urn:u" id="d" a:x="1" b:x="2"/>\n' "$NS_BPMN" >dupattr.bpmn
run convert dupattr.bpmn out.bpmn
expect_status 2
expect_stderr "kartla: dupattr.bpmn:2:1: attribute 'x' appears twice in one namespace (under two prefixes)"
