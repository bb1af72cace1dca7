# --rules: switch a rule off, change severities, and refuse a bad file with
# file:line:column and exit 64.
. "$(dirname "$0")/lib.sh"

cp "$CASES/no-disconnected/fail.bpmn" map.bpmn
map=map.bpmn
run check "$map"
expect_status 1
expect_stdout_has "error [no-disconnected]"

printf '# our house rules\nno-disconnected = off\n' >off.rules
run check --rules off.rules "$map"
expect_status 0
expect_stdout_lacks "no-disconnected"
expect_stdout_has "0 errors"

printf 'no-disconnected = warning\n' >warn.rules
run check --rules=warn.rules "$map"
expect_status 0
expect_stdout_has "warning [no-disconnected]"

printf 'label-required = error\n' >strict.rules
run check --rules strict.rules "$CASES/label-required/fail.bpmn"
expect_status 1
expect_stdout_has "error [label-required]"

printf '* = off\nlabel-required = info\n' >only.rules
run check --rules only.rules "$CASES/label-required/fail.bpmn"
expect_status 0
expect_stdout_has "info [label-required]"
expect_stdout_has "0 errors, 0 warnings, 1 note"

printf 'no-disconnected = off\nno-disconected = off\n' >typo.rules
run check --rules typo.rules "$map"
expect_status 64
expect_stdout_empty
expect_stderr_has "kartla: typo.rules:2:1: unknown rule 'no-disconected': did you mean 'no-disconnected'?"

printf 'dead-end = fatal\n' >sev.rules
run check --rules sev.rules "$map"
expect_status 64
expect_stderr_has "sev.rules:1:12: unknown severity 'fatal'"

run check --rules nowhere.rules "$map"
expect_status 64
expect_stderr_has "kartla: nowhere.rules: cannot read the rules file"

run check --list-rules
expect_status 0
expect_stdout_has "no-disconnected"
[ "$(wc -l <stdout)" -ge 30 ] || fail "--list-rules lists too few rules"
grep -qE '^start-event-required +error$' stdout || fail "--list-rules: severity column"
