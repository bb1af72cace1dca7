# Helpers sourced by the numbered CLI tests. Environment (from meson):
#   KARTLA  path of the kartla binary
#   BPMN_DATA  the BPMN corpus carried in tests/data/bpmn (read-only)
#   KARTLA_TEST_TMP  where temporary directories go (optional)
# Each test runs in a fresh temporary directory that is removed on exit.
set -eu

: "${KARTLA:?KARTLA must name the kartla binary}"
: "${BPMN_DATA:?BPMN_DATA must name tests/data/bpmn}"
NS_BPMN=http://www.omg.org/spec/BPMN/20100524/MODEL

tmproot=${KARTLA_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$tmproot"
T=$(mktemp -d "$tmproot/kartla-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"

fail() {
	echo "FAIL: $*" >&2
	if [ -f stderr ]; then
		echo "--- stderr:" >&2
		cat stderr >&2
	fi
	exit 1
}

# run ARGS...: runs kartla with stdout/stderr captured in ./stdout and ./stderr.
run() {
	status=0
	"$KARTLA" "$@" >stdout 2>stderr || status=$?
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1 (kartla $*)"
}

# expect_stderr LINE: stderr is exactly this one line.
expect_stderr() {
	[ "$(wc -l <stderr)" -eq 1 ] || fail "expected exactly one line on stderr"
	[ "$(cat stderr)" = "$1" ] || fail "stderr is '$(cat stderr)', expected '$1'"
}

expect_stderr_has() {
	grep -qF -- "$1" stderr || fail "stderr lacks '$1'"
}

expect_stdout_empty() {
	[ ! -s stdout ] || fail "stdout is not empty"
}

expect_file_has() { # FILE TEXT
	grep -qF -- "$2" "$1" || fail "$1 lacks '$2'"
}

expect_no_file() {
	[ ! -e "$1" ] || fail "$1 exists but should not"
}

# Files other than the test's own bookkeeping, to spot leftovers (temporary files).
listing() {
	ls -A | grep -v -x -e stdout -e stderr -e .before -e .after || true
}

# refuse FILE MESSAGE [OPTIONS...]: converting FILE must fail with exit status 2,
# exactly "kartla: MESSAGE" on stderr, nothing on stdout, no output file and no
# temporary file left behind, for BPMN and JSON output; an existing output file
# must be left untouched; and '-' as output must print nothing.
refuse() {
	in=$1
	msg=$2
	shift 2
	for out in out.bpmn out.json; do
		listing >.before
		run convert "$@" "$in" "$out"
		expect_status 2
		expect_stderr "kartla: $msg"
		expect_stdout_empty
		expect_no_file "$out"
		listing >.after
		cmp -s .before .after || fail "files left behind: $(diff .before .after)"
	done
	printf 'precious\n' >keep.bpmn
	run convert "$@" "$in" keep.bpmn
	expect_status 2
	[ "$(cat keep.bpmn)" = precious ] || fail "existing output file was changed"
	rm -f keep.bpmn
	run convert "$@" "$in" -
	expect_status 2
	expect_stdout_empty
	expect_stderr "kartla: $msg"
}

# bpmn FILE BODY: writes a BPMN file with the usual namespaces around BODY (line 3 on).
bpmn() {
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<definitions xmlns="%s" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:kartla="urn:kartla:bpmn:1.0" id="defs">\n' "$NS_BPMN"
		printf '%s\n' "$2"
		printf '</definitions>\n'
	} >"$1"
}
