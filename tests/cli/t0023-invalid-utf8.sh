#!/bin/sh
# Invalid UTF-8 bytes: the position of the first bad byte, counted in characters.
. "$(dirname "$0")/lib.sh"

bpmn ff.bpmn "$(printf '  <process id="p" name="a\377b"/>')"
refuse ff.bpmn "ff.bpmn:3:26: invalid UTF-8 byte 0xFF" --strict

# Latin-1 byte in a file that says (or defaults to) UTF-8.
bpmn latin.bpmn "$(printf '  <process id="p" name="S\370knad"/>')"
refuse latin.bpmn "latin.bpmn:3:26: invalid UTF-8 byte 0xF8" --strict

# A stray continuation byte after two valid two-byte characters (columns 18, 19).
bpmn cont.bpmn "$(printf '  <documentation>\303\245\303\245\200</documentation>')"
refuse cont.bpmn "cont.bpmn:3:20: invalid UTF-8 byte 0x80" --strict

# An overlong encoding of NUL, a UTF-16 surrogate, and a truncated sequence.
bpmn overlong.bpmn "$(printf '  <documentation>ab\300\200</documentation>')"
refuse overlong.bpmn "overlong.bpmn:3:20: invalid UTF-8 byte 0xC0" --strict
bpmn surrogate.bpmn "$(printf '  <documentation>\355\240\200</documentation>')"
refuse surrogate.bpmn "surrogate.bpmn:3:18: invalid UTF-8 byte 0xED" --strict
bpmn short.bpmn "$(printf '  <documentation>\342\202</documentation>')"
refuse short.bpmn "short.bpmn:3:18: invalid UTF-8 byte 0xE2" --strict

# Across the reader's 1 MiB chunks: a valid two-byte character straddling the
# first boundary reads fine; an invalid byte after 2 MiB is located exactly.
python3 - "$NS_BPMN" <<'PY'
import sys
head = ('<?xml version="1.0" encoding="UTF-8"?>\n<definitions xmlns="%s" id="d">\n'
        '  <documentation>' % sys.argv[1]).encode()
tail = b'</documentation>\n</definitions>\n'
mib = 1 << 20
open('straddle.bpmn', 'wb').write(head + b'a' * (mib - len(head) - 1) + '\u00f8'.encode() + tail)
open('far.bpmn', 'wb').write(head + b'b' * (2 * mib - len(head) - 2) + '\u20ac'.encode() + b'x\xff' + tail)
PY
run convert straddle.bpmn out.bpmn
expect_status 0
rm out.bpmn
# Column: 17 characters of indentation and tag, 2097020 b's, the euro sign, x.
refuse far.bpmn "far.bpmn:3:2097041: invalid UTF-8 byte 0xFF" --strict
