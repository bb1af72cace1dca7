# --format json: byte-compared with expected.json in a few case directories
# (run from the case directory so "file" is stable), and well-formed with
# counts that match the findings for every golden case.
. "$(dirname "$0")/lib.sh"

n=0
for exp in "$CASES"/*/expected*.json; do
	dir=$(dirname "$exp")
	base=$(basename "$exp" .json)
	lang=${base#expected}
	lang=${lang#-}
	input=fail.bpmn
	[ -f "$dir/$input" ] || input=pass.bpmn
	status=0
	(cd "$dir" && "$KARTLA" check --format json ${lang:+--lang "$lang"} "$input") \
		>stdout 2>stderr || status=$?
	[ "$status" -le 1 ] || fail "$exp: exit status $status"
	cmp -s stdout "$exp" || { diff "$exp" stdout >&2 || true; fail "$exp differs"; }
	n=$((n + 1))
done
[ "$n" -ge 3 ] || fail "only $n expected.json files"

if command -v jq >/dev/null 2>&1; then
	for f in "$CASES"/*/*.bpmn; do
		status=0
		"$KARTLA" check --format json "$f" >stdout 2>stderr || status=$?
		[ "$status" -le 1 ] || fail "$f: exit status $status"
		jq -e '(.counts.error == ([.findings[] | select(.severity == "error")] | length))
			and (.counts.warning == ([.findings[] | select(.severity == "warning")] | length))
			and (.file | type == "string") and (.lang == "en")
			and ([.findings[] | keys_unsorted] | all(. == ["rule","severity","element","name","line","message"]))' \
			stdout >/dev/null || fail "$f: JSON shape"
		errors=$(jq .counts.error stdout)
		if [ "$errors" -gt 0 ]; then want=1; else want=0; fi
		[ "$status" -eq "$want" ] || fail "$f: exit $status with $errors errors"
	done
fi
