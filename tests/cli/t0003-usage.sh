#!/bin/sh
# Usage errors exit 64 with usage on stderr; --help exits 0 with usage on stdout.
. "$(dirname "$0")/lib.sh"
A=$BPMN_DATA/miwg-reference/A.1.0.bpmn

run
expect_status 64
expect_stderr_has "usage: kartla <command>"
expect_stdout_empty

run --help
expect_status 0
grep -q "usage: kartla <command>" stdout || fail "--help prints no usage"
grep -q "convert" stdout || fail "--help does not list convert"

run --version
expect_status 0
grep -qE '^kartla [0-9]+\.[0-9]+\.[0-9]+$' stdout || fail "bad --version output"

run frobnicate
expect_status 64
expect_stderr_has "kartla: unknown command 'frobnicate'"

run convert --help
expect_status 0
grep -q "usage: kartla convert" stdout || fail "convert --help prints no usage"

run convert
expect_status 64
expect_stderr_has "usage: kartla convert"

run convert "$A"
expect_status 64
expect_stderr_has "usage: kartla convert"
expect_no_file out.bpmn

run convert "$A" out.bpmn extra
expect_status 64
expect_no_file out.bpmn

run convert --frob "$A" out.bpmn
expect_status 64
expect_stderr_has "kartla: convert: unknown option '--frob'"
expect_no_file out.bpmn

run convert --to xml "$A" out.bpmn
expect_status 64
expect_stderr_has "kartla: --to must be bpmn or json"
expect_no_file out.bpmn

for bad in abc -1 1X 99999999999999999999999G; do
	run convert --max-size "$bad" "$A" out.bpmn
	expect_status 64
	expect_stderr_has "kartla: --max-size needs a size in bytes"
	expect_no_file out.bpmn
done
run convert "$A" out.bpmn --max-size
expect_status 64
expect_no_file out.bpmn
