#!/bin/sh
# Every fuzz target scripts/fuzz.sh runs has its source, its dictionary and its seeds committed
# (a dictionary missing from a clean clone failed the fuzz step only there).
set -eu
ROOT=$1
cd "$ROOT"
targets=$(sed -n 's/^TARGETS="\(.*\)"$/\1/p' scripts/fuzz.sh)
[ -n "$targets" ] || { echo "no target list found in scripts/fuzz.sh"; exit 1; }
status=0
for t in $targets; do
	case $t in eventlog_xes | eventlog_csv) src=fuzz/fuzz_eventlog.c ;; *) src=fuzz/fuzz_$t.c ;; esac
	for f in "$src" "fuzz/$t.dict"; do
		if ! git ls-files --error-unmatch "$f" >/dev/null 2>&1 && [ -d .git ]; then
			echo "fuzz_$t: $f is not committed"
			status=1
		elif [ ! -s "$f" ]; then
			echo "fuzz_$t: $f is missing or empty"
			status=1
		fi
	done
	if [ -z "$(ls "fuzz/seeds/$t" 2>/dev/null)" ]; then
		echo "fuzz_$t: no seeds in fuzz/seeds/$t"
		status=1
	fi
done
[ "$status" -eq 0 ] && echo "$(echo $targets | wc -w) fuzz targets: sources, dictionaries and seeds present"
exit $status
