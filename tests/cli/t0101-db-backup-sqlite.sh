#!/bin/sh
# kartla db: migrate, back up, restore SQLite → SQLite; the second backup equals the first.
FILL=$(cd "$(dirname "$0")" && pwd)/db-fill.py
# The schema version this build migrates to.
SV=$(sed -n 's/^#define KA_SCHEMA_VERSION //p' "$(dirname "$0")/../../include/kartla/schema.h")
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

# The body of a backup: everything after the first line (which has the time and the source).
body() { tail -n +2 "$1"; }

run db migrate --db sqlite:a.db
expect_status 0
[ "$(cat stdout)" = "database schema version $SV (migrated from 0)" ] || fail "migrate printed '$(cat stdout)'"
[ ! -s stderr ] || fail "unexpected stderr"
run db migrate --db sqlite:a.db
expect_status 0
[ "$(cat stdout)" = "database schema version $SV, up to date" ] || fail "second migrate printed '$(cat stdout)'"

python3 "$FILL" a.db || fail "cannot fill a.db"

run db backup --db sqlite:a.db a.json
expect_status 0
[ "$(cat stdout)" = "backed up 29 rows in 42 tables (schema version $SV) to a.json" ] ||
	fail "backup printed '$(cat stdout)'"
[ "$(stat -c %a a.json)" = 600 ] || fail "the backup is readable by others: $(stat -c %a a.json)"
python3 - a.json "$SV" <<'EOF' || fail "a.json is not the expected backup"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["format"] == "kartla-backup" and d["format_version"] == 1, d
assert d["schema_version"] == int(sys.argv[2]) and d["source"] == "sqlite", d
t = {x["name"]: x for x in d["tables"]}
assert len(t) == 42 and "search_docs" not in t and "schema_version" not in t
u = t["users"]
assert [r[u["columns"].index("login")] for r in u["rows"]] == ["anna", "cay"], u
assert [r[0] for r in u["rows"]] == [1, 3]
a = t["attachments"]
assert a["rows"][0][a["columns"].index("bytes")] == {"base64": "JVBERgD/gAoA"}, a
e = t["map_elements"]
assert e["rows"][0][e["columns"].index("process_time")] == 600.5
assert t["settings"]["rows"][0][1] == '{"name": "Høgskolen i Årdal"}'
assert t["users"]["rows"][1][t["users"]["columns"].index("password_hash")] is None
EOF

# Into a new database, and out again: the same rows, byte for byte.
run db restore --db sqlite:b.db a.json
expect_status 0
[ "$(cat stdout)" = "restored 29 rows in 42 tables from a.json (backup schema version $SV, database now at $SV)" ] ||
	fail "restore printed '$(cat stdout)'"
run db backup --db b.db b.json
expect_status 0
body a.json >a.body
body b.json >b.body
cmp -s a.body b.body || fail "the backup of the restored database differs: $(diff a.body b.body | head -n 5)"

# Through standard output and standard input.
run db backup --db a.db -
expect_status 0
[ ! -s stderr ] || fail "unexpected stderr"
body stdout >s.body
cmp -s a.body s.body || fail "backup to - differs"
status=0
"$KARTLA" db restore --db c.db - <a.json >stdout 2>stderr || status=$?
expect_status 0
grep -q "restored 29 rows in 42 tables from <stdin>" stdout || fail "restore from - printed '$(cat stdout)'"

# A database that already holds data is left alone.
run db restore --db b.db a.json
expect_status 3
expect_stderr "kartla: restore: a.json: the database is not empty (table settings has rows): restore needs a new or freshly migrated database"
run db backup --db b.db b2.json
body b2.json >b2.body
cmp -s b.body b2.body || fail "a refused restore changed the database"

# A freshly migrated, empty database is fine.
run db migrate --db d.db
expect_status 0
run db restore --db d.db a.json
expect_status 0

# Bad backups: exit 2, a precise message, and nothing restored.
printf '{"format": "kartla-backup", "format_version": 1,\n "schema_version": 1, "tables": [}\n' >bad.json
run db restore --db e.db bad.json
expect_status 2
expect_stderr_has "kartla: restore: bad.json:2:"
sed 's/"login","display_name"/"login","login"/' a.json >twice.json
run db restore --db e.db twice.json
expect_status 2
expect_stderr "kartla: restore: twice.json: table users: column login is listed twice"
sed 's/"name":"roles"/"name":"roles; DROP TABLE users"/' a.json >evil.json
run db restore --db e.db evil.json
expect_status 2
expect_stderr_has "unknown table 'roles; DROP TABLE users'"
# A reference to a row that is not in the backup: caught at commit, nothing kept.
python3 - a.json dangling.json <<'EOF' || fail "cannot write dangling.json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for t in d["tables"]:
    if t["name"] == "people":
        t["rows"][0][t["columns"].index("unit_id")] = 99
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
run db restore --db e.db dangling.json
expect_status 3
expect_stderr_has "FOREIGN KEY constraint failed"
run db backup --db e.db e.json
expect_status 2
expect_stderr_has "the database has no Kartla schema"
run db restore --max-size 1K --db e.db a.json
expect_status 2
expect_stderr "kartla: a.json: the backup is larger than 1024 bytes (--max-size)"
run db restore --db e.db nonexistent.json
expect_status 2
expect_stderr_has "kartla: nonexistent.json: cannot read the backup"

# An unwritable backup file: exit 3, the database untouched, nothing left behind.
mkdir ro
chmod 555 ro
if [ ! -w ro ]; then
	run db backup --db a.db ro/x.json
	expect_status 3
	expect_stderr_has "kartla: cannot write ro/x.json"
	[ -z "$(ls -A ro)" ] || fail "files left in ro/"
fi
chmod 755 ro
