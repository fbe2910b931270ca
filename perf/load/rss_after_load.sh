#!/usr/bin/env bash
# RSS of one Engine member after KEYS puts of 256 B at 64 connections (VmRSS 2 s after the load), fresh data dir.
# usage: perf/load/rss_after_load.sh BINARY PORT KEYS [ENV=VALUE...]
set -u
bin=$1; port=$2; keys=$3; shift 3
here=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d); peer=$((port + 1))
env "$@" "$bin" serve --name lat --data-dir "$d/data" --listen-client-urls "http://127.0.0.1:$port" \
  --advertise-client-urls "http://127.0.0.1:$port" --listen-peer-urls "http://127.0.0.1:$peer" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer" --log-level warn > "$d/log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -m1 "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.05; done
(cd "$here" && LOAD_DIR=$here THREADS=2 LIMIT=$keys RUN_ID=$RANDOM timeout 120 wrk -t2 -c64 -d100s -s put.lua "http://127.0.0.1:$port" > /dev/null 2>&1)
sleep 2
echo "keys=$keys rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status") $*"
kill "$pid"; wait "$pid" 2> /dev/null; rm -rf "$d"
