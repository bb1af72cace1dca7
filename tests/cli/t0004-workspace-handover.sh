#!/bin/sh
# `kartla` runs the file commands itself and hands the workspace commands to
# kartla-workspace (cli/main.c): it must not load the database, HTTP, PDF or
# sign-in libraries (their loading costs about 25 ms per command), every
# workspace command must still work through it, and a missing helper is a
# clear error.
. "$(dirname "$0")/lib.sh"

libs=$(ldd "$KARTLA") || fail "ldd $KARTLA failed"
for heavy in libsqlite3 libpq libmicrohttpd libcurl libcairo libpango libsodium libcmark; do
	if printf '%s\n' "$libs" | grep -q "$heavy"; then
		fail "kartla loads $heavy: a file command now links a workspace module (see cli/meson.build)"
	fi
done
helper=$(dirname "$KARTLA")/kartla-workspace
[ -x "$helper" ] || fail "no kartla-workspace beside $KARTLA"
ldd "$helper" | grep -q libsqlite3 || fail "kartla-workspace does not link SQLite"

# Every workspace command answers --help through kartla, in the same words as the helper.
for cmd in db serve risk process search user; do
	run "$cmd" --help
	expect_status 0
	grep -q "usage: kartla $cmd" stdout || fail "kartla $cmd --help: no usage (handed over?)"
	"$helper" "$cmd" --help >helper.out 2>&1 || fail "kartla-workspace $cmd --help failed"
	cmp -s stdout helper.out || fail "kartla $cmd --help differs from kartla-workspace's"
done
# The same process runs on (exec, not a child): the exit status and stderr come through.
run user list --db "$T/none.db"
expect_status 2
expect_stderr_has "kartla: user:"

# The helper holds the file commands too.
"$helper" convert "$BPMN_DATA/miwg-reference/A.1.0.bpmn" out.bpmn || fail "kartla-workspace convert failed"
[ -s out.bpmn ] || fail "kartla-workspace convert wrote nothing"

# Without the helper beside it (and none installed): a message and exit 2, not a crash.
mkdir alone
cp "$KARTLA" alone/kartla
status=0
alone/kartla db migrate --db "$T/x.db" >stdout 2>stderr || status=$?
if grep -q "cannot run" stderr; then
	expect_status 2
	expect_stderr_has "kartla: db: cannot run "
	expect_no_file x.db
else
	echo "note: an installed kartla-workspace answered; the missing-helper case is not tested here"
fi
# The file commands need no helper at all.
run_alone_status=0
alone/kartla convert "$BPMN_DATA/miwg-reference/A.1.0.bpmn" out2.bpmn || run_alone_status=$?
[ "$run_alone_status" -eq 0 ] || fail "kartla convert needs kartla-workspace"
echo ok
