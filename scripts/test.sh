#!/bin/bash
# The whole test suite: normal build, format checks (C and JavaScript), ASan+UBSan
# build (also the coverage build), fuzzing, the Node tests, the API tests against a
# real server and the browser tests. Prints the C tests' line coverage (information,
# not a pass/fail) and which optional tests were skipped, and ends with one line
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/tests/out
mkdir -p "$OUT"
rm -f "$OUT"/coverage*.txt "$OUT"/coverage*.json
passed=0
failed=0
FUZZ_SECONDS=${FUZZ_SECONDS:-6} # per target (the smaller targets get a share); twelve targets

skipped=0
skip_notes=""
fail_notes="" # what failed, repeated at the very end (CI shows only the tail)
count_meson() { # builddir
	local log=$1/meson-logs/testlog.json
	[ -f "$log" ] || return 0
	local p f s
	p=$(grep -c '"result": "OK"' "$log" || true)
	f=$(grep -c -E '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log" || true)
	s=$(grep -c '"result": "SKIP"' "$log" || true)
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		fail_notes="$fail_notes  $1: $(grep -E '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log" | sed -n 's/.*"name": "\([^"]*\)".*/\1/p' | tr '\n' ' ')\n"
	fi
	if [ "$s" -gt 0 ]; then
		skipped=$((skipped + s))
		skip_notes="$skip_notes  $1: $(grep '"result": "SKIP"' "$log" | sed -n 's/.*"name": "\([^"]*\)".*/\1/p' | tr '\n' ' ')\n"
	fi
}

step() { echo "== $* (at ${SECONDS} s)"; }
fail_step() { # name log: one failure, named again in the summary at the end with the log's last line
	failed=$((failed + 1))
	fail_notes="$fail_notes  $1: $(grep -v '^[[:space:]]*$' "$2" 2>/dev/null | tail -n 1 | cut -c1-300) (see ${2#"$ROOT"/})\n"
}

# 0. A throwaway PostgreSQL 15 cluster (scripts/pg.sh) for the store and `kartla db` tests of
#    both builds, stopped on exit. If it cannot start, that is a failure, not a silent skip.
#    One cluster per run (tests/out/pg-PID), so that runs side by side do not meet; clusters
#    of runs that are gone are removed.
step "PostgreSQL (throwaway cluster in tests/out/pg-$$)"
for d in "$OUT"/pg-*; do
	[ -d "$d" ] || continue
	kill -0 "${d##*/pg-}" 2>/dev/null || bash scripts/pg.sh stop "$d" >/dev/null 2>&1
done
PGDIR=$OUT/pg-$$
trap 'bash scripts/pg.sh stop "$PGDIR" >/dev/null 2>&1' EXIT
if KARTLA_TEST_PG_URL=$(bash scripts/pg.sh start "$PGDIR" 2>"$OUT/pg.log"); then
	export KARTLA_TEST_PG_URL
	echo "$KARTLA_TEST_PG_URL"
else
	unset KARTLA_TEST_PG_URL
	echo "FAIL: PostgreSQL did not start, so the PostgreSQL tests cannot run:"
	cat "$OUT/pg.log"
	fail_step "PostgreSQL" "$OUT/pg.log"
fi

# 1. Normal build with -Werror, and its tests.
step "build (debugoptimized, -Werror)"
if [ ! -f build/build.ninja ]; then
	meson setup build --buildtype=debugoptimized -Dwerror=true >/dev/null
else
	meson configure build -Dwerror=true >/dev/null
fi
if ninja -C build >"$OUT/build.log" 2>&1; then
	step "unit, golden and CLI tests"
	meson test -C build --print-errorlogs --num-processes 3 >"$OUT/meson-test.log" 2>&1
	tail -n 15 "$OUT/meson-test.log"
	count_meson build
else
	cat "$OUT/build.log"
	fail_step "build" "$OUT/build.log"
fi

# 2. Formatting: clang-format for C, prettier (pinned in web/package.json) for JavaScript.
step "clang-format"
if clang-format --dry-run --Werror $(git ls-files '*.c' '*.h') >"$OUT/format.log" 2>&1; then
	passed=$((passed + 1))
else
	head -n 40 "$OUT/format.log"
	fail_step "clang-format" "$OUT/format.log"
fi
step "prettier (web/src, web/build.mjs, tests/**/*.mjs)"
if (cd web && npm run -s format:check) >"$OUT/prettier.log" 2>&1; then
	passed=$((passed + 1))
else
	head -n 40 "$OUT/prettier.log"
	echo "(make format fixes it)"
	fail_step "prettier" "$OUT/prettier.log"
fi
step "web/src structure (screens import no screen; routes listed once)"
if node scripts/check_web.mjs >"$OUT/check-web.log" 2>&1; then
	passed=$((passed + 1))
else
	cat "$OUT/check-web.log"
	fail_step "web/src structure" "$OUT/check-web.log"
fi

# 3. The same suite under AddressSanitizer + UndefinedBehaviorSanitizer. This build is
#    also the coverage build with COVERAGE=1 (-Db_coverage=true, -O0): its C tests' line coverage is
#    measured right after them, before the API tests add to the counters.
COVERAGE=${COVERAGE:-0} # COVERAGE=1 make test: line coverage of the C and API tests (slower)
step "build and test under ASan+UBSan$([ "$COVERAGE" = 1 ] && echo ' (with line coverage)')"
cov=false
[ "$COVERAGE" = 1 ] && cov=true
if [ ! -f build-asan/build.ninja ]; then
	meson setup build-asan --buildtype=debug -Db_sanitize=address,undefined \
		-Db_lundef=false -Db_coverage=$cov -Dwerror=true >/dev/null
elif [ "$cov" = true ] && ! grep -q -- '--coverage' build-asan/build.ninja; then
	meson configure build-asan -Db_coverage=true >/dev/null
elif [ "$cov" = false ] && grep -q -- '--coverage' build-asan/build.ninja; then
	meson configure build-asan -Db_coverage=false >/dev/null
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
# fontconfig's process-lifetime font cache (pango, for the PDF documents) is not ours to free
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if ninja -C build-asan >"$OUT/build-asan.log" 2>&1; then
	find build-asan -name '*.gcda' -delete
	meson test -C build-asan --print-errorlogs --num-processes 3 --timeout-multiplier 4 \
		>"$OUT/meson-test-asan.log" 2>&1
	tail -n 8 "$OUT/meson-test-asan.log"
	count_meson build-asan
	if [ "$COVERAGE" != 1 ]; then
		: # no coverage asked for
	elif command -v gcovr >/dev/null; then
		gcovr -r "$ROOT" -j 2 --filter 'lib/' --filter 'server/' --filter 'cli/' \
			--json-summary "$OUT/coverage.json" build-asan >"$OUT/gcovr.log" 2>&1 &&
			python3 scripts/coverage.py "$OUT/coverage.json" >"$OUT/coverage.txt" 2>>"$OUT/gcovr.log" ||
			echo "coverage: gcovr failed (see tests/out/gcovr.log)" >"$OUT/coverage.txt"
	else
		echo "coverage: gcovr is not installed (scripts/deps.sh installs it)" >"$OUT/coverage.txt"
	fi
else
	cat "$OUT/build-asan.log"
	fail_step "ASan build" "$OUT/build-asan.log"
fi

# 4. Fuzzing (clang libFuzzer), seeded from tests/data (and ../shared/data/bpmn when present).
if [ -d fuzz ] && [ "$FUZZ_SECONDS" -gt 0 ]; then
	step "fuzz ($FUZZ_SECONDS s per target)"
	if sh scripts/fuzz.sh "$FUZZ_SECONDS" >"$OUT/fuzz.log" 2>&1; then
		passed=$((passed + 1))
		tail -n 3 "$OUT/fuzz.log"
	else
		tail -n 40 "$OUT/fuzz.log"
		fail_step "fuzz" "$OUT/fuzz.log"
	fi
fi

count_node() { # log
	local np nf ns
	np=$(grep -E '^# pass ' "$1" | awk '{print $3}')
	nf=$(grep -E '^# fail ' "$1" | awk '{print $3}')
	ns=$(grep -E '^# skipped ' "$1" | awk '{print $3}')
	passed=$((passed + ${np:-0}))
	failed=$((failed + ${nf:-1}))
	if [ "${nf:-1}" -gt 0 ]; then
		fail_notes="$fail_notes  ${1#"$ROOT"/}: $(grep -E '^ *not ok ' "$1" | sed 's/^ *//' | head -n 8 | tr '\n' ' ')\n"
	fi
	if [ "${ns:-0}" -gt 0 ]; then
		skipped=$((skipped + ns))
		skip_notes="$skip_notes  ${1#"$ROOT"/}: $(grep -E '# SKIP' "$1" | sed 's/^ *//' | sort -u | head -n 3 | tr '\n' ' ')\n"
	fi
}

# 5. Node tests (bpmn-moddle oracle and friends). The oracle, the first API pass and the web
#    build run on Debian 12's own Node.js 18 (unpacked by scripts/node18.sh) and the ASan API
#    pass and the browser tests on the machine's node, so both stay supported.
NODE18=node
if n18=$(bash scripts/node18.sh 2>"$OUT/node18.log"); then
	NODE18=$n18
else
	skipped=$((skipped + 1))
	skip_notes="$skip_notes  Node.js 18 runs: $(tail -n 1 "$OUT/node18.log") (the machine's node used)\n"
fi
if ls tests/oracle/*.test.mjs >/dev/null 2>&1; then
	step "node tests (Node.js $($NODE18 --version))"
	KARTLA="$ROOT/build/cli/kartla" $NODE18 --test tests/oracle/ >"$OUT/node-test.log" 2>&1
	tail -n 9 "$OUT/node-test.log"
	count_node "$OUT/node-test.log"
fi

# 6. API tests: a real `kartla serve` on 127.0.0.1, on SQLite and, when KARTLA_TEST_PG_URL
#    is set, on PostgreSQL; then again on the ASan+UBSan build (SQLite only), whose server
#    must also stop without a leak.
if ls tests/api/*.test.mjs >/dev/null 2>&1; then
	step "API tests${KARTLA_TEST_PG_URL:+ (SQLite and PostgreSQL)} (Node.js $($NODE18 --version))"
	# two test files at a time: most of their time is spent waiting on a server or a database
	KARTLA="$ROOT/build/cli/kartla" $NODE18 --test --test-concurrency=2 tests/api/ >"$OUT/api-test.log" 2>&1
	tail -n 9 "$OUT/api-test.log"
	count_node "$OUT/api-test.log"
	if [ -x build-asan/cli/kartla ]; then
		step "API tests against the ASan+UBSan build (Node.js $(node --version))"
		KARTLA="$ROOT/build-asan/cli/kartla" KARTLA_TEST_PG_URL= node --test --test-concurrency=2 tests/api/ \
			>"$OUT/api-test-asan.log" 2>&1
		tail -n 9 "$OUT/api-test-asan.log"
		count_node "$OUT/api-test-asan.log"
		# the counters now hold the C tests and these API tests (the server's share)
		if [ -f "$OUT/coverage.json" ] && gcovr -r "$ROOT" -j 2 --filter 'lib/' --filter 'server/' \
			--filter 'cli/' --json-summary "$OUT/coverage-api.json" build-asan >>"$OUT/gcovr.log" 2>&1; then
			python3 scripts/coverage.py "$OUT/coverage-api.json" |
				sed '1s/^line coverage of the C tests:/with the API tests (SQLite):/' >"$OUT/coverage-api.txt"
		fi
	fi
fi

# 7. Browser tests: the built UI (web/dist) in Debian's Chromium (playwright-core) against
#    a real `kartla serve` on the demo workspace; screenshots in tests/out/web/.
if ls tests/web/*.test.mjs >/dev/null 2>&1; then
	step "browser tests (Chromium; UI built with Node.js $($NODE18 --version), tests on $(node --version))"
	if (cd web && $NODE18 build.mjs) >"$OUT/web-build.log" 2>&1; then
		KARTLA="$ROOT/build/cli/kartla" node --test --test-concurrency=2 tests/web/ >"$OUT/web-test.log" 2>&1
		tail -n 9 "$OUT/web-test.log"
		count_node "$OUT/web-test.log"
	else
		cat "$OUT/web-build.log"
		fail_step "web build" "$OUT/web-build.log"
	fi
fi

# 8. The Debian package as an administrator meets it: built with debhelper, lintian without
#    errors, installed on this machine, the service's ExecStart started as an unprivileged
#    user, signed in, stopped, purged (scripts/deb_test.sh; skipped when not root).
step "Debian package (make deb, lintian, install, start, sign in, purge)"
bash scripts/deb_test.sh >"$OUT/deb-test.log" 2>&1
rc=$?
tail -n 6 "$OUT/deb-test.log"
if [ "$rc" -eq 0 ]; then
	passed=$((passed + 1))
elif [ "$rc" -eq 77 ]; then
	skipped=$((skipped + 1))
	skip_notes="$skip_notes  Debian package: $(tail -n 1 "$OUT/deb-test.log")\n"
else
	failed=$((failed + 1))
	fail_notes="$fail_notes  Debian package: $(grep '^FAIL' "$OUT/deb-test.log" | head -n 1)\n"
fi

# 9. Information, not pass/fail: line coverage of the C tests, and the optional tests
#    skipped (those over ../shared, which a plain clone does not have beside it).
if [ -f "$OUT/coverage.txt" ]; then
	step "line coverage (information; build-asan, -O0)"
	cat "$OUT/coverage.txt"
	[ -f "$OUT/coverage-api.txt" ] && cat "$OUT/coverage-api.txt"
fi
if [ "$skipped" -gt 0 ]; then
	step "skipped: $skipped optional tests (not counted)"
	printf '%b' "$skip_notes"
fi

if [ "$failed" -gt 0 ]; then
	step "failed"
	[ -n "$fail_notes" ] && printf '%b' "$fail_notes"
fi
echo "$passed passed, $failed failed (in ${SECONDS} s)"
[ "$failed" -eq 0 ]
