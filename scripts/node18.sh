#!/bin/bash
# Debian 12's own Node.js (18.20, package nodejs + libnode108), unpacked into a folder with
# apt-get download + dpkg -x so that make test can run the web build and JS tests with it
# beside a newer Node. Prints the path of a `node` wrapper; exit 77 when it cannot be had.
set -uo pipefail
cd "$(dirname "$0")/.."
dir=$(pwd)/tests/out/node18
wrap=$dir/node
if [ ! -x "$wrap" ]; then
	ver=$(apt-cache madison nodejs 2>/dev/null | awk '$3 ~ /dfsg/ {print $3; exit}')
	if [ -z "$ver" ]; then
		echo "node18: Debian's nodejs is not in the package lists" >&2
		exit 77
	fi
	rm -rf "$dir" && mkdir -p "$dir/root"
	# libnode108 and the libraries it links that a bare machine may lack
	pkgs="nodejs=$ver libnode108"
	for p in libuv1 libc-ares2 libicu72 libnghttp2-14 libbrotli1 libssl3; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || pkgs="$pkgs $p"
	done
	(cd "$dir" && apt-get download $pkgs >download.log 2>&1) || {
		cat "$dir/download.log" >&2
		exit 77
	}
	for f in "$dir"/*.deb; do dpkg -x "$f" "$dir/root"; done
	cat >"$wrap" <<WRAP
#!/bin/sh
LD_LIBRARY_PATH="$dir/root/usr/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "$dir/root/usr/bin/node" "\$@"
WRAP
	chmod +x "$wrap"
fi
"$wrap" --version >/dev/null 2>&1 || {
	echo "node18: the unpacked node does not run" >&2
	exit 77
}
echo "$wrap"
