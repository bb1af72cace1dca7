#!/bin/sh
# Benchmark: `kartla layout` against Graphviz dot on the same generated swimlane maps
# (issue 12 §4), in one run. bench/layout/gen.py writes each map twice: as BPMN without
# a diagram, and as a dot graph with one cluster per lane (the nearest dot has to lanes).
# For each size it prints the median of RUNS runs of each tool -- wall time and CPU time
# (user + system; the steadier figure on a shared machine) -- and the ratios, plus
# Kartla's time per layout inside one process (`--repeat`: read, lay out, write, read
# back), which leaves out the start of the program. dot gets one run per size past
# 1,000 nodes, cut at DOT_TIMEOUT seconds ("timed out" is printed then).
#
#   bench/layout/run.sh [SIZES] [LANES]      defaults: "100 1000 5000", 8
#   RUNS=5 DOT_TIMEOUT=300 KARTLA=build-release/cli/kartla bench/layout/run.sh
#
# Needs Debian's graphviz (apt-get install graphviz).
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SIZES=${1:-100 1000 5000}
LANES=${2:-8}
RUNS=${RUNS:-5}
DOT_TIMEOUT=${DOT_TIMEOUT:-300}
K=${KARTLA:-$ROOT/build-release/cli/kartla}
[ -x "$K" ] || K=$ROOT/build/cli/kartla
OUT=$ROOT/tests/out/bench-layout
mkdir -p "$OUT"
[ -x "$K" ] || { echo "build kartla first (see bench/README.md)"; exit 1; }
command -v dot >/dev/null || { echo "needs Graphviz dot: apt-get install graphviz"; exit 1; }

# runs N CMD...: median "wall cpu" of N runs; "timeout" when the last run was cut.
runs() {
	n=$1
	shift
	: >"$OUT/times"
	i=0
	while [ $i -lt "$n" ]; do
		if ! /usr/bin/time -f "%e %U %S" -o "$OUT/one" timeout "$DOT_TIMEOUT" "$@" >/dev/null 2>"$OUT/err"; then
			if grep -q "Command exited with non-zero status 124" "$OUT/one"; then
				echo timeout
				return
			fi
			cat "$OUT/err" "$OUT/one" >&2
			exit 1
		fi
		tail -n 1 "$OUT/one" >>"$OUT/times"
		i=$((i + 1))
	done
	w=$(sort -n "$OUT/times" | awk '{w[NR]=$1} END {print w[int((NR+1)/2)]}')
	c=$(awk '{print $2+$3}' "$OUT/times" | sort -n | awk '{c[NR]=$1} END {print c[int((NR+1)/2)]}')
	echo "$w $c"
}

echo "kartla: $K"
echo "dot:    $(dot -V 2>&1)"
printf '%-7s %-24s %-24s %-16s %s\n' nodes "kartla wall/cpu (s)" "dot wall/cpu (s)" "ratio wall/cpu" "kartla per layout in-process (cpu s)"
for n in $SIZES; do
	python3 bench/layout/gen.py "$n" "$LANES" "$OUT/g$n.bpmn" "$OUT/g$n.dot" >/dev/null
	set -- $(runs "$RUNS" "$K" layout "$OUT/g$n.bpmn" "$OUT/g$n.layout.bpmn")
	kw=$1 kc=$2
	set -- $(runs 1 "$K" layout --repeat 1 "$OUT/g$n.bpmn" /dev/null)
	c1=$2
	set -- $(runs 1 "$K" layout --repeat 21 "$OUT/g$n.bpmn" /dev/null)
	per=$(awk -v a="$c1" -v b="$2" 'BEGIN {printf "%.4f", (b - a) / 20}')
	if [ "$n" -le 1000 ]; then dr=3; else dr=1; fi
	d=$(runs "$dr" dot -Tplain -o "$OUT/g$n.plain" "$OUT/g$n.dot")
	if [ "$d" = timeout ]; then
		printf '%-7s %-24s %-24s %-16s %s\n' "$n" "$kw / $kc" "timed out (>${DOT_TIMEOUT}s)" "> $(awk -v a="$DOT_TIMEOUT" -v b="$kw" 'BEGIN {printf "%.0f", a / b}')x" "$per"
	else
		set -- $d
		printf '%-7s %-24s %-24s %-16s %s\n' "$n" "$kw / $kc" "$1 / $2" \
			"$(awk -v a="$1" -v b="$kw" -v c="$2" -v d="$kc" 'BEGIN {printf "%.0fx / %.0fx", a / b, c / (d > 0 ? d : 0.001)}')" "$per"
	fi
done
