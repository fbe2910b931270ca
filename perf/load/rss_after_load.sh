#!/usr/bin/env bash
# RSS of one Engine member after KEYS puts of 256 B at 64 connections (VmRSS 2 s after the load), fresh data dir.
# usage: perf/load/rss_after_load.sh BINARY PORT KEYS [ENV=VALUE...]
set -u
bin=$1; port=$2; keys=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib/bench/servers.sh"
d=$(mktemp -d)
for assignment in "$@"; do export "${assignment?}"; done # ENV=VALUE overrides reach the server
bench_start_engine "$bin" "$d/data" "$port" "$((port + 1))" --log-level warn
pid=$SERVER_PID
bench_wait_healthy "$port" "$pid" 10 || { echo "engine did not become healthy" >&2; bench_stop "$pid"; exit 1; }
(cd "$here" && LOAD_DIR=$here THREADS=2 LIMIT=$keys RUN_ID=$RANDOM timeout 120 wrk -t2 -c64 -d100s -s put.lua "http://127.0.0.1:$port" > /dev/null 2>&1)
sleep 2
echo "keys=$keys rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status") $*"
bench_stop "$pid"; rm -rf "$d"
