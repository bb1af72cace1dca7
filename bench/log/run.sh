#!/bin/sh
# Benchmark (issue 14 section 5): Kartla's event-log pipeline against a pandas reference on
# the same ~1 GB CSV, in one run.
#
#   bench/log/run.sh [CSV_BYTES] [RUNS]     defaults: 1000000000 (1 GB), 3
#   KARTLA=/path/to/kartla bench/log/run.sh  default: build-release/cli/kartla
#
# The pipeline: read the CSV -> case lead times -> directly-follows graph with mean times ->
# variants. Kartla runs it as `kartla eventlog stats --json` (which computes all of these and
# more); the reference is bench/log/ref_pandas.py (Debian's python3-pandas, run with
# /usr/bin/python3). Both must give the same numbers: cases, events, activities, variants,
# mean / median / P80 / P95 lead time and every DFG edge's count and mean time (Kartla's edges
# from `kartla eventlog dfg --json`); the script stops with an error on any difference. Then it
# prints the median wall time and CPU time of RUNS runs of each, the median peak RSS
# (/usr/bin/time -v), the ratios, and the XES read speed in MB/s on
# a ~200 MB XES made from the same base log by gen_xes.py (XES_BYTES to change the size), and
# the machine's load (`uptime`), since other work on a shared machine inflates wall times.
#
# The CSV is generated once by gen_csv.py (the BPI Challenge 2012 log, one trace per variant,
# replicated with new case ids and shifted times) into tests/out/bench-log/. The machine may be
# shared: CPU time (user + system) is the steadier figure when other work runs.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BYTES=${1:-1000000000}
RUNS=${2:-3}
K=${KARTLA:-$ROOT/build-release/cli/kartla}
PY=/usr/bin/python3
DATA=${EVENTLOGS:-$ROOT/../shared/data/eventlogs}
OUT=$ROOT/tests/out/bench-log
mkdir -p "$OUT"
CSV=$OUT/bpic2012-$BYTES.csv

[ -x "$K" ] || {
	echo "build kartla first: meson setup build-release --buildtype=release && ninja -C build-release"
	exit 1
}
$PY -c 'import pandas' 2>/dev/null || {
	echo "the reference needs Debian's pandas: apt-get install python3-pandas"
	exit 1
}
[ -f "$DATA/17_bpic2012_1t_per_variant.xes.gz" ] || [ -f "$CSV" ] || {
	echo "skipped: $DATA (the shared event logs) is not here to generate the CSV from"
	exit 0
}
[ -f "$CSV" ] || $PY bench/log/gen_csv.py "$DATA/17_bpic2012_1t_per_variant.xes.gz" "$BYTES" "$CSV"

# median of RUNS runs: prints "wall_seconds max_rss_kb cpu_seconds"
measure() {
	i=0
	: >"$OUT/times"
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -v -o "$OUT/one" "$@" >"$OUT/stdout"
		awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); w = 0;
				for (k = 1; k <= n; k++) w = w * 60 + t[k]}
			/Maximum resident set size/ {m = $2}
			/User time/ {u = $2} /System time/ {s = $2}
			END {print w, m, u + s}' "$OUT/one" >>"$OUT/times"
		i=$((i + 1))
	done
	awk '{w[NR] = $1; m[NR] = $2; c[NR] = $3} END {
		n = NR; for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
			if (w[j] < w[i]) {t = w[i]; w[i] = w[j]; w[j] = t}
			if (m[j] < m[i]) {t = m[i]; m[i] = m[j]; m[j] = t}
			if (c[j] < c[i]) {t = c[i]; c[i] = c[j]; c[j] = t}}
		i = int((n + 1) / 2); print w[i], m[i], c[i]}' "$OUT/times"
}

