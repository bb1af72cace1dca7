#!/bin/sh
# kartla process list|show|history: a small workspace made with SQL, text and JSON output,
# the tree, filters, names per language, the data directory form of --db, $KARTLA_DB, and
# bad usage (exit 64), an unknown process or an unusable database (exit 2).
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

mkdir data
run db migrate --db sqlite:data/kartla.db
expect_status 0
python3 - data/kartla.db <<'PY' || fail "cannot fill the database"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
spec = {"purpose": "Decide on building permits", "inputs": ["Application", "Drawings"],
        "indicators": [{"name": "Lead time", "target": "3 weeks", "frequency": "monthly", "status": "green"}]}
db.execute("INSERT INTO users (id, login, display_name, password_hash, is_admin) VALUES (1, 'admin', 'Admin', 'x', 1)")
db.execute("INSERT INTO processes (id, parent_id, sort_order, type, name_nb, name_sv, name_en, outline,"
           " review_interval_days, next_review_date, specification) VALUES"
           " (1, NULL, 1, 'core', 'Byggesak', 'Bygglov', 'Building permits', '1', 365, '2030-01-31', ?)",
           (json.dumps(spec),))
db.execute("INSERT INTO processes (id, parent_id, sort_order, type, name_nb, outline, status) VALUES"
           " (2, 1, 1, 'core', 'Klagebehandling', '1.1', 'approved'),"
           " (3, NULL, 2, 'support', 'Fakturering', '2', 'draft')")
db.execute("INSERT INTO map_versions (id, process_id, variant, number, state, bpmn) VALUES"
           " (7, 2, 'as_is', 3, 'approved', '<definitions id=\"approved\"/>\n'),"
           " (8, 2, 'as_is', 4, 'draft', '<definitions id=\"draft\"/>\n')")
db.execute("INSERT INTO audit_log (user_id, actor, action, object_type, object_id) VALUES (1, 'admin', 'create', 'process', '1')")
db.commit()
PY

# The list in outline order, as text, from the data directory.
run process list --db data
expect_status 0
expect_file_has stdout "OUTLINE        ID  STATUS     NAME"
expect_file_has stdout "1               1  draft      Byggesak"
expect_file_has stdout "1.1             2  approved   Klagebehandling"
expect_file_has stdout "2               3  draft      Fakturering"
[ "$(sed -n 2p stdout | cut -c1-3)" = "1  " ] || fail "not in outline order"
[ ! -s stderr ] || fail "unexpected stderr"

# Names in another language (falling back to the first name), the tree, filters, JSON.
KARTLA_DB=sqlite:data/kartla.db run process list --lang sv --tree
expect_status 0
expect_file_has stdout "1               1  draft      Bygglov"
expect_file_has stdout "1.1             2  approved     Klagebehandling"
run process list --db data/kartla.db --status approved --json
expect_status 0
python3 - stdout <<'PY' || fail "list JSON is wrong"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["total"] == 1 and [p["id"] for p in j["items"]] == [2], j
assert j["items"][0]["name"] == {"nb": "Klagebehandling", "sv": None, "en": None}
PY
run process list --db data --parent root --type support --json
expect_status 0
python3 -c 'import json,sys; j=json.load(open("stdout")); assert [p["id"] for p in j["items"]] == [3], j' || fail "filters"
run process list --db data --parent 1
expect_status 0
expect_file_has stdout "Klagebehandling"
if grep -q Fakturering stdout; then fail "--parent 1 lists another area"; fi

# One process: every field, the specification, the current map; JSON is the API's.
run process show 1 --db data --lang en
expect_status 0
expect_file_has stdout "process 1: Building permits"
expect_file_has stdout "name (sv): Bygglov"
expect_file_has stdout "parent: none (top level)"
expect_file_has stdout "review interval: 365 days"
expect_file_has stdout "next review: 2030-01-31"
expect_file_has stdout "  purpose: Decide on building permits"
expect_file_has stdout "    - Drawings"
expect_file_has stdout "    - Lead time (target 3 weeks, monthly, green)"
run process show 2 --db data --json
expect_status 0
python3 - stdout <<'PY' || fail "show JSON is wrong"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["id"] == 2 and p["parent_id"] == 1 and p["outline"] == "1.1", p
assert p["current"] == {"as_is": {"id": 7, "number": 3}, "to_be": None}, p["current"]
PY
run process history 1 --db data
expect_status 0
expect_file_has stdout "admin        create   process 1"

# Export: the approved map (or one version) as it is stored, to stdout or a file.
run process export 2 --db data
expect_status 0
[ "$(cat stdout)" = '<definitions id="approved"/>' ] || fail "export wrote '$(cat stdout)'"
run process export 2 --version 8 --db data -o draft.bpmn
expect_status 0
expect_stdout_empty
[ "$(cat draft.bpmn)" = '<definitions id="draft"/>' ] || fail "export -o wrote the wrong version"
run process export 3 --db data -o none.bpmn
expect_status 2
expect_stderr "kartla: process export: process 3 has no approved as_is map yet"
expect_no_file none.bpmn
run process export 2 --variant sideways --db data
expect_status 64
run process export 2 --db data -o no/such/dir/x.bpmn
expect_status 3
run process show 2 --db data --variant to_be
expect_status 64

# Mistakes: exit 64 for usage, 2 for what is not there.
run process show 99 --db data
expect_status 2
expect_stderr "kartla: process show: no such process 99"
run process history 99 --db data
expect_status 2
run process show abc --db data
expect_status 64
expect_stderr "kartla: process show: the process must be a positive id, not 'abc'"
run process list --db data --status bogus
expect_status 64
expect_stderr "kartla: process list: status must be draft, in_review, approved or retired"
run process list --db data --lang de
expect_status 64
run process list 3 --db data
expect_status 64
run process show --db data
expect_status 64
run process frobnicate --db data
expect_status 64
run process list
expect_status 64
expect_stderr "kartla: process: no database: give --db URL or set KARTLA_DB"
run process list --db sqlite:missing.db
expect_status 2
expect_no_file missing.db
: >empty.db
run process list --db empty.db
expect_status 2
expect_stderr_has "holds no workspace"
run process --help
expect_status 0
expect_file_has stdout "usage: kartla process list"
