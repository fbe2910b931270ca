#!/usr/bin/env bash
# gRPC load benchmark (issue 19): put / range / txn at 1 and 64 concurrent streams on one HTTP/2 connection
# (perf/Engine.Perf.Grpc) against Engine and Debian's etcd, alternately, ROUNDS rounds; prints one line per run.
# usage: scripts/bench-grpc.sh [ENGINE_BINARY=artifacts/engine/engine] [ROUNDS=3] [SECONDS=5]
# Servers listen on loopback only with fresh data dirs and are stopped by PID.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/bench/servers.sh"
bench_need_tools etcd curl python3
engine=${1:-$root/artifacts/engine/engine}
rounds=${2:-3}
seconds=${3:-5}
dotnet build "$root/perf/Engine.Perf.Grpc" -c Release -v q -nologo >/dev/null
load="$root/perf/Engine.Perf.Grpc/bin/Release/net10.0/Engine.Perf.Grpc.dll"
work=$(mktemp -d)
trap 'bench_stop "${SERVER_PID:-}"; rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
  for server in etcd engine; do
    port=$(bench_free_port); peer=$(bench_free_port); data="$work/$server-$round"
    if [ "$server" = etcd ]; then bench_start_etcd "$data" "$port" "$peer"; else bench_start_engine "$engine" "$data" "$port" "$peer" --log-level error; fi
    bench_wait_healthy "$port" "$SERVER_PID" 60 || { echo "$server did not start" >&2; exit 1; }
    for op in put range txn; do
      for streams in 1 64; do
        echo "round=$round server=$server $(dotnet "$load" "127.0.0.1:$port" "$op" "$streams" "$seconds")"
      done
    done
    bench_stop "$SERVER_PID"; SERVER_PID=
  done
done
