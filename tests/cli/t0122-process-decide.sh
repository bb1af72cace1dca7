#!/bin/sh
# kartla process approve|reject VERSION_ID --as LOGIN: the governance rules of the server
# (kartla/governance.h) from the command line: who may decide (the owner; not the one who
# submitted; an administrator only while there is no owner), the state a version must be
# in, a rejection needs a comment, and what a decision changes (state, process status).
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

run db migrate --db sqlite:w.db
expect_status 0
today=$(date -u +%Y-%m-%d)
python3 - w.db "$today" <<'PY' || fail "cannot fill w.db"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
today = sys.argv[2]
db.execute("INSERT INTO users (id, login, display_name, password_hash, is_admin) VALUES"
           " (1, 'admin', 'Admin', 'x', 1), (2, 'eva', 'Eva', 'x', 0), (3, 'leo', 'Leo', 'x', 0)")
db.execute("INSERT INTO people (id, name, user_id) VALUES (1, 'Eva', 2), (2, 'Leo', 3)")
db.execute("INSERT INTO role_schemes (id, key, name, preset) VALUES (1, 't', 'T', 'custom')")
db.execute("INSERT INTO roles (id, scheme_id, key, name_en, kind) VALUES (1, 1, 'owner', 'Owner', 'owner'),"
           " (2, 1, 'responsible', 'Responsible', 'responsible')")
db.execute("INSERT INTO processes (id, type, name_en, outline, review_interval_days) VALUES"
           " (1, 'core', 'Permits', '1', 365)")
db.execute("INSERT INTO role_assignments (person_id, role_id, scope, process_id, from_date) VALUES"
           " (1, 1, 'process', 1, ?), (2, 2, 'process', 1, ?)", (today, today))
for vid in (1, 2):
    db.execute("INSERT INTO map_versions (id, process_id, variant, number, state, bpmn, author_id,"
               " submitted_at) VALUES (?, 1, 'as_is', ?, 'submitted', '<x/>', 3, ?)", (vid, vid, today))
    db.execute("INSERT INTO approvals (version_id, action, actor_id) VALUES (?, 'submit', 3)", (vid,))
db.execute("UPDATE processes SET status = 'in_review' WHERE id = 1")
db.commit()
PY

# Nobody but the owner decides: not the submitter, not an administrator once there is an owner.
run process approve 1 --as leo --db w.db
expect_status 2
expect_stderr_has "kartla: process approve: "
run process approve 1 --as admin --db w.db
expect_status 2
expect_stderr_has "owner"
[ "$(sqlite3 w.db "SELECT state FROM map_versions WHERE id = 1")" = submitted ] || fail "a refused approval changed the version"

# A rejection needs a comment; then the owner rejects one version and approves the other.
run process reject 2 --as eva --db w.db
expect_status 2
expect_stderr_has "comment"
run process reject 2 --as eva --comment "Lanes are missing" --db w.db
expect_status 0
expect_file_has stdout "map version 2 (number 2, as_is) of process 1: rejected by eva"
run process approve 1 --as eva --db w.db --json
expect_status 0
python3 -c 'import json; v=json.load(open("stdout")); assert v["id"] == 1 and v["state"] == "approved", v' || fail "approve JSON"
[ "$(sqlite3 w.db "SELECT status FROM processes WHERE id = 1")" = approved ] || fail "the process is not approved"
[ "$(sqlite3 w.db "SELECT actor FROM audit_log WHERE object_type = 'map_version' AND object_id = '1' AND action = 'approve'")" = eva ] || fail "no audit row naming eva"

# A version already decided is a conflict; an unknown version or account is 2; usage is 64.
run process approve 1 --as eva --db w.db
expect_status 2
run process approve 99 --as eva --db w.db
expect_status 2
run process approve 1 --as nobody --db w.db
expect_status 2
expect_stderr "kartla: process approve: no enabled account with the login 'nobody'"
run process approve 1 --db w.db
expect_status 64
expect_stderr "kartla: process approve: give --as LOGIN, the account that decides"
run process approve --as eva --db w.db
expect_status 64
run process list --as eva --db w.db
expect_status 64
