#!/bin/sh
# kartla db on PostgreSQL (KARTLA_TEST_PG_URL, from scripts/pg.sh): concurrent migrations,
# SQLite → PostgreSQL → SQLite round trips with byte-identical backups. Skipped (77) without it.
FILL=$(cd "$(dirname "$0")" && pwd)/db-fill.py
# The schema version this build migrates to.
SV=$(sed -n 's/^#define KA_SCHEMA_VERSION //p' "$(dirname "$0")/../../include/kartla/schema.h")
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB
if [ -z "${KARTLA_TEST_PG_URL:-}" ]; then
	echo "skipped: KARTLA_TEST_PG_URL is not set"
	exit 77
fi
command -v psql >/dev/null || fail "psql not found (postgresql-client, installed with postgresql-15)"

# Fresh databases on the test server, dropped on exit.
base=${KARTLA_TEST_PG_URL%/*}
dbs=""
newdb() { # NAME: creates database NAME and sets $url to its URL
	name=kartla_cli_$$_$1
	psql -q -v ON_ERROR_STOP=1 "$KARTLA_TEST_PG_URL" -c "CREATE DATABASE $name" >/dev/null ||
		fail "cannot create database $name"
	dbs="$dbs $name"
	url=$base/$name
}
cleanup() {
	for d in $dbs; do
		psql -q "$KARTLA_TEST_PG_URL" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
	done
	rm -rf "$T"
}
trap cleanup EXIT

body() { tail -n +2 "$1"; }

# Two servers starting at once on a new database: both migrate, one of them does the work.
newdb m
murl=$url
"$KARTLA" db migrate --db "$murl" >m1.out 2>m1.err &
p1=$!
"$KARTLA" db migrate --db "$murl" >m2.out 2>m2.err &
p2=$!
wait $p1 || fail "first concurrent migrate failed: $(cat m1.err)"
wait $p2 || fail "second concurrent migrate failed: $(cat m2.err)"
cat m1.out m2.out | sort >m.out
printf 'database schema version %s (migrated from 0)\ndatabase schema version %s, up to date\n' "$SV" "$SV" >m.expect
cmp -s m.out m.expect || fail "concurrent migrations printed: $(cat m.out)"
[ "$(psql -tAq "$murl" -c 'SELECT count(*) FROM schema_version')" = "$SV" ] || fail "schema_version rows"

# SQLite → PostgreSQL.
run db migrate --db sqlite:a.db
expect_status 0
python3 "$FILL" a.db || fail "cannot fill a.db"
run db backup --db a.db a.json
expect_status 0
body a.json >a.body

newdb r
run db restore --db "$url" a.json
expect_status 0
grep -q "restored 29 rows in 42 tables from a.json" stdout || fail "restore printed '$(cat stdout)'"
run db backup --db "$url" p.json
expect_status 0
head -n 1 p.json | grep -q '"source":"postgresql"' || fail "p.json does not say it came from PostgreSQL"
body p.json >p.body
cmp -s a.body p.body || fail "PostgreSQL's backup differs from SQLite's: $(diff a.body p.body | head -n 6)"

# The data is really there, typed, and identity columns continue after the restored ids.
[ "$(psql -tAq "$url" -c "SELECT display_name FROM users WHERE id = 3")" = "Cay" ] || fail "users"
[ "$(psql -tAq "$url" -c "SELECT encode(bytes, 'hex') FROM attachments")" = "2550444600ff800a00" ] ||
	fail "attachment bytes"
[ "$(psql -tAq "$url" -c "INSERT INTO users (login, display_name) VALUES ('dag', 'Dag') RETURNING id")" = 4 ] ||
	fail "the next user id is not 4"
[ "$(psql -tAq "$url" -c "SELECT count(*) FROM search_docs WHERE tsv @@ to_tsquery('simple', 'søknad:*')")" = 3 ] ||
	fail "the search index was not rebuilt"

# A second restore into the same database is refused and changes nothing.
run db restore --db "$url" a.json
expect_status 3
expect_stderr_has "the database is not empty (table settings has rows)"
[ "$(psql -tAq "$url" -c "SELECT count(*) FROM users")" = 3 ] || fail "a refused restore changed users"

# PostgreSQL → SQLite, back where we started.
newdb s
run db restore --db "$url" a.json
expect_status 0
run db backup --db "$url" s.json
expect_status 0
run db restore --db sqlite:back.db s.json
expect_status 0
run db backup --db back.db back.json
expect_status 0
body back.json >back.body
cmp -s a.body back.body || fail "SQLite → PostgreSQL → SQLite changed the data: $(diff a.body back.body | head -n 6)"

# A dangling reference: PostgreSQL names it at commit, and nothing is kept.
python3 - a.json dangling.json <<'EOF' || fail "cannot write dangling.json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for t in d["tables"]:
    if t["name"] == "people":
        t["rows"][0][t["columns"].index("unit_id")] = 99
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
newdb d
run db restore --db "$url" dangling.json
expect_status 3
expect_stderr_has 'violates foreign key constraint'
expect_stderr_has 'Key (unit_id)=(99) is not present in table "units"'
[ "$(psql -tAq "$url" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" = 0 ] ||
	fail "a failed restore left tables behind"
