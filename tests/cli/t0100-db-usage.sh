#!/bin/sh
# kartla db: usage errors exit 64, a missing database exits 2 and creates nothing.
# The schema version this build migrates to.
SV=$(sed -n 's/^#define KA_SCHEMA_VERSION //p' "$(dirname "$0")/../../include/kartla/schema.h")
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

run db --help
expect_status 0
grep -q "usage: kartla db migrate --db URL" stdout || fail "db --help prints no usage"

run --help
expect_status 0
grep -q "^  db " stdout || fail "kartla --help does not list db"

run db
expect_status 64
expect_stderr_has "usage: kartla db"

run db frobnicate --db x.db
expect_status 64
expect_stderr "kartla: db: unknown action 'frobnicate' (migrate, backup or restore)"

run db migrate
expect_status 64
expect_stderr "kartla: db migrate: no database: give --db URL or set KARTLA_DB"

run db migrate --db
expect_status 64
expect_stderr "kartla: --db needs a database URL"

run db migrate --db x.db extra
expect_status 64
expect_stderr_has "kartla: db migrate: takes no file"
expect_no_file x.db

run db backup --db x.db
expect_status 64
expect_stderr_has "kartla: db backup: needs a FILE"

run db restore --max-size lots --db x.db b.json
expect_status 64
expect_stderr "kartla: --max-size needs a size in bytes (e.g. 512M)"

run db migrate --frob --db x.db
expect_status 64
expect_stderr_has "kartla: db: unknown option '--frob'"

run db migrate --db mysql://localhost/kartla
expect_status 64
expect_stderr "kartla: migrate: unsupported database URL: expected sqlite:PATH, a file ending in .db or .sqlite, or postgresql://HOST/DATABASE"

run db migrate --db 'sqlite:x.db?journal=off'
expect_status 64
expect_stderr_has "unknown SQLite option 'journal'"
expect_no_file x.db

# Backing up a database that does not exist creates neither it nor the backup.
run db backup --db sqlite:missing.db out.json
expect_status 2
expect_stderr "kartla: backup: missing.db: no such database file"
expect_no_file missing.db
expect_no_file out.json

# A database without Kartla's schema has nothing to back up.
: >empty.db
run db backup --db empty.db out.json
expect_status 2
expect_stderr_has "the database has no Kartla schema"
expect_no_file out.json
[ -z "$(listing | grep -v -x empty.db || true)" ] || fail "files left behind: $(listing)"

# KARTLA_DB stands in for --db.
export KARTLA_DB=sqlite:env.db
run db migrate
unset KARTLA_DB
expect_status 0
[ "$(cat stdout)" = "database schema version $SV (migrated from 0)" ] || fail "migrate printed '$(cat stdout)'"
[ -f env.db ] || fail "KARTLA_DB was not used"

# A file that is not a database.
printf 'not a database at all, but long enough to look like one to a reader ..........' >bad.db
run db migrate --db bad.db
expect_status 3
expect_stderr_has "bad.db"
expect_stderr_has "not a database"

# PostgreSQL that is not there: a clear message on one line, no password shown.
run db migrate --db 'postgresql://kartla:secret@127.0.0.1:1/kartla?connect_timeout=2'
expect_status 3
expect_stderr_has "kartla: migrate: cannot connect to PostgreSQL: "
[ "$(wc -l <stderr)" -eq 1 ] || fail "more than one line on stderr"
if grep -q secret stderr; then fail "the password is printed"; fi
