#!/usr/bin/env bash
# bench/bpmn/ab.sh — two kartla binaries side by side on one command, alternated run by run
# (old, new, old, new, ...), so that a machine whose speed drifts (this VM's drifts by a
# third within an hour) slows both alike. Prints for each: the median, lower quartile and
# fastest wall time, the median user and system CPU time and the median peak RSS, all from
# GNU time. The command's own output goes to /dev/null; a command that fails stops the run.
#
#   bench/bpmn/ab.sh OLD NEW RUNS ARGS...
#   bench/bpmn/ab.sh /tmp/kartla-before build-release/cli/kartla 31 \
#       convert bench/bpmn/out/generated-50000-10.bpmn /tmp/out.bpmn
#   bench/bpmn/ab.sh /tmp/kartla-before build-release/cli/kartla 31 \
#       check bench/bpmn/out/generated-50000-10.bpmn
#
# OLD is usually a release build of an earlier commit, e.g.
#   git worktree add /tmp/before REV && meson setup /tmp/before/b --buildtype=release &&
#   ninja -C /tmp/before/b cli/kartla
# `kartla check` exits 1 when the map has errors; that counts as success here.
set -euo pipefail

[ $# -ge 4 ] || {
	echo "usage: $0 OLD NEW RUNS ARGS..." >&2
	exit 64
}
OLD=$1 NEW=$2 RUNS=$3
shift 3
for k in "$OLD" "$NEW"; do
	[ -x "$k" ] || {
		echo "ab.sh: no executable $k" >&2
		exit 64
	}
done
case $RUNS in '' | *[!0-9]* | 0)
	echo "ab.sh: RUNS must be a positive integer" >&2
	exit 64
	;;
esac
/usr/bin/time -f %M true >/dev/null 2>&1 || {
	echo "ab.sh: GNU time is missing: apt-get install time" >&2
	exit 64
}

log=$(mktemp)
trap 'rm -f "$log" "$log.one"' EXIT
for ((i = 0; i < RUNS; i++)); do
	for side in old new; do
		if [ $side = old ]; then k=$OLD; else k=$NEW; fi
		rc=0
		/usr/bin/time -o "$log.one" -f "$side %e %U %S %M" "$k" "$@" >/dev/null 2>&1 || rc=$?
		[ "$rc" -le 1 ] || {
			echo "ab.sh: $k $* failed with status $rc" >&2
			exit 1
		}
		tail -n 1 "$log.one" >>"$log"
	done
done
python3 - "$log" <<'PY'
import statistics as st, sys
runs = {}
for line in open(sys.argv[1]):
    side, *v = line.split()
    runs.setdefault(side, []).append([float(x) for x in v])
for side in ("old", "new"):
    v = runs[side]
    wall = sorted(x[0] for x in v)
    print("%s n=%d wall median %.3f s, lower quartile %.3f s, fastest %.3f s; "
          "user %.3f s, system %.3f s; peak %.0f MB" % (
              side, len(v), st.median(wall), wall[len(wall) // 4], wall[0],
              st.median(x[1] for x in v), st.median(x[2] for x in v),
              st.median(x[3] for x in v) / 1024))
PY
