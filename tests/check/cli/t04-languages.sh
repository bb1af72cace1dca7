# --lang nb and sv: messages and the summary in Norwegian and Swedish.
. "$(dirname "$0")/lib.sh"

map="$CASES/start-event-required/fail.bpmn"
run check --lang nb "$map"
expect_status 1
expect_stdout_has "error [start-event-required] Process_1 \"\": Prosessen mangler starthendelse"
# the English task name is no Norwegian verb: one warning
expect_stdout_has "1 feil, 1 advarsel, 0 merknader"

run check --lang sv "$map"
expect_status 1
expect_stdout_has "Processen saknar starthändelse"
expect_stdout_has "1 fel, 1 varning, 0 noteringar"

run check --lang=en "$map"
expect_stdout_has "The process has no start event"

# the verb + object heuristic follows the language
sed 's/name="Register application"/name="Registrere søknad"/' \
	"$CASES/activity-verb-object/pass.bpmn" >nb.bpmn
run check --lang nb nb.bpmn
expect_stdout_lacks "activity-verb-object"
sed 's/name="Register application"/name="Registrering av søknad"/' \
	"$CASES/activity-verb-object/pass.bpmn" >nb2.bpmn
run check --lang nb nb2.bpmn
expect_stdout_has "warning [activity-verb-object] Register \"Registrering av søknad\": Aktiviteten \"Registrering av søknad\" begynner ikke med et verb"
sed 's/name="Register application"/name="Ta emot ansökan"/' \
	"$CASES/activity-verb-object/pass.bpmn" >sv.bpmn
run check --lang sv sv.bpmn
expect_stdout_lacks "activity-verb-object"
run check --lang en sv.bpmn
expect_stdout_has "activity-verb-object"

# i18n translations of a label are used for the chosen language
sed 's|<bpmn:task id="Register" name="Register application" />|<bpmn:task id="Register" name="Register application"><bpmn:extensionElements><i18n:translation xmlns:i18n="http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0" xml:lang="nb">Søknad</i18n:translation></bpmn:extensionElements></bpmn:task>|' \
	"$CASES/activity-verb-object/pass.bpmn" >i18n.bpmn
grep -q translation i18n.bpmn || fail "fixture not built"
run check --lang nb i18n.bpmn
expect_stdout_has 'Register "Søknad": Aktiviteten "Søknad" begynner ikke med et verb'
run check i18n.bpmn
expect_stdout_lacks "activity-verb-object"
