#!/bin/sh
# Output that cannot be written: exit 3, nothing left behind.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

run convert "$A" no/such/dir/out.bpmn
expect_status 3
expect_stderr "kartla: cannot write no/such/dir/out.bpmn: input/output error"
expect_stdout_empty

run convert "$A" no/such/dir/out.json
expect_status 3
expect_stderr "kartla: cannot write no/such/dir/out.json: input/output error"

# The output path is a directory: it stays as it was, no temporary file remains.
mkdir outdir
touch outdir/keep
run convert "$A" outdir
expect_status 3
expect_stderr "kartla: cannot write outdir: input/output error"
[ -d outdir ] && [ -f outdir/keep ] || fail "output directory changed"
[ "$(ls -A)" = "$(printf 'outdir\nstderr\nstdout')" ] || fail "files left behind: $(ls -A)"

# A directory without write permission (not testable as root).
if [ "$(id -u)" -ne 0 ]; then
	mkdir ro
	chmod 555 ro
	run convert "$A" ro/out.bpmn
	chmod 755 ro
	expect_status 3
	expect_stderr "kartla: cannot write ro/out.bpmn: input/output error"
	[ -z "$(ls -A ro)" ] || fail "files left in ro/"
fi

# Standard output closed or full: /dev/full makes the write fail.
if [ -w /dev/full ]; then
	status=0
	"$KARTLA" convert "$A" - >/dev/full 2>stderr || status=$?
	expect_status 3
	expect_stderr "kartla: cannot write -: input/output error"
fi
