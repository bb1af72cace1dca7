#!/bin/sh
# A directory or a missing file as input: exit 2, one message naming the path
# and the cause (no position: there is no line to point at), no output.
. "$(dirname "$0")/lib.sh"

mkdir indir
for case in "indir|cannot read file: is a directory" \
	"missing.bpmn|cannot open file: No such file or directory"; do
	in=${case%%|*}
	cause=${case#*|}
	for out in out.bpmn out.json -; do
		run convert "$in" "$out"
		expect_status 2
		expect_stdout_empty
		expect_stderr "kartla: $in: $cause"
		[ "$out" = - ] || expect_no_file "$out"
	done
done
