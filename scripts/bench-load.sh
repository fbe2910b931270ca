#!/usr/bin/env bash
# Load benchmark (issue 11): the same workloads against Engine and Debian's etcd over the v3 JSON
# API, alternately, several rounds; prints one markdown table (medians, per-round ratio, p50/p99,
# CPU-noise warnings). Engine missing or not serving the v3 API prints n/a in its columns.
# usage: scripts/bench-load.sh [ENGINE_BINARY=artifacts/engine/engine] [--only etcd|engine]
#        [--rounds 3] [--seconds 5] [--load-keys 100000] [--load-rounds 2] [--watchers 1000]
#        [--skip-memory] [--parts put,range,prefix,txn,fanout,memory]
# Servers listen on loopback only, are started with fresh data dirs and stopped by PID; the whole
# run is bounded by BENCH_LOAD_TIMEOUT seconds (default 3600).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/bench/servers.sh"
bench_need_tools wrk etcd curl python3
engine="$root/artifacts/engine/engine"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then engine=$(realpath -m "$1"); shift; fi
cd "$root"
exec timeout --signal=TERM --kill-after=30 "${BENCH_LOAD_TIMEOUT:-3600}" \
  python3 "$root/perf/load/bench_load.py" --engine "$engine" "$@"
