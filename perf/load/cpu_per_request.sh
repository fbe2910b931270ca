#!/usr/bin/env bash
# CPU per request of one Engine member (issue 11, write path): starts BINARY on a fresh data dir on loopback,
# runs wrk with a Lua script of this directory for SECONDS, and prints req/s, p50 and the member's
# utime+stime (from /proc/PID/stat) divided by the requests: far less sensitive to a noisy machine than req/s.
# Extra ENV=VALUE arguments go to the server (e.g. DOTNET_GCConserveMemory=0 to override a baked setting).
# usage: perf/load/cpu_per_request.sh BINARY PORT SCRIPT CONNS SECONDS [ENV=VALUE...]
set -u
bin=$1; port=$2; script=$3; conns=$4; secs=$5; shift 5
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib/bench/servers.sh"
d=$(mktemp -d)
for assignment in "$@"; do export "${assignment?}"; done # ENV=VALUE overrides reach the server
bench_start_engine "$bin" "$d/data" "$port" "$((port + 1))" --log-level warn
pid=$SERVER_PID
bench_wait_healthy "$port" "$pid" 10 || { echo "engine did not become healthy" >&2; bench_stop "$pid"; exit 1; }
threads=$(( conns < 2 ? 1 : 2 ))
t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
out=$(cd "$here" && LOAD_DIR=$here THREADS=$threads RUN_ID=$RANDOM timeout $((secs + 30)) wrk -t$threads -c"$conns" -d"${secs}s" -s "$script" "http://127.0.0.1:$port" 2>&1)
t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
reqs=$(echo "$out" | grep -oP 'BENCH requests=\K[0-9]+'); reqs=${reqs:-0}
p50=$(echo "$out" | grep -oP 'p50_us=\K[0-9]+')
tick_us=$(( 1000000 / $(getconf CLK_TCK) ))
echo "req/s=$(( reqs / secs )) p50_us=${p50:-n/a} cpu_us_per_req=$(( (t1 - t0) * tick_us / (reqs > 0 ? reqs : 1) )) $*"
bench_stop "$pid"; rm -rf "$d"
