#!/bin/sh
# How many BPMN exports open by default: runs `kartla convert` (default:
# read and report) over every .bpmn/.xml under DIR ($KARTLA_SHARED, as for
# the tests, default ../shared/data/bpmn: optional data a plain clone does not have;
# without it, the files in tests/data) and prints "opened N of M"; the refused files and their first
# message go to standard error. Usage: scripts/import_measure.sh [KARTLA] [DIR] [extra flags]
KARTLA=${1:-build/cli/kartla}
DIR=${2:-${KARTLA_SHARED:-../shared/data/bpmn}}
shift 2 2>/dev/null
if [ ! -d "$DIR" ]; then
	# a plain clone has no ../shared: measure the files the repository carries
	echo "import_measure: $DIR is absent; measuring tests/data/bpmn and tests/data/bpmn-quirks" >&2
	DIR="tests/data/bpmn tests/data/bpmn-quirks"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok=0
all=0
# shellcheck disable=SC2086 # DIR may name two folders
find $DIR -type f \( -name '*.bpmn' -o -name '*.xml' \) | sort > "$tmp/list"
while IFS= read -r f; do
	all=$((all + 1))
	if "$KARTLA" convert "$@" "$f" "$tmp/out.bpmn" >/dev/null 2>"$tmp/err"; then
		ok=$((ok + 1))
	else
		echo "refused: $(grep -v warning "$tmp/err" | head -n 1)" >&2
	fi
done < "$tmp/list"
echo "opened $ok of $all"
