# Exit status: 0 without errors (warnings allowed), 1 with errors, 2 when the
# map cannot be read (with the reader's message), 64 on usage mistakes.
. "$(dirname "$0")/lib.sh"

run check "$CASES/start-event-required/pass.bpmn"
expect_status 0
expect_stdout_has "pass.bpmn: 0 errors, 0 warnings, 0 notes"

run check "$CASES/label-required/fail.bpmn" # a warning only
expect_status 0
expect_stdout_has "warning [label-required]"
expect_stdout_has "0 errors, 1 warning, 0 notes"

run check "$CASES/start-event-required/fail.bpmn"
expect_status 1
expect_stdout_has "error [start-event-required]"
expect_stdout_has "1 error, 0 warnings, 0 notes"

printf 'not xml at all' >bad.bpmn
run check bad.bpmn
expect_status 2
expect_stdout_empty
expect_stderr_has "kartla: bad.bpmn:1:1:"

run check missing.bpmn
expect_status 2
expect_stderr_has "missing.bpmn"

# a dangling reference: repaired and reported by default (and with --repair), refused with --strict
sed 's/targetRef="Register"/targetRef="Nowhere"/' "$CASES/start-event-required/pass.bpmn" >dangling.bpmn
run check --strict dangling.bpmn
expect_status 2
expect_stderr_has "'Nowhere'"
for flag in "" --repair; do
	# shellcheck disable=SC2086
	run check $flag dangling.bpmn
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || fail "check $flag: exit status $status"
	expect_stderr_has "warning:"
	expect_stdout_has "warning [import-repair]"
done

# the size cap is the reader's
run check --max-size 100 "$CASES/start-event-required/pass.bpmn"
expect_status 2
expect_stderr_has "size cap"

for args in "" "--format" "--format xml x.bpmn" "--lang de x.bpmn" "--bogus x.bpmn" \
	"a.bpmn b.bpmn" "--max-size lots x.bpmn" "--rules"; do
	# shellcheck disable=SC2086
	run check $args
	[ "$status" -eq 64 ] || fail "kartla check $args: exit status $status, expected 64"
	expect_stdout_empty
done

run check --help
expect_status 0
expect_stdout_has "usage: kartla check"
