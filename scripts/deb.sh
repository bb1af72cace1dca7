#!/bin/bash
# make deb: the Debian 12 package, built with Debian's own tools (debhelper) from a copy
# of the tracked files plus the built browser UI, into tests/out/deb/. Prints the path of
# the .deb. The copy keeps the build from writing beside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/out/deb
if [ ! -f web/dist/index.html ]; then
	echo "deb: build the browser UI first (make build)" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out/src"
git ls-files -z | grep -zv '^tests/data/' | xargs -0 cp --parents -t "$out/src"
cp -R web/dist "$out/src/web/dist"
opts=${DEB_BUILD_OPTIONS:-"nocheck parallel=$(nproc)"}
(cd "$out/src" && DEB_BUILD_OPTIONS="$opts" dpkg-buildpackage -b -us -uc >../build.log 2>&1) || {
	tail -n 40 "$out/build.log"
	exit 1
}
ls "$out"/kartla_*.deb