echo "log: $CSV ($(wc -c <"$CSV") bytes, $(($(wc -l <"$CSV") - 1)) events)"
"$K" eventlog stats --json "$CSV" >/dev/null # page cache, and a check that it reads
set -- $(measure "$K" eventlog stats --json "$CSV")
k_s=$1 k_kb=$2 k_cpu=$3
cp "$OUT/stdout" "$OUT/kartla.json"
"$K" eventlog dfg --json "$CSV" >"$OUT/kartla-dfg.json"
set -- $(measure $PY bench/log/ref_pandas.py "$CSV")
r_s=$1 r_kb=$2 r_cpu=$3
cp "$OUT/stdout" "$OUT/pandas.json"
$PY - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
k = json.load(open(out + "/kartla.json")); kd = json.load(open(out + "/kartla-dfg.json"))
r = json.load(open(out + "/pandas.json"))
bad = []
for key in ("cases", "events", "activities", "variants"):
    if k[key] != r[key]:
        bad.append("%s: kartla %s, pandas %s" % (key, k[key], r[key]))
for key in ("mean_s", "median_s", "p80_s", "p95_s"):
    if abs(k["lead_time"][key] - r["lead_time"][key]) > 0.002:
        bad.append("lead_time.%s: kartla %s, pandas %s" % (key, k["lead_time"][key], r["lead_time"][key]))
rd = {(e["from"], e["to"]): e for e in r["dfg"]}
kdd = {(e["from"], e["to"]): e for e in kd["edges"]}
for x in sorted(set(rd) | set(kdd)):
    a, b = kdd.get(x), rd.get(x)
    if not a or not b or a["count"] != b["count"] or abs(a["mean_s"] - b["mean_s"]) > 0.002:
        bad.append("DFG edge %s -> %s: kartla %s, pandas %s" % (x[0], x[1], a, b))
if bad:
    print("DIFFERENT NUMBERS (kartla vs pandas):\n  " + "\n  ".join(bad[:20]))
    sys.exit(1)
print("same numbers: %d cases, %d events, %d activities, %d variants, %d DFG edges"
      % (k["cases"], k["events"], k["activities"], k["variants"], len(rd)))
PY
echo "kartla eventlog stats: median ${k_s} s wall, ${k_cpu} s CPU, ${k_kb} KB peak RSS"
echo "pandas reference:      median ${r_s} s wall, ${r_cpu} s CPU, ${r_kb} KB peak RSS"
awk -v a="$r_s" -v b="$k_s" -v c="$r_cpu" -v d="$k_cpu" -v m="$r_kb" -v n="$k_kb" 'BEGIN {
	printf "ratio: kartla is %.1fx faster than pandas (wall), %.1fx (CPU), %.1fx less memory\n",
		a / b, c / d, m / n}'
[ "$(wc -c <"$CSV")" -lt 900000000 ] ||
	awk -v b="$k_s" 'BEGIN {printf "       and %.0fx faster than PM4Py (92.8 s for this pipeline on 1 GB, issue 14)\n", 92.8 / b}'

# XES: the BPIC 2012 log scaled to ~XES_BYTES (default 200 MB) by gen_xes.py; without the
# shared logs, the largest XES of tests/data/eventlog (decompressed)
XES_BYTES=${XES_BYTES:-200000000}
XES=$OUT/bpic2012-$XES_BYTES.xes
if [ -f "$DATA/17_bpic2012_1t_per_variant.xes.gz" ] || [ -f "$XES" ]; then
	[ -f "$XES" ] || $PY bench/log/gen_xes.py "$DATA/17_bpic2012_1t_per_variant.xes.gz" "$XES_BYTES" "$XES"
	echo "$XES" >"$XES.name"
else
	XES=$OUT/largest.xes
	if [ ! -f "$XES" ]; then
		best= bestn=0
		for f in "$ROOT"/tests/data/eventlog/*.xes*; do
			[ -f "$f" ] || continue
			n=$(zcat -f "$f" | wc -c)
			[ "$n" -gt "$bestn" ] && best=$f bestn=$n
		done
		zcat -f "$best" >"$XES"
		echo "$best" >"$XES.name"
	fi
fi
"$K" eventlog stats --json "$XES" >/dev/null # page cache
set -- $(measure "$K" eventlog stats --json "$XES")
awk -v s="$1" -v n="$(wc -c <"$XES")" -v kb="$2" -v c="$3" -v f="$(basename "$(cat "$XES.name")")" \
	'BEGIN {printf "XES %s: %.1f MB in %s s wall (%.0f MB/s), %s s CPU (%.0f MB/s), %d KB peak RSS\n",
		f, n / 1e6, s, n / 1e6 / s, c, n / 1e6 / c, kb}'
echo "load while measuring (uptime): $(uptime)"
