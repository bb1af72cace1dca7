#!/usr/bin/env bash
# bench/bpmn/run.sh — BPMN read + write speed: `kartla convert IN OUT.bpmn` against
# bpmn-moddle's fromXML + toXML under Node (bench/bpmn/moddle-rt.mjs), the
# reference named in issue 2 §6. Goal: >= 20x moddle's throughput at <= 1/5 of
# its peak memory.
#
# Workloads (measured in one run):
#   miwg-reference  every file in tests/data/bpmn/miwg-reference/ as one workload:
#                   kartla converts all files in one process (`convert -d`, with
#                   --repair as tests/golden/repair.txt needs), moddle-rt.mjs handles all files in one
#                   Node process (one start: moddle's best case);
#   generated       a map of 50,000 activities with DI, 5 lanes and a pool, made by
#                   bench/bpmn/gen.mjs once and cached in bench/bpmn/out/ (regenerated
#                   when gen.mjs is newer).
# Each tool runs each workload once untimed (warms the page cache, checks it succeeds),
# then RUNS times, each run being a timed pass (processes started directly, wall time
# from bash's EPOCHREALTIME, process start included) and a memory pass (the same
# commands under GNU time; peak = the largest max RSS, %M, of the workload's
# processes). Reported per tool: median wall time, throughput = input bytes / median
# time in MB/s (10^6 bytes), median peak memory in MiB; and the ratios kartla/moddle
# throughput and moddle/kartla memory. Outputs are written to bench/bpmn/out/.
#
# It builds nothing. Use a release build of kartla:
#     meson setup build-release --buildtype=release && ninja -C build-release
#     bench/bpmn/run.sh
# Environment:
#   KARTLA         kartla binary (default build-release/cli/kartla, else build/cli/kartla)
#   RUNS           timed runs per tool and workload (default 5)
#   ACTIVITIES     size of the generated map (default 50000)
#   KARTLA_BPMN    BPMN corpus directory (default tests/data/bpmn; the full
#                  ../shared/data/bpmn has the same miwg-reference/)
#   NODE           node binary (default node)
# Needs GNU time (/usr/bin/time); as root it installs the Debian package `time` if missing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RUNS=${RUNS:-5}
ACTIVITIES=${ACTIVITIES:-50000}
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
if ! "$TIME" -f %M true >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get install -y time >/dev/null
	else
		die "GNU time is missing: apt-get install time"
	fi
fi

mkdir -p "$OUT/kartla" "$OUT/moddle"
GEN=$OUT/generated-$ACTIVITIES.bpmn
if [ ! -s "$GEN" ] || [ "$HERE/gen.mjs" -nt "$GEN" ]; then
	echo "generating $GEN ..." >&2
	"$NODE" "$HERE/gen.mjs" --activities "$ACTIVITIES" --out "$GEN"
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

# Peak memory of the workload: max RSS (KiB) of the process.
mem_kartla() {
	"$TIME" -f %M -o "$TMP/rss" "$KARTLA" convert "${JOB_FLAGS[@]}" "${JOB_IN[@]}" \
		>>"$LOG" 2>&1 || die "kartla convert failed (see $LOG)"
	tail -n 1 "$TMP/rss"
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
	"$TIME" -f %M -o "$TMP/rss" "${MODDLE[@]}" "${JOB_IN[@]}" >>"$LOG" 2>&1 ||
		die "moddle-rt.mjs failed (see $LOG)"
	tail -n 1 "$TMP/rss"
}

median() { # numbers on stdin -> median
	sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# measure TOOL -> "median_seconds median_peak_kib" for the prepared workload
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
	echo "$(median <"$TMP/times") $(median <"$TMP/peaks")"
}

moddle_version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$ROOT/web/node_modules/bpmn-moddle/package.json" | head -n 1)
echo "kartla:  $KARTLA ($("$KARTLA" --version 2>/dev/null || echo '?'))"
echo "moddle:  bpmn-moddle $moddle_version on Node $("$NODE" --version) (fromXML + toXML, format: true)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
echo "runs:    $RUNS per tool and workload (medians; wall time includes process start)"
echo

row() { # name files... -> prints the table rows of one workload
	local name=$1
	shift
	local bytes k m ks kp ms mp
	bytes=$(bytes_of "$@")
	prepare_kartla "$@"
	k=$(measure kartla)
	m=$(measure moddle)
	ks=${k% *} kp=${k#* } ms=${m% *} mp=${m#* }
	awk -v name="$name" -v n="$#" -v b="$bytes" -v ks="$ks" -v kp="$kp" -v ms="$ms" -v mp="$mp" 'BEGIN {
		kt = b / 1e6 / ks; mt = b / 1e6 / ms
		printf "%-26s %9.2f %7s %10.3f %10.1f %12.1f\n", name " (" n " file" (n > 1 ? "s" : "") ")", b / 1e6, "kartla", ks, kt, kp / 1024
		printf "%-26s %9s %7s %10.3f %10.1f %12.1f\n", "", "", "moddle", ms, mt, mp / 1024
		tr = kt / mt; mr = mp / kp
		printf "%-26s %9s %7s  %s\n", "", "", "ratio", sprintf("throughput %.2fx (goal >= 20x: %s), memory 1/%.2f (goal <= 1/5: %s)", tr, tr >= 20 ? "met" : "NOT met", mr, mr >= 5 ? "met" : "NOT met")
	}'
}

printf "%-26s %9s %7s %10s %10s %12s\n" "input" "size MB" "tool" "median s" "MB/s" "peak MiB"
printf "%-26s %9s %7s %10s %10s %12s\n" "-----" "-------" "----" "--------" "----" "--------"
row "miwg-reference" "${MIWG[@]}"
row "generated-$ACTIVITIES" "$GEN"
echo
echo "outputs in $OUT/kartla and $OUT/moddle; tool messages in $LOG"
