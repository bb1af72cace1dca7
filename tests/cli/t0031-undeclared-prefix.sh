#!/bin/sh
# An undeclared namespace prefix (ns0) in a copy of a Signavio export is refused
# with a message naming the prefix and its line; the original file reads.
. "$(dirname "$0")/lib.sh"
F=$BPMN_DATA/miwg-tools/SAP-Signavio-Process-Manager-19.9.0/A.2.1-roundtrip.bpmn

run convert "$F" ok.bpmn
expect_status 0
! grep -q 'xmlns:ns0' "$F" || fail "the data file declares ns0 now"

# Line 5 holds <w4graph:basic .../> at column 13: rename its prefix to ns0.
sed -n 5p "$F" | grep -q '^            <w4graph:basic ' || fail "data file changed at line 5"
sed '5s/<w4graph:basic /<ns0:basic /' "$F" >ns0.bpmn
refuse ns0.bpmn "ns0.bpmn:5:13: undeclared namespace prefix 'ns0' (element <ns0:basic>)"

# On a BPMN element further down, and on an attribute.
line=$(grep -n '<task ' "$F" | head -n 1 | cut -d: -f1)
# Rename the first task's start and end tags to ns0:task.
python3 - "$F" "$line" <<'PY'
import sys
path, line = sys.argv[1], int(sys.argv[2])
lines = open(path, encoding='utf-8').read().split('\n')
lines[line - 1] = lines[line - 1].replace('<task ', '<ns0:task ', 1)
for i in range(line, len(lines)):
    if '</task>' in lines[i]:
        lines[i] = lines[i].replace('</task>', '</ns0:task>', 1)
        break
open('task.bpmn', 'w', encoding='utf-8').write('\n'.join(lines))
PY
col=$(sed -n "${line}p" task.bpmn | awk '{ print index($0, "<ns0:task") }')
refuse task.bpmn "task.bpmn:$line:$col: undeclared namespace prefix 'ns0' (element <ns0:task>)"

sed "${line}s/<task /<task ns0:color=\"red\" /" "$F" >attr.bpmn
refuse attr.bpmn "attr.bpmn:$line:$col: undeclared namespace prefix 'ns0' (attribute ns0:color)"
