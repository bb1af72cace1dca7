# Text output: one line per finding, file:line: severity [rule] id "name": message,
# in document order, then a summary line.
. "$(dirname "$0")/lib.sh"

cp "$CASES/unreachable/fail.bpmn" map.bpmn
run check map.bpmn
expect_status 1
head -n 1 stdout >first
[ "$(cat first)" = 'map.bpmn:8: error [unreachable] LoopA "Check invoice": The activity cannot be reached from any start event: no path of sequence flows leads here' ] ||
	fail "first line is '$(cat first)'"
# every line but the last is a finding with that shape
lines=$(wc -l <stdout)
findings=$(grep -cE '^map\.bpmn:[0-9]+: (error|warning|info) \[[a-z-]+\] [^ ]+ "[^"]*": .+$' stdout || true)
[ "$findings" -eq $((lines - 1)) ] || fail "$findings finding lines of $lines"
[ "$findings" -eq 4 ] || fail "expected 4 findings, got $findings"
tail -n 1 stdout | grep -qx 'map.bpmn: 4 errors, 0 warnings, 0 notes' || fail "summary"
# line numbers never go down
cut -d: -f2 stdout | head -n "$findings" | sort -n -c || fail "findings not in document order"

# names on one line: white space folded, quotes escaped
sed 's/name="Register application"/name="Register \&quot;the\&quot;\&#10;application"/' \
	"$CASES/label-required/pass.bpmn" >quoted.bpmn
sed -i 's/name="Application received"/name=""/' quoted.bpmn
run check quoted.bpmn
expect_stdout_has 'Start "": The start event has no name'
run check --rules /dev/null "$CASES/activity-verb-object/fail.bpmn"
expect_status 0
expect_stdout_has 'Register "Application registration": The activity "Application registration" does not start with a verb'
sed 's/name="Register application"/name="Applikation \&quot;x\&quot;\&#10;y"/' \
	"$CASES/label-required/pass.bpmn" >q2.bpmn
run check q2.bpmn
expect_stdout_has 'Register "Applikation \"x\" y":'
