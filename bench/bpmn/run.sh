#!/usr/bin/env bash
# bench/bpmn/run.sh — BPMN read + write speed: `kartla convert IN OUT.bpmn` against
# bpmn-moddle's fromXML + toXML under Node (bench/bpmn/moddle-rt.mjs), the
# reference named in issue 2 §6, and `kartla check` of the generated map.
# Goals: issue 2 §6 >= 20x moddle's throughput at <= 1/5 of its peak memory;
# issue 12 §6 on the generated map convert at >= 100 MB/s and >= 30x moddle,
# check in <= 0.5 s.
#
# Workloads (measured in one run):
#   miwg-reference  every file in tests/data/bpmn/miwg-reference/ as one workload:
#                   kartla converts all files in one process (`convert -d`, with
#                   --repair as tests/golden/repair.txt needs), moddle-rt.mjs handles all files in one
#                   Node process (one start: moddle's best case);
#   generated       a map of 50,000 activities with DI, 10 lanes and a pool, made by
#                   bench/bpmn/gen.mjs once and cached in bench/bpmn/out/ (regenerated
#                   when gen.mjs is newer); besides the round trip, `kartla check` of
#                   it is timed the same way (no reference: the goal is absolute).
# Order per workload: kartla convert, then kartla check, then bpmn-moddle.
# Each tool runs each workload once untimed (warms the page cache, checks it succeeds),
# then RUNS times, each run being a timed pass (processes started directly, wall time
# from bash's EPOCHREALTIME, process start included) and a memory pass (the same
# commands under GNU time; peak = the largest max RSS, %M, of the workload's
# processes). Reported per tool: median wall time, throughput = input bytes / median
# time in MB/s (10^6 bytes), median peak memory in MiB; and the ratios kartla/moddle
# throughput and moddle/kartla memory. Outputs are written to bench/bpmn/out/.
# Each timed row also shows the median CPU time (user + system, from GNU time's
# pass): on a machine other work shares, it says what the tool itself costs.
#
# It builds nothing. Use a release build of kartla:
#     meson setup build-release --buildtype=release && ninja -C build-release
#     bench/bpmn/run.sh
# Environment:
#   KARTLA         kartla binary (default build-release/cli/kartla, else build/cli/kartla)
#   RUNS           timed runs per tool and workload (default 5)
#   ACTIVITIES     size of the generated map (default 50000)
#   LANES          lanes of the generated map (default 10, at most 10)
#   KARTLA_BPMN    BPMN corpus directory (default tests/data/bpmn; the full
#                  ../shared/data/bpmn has the same miwg-reference/)
#   NODE           node binary (default node)
# Needs GNU time (/usr/bin/time); as root it installs the Debian package `time` if missing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-5}
ACTIVITIES=${ACTIVITIES:-50000}
LANES=${LANES:-10}
BPMN_DIR=${KARTLA_BPMN:-$ROOT/tests/data/bpmn}
NODE=${NODE:-node}
OUT=$HERE/out
TIME=/usr/bin/time

die() { echo "run.sh: $*" >&2; exit 1; }

if [ -z "${KARTLA:-}" ]; then
	if [ -x "$ROOT/build-release/cli/kartla" ]; then
		KARTLA=$ROOT/build-release/cli/kartla
	else
		KARTLA=$ROOT/build/cli/kartla
		echo "run.sh: warning: no build-release/; timing $KARTLA (not a release build)" >&2
	fi
fi
[ -x "$KARTLA" ] || die "no kartla binary at $KARTLA (see the top of this script)"
[ -d "$ROOT/web/node_modules/bpmn-moddle" ] || die "bpmn-moddle missing: run 'npm ci' in web/"
[ -d "$BPMN_DIR/miwg-reference" ] || die "no $BPMN_DIR/miwg-reference"
case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a positive integer" ;; esac
case $LANES in [1-9] | 10) ;; *) die "LANES must be 1 to 10" ;; esac
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get install -y time >/dev/null
	else
		die "GNU time is missing: apt-get install time"
	fi
fi

mkdir -p "$OUT/kartla" "$OUT/moddle"
GEN=$OUT/generated-$ACTIVITIES-$LANES.bpmn
if [ ! -s "$GEN" ] || [ "$HERE/gen.mjs" -nt "$GEN" ]; then
	echo "generating $GEN ..." >&2
	"$NODE" "$HERE/gen.mjs" --activities "$ACTIVITIES" --lanes "$LANES" --out "$GEN"
fi

