#!/bin/sh
# Lead-time simulation benchmark (issue 5 §4): simulated activity executions per
# second, single-threaded, of `kartla leadtime` against the plain Python reference
# bench/sim/ref_sim.py on the same generated 100-activity map (exclusive and
# parallel branches, rework loops) and the same number of cases; then the time of
# a 1,000,000-run simulation. Medians of RUNS repetitions. Not part of `make test`.
#
#   bench/sim/run.sh                      # RUNS=5 CASES=50000 ACTIVITIES=100
#   KARTLA=build/cli/kartla RUNS=3 bench/sim/run.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
KARTLA=${KARTLA:-$root/build-release/cli/kartla}
RUNS=${RUNS:-5}
CASES=${CASES:-50000}
ACTIVITIES=${ACTIVITIES:-100}
BIG=${BIG:-1000000}
out=$here/out
mkdir -p "$out"

[ -x "$KARTLA" ] || {
	echo "no $KARTLA: meson setup build-release --buildtype=release && ninja -C build-release" >&2
	exit 1
}
map=$out/bench-$ACTIVITIES.bpmn
python3 "$here/gen_map.py" "$map" "$ACTIVITIES"

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# One timed simulation of kartla: prints "executions seconds rate".
kartla_once() { # RUNS-OF-THE-SIMULATION
	"$KARTLA" leadtime --basis calendar --runs "$1" --seed 1 --timing --format json "$map" \
		2>"$out/timing.txt" >"$out/kartla.json"
	sed -n 's/.* runs, \([0-9]*\) activity executions in \([0-9.]*\) s (\([0-9]*\) executions.*/\1 \2 \3/p' \
		"$out/timing.txt"
}

echo "map: $ACTIVITIES activities ($map), $CASES cases, $RUNS runs each, single-threaded"
: >"$out/c.txt"
: >"$out/py.txt"
i=0
while [ "$i" -lt "$RUNS" ]; do
	kartla_once "$CASES" | awk '{print $3}' >>"$out/c.txt"
	python3 "$here/ref_sim.py" "$map" "$CASES" 1 >"$out/py-last.txt"
	awk '{print $4}' "$out/py-last.txt" >>"$out/py.txt"
	i=$((i + 1))
done
c_rate=$(median <"$out/c.txt")
py_rate=$(median <"$out/py.txt")
c_mean=$(python3 -c "import json; print('%.1f' % json.load(open('$out/kartla.json'))['simulation']['mean']['hours'])")
py_mean=$(awk '{printf "%.1f", $5}' "$out/py-last.txt")
per_case=$(awk '{printf "%.1f", $2 / $1}' "$out/py-last.txt")
printf '%-28s %16s %14s\n' "" "executions/s" "mean lead (h)"
printf '%-28s %16.0f %14s\n' "kartla (C)" "$c_rate" "$c_mean"
printf '%-28s %16.0f %14s\n' "reference (Python)" "$py_rate" "$py_mean"
awk -v c="$c_rate" -v p="$py_rate" 'BEGIN {printf "ratio: %.0fx   (goal: >= 10,000,000 executions/s per core)\n", c / p}'
echo "activity executions per case: $per_case"

# The large run: the whole command (read, analyse, simulate, sort, JSON) and the simulation alone.
: >"$out/big.txt"
i=0
while [ "$i" -lt "$RUNS" ]; do
	t0=$(date +%s.%N)
	sim=$(kartla_once "$BIG" | awk '{print $2, $3}')
	t1=$(date +%s.%N)
	awk -v a="$t0" -v b="$t1" -v s="$sim" 'BEGIN {printf "%.3f %s\n", b - a, s}' >>"$out/big.txt"
	i=$((i + 1))
done
wall=$(awk '{print $1}' "$out/big.txt" | median)
simt=$(awk '{print $2}' "$out/big.txt" | median)
big_rate=$(awk '{print $3}' "$out/big.txt" | median)
echo "$BIG runs: ${wall} s for the whole command, ${simt} s simulating (goal: < 10 s)"
printf 'kartla (C) at %s runs: %.0f executions/s\n' "$BIG" "$big_rate"
