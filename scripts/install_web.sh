#!/bin/sh
# meson install step: the built browser UI (web/dist, made by `node web/build.mjs`, which
# `make` runs) into DATADIR/kartla/web. Fails when the UI has not been built, so that a
# package never ships without its interface.
set -eu
src="$MESON_SOURCE_ROOT/web/dist"
dest="${DESTDIR:-}$1"
if [ ! -f "$src/index.html" ]; then
	echo "install_web: $src/index.html is missing: build the UI first (make build, or cd web && npm ci && node build.mjs)" >&2
	exit 1
fi
mkdir -p "$dest"
cp -R "$src/." "$dest/"
find "$dest" -type d -exec chmod 0755 {} +
find "$dest" -type f -exec chmod 0644 {} +
