#!/bin/bash
# A throwaway PostgreSQL 15 cluster for the tests.
#
#   scripts/pg.sh start DIR   initdb a fresh cluster in DIR, start it on 127.0.0.1 and a free
#                             port (trust authentication), create the database kartla_test,
#                             and print its URL: postgresql://postgres@127.0.0.1:PORT/kartla_test
#   scripts/pg.sh url DIR     print the URL of the running cluster in DIR
#   scripts/pg.sh stop DIR    stop the cluster and remove what start put in DIR
#
# Needs Debian's postgresql-15 (scripts/deps.sh installs it). PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` OS user (runuser), in DIR when that user
# can reach it, otherwise (a checkout under /root) in a private directory under /tmp that DIR
# points to. The cluster trades durability for speed (fsync off): it is for tests only.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DB=kartla_test

die() {
	echo "pg.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || die "usage: scripts/pg.sh start|stop|url DIR"
cmd=$1
mkdir -p "$2" 2>/dev/null || true
DIR=$(cd "$2" 2>/dev/null && pwd) || die "cannot use directory $2"

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# Where the server's files live: DIR, or the directory DIR/home names.
home() {
	if [ -f "$DIR/home" ]; then cat "$DIR/home"; else echo "$DIR"; fi
}

url() {
	[ -f "$DIR/port" ] || die "no cluster in $DIR (run: scripts/pg.sh start $DIR)"
	echo "postgresql://postgres@127.0.0.1:$(cat "$DIR/port")/$DB"
}

stop() {
	local h
	h=$(home)
	if [ -f "$h/data/postmaster.pid" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$h/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	# Only what start made, so that a wrong DIR loses nothing else.
	rm -rf "$h/data"
	rm -f "$h/initdb.log" "$h/server.log"
	case $h in
	/tmp/kartla-pg.*) rmdir "$h" 2>/dev/null || true ;;
	esac
	rm -f "$DIR/port" "$DIR/home"
	rmdir "$DIR" 2>/dev/null || true
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
	[ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found: install postgresql-15 (scripts/deps.sh)"
	stop # whatever an earlier run left behind
	mkdir -p "$DIR"
	local h=$DIR
	if [ "$(id -u)" -eq 0 ]; then
		id postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run the server as"
		chown postgres: "$DIR"
		if ! as_owner test -w "$DIR"; then
			# A parent directory is closed to other users (/root is 0700).
			h=$(mktemp -d /tmp/kartla-pg.XXXXXX)
			chown postgres: "$h"
			echo "$h" >"$DIR/home"
		fi
	fi
	as_owner "$PGBIN/initdb" -D "$h/data" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 --no-sync >"$h/initdb.log" 2>&1 ||
		die "initdb failed: $(tail -n 5 "$h/initdb.log")"
	local port tries=0
	while :; do
		port=$(free_port)
		# Unix sockets off: the tests connect over TCP, and DIR may be too long for a socket path.
		if as_owner "$PGBIN/pg_ctl" -D "$h/data" -l "$h/server.log" -w -t 60 \
			-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories= \
-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 \
-c shared_buffers=64MB" start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ "$tries" -ge 3 ]; then
			die "the server did not start: $(tail -n 5 "$h/server.log" 2>/dev/null)"
		fi
	done
	echo "$port" >"$DIR/port"
	"$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB" ||
		die "cannot create database $DB"
	url
}

case $cmd in
start) start ;;
stop) stop ;;
url) url ;;
*) die "unknown command '$cmd' (start, stop or url)" ;;
esac
