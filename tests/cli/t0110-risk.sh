#!/bin/sh
# kartla risk matrix|list|plan: a workspace with risks on two scales, every output format,
# the data directory form of --db, and bad usage (exit 64) or an unusable database (exit 2).
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

run db migrate --db sqlite:w.db
expect_status 0
python3 - w.db <<'PY' || fail "cannot fill w.db"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
se4 = {"key": "se4", "size": 4, "thresholds": {"yellow": 4, "red": 9},
       "acceptance": {"green": "accept", "yellow": "consider", "red": "act"},
       "likelihood": [{"nb": "a", "sv": "b", "en": "L%d" % i} for i in range(1, 5)],
       "consequence": [{"nb": "a", "sv": "b", "en": "C%d" % i} for i in range(1, 5)]}
no5 = dict(se4, key="no5", size=5, thresholds={"yellow": 5, "red": 15},
           likelihood=[{"nb": "Nivå %d" % i, "sv": "b", "en": "L%d" % i} for i in range(1, 6)],
           consequence=[{"nb": "a", "sv": "b", "en": "C%d" % i} for i in range(1, 6)])
db.execute("INSERT INTO risk_scales (id, key, size, definition) VALUES (1, 'se4', 4, ?)", (json.dumps(se4),))
db.execute("INSERT INTO risk_scales (id, key, size, definition) VALUES (2, 'no5', 5, ?)", (json.dumps(no5),))
db.execute("INSERT INTO units (id, name) VALUES (1, 'Bygglovsenheten')")
db.execute("INSERT INTO people (id, name, unit_id) VALUES (1, 'Erik Johansson', 1)")
db.execute("INSERT INTO processes (id, type, name_sv) VALUES (1, 'core', 'Bygglov'), (2, 'support', 'Fakturor')")
db.execute("INSERT INTO map_versions (id, process_id, variant, number, state, bpmn) VALUES (1, 1, 'as_is', 1, 'approved', '')")
db.execute("INSERT INTO map_elements (version_id, element_id, type, name) VALUES (1, 'T1', 'task', 'Check application')")
rows = [
    (1, 1, 'T1', 'Incomplete application, found late', 1, 2, 4, 4, None, None, None),
    (2, 1, 'T9', 'Appeal on a formal error', None, 2, 2, 5, 2, 2, 2),
    (3, 2, None, 'Reminder fees', None, 1, 3, 3, None, None, None),
    (4, 2, None, 'Not scored yet', None, None, None, None, None, None, None),
]
for r in rows:
    db.execute("INSERT INTO risks (id, process_id, element_id, title, owner_id, scale_id, likelihood,"
               " impact, residual_scale_id, residual_likelihood, residual_impact) VALUES (?,?,?,?,?,?,?,?,?,?,?)", r)
db.execute("INSERT INTO risk_actions (risk_id, title, responsible_id, due_date, status, cost)"
           " VALUES (1, 'Checklist, \"complete\" on arrival', 1, '2020-01-31', 'ongoing', 2000)")
db.commit()
PY

# The matrix as text: inherent on the current 5x5 scale; the 4x4 score is counted apart.
run risk matrix --db sqlite:w.db
expect_status 0
expect_file_has stdout "Inherent risk, scale no5 (5x5): 2 scored"
expect_file_has stdout "L4 L4                       g  0 y  0 y  0 r  1 r  0"
expect_file_has stdout "1 score(s) on an earlier scale not shown"
expect_file_has stdout "1 risk(s) not scored yet"
[ ! -s stderr ] || fail "unexpected stderr"
run risk matrix --db sqlite:w.db --residual
expect_status 0
expect_file_has stdout "Residual risk, scale no5 (5x5): 1 scored"
expect_file_has stdout "L2 L2                       g  0 g  1 y  0 y  0 y  0"

