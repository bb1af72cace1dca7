#!/bin/sh
# Read and report by default: each quirk of another tool's export
# (tests/data/bpmn-quirks/) opens with a warning naming what was repaired,
# the output reads again, and --strict refuses the file (exit 2). Encodings
# iconv knows are read (not a repair) in both modes.
. "$(dirname "$0")/lib.sh"

Q=$BPMN_DATA/../bpmn-quirks

expect_stdout_has() {
	grep -qF -- "$1" stdout || fail "stdout lacks: $1"
}

# quirk FILE WARNING: the default reads FILE with WARNING, --strict refuses it.
quirk() {
	run convert "$Q/$1" out.bpmn
	expect_status 0
	expect_stderr_has "kartla: warning: $Q/$1:$2"
	run convert out.bpmn again.bpmn
	expect_status 0
	run convert --strict "$Q/$1" strict.bpmn
	expect_status 2
	expect_no_file strict.bpmn
	rm -f out.bpmn again.bpmn
}

quirk dangling-ref.bpmn "8:5: element 'f2': dangling targetRef 'ghost' kept aside in kartla:unresolved"
quirk duplicate-id.bpmn "6:5: element 't_dup2': duplicate id 't' (also on <task> at line 5) renamed to 't_dup2'"
quirk latin1-declared-utf8.bpmn "5:1: not valid UTF-8 from line 5 on: read as windows-1252"
quirk negative-label-bounds.bpmn "16:130: element 'f2_di': label <Bounds> with width -30 given width 30"
quirk bounds-without-height.bpmn "13:51: element 't_di': <Bounds> without 'height' given height 80"
quirk vendor-element.bpmn "5:31: element 't': unknown element <LoopCounter> in a BPMN namespace kept as it is"

# What was repaired is in the output: positive sizes, a default height, the vendor element as it was.
run convert "$Q/negative-label-bounds.bpmn" -
expect_stdout_has '<dc:Bounds x="300" y="90" width="30" height="14"/>'
run convert "$Q/bounds-without-height.bpmn" -
expect_stdout_has '<dc:Bounds x="180" y="78" width="100" height="80"/>'
run convert "$Q/vendor-element.bpmn" -
expect_stdout_has '<LoopCounter>3</LoopCounter>'
run convert "$Q/latin1-declared-utf8.bpmn" -
expect_stdout_has 'name="Prüfe Anträge"'

# Encodings: declared and read as such, strictly too, written as UTF-8.
for f in windows-1252:'Prüfe Anträge – Zählung' iso-8859-15:'Prüfe Anträge €' shift-jis:'申請を確認する'; do
	run convert --strict "$Q/${f%%:*}.bpmn" -
	expect_status 0
	[ ! -s stderr ] || fail "${f%%:*}: warnings on a file in a declared encoding"
	expect_stdout_has "name=\"${f#*:}\""
	expect_stdout_has '<?xml version="1.0" encoding="UTF-8"?>'
done

# check lists the repairs as findings of import-repair; --strict refuses.
run check "$Q/dangling-ref.bpmn"
expect_stdout_has "warning [import-repair] f2"
run check --strict "$Q/dangling-ref.bpmn"
expect_status 2

# Still refused by default, as before: not XML, DOCTYPE, over the size cap.
printf 'no xml here' >plain.bpmn
run convert plain.bpmn out.bpmn
expect_status 2
printf '<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x "y">]>\n<d/>\n' >dt.bpmn
run convert dt.bpmn out.bpmn
expect_status 2
run convert --max-size 100 "$Q/windows-1252.bpmn" out.bpmn
expect_status 2
expect_stderr_has "size cap"
# A Visio drawing or draw.io file goes to its reader, which refuses a broken one clearly.
printf 'PK\003\004rest of a zip' >drawing.vsdx
run convert drawing.vsdx out.bpmn
expect_status 2
expect_stderr_has "drawing.vsdx"
printf '<mxfile><diagram>oops</mxfile>\n' >d.drawio
run convert d.drawio out.bpmn
expect_status 2
expect_stderr_has "d.drawio:1:"
expect_no_file out.bpmn
