#!/bin/sh
# kartla search: hits of every kind the index holds, the reader's visibility with --as,
# --type, --lang for the process names shown, paging, JSON, and bad usage (exit 64) or
# an unknown account (exit 2).
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB

run db migrate --db sqlite:w.db
expect_status 0
python3 - w.db <<'PY' || fail "cannot fill w.db"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO users (id, login, display_name, password_hash, is_admin) VALUES"
           " (1, 'admin', 'Admin', 'x', 1), (2, 'reader', 'Reader', 'x', 0), (3, 'gone', 'Gone', 'x', 0)")
db.execute("UPDATE users SET disabled = 1 WHERE login = 'gone'")
db.execute("INSERT INTO processes (id, type, name_nb, name_sv, name_en, outline) VALUES"
           " (1, 'core', 'Klagebehandling', 'Klagomål', 'Complaints', '1')")
db.execute("INSERT INTO people (id, name, title) VALUES (1, 'Kari Klagesen', 'Saksbehandler')")
db.execute("INSERT INTO handbook_pages (id, slug, title, markdown, visibility) VALUES"
           " (1, 'open', 'Klage: slik gjør du', 'For alle', 'everyone'),"
           " (2, 'secret', 'Klage internt', 'Bare for prosessveiledere', 'facilitators')")
db.commit()
PY

# Every kind, as the administrator sees it (the default).
run search klage --db w.db
expect_status 0
expect_file_has stdout "process       1  Klagebehandling"
if grep -q "Klagomål" stdout; then fail "a title in several languages"; fi
expect_file_has stdout "person        1  Kari Klagesen"
expect_file_has stdout "page          1  Klage: slik gjør du"
expect_file_has stdout "page          2  Klage internt"
expect_file_has stdout "4 of 4 hit(s)"
[ ! -s stderr ] || fail "unexpected stderr"

# A reader does not see the facilitators' page.
run search klage --db w.db --as reader
expect_status 0
expect_file_has stdout "3 of 3 hit(s)"
if grep -q "Klage internt" stdout; then fail "a reader sees a facilitators' page"; fi

# --type, --lang, paging and JSON (the API's hit objects).
run search klage --db w.db --type process --lang sv
expect_status 0
expect_file_has stdout "process       1  Klagomål"
expect_file_has stdout "1 of 1 hit(s)"
run search klage --db w.db --limit 1 --offset 1 --json
expect_status 0
python3 - stdout <<'PY' || fail "search JSON is wrong"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["total"] == 4 and len(j["items"]) == 1 and j["q"] == "klage", j
h = j["items"][0]
assert set(h) == {"type", "id", "title", "process_id", "process_name", "snippet", "match", "rank"}, h
assert all("\x02" not in h["snippet"] for h in j["items"])
PY
run search 'klagomål' --db w.db --json
expect_status 0
python3 -c 'import json; j=json.load(open("stdout")); assert j["items"][0]["match"] == ["Klagomål"], j' || fail "match words"

# Mistakes.
run search --db w.db
expect_status 64
expect_stderr "kartla: search: give a query"
run search '"*()' --db w.db
expect_status 64
expect_stderr "kartla: search: nothing to search for: give at least one word"
run search klage --db w.db --type bogus
expect_status 64
run search klage --db w.db --lang de
expect_status 64
run search klage --db w.db --limit 0
expect_status 64
run search klage extra --db w.db
expect_status 64
run search klage --db w.db --as gone
expect_status 2
expect_stderr "kartla: search: no enabled account with the login 'gone'"