# JSON and SVG.
run risk matrix --db w.db --format json
expect_status 0
python3 - stdout <<'PY' || fail "matrix JSON is wrong"
import json, sys
m = json.load(open(sys.argv[1]))
assert m["scale"]["key"] == "no5"
assert m["inherent"]["cells"][3][3] == 1 and m["inherent"]["cells"][1][4] == 1, m["inherent"]
assert m["residual"]["cells"][1][1] == 1 and m["residual"]["total"] == 1
assert m["other_scale"] == {"inherent": 1, "residual": 0} and m["unscored"] == 1
PY
run risk matrix --db w.db --format svg --lang nb --process 1
expect_status 0
python3 -c "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])" stdout || fail "SVG is not well-formed"
expect_file_has stdout 'data-l="4" data-c="4" data-count="1"'
expect_file_has stdout "Iboende risiko (2)"
expect_file_has stdout "Nivå 5"

# The list: highest R first, orphan and earlier scale marked; CSV and JSON.
run risk list --db w.db
expect_status 0
[ "$(head -n 1 stdout | tr -s ' ')" = " 1 R16 red no5 Bygglov T1 Incomplete application, found late" ] ||
	fail "first line: $(head -n 1 stdout)"
expect_file_has stdout "Appeal on a formal error  [orphaned element]"
expect_file_has stdout "Reminder fees  [earlier scale]"
expect_file_has stdout "4 risk(s)"
run risk list --db w.db --format csv --process 2
expect_status 0
[ "$(wc -l <stdout)" -eq 3 ] || fail "csv of process 2: $(cat stdout)"
expect_file_has stdout "3,Fakturor,,,Reminder fees,,,,3,3,9,red,se4,no,,"
run risk list --db w.db --format json --residual
expect_status 0
python3 -c "import json,sys; l=json.load(open(sys.argv[1])); assert [r['id'] for r in l][0] == 2, l" stdout ||
	fail "--residual does not sort by residual"

# The plan (the default rule: red risks and risks with a decided action), per unit; CSV quotes,
# HTML escapes.
run risk plan --db w.db
expect_status 0
expect_file_has stdout "Internal-control plan: 2 risk(s), 1 action(s)"
expect_file_has stdout "- Checklist, \"complete\" on arrival; Erik Johansson; due 2020-01-31; ongoing (OVERDUE)"
expect_file_has stdout "(no action yet)"
run risk plan --db w.db --format csv
expect_status 0
expect_file_has stdout 'Bygglovsenheten,Bygglov,1,"Incomplete application, found late",T1,,4,4,16,no5,,1,"Checklist, ""complete"" on arrival",Erik Johansson,2020-01-31,Ongoing,2000.00,Yes'
run risk plan --db w.db --format csv --lang sv
expect_status 0
expect_file_has stdout ';Erik Johansson;2020-01-31;Pågår;2000,00;Ja'
run risk plan --db w.db --format html --lang sv
expect_status 0
expect_file_has stdout "<h1>Plan för intern kontroll</h1>"
expect_file_has stdout "Checklist, &quot;complete&quot; on arrival"

# A data directory stands for its kartla.db.
mkdir data
cp w.db data/kartla.db
run risk plan --db data --format json
expect_status 0
expect_file_has stdout '"risks": 2'

# Bad usage: exit 64 with the reason.
run risk
expect_status 64
expect_stderr_has "give an action: matrix, list or plan"
run risk heatmap --db w.db
expect_status 64
expect_stderr_has "unknown action 'heatmap'"
run risk matrix --db w.db --format csv
expect_status 64
expect_stderr_has "format 'csv' is not one of text, json, svg"
run risk list --db w.db --process x
expect_status 64
expect_stderr_has "--process needs a positive id"
run risk list --db w.db --lang de
expect_status 64
run risk list --bogus
expect_status 64
run risk list
expect_status 64
expect_stderr_has "no database"

# An unusable database: exit 2, nothing written.
run risk list --db missing.db
expect_status 2
expect_no_file missing.db
run db migrate --db sqlite:empty.db
python3 -c "import sqlite3; c=sqlite3.connect('v1.db'); c.execute('CREATE TABLE schema_version (version INTEGER)'); c.execute('INSERT INTO schema_version VALUES (1)'); c.commit()"
run risk matrix --db v1.db
expect_status 2
expect_stderr_has "has no risk tables (schema version 1)"
run risk list --db w.db --process 99
expect_status 2
expect_stderr_has "no process with id 99"
