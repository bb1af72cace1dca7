#!/bin/sh
# Maps the lead-time analysis cannot use are refused with exit status 2 and one
# message naming the element and the field; nothing goes to stdout, no file is written.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
G=$SRC/tests/golden/leadtime

refuse_lt() { # FILE MESSAGE [OPTIONS...]
	f=$1
	msg=$2
	shift 2
	run leadtime --histogram h.svg "$@" "$G/$f"
	expect_status 2
	expect_stderr "kartla: $G/$msg"
	expect_stdout_empty
	expect_no_file h.svg
}

refuse_lt bad-sum.bpmn "bad-sum.bpmn:6:5: element 'x': exclusive gateway 'x': the kartla:probability values of its outgoing flows add up to 0.9, not 1"
refuse_lt bad-loop.bpmn "bad-loop.bpmn:7:5: element 'g': loop at gateway 'g' never ends: the flow back to 'a' has kartla:probability 1 and the way out 0"
refuse_lt bad-join.bpmn "bad-join.bpmn:9:5: element 'j': joining gateway 'j' closes no parallel or inclusive split: it would wait for flows that never come (use an exclusive gateway to merge alternatives)"
refuse_lt bad-prob.bpmn "bad-prob.bpmn:11:74: element 'f2': kartla:probability value '1.5' is invalid: expected a number from 0 to 1"
refuse_lt bad-negative.bpmn "bad-negative.bpmn:6:46: element 'a': kartla:waitTime value '-P1D' is invalid: expected an ISO 8601 duration such as PT30M or P2D (no years or months)"
refuse_lt bad-text.bpmn "bad-text.bpmn:6:46: element 'a': kartla:waitTime value 'two days' is invalid: expected an ISO 8601 duration such as PT30M or P2D (no years or months)"
refuse_lt bad-order.bpmn "bad-order.bpmn:6:46: element 'a': kartla:processTime is out of order: min PT2H, mostLikely PT1H, max PT3H (need min <= mostLikely <= max)"
# Found by the fuzzer: a node of an outer branch reached again from a nested block
# (read out of bounds before the fix); now the unstructured-block message.
refuse_lt bad-nested-share.bpmn "bad-nested-share.bpmn:8:5: element 'm1': 'm1' is reached from more than one branch of gateway 'd': the analysis needs branches that meet only at their join"
refuse_lt sequence.bpmn "sequence.bpmn: no element with id 'Nope' in the map (--process)" --process Nope
refuse_lt sequence.bpmn "sequence.bpmn:17:5: element 'a': 'a' is a task, not a process (--process)" --process a

# Missing probabilities are taken as uniform, with a warning naming the gateway.
run leadtime --runs 0 --basis calendar "$G/missing-prob.bpmn"
expect_status 0
expect_stderr "kartla: warning: $G/missing-prob.bpmn: exclusive gateway 'x': 2 of its 2 outgoing flows have no kartla:probability; taken as 0.5 each"
expect_file_has stdout "Expected lead time:   0.1 calendar days (2.0 hours)"

# Usage mistakes: exit 64.
for args in "--runs -1" "--runs 1x" "--runs 10000001" "--seed abc" "--basis lunar" \
	"--hours-per-day 0" "--hours-per-day 25" "--days-per-week 8" "--format xml" \
	"--hours-per-day 1e-300" "--hours-per-day 0.5" "--days-per-week 0.000001" \
	"--distribution normal" "--runs 0 --histogram h.svg" "--frobnicate"; do
	# shellcheck disable=SC2086
	run leadtime $args "$G/sequence.bpmn"
	expect_status 64
	expect_stdout_empty
	expect_no_file h.svg
done
run leadtime
expect_status 64
expect_stderr_has "usage: kartla leadtime"
run leadtime "$G/sequence.bpmn" "$G/rework.bpmn"
expect_status 64

# An unwritable histogram: exit 3, nothing on stdout.
run leadtime --runs 100 --histogram no-such-dir/h.svg "$G/sequence.bpmn"
expect_status 3
expect_stdout_empty
expect_stderr "kartla: cannot write no-such-dir/h.svg"
