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
# every name is judged in its own language, whoever reads: the Norwegian noun is quoted to
# an English reader too, and the English name is not judged as Norwegian
run check i18n.bpmn
expect_stdout_has 'Register "Register application": The activity "Søknad" does not start with a verb'

# the untranslated name is in the map's language: --map-lang, else --lang
sed 's/name="Register application"/name="Granska beslutsunderlag"/' \
	"$CASES/activity-verb-object/pass.bpmn" >sv2.bpmn
run check --lang sv sv2.bpmn
expect_stdout_lacks "activity-verb-object"
run check --map-lang sv sv2.bpmn
expect_stdout_lacks "activity-verb-object"
run check sv2.bpmn
expect_stdout_has 'The activity "Granska beslutsunderlag" does not start with a verb'
sed 's/name="Register application"/name="Kundförfrågan"/' \
	"$CASES/activity-verb-object/pass.bpmn" >sv3.bpmn
run check --map-lang sv sv3.bpmn
expect_stdout_has 'The activity "Kundförfrågan" does not start with a verb'
run check --lang en --map-lang sv sv3.bpmn
expect_stdout_has 'The activity "Kundförfrågan" does not start with a verb'
# a map that says its language (xml:lang on definitions, as the editor writes it) is in it,
# whatever --map-lang says
sed 's/<bpmn:definitions /<bpmn:definitions xml:lang="sv" /' sv2.bpmn >sv4.bpmn
grep -q 'definitions xml:lang="sv"' sv4.bpmn || fail "fixture sv4 not built"
run check --map-lang en sv4.bpmn
expect_stdout_lacks "activity-verb-object"
sed 's/<bpmn:definitions /<bpmn:definitions xml:lang="en" /' sv2.bpmn >en4.bpmn
run check --map-lang sv en4.bpmn
expect_stdout_has 'The activity "Granska beslutsunderlag" does not start with a verb'
run check --lang sv --map-lang xx sv3.bpmn
expect_status 64
expect_stderr_has "--map-lang must be en, nb or sv"
# a name translated into the two other languages is the third one: English here
sed 's|<bpmn:task id="Register" name="Register application" />|<bpmn:task id="Register" name="Register application"><bpmn:extensionElements><i18n:translation xmlns:i18n="http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0" xml:lang="nb">Registrer søknad</i18n:translation><i18n:translation xmlns:i18n="http://www.omg.org/spec/BPMN/non-normative/extensions/i18n/1.0" xml:lang="sv">Registrera ansökan</i18n:translation></bpmn:extensionElements></bpmn:task>|' \
	"$CASES/activity-verb-object/pass.bpmn" >i18n3.bpmn
grep -q 'xml:lang="sv"' i18n3.bpmn || fail "fixture not built"
run check --lang sv i18n3.bpmn
expect_stdout_lacks "activity-verb-object"
