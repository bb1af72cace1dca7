# docs/rules.md has a section for every rule, with its default severity, and
# names no rule that does not exist.
. "$(dirname "$0")/lib.sh"

: "${RULES_DOC:?RULES_DOC must name docs/rules.md}"
run check --list-rules
expect_status 0
n=0
while read -r id sev; do
	grep -qx "### \`$id\`" "$RULES_DOC" || fail "docs/rules.md has no section for $id"
	sed -n "/^### \`$id\`\$/,/^### /p" "$RULES_DOC" | grep -q "^Default severity: \*\*$sev\*\*" ||
		fail "docs/rules.md: $id is not documented as $sev"
	n=$((n + 1))
done <stdout
[ "$n" -ge 30 ] || fail "only $n rules listed"
sed -n 's/^### `\(.*\)`$/\1/p' "$RULES_DOC" >documented
while read -r id; do
	grep -q "^$id " stdout || fail "docs/rules.md documents unknown rule $id"
done <documented
[ "$(wc -l <documented)" -eq "$n" ] || fail "docs/rules.md: $(wc -l <documented) sections for $n rules"
