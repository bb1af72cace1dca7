#!/bin/sh
# kartla process report ID --pdf OUT: the process description document of a process with
# a map, a specification and Nordic names, checked as a person would: page 1 rendered to PNG
# (pdftoppm) is a real page (not blank, not tiny), the text on it is in the asked language
# with its å, ä, ö intact (pdftotext), there are several pages; and the refusals (no --pdf,
# a bad language, an unknown process, an unwritable output) leave no file behind.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB
for tool in pdftoppm pdftotext pdfinfo; do
	command -v $tool >/dev/null || { echo "SKIP: $tool (poppler-utils) is not installed"; exit 77; }
done

run db migrate --db sqlite:k.db
expect_status 0
python3 - k.db "$SRC/examples/worked-example.bpmn" <<'PY' || fail "cannot fill the database"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bpmn = open(sys.argv[2], encoding="utf-8").read()
spec = {"purpose": "Avgöra ansökningar om tillgodoräknande snabbt och lika",
        "owner": "Åsa Öberg", "inputs": ["Ansökan", "Betygsutdrag"]}
db.execute("INSERT INTO processes (id, sort_order, type, name_nb, name_sv, name_en, outline, status,"
           " next_review_date, specification) VALUES (1, 1, 'core', 'Behandle søknad om godskriving',"
           " 'Hantera ansökan om tillgodoräknande', 'Handle credit transfer', '1', 'approved',"
           " '2027-06-30', ?)", (json.dumps(spec),))
db.execute("INSERT INTO map_versions (id, process_id, variant, number, state, bpmn)"
           " VALUES (7, 1, 'as_is', 1, 'approved', ?)", (bpmn,))
db.commit()
PY

run process report 1 --pdf report.pdf --lang sv --db sqlite:k.db
expect_status 0
expect_stdout_empty
[ ! -s stderr ] || fail "unexpected stderr"
[ "$(head -c 5 report.pdf)" = "%PDF-" ] || fail "report.pdf is not a PDF"
pages=$(pdfinfo report.pdf | sed -n 's/^Pages: *//p')
[ "$pages" -ge 2 ] || fail "report.pdf has $pages pages, expected at least 2"

# The words on page 1 are Swedish, with the process's Swedish name and its letters intact.
pdftotext -f 1 -l 1 report.pdf page1.txt
expect_file_has page1.txt "Processbeskrivning"
expect_file_has page1.txt "Hantera ansökan om"
expect_file_has page1.txt "tillgodoräknande"
expect_file_has page1.txt "Åsa Öberg"
expect_file_has page1.txt "Sida 1 av $pages"

# Page 1 as a picture: a PNG of some size, and a grey image that is neither blank nor black.
pdftoppm -r 50 -f 1 -l 1 -png -singlefile report.pdf page1
[ "$(wc -c <page1.png)" -gt 8000 ] || fail "page1.png is only $(wc -c <page1.png) bytes"
pdftoppm -r 50 -f 1 -l 1 -gray -singlefile report.pdf page1
python3 - page1.pgm <<'PY' || fail "page 1 does not look like a page of text"
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5, width, height, maxval, then one byte a pixel
head = data.split(maxsplit=4)
w, h = int(head[1]), int(head[2])
px = head[4][-w * h:]
dark = sum(1 for b in px if b < 128) / len(px)
print(f"{w}x{h}, {dark:.1%} dark")
sys.exit(0 if 0.01 < dark < 0.5 else 1)
PY

# Refusals: no file is left behind.
run process report 1 --db sqlite:k.db
expect_status 64
expect_stderr_has "give --pdf OUT.pdf"
run process report 1 --pdf x.pdf --lang de --db sqlite:k.db
expect_status 64
run process report 42 --pdf x.pdf --db sqlite:k.db
expect_status 2
expect_no_file x.pdf
run process report 1 --pdf no/such/dir/x.pdf --db sqlite:k.db
[ "$status" -ne 0 ] || fail "an unwritable output succeeded"
expect_stderr_has "cannot write no/such/dir/x.pdf"
run process show 1 --pdf x.pdf --db sqlite:k.db
expect_status 64
expect_stderr_has "--pdf is for report"
echo ok
