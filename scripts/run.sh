#!/bin/sh
# The main job until the server exists: check and convert the bundled example map.
set -eu
BUILD=${1:-build}
K="$BUILD/cli/kartla"
MAP=examples/worked-example.bpmn
echo "== kartla check $MAP"
"$K" check "$MAP" || true
echo
echo "== kartla convert $MAP $BUILD/worked-example.json"
"$K" convert "$MAP" "$BUILD/worked-example.json"
echo "model written to $BUILD/worked-example.json ($(wc -c <"$BUILD/worked-example.json") bytes)"
