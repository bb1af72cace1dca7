#!/bin/bash
# The package as a user meets it (make test's "Debian package" step): build it with
# debhelper, lintian without errors, install it on this machine, start the service's own
# ExecStart as an unprivileged user the way systemd would (state directory, configuration
# file), sign in, stop, and purge — after which nothing it created is left.
# Exit 0 pass, 1 fail, 77 skipped (not root, or not a Debian system).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=tests/out/deb
fail() {
	echo "FAIL: $*"
	[ -f "$OUT/serve.log" ] && tail -n 20 "$OUT/serve.log"
	exit 1
}
if [ "$(id -u)" -ne 0 ] || ! command -v dpkg-buildpackage >/dev/null; then
	echo "skipped: needs root and dpkg-buildpackage (scripts/deps.sh installs debhelper)"
	exit 77
fi
if dpkg-query -W -f='${Status}' kartla 2>/dev/null | grep -q 'install ok installed'; then
	echo "skipped: a kartla package is installed on this machine already; not touching it"
	exit 77
fi
# noopt: the test builds without optimisation (twice as quick to compile); `make deb` optimises
deb=$(DEB_BUILD_OPTIONS="nocheck noopt parallel=$(nproc)" bash scripts/deb.sh) || fail "the package did not build"
echo "built $deb"
lintian --fail-on error "$deb" >"$OUT/lintian.log" 2>&1 || {
	cat "$OUT/lintian.log"
	fail "lintian found errors"
}
echo "lintian: $(grep -c '^W:' "$OUT/lintian.log") warnings, no errors"
DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >"$OUT/install.log" 2>&1 || {
	cat "$OUT/install.log"
	fail "dpkg -i failed"
}
trap 'dpkg --purge kartla >/dev/null 2>&1' EXIT
for f in /usr/bin/kartla /usr/share/kartla/web/index.html /usr/share/kartla/openapi.yaml \
	/lib/systemd/system/kartla.service /etc/kartla/kartla.conf /usr/share/man/man1/kartla.1.gz \
	/usr/share/doc/kartla/deployment.md.gz; do
	[ -e "$f" ] || fail "the package did not install $f"
done
# The workspace commands run in the installed helper (cli/main.c).
/usr/bin/kartla user --help 2>&1 | grep -q "usage: kartla user" ||
	fail "kartla user --help: the installed kartla-workspace did not answer"
find /usr/share/kartla /etc/kartla /lib/systemd/system/kartla.service -perm -o+w | grep -q . &&
	fail "world-writable paths installed"
# What systemd does for StateDirectory= and DynamicUser=, with the nobody user.
exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/kartla.service)
[ -n "$exec_start" ] || fail "no ExecStart in the unit"
mkdir -p /var/lib/kartla && chown nobody:nogroup /var/lib/kartla && chmod 0700 /var/lib/kartla
extra=""
if (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then
	extra="--listen 127.0.0.1:0" # 8080 is taken on this machine: any free port
fi
(cd /var/lib/kartla && exec setpriv --reuid=nobody --regid=nogroup --clear-groups \
	$exec_start $extra) >"$OUT/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	grep -q 'listening on' "$OUT/serve.log" && break
	kill -0 "$pid" 2>/dev/null || fail "the service's ExecStart exited"
	sleep 0.2
done
url=$(sed -n 's|.*listening on \(http://[^ ]*\) .*|\1|p' "$OUT/serve.log")
[ -n "$url" ] || fail "the service did not start listening"
[ -z "$extra" ] && [ "$url" != "http://127.0.0.1:8080/" ] && fail "listening on $url, not 127.0.0.1:8080"
pw=$(sed -n 's|^admin login: admin / \([^ ]*\) .*|\1|p' "$OUT/serve.log")
[ -n "$pw" ] || fail "no first administrator password printed"
[ -f /var/lib/kartla/kartla.db ] || fail "no SQLite database in /var/lib/kartla"
[ "$(stat -c %U /var/lib/kartla/kartla.db)" = nobody ] || fail "the database is not the service user's"
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
	-d "{\"login\":\"admin\",\"password\":\"$pw\"}" "${url}api/login")
[ "$code" = 200 ] || fail "sign-in answered $code"
curl -s "$url" | grep -q '<script' || fail "the installed browser UI is not served"
kill -TERM "$pid"
wait "$pid" || fail "the service did not stop cleanly"
echo "installed, started ($url), signed in, stopped"
DEBIAN_FRONTEND=noninteractive dpkg --purge kartla >"$OUT/purge.log" 2>&1 || {
	cat "$OUT/purge.log"
	fail "dpkg --purge failed"
}
trap - EXIT
for f in /usr/bin/kartla /var/lib/kartla /etc/kartla /usr/share/kartla; do
	[ -e "$f" ] && fail "$f is left after purge"
done
echo "purged: nothing left"
exit 0
