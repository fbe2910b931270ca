#!/usr/bin/env bash
# TLS throughput (issue 20): put and range over the JSON gateway, Engine plaintext vs TLS vs Debian's etcd
# over TLS (and plaintext), same run; prints a markdown table of medians.
# usage: scripts/bench-tls.sh [ENGINE_BINARY=artifacts/engine/engine] [--rounds 3] [--seconds 5] [--conns 16]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/bench/servers.sh"
bench_need_tools wrk etcd openssl python3
engine="$root/artifacts/engine/engine"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then engine=$(realpath -m "$1"); shift; fi
exec timeout --signal=TERM --kill-after=30 "${BENCH_TLS_TIMEOUT:-1800}" \
  python3 "$root/perf/tls/bench_tls.py" --engine "$engine" "$@"
