#!/bin/sh
# kartla user list: every account by login with display name, administrator and disabled,
# in pages of 500 (601 accounts here), as text and JSON without password hashes; bad usage
# is exit 64, no database exit 64.
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

run db migrate --db sqlite:w.db
expect_status 0
python3 - w.db <<'PY' || fail "cannot fill w.db"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO users (id, login, display_name, password_hash, is_admin) VALUES"
           " (1, 'admin', 'Admin', 'secret-hash', 1), (2, 'reader', 'Kari Nordmann', 'secret-hash', 0),"
           " (3, 'gone', 'Gone', 'secret-hash', 0)")
db.execute("UPDATE users SET disabled = 1 WHERE login = 'gone'")
for i in range(598):
    db.execute("INSERT INTO users (login, display_name, password_hash) VALUES (?, ?, 'secret-hash')",
               ("user%03d" % i, "User %d" % i))
db.commit()
PY

run user list --db w.db
expect_status 0
expect_file_has stdout "admin                Admin admin"
expect_file_has stdout "reader               Kari Nordmann"
expect_file_has stdout "gone                 Gone disabled"
expect_file_has stdout "user597              User 597"
[ "$(wc -l < stdout)" -eq 601 ] || fail "expected 601 accounts, got $(wc -l < stdout)"
if grep -q "secret-hash" stdout; then fail "password hashes printed"; fi

run user list --db w.db --json
expect_status 0
python3 - stdout <<'PY' || fail "bad JSON"
import json, sys
users = json.load(open(sys.argv[1]))
assert len(users) == 601, len(users)
assert [u["login"] for u in users if u["is_admin"]] == ["admin"]
assert all("password_hash" not in u for u in users)
PY

run user --db w.db
expect_status 64
run user list --bogus --db w.db
expect_status 64
run user list
expect_status 64
