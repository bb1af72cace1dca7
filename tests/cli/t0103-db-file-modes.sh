#!/bin/sh
# The database holds password and token hashes: kartla creates it, its -wal and
# -shm files and the data folder for the owner only, whatever the umask and
# whether the data folder already existed (issue 10, #8).
. "$(dirname "$0")/lib.sh"
unset KARTLA_DB
umask 022

mode() { stat -c %a "$1"; }

run db migrate --db sqlite:a.db
expect_status 0
[ "$(mode a.db)" = 600 ] || fail "db migrate created a.db $(mode a.db)"

run db backup --db sqlite:a.db a.json
expect_status 0
run db restore --db sqlite:b.db a.json
expect_status 0
[ "$(mode b.db)" = 600 ] || fail "db restore created b.db $(mode b.db)"

# serve: into a data folder that exists (0755), and into one it creates.
mkdir -m 755 data
for dir in data newdata; do
	rm -f out err
	"$KARTLA" serve --listen 127.0.0.1:0 --data "$dir" --no-demo --threads 2 >out 2>err &
	pid=$!
	i=0
	until grep -q listening out 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 300 ] || { kill $pid; cat err >&2; fail "serve did not start"; }
		sleep 0.1
	done
	for f in kartla.db kartla.db-wal kartla.db-shm; do
		[ -e "$dir/$f" ] || { kill $pid; fail "$dir/$f missing while serving"; }
		[ "$(mode "$dir/$f")" = 600 ] || { kill $pid; fail "$dir/$f is $(mode "$dir/$f")"; }
	done
	kill -TERM $pid
	wait $pid || fail "serve exited with $?"
done
[ "$(mode newdata)" = 700 ] || fail "serve created its data folder $(mode newdata)"
exit 0
