# Helpers sourced by the `kartla check` CLI tests. Environment (from meson):
#   KARTLA  the kartla binary   CASES  tests/check/cases   BPMN_DATA  tests/data/bpmn
# Each test runs in a fresh temporary directory, removed on exit.
set -eu

: "${KARTLA:?KARTLA must name the kartla binary}"
: "${CASES:?CASES must name tests/check/cases}"

tmproot=${KARTLA_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$tmproot"
T=$(mktemp -d "$tmproot/kartla-check.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T"

fail() {
	echo "FAIL: $*" >&2
	for f in stdout stderr; do
		if [ -f $f ]; then
			echo "--- $f:" >&2
			cat $f >&2
		fi
	done
	exit 1
}

# run ARGS...: kartla with stdout and stderr captured in ./stdout and ./stderr.
run() {
	status=0
	"$KARTLA" "$@" >stdout 2>stderr || status=$?
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
}

expect_stdout_has() {
	grep -qF -- "$1" stdout || fail "stdout lacks '$1'"
}

expect_stdout_lacks() {
	! grep -qF -- "$1" stdout || fail "stdout has '$1'"
}

expect_stderr_has() {
	grep -qF -- "$1" stderr || fail "stderr lacks '$1'"
}

expect_stdout_empty() {
	[ ! -s stdout ] || fail "stdout is not empty"
}
