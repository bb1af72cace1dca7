#!/bin/sh
# Install the Debian packages and npm modules Kartla needs to build and test.
# Quiet and quick when everything is already present.
set -eu
cd "$(dirname "$0")/.."

PKGS="meson ninja-build pkg-config gcc clang libclang-rt-14-dev clang-format \
libexpat1-dev libxml2-dev zlib1g-dev libjansson-dev libcmocka-dev libsqlite3-dev python3 \
libmicrohttpd-dev libsodium-dev libpq-dev libcmark-dev postgresql-15 curl chromium fonts-dejavu-core \
gcovr debhelper lintian node-acorn node-cjs-module-lexer node-undici \
libzip-dev libvisio-dev librevenge-dev g++ libcurl4-openssl-dev libssl-dev python3-aiosmtpd \
hunspell-en-us hunspell-en-gb hunspell-no hunspell-sv gettext libcairo2-dev libpango1.0-dev poppler-utils"
# Node.js and npm: Debian's own (18.20) when no Node is on the machine; a newer one that is
# there already is used as it is. The three node-* packages are the parts Debian's Node
# loads from /usr/share/nodejs: make test also runs the web build and JS tests with
# Debian's Node (scripts/node18.sh) beside a newer one.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	echo "deps: installing Debian packages:$missing"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm modules (web/package.json, exact versions, web/package-lock.json): the browser UI's
# dependencies (Preact, bpmn-js) and, as devDependencies, its bundler (esbuild) and the
# tools of the tests and benchmarks (bpmn-moddle as an oracle, playwright-core driving
# Debian's chromium, axe-core, prettier for the JavaScript format check).
if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
	echo "deps: npm ci in web/"
	(cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