mapfile -t MIWG < <(find "$BPMN_DIR/miwg-reference" -maxdepth 1 -name '*.bpmn' | LC_ALL=C sort)
[ "${#MIWG[@]}" -gt 0 ] || die "no files in $BPMN_DIR/miwg-reference"
REPAIR_LIST=$ROOT/tests/golden/repair.txt

needs_repair() { # path -> 0 when listed in tests/golden/repair.txt
	local rel=${1#"$BPMN_DIR"/}
	[ -f "$REPAIR_LIST" ] && grep -qxF "$rel" "$REPAIR_LIST"
}

bytes_of() { local n=0 f; for f in "$@"; do n=$((n + $(stat -c %s "$f"))); done; echo "$n"; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
LOG=$OUT/run.log
: >"$LOG"

# The kartla command line of the current workload, prepared before any timing so
# the timed part runs nothing but kartla itself. Like moddle-rt.mjs, kartla handles
# the whole workload in one process (`kartla convert -d DIR IN...`); --repair is
# given when any file is listed in tests/golden/repair.txt (it changes nothing in
# a file that reads strictly).
JOB_FLAGS=()
CHECK_FLAGS=()
JOB_IN=()
prepare_kartla() { # FILE...
	local f biggest=0 s repair=
	JOB_FLAGS=() JOB_IN=()
	for f in "$@"; do
		s=$(stat -c %s "$f")
		if [ "$s" -gt "$biggest" ]; then biggest=$s; fi
		if needs_repair "$f"; then repair=--repair; fi
		JOB_IN+=("$f")
	done
	if [ -n "$repair" ]; then JOB_FLAGS+=("$repair"); fi
	if [ "$biggest" -gt $((64 << 20)) ]; then JOB_FLAGS+=(--max-size "$((biggest + 1))"); fi
	JOB_FLAGS+=(-d "$OUT/kartla")
}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f", b - a }'; }

# Wall time of the workload (process start included): echoes seconds.
time_kartla() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$KARTLA" convert "${JOB_FLAGS[@]}" "${JOB_IN[@]}" >>"$LOG" 2>&1 ||
		die "kartla convert failed (see $LOG)"
	t1=$EPOCHREALTIME
	elapsed "$t0" "$t1"
}

# Peak memory of the workload: "max-RSS-KiB cpu-seconds" of the process.
mem_kartla() {
	"$TIME" -f '%M %U %S' -o "$TMP/rss" "$KARTLA" convert "${JOB_FLAGS[@]}" "${JOB_IN[@]}" \
		>>"$LOG" 2>&1 || die "kartla convert failed (see $LOG)"
	tail -n 1 "$TMP/rss" | awk '{ print $1, $2 + $3 }'
}

# kartla check of the prepared workload's one file (exit 1 = errors found, still a run).
time_check() {
	local t0 t1 rc=0
	t0=$EPOCHREALTIME
	"$KARTLA" check "${CHECK_FLAGS[@]}" "${JOB_IN[@]}" >"$OUT/check.txt" 2>>"$LOG" || rc=$?
	t1=$EPOCHREALTIME
	[ "$rc" -le 1 ] || die "kartla check failed (see $LOG)"
	elapsed "$t0" "$t1"
}
mem_check() {
	local rc=0
	"$TIME" -f '%M %U %S' -o "$TMP/rss" "$KARTLA" check "${CHECK_FLAGS[@]}" "${JOB_IN[@]}" \
		>"$OUT/check.txt" 2>>"$LOG" || rc=$?
	[ "$rc" -le 1 ] || die "kartla check failed (see $LOG)"
	tail -n 1 "$TMP/rss" | awk '{ print $1, $2 + $3 }'
}

# moddle: one Node process for all files of the workload.
# Node's default heap limit; set NODE_OPTIONS=--max-old-space-size=... for huge ACTIVITIES.
MODDLE=("$NODE" "$HERE/moddle-rt.mjs" "$OUT/moddle")
time_moddle() {
	local t0 t1
	t0=$EPOCHREALTIME
	"${MODDLE[@]}" "${JOB_IN[@]}" >>"$LOG" 2>&1 || die "moddle-rt.mjs failed (see $LOG)"
	t1=$EPOCHREALTIME
	elapsed "$t0" "$t1"
}
mem_moddle() {
	"$TIME" -f '%M %U %S' -o "$TMP/rss" "${MODDLE[@]}" "${JOB_IN[@]}" >>"$LOG" 2>&1 ||
		die "moddle-rt.mjs failed (see $LOG)"
	tail -n 1 "$TMP/rss" | awk '{ print $1, $2 + $3 }'
}

median() { # numbers on stdin -> median
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure TOOL -> "median_seconds median_peak_kib median_cpu_seconds" for the prepared workload
measure() {
	local tool=$1 i
	"time_$tool" >/dev/null # untimed warm-up (page cache) and check
	: >"$TMP/times"
	: >"$TMP/peaks"
	for ((i = 1; i <= RUNS; i++)); do
		"time_$tool" >>"$TMP/times"
		echo >>"$TMP/times"
		"mem_$tool" >>"$TMP/peaks"
	done
	echo "$(median <"$TMP/times") $(cut -d' ' -f1 "$TMP/peaks" | median) $(cut -d' ' -f2 "$TMP/peaks" | median)"
}

moddle_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ROOT/web/node_modules/bpmn-moddle/package.json" | head -n 1)
echo "kartla:  $KARTLA ($("$KARTLA" --version 2>/dev/null || echo '?'))"
echo "moddle:  bpmn-moddle $moddle_version on Node $("$NODE" --version) (fromXML + toXML, format: true)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "runs:    $RUNS per tool and workload (medians; wall time includes process start)"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine slows wall time)"
echo

row() { # name files... -> prints the table rows of one workload (with CHECK=1: kartla check too)
	local name=$1
	shift
	local bytes k m c=
	bytes=$(bytes_of "$@")
	prepare_kartla "$@"
	k=$(measure kartla)
	# check before moddle: it has no reference, and right after moddle's 1.6 GB the VM
	# hands out fresh pages slowly for a while, which timed that instead of the checker
	if [ -n "${CHECK:-}" ]; then
		CHECK_FLAGS=()
		if [ "$(bytes_of "$@")" -gt $((64 << 20)) ]; then CHECK_FLAGS+=(--max-size "$(($(bytes_of "$@") + 1))"); fi
		c=$(measure check)
	fi
	m=$(measure moddle)
	awk -v name="$name" -v n="$#" -v b="$bytes" -v k="$k" -v m="$m" -v c="$c" -v goal="${GOAL:-}" 'BEGIN {
		split(k, K, " "); split(m, M, " ")
		kt = b / 1e6 / K[1]; mt = b / 1e6 / M[1]
		printf "%-26s %9.2f %7s %10.3f %10.1f %12.1f %8.2f\n", name " (" n " file" (n > 1 ? "s" : "") ")", b / 1e6, "kartla", K[1], kt, K[2] / 1024, K[3]
		printf "%-26s %9s %7s %10.3f %10.1f %12.1f %8.2f\n", "", "", "moddle", M[1], mt, M[2] / 1024, M[3]
		if (c != "") {
			split(c, C, " ")
			printf "%-26s %9s %7s %10.3f %10s %12.1f %8.2f\n", "", "", "check", C[1], "-", C[2] / 1024, C[3]
		}
		tr = kt / mt; mr = M[2] / K[2]
		printf "%-26s %9s %7s  %s\n", "", "", "ratio", sprintf("throughput %.2fx (goal >= 20x: %s), memory 1/%.2f (goal <= 1/5: %s)", tr, tr >= 20 ? "met" : "NOT met", mr, mr >= 5 ? "met" : "NOT met")
		if (goal != "") {
			printf "%-26s %9s %7s  %s\n", "", "", "goal", sprintf("convert %.1f MB/s (>= 100: %s; %.1f MB/s by CPU time), %.2fx moddle (>= 30x: %s; %.2fx by CPU time)", kt, kt >= 100 ? "met" : "NOT met", b / 1e6 / K[3], tr, tr >= 30 ? "met" : "NOT met", M[3] / K[3])
			if (c != "")
				printf "%-26s %9s %7s  %s\n", "", "", "", sprintf("check %.3f s (<= 0.5 s: %s; %.3f s of CPU time)", C[1], C[1] <= 0.5 ? "met" : "NOT met", C[3])
		}
	}'
}

printf "%-26s %9s %7s %10s %10s %12s %8s\n" "input" "size MB" "tool" "median s" "MB/s" "peak MiB" "cpu s"
printf "%-26s %9s %7s %10s %10s %12s %8s\n" "-----" "-------" "----" "--------" "----" "--------" "-----"
row "miwg-reference" "${MIWG[@]}"
CHECK=1 GOAL=1 row "generated-$ACTIVITIES-$LANES" "$GEN"
echo
echo "outputs in $OUT/kartla and $OUT/moddle, the findings of check in $OUT/check.txt; tool messages in $LOG"
