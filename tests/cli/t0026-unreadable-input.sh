#!/bin/sh
# A directory or a missing file as input: exit 2, one message naming the path
# and the cause, no output.
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
		[ "$(wc -l <stderr)" -eq 1 ] || fail "expected one line on stderr"
		case $(cat stderr) in
		"kartla: $in:"*": $cause") ;;
		*) fail "stderr is '$(cat stderr)', expected 'kartla: $in:...: $cause'" ;;
		esac
		[ "$out" = - ] || expect_no_file "$out"
	done
done
