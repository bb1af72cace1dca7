#!/bin/sh
# `make run`: starts the Kartla server (`kartla serve`) on 127.0.0.1:8080 with an
# embedded SQLite database in ./kartla-data, created and migrated on the first start
# (which prints the admin login). Arguments after the build directory go to
# `kartla serve`, e.g. `make run ARGS='--listen 127.0.0.1:9000'`. Stop it with Ctrl-C.
set -eu
BUILD=${1:-build}
[ $# -gt 0 ] && shift
exec "$BUILD/cli/kartla" serve "$@"
