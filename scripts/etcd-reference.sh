#!/usr/bin/env bash
# Differential reference: replays tests/etcd-reference/sequences/*.jsonl against a fresh server
# and compares the normalised answers with tests/etcd-reference/expected/*.jsonl (etcd 3.4.23's).
# usage: scripts/etcd-reference.sh [--record] [--target URL | --engine BINARY] [--only NAME] [--verbose]
#   (default)       start a fresh Debian etcd on loopback, compare against the recorded answers
#   --record        rewrite expected/ from the server's answers (do this against etcd only)
#   --target URL    use a server that is already running; it must be fresh (empty, revision 1)
#   --v35           compare with the etcd 3.5+ expectations where a sequence line gives them (implied by --engine)
#   --engine BIN    start a fresh Engine (`BIN serve`) instead of etcd
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/bench/servers.sh"
target="" engine="" pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target=$2; shift 2 ;;
    --engine) engine=$2; pass+=(--v35); shift 2 ;;
    --record|--verbose|--v35) pass+=("$1"); shift ;;
    --only) pass+=(--only "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
SERVER_PID=""
work=$(mktemp -d)
cleanup() { bench_stop "$SERVER_PID"; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$target" ]; then
  port=$(bench_free_port); peer=$(bench_free_port)
  if [ -n "$engine" ]; then
    bench_start_engine "$engine" "$work/data" "$port" "$peer" --name bench
  else
    bench_need_tools etcd
    bench_start_etcd "$work/data" "$port" "$peer"
  fi
  bench_wait_healthy "$port" "$SERVER_PID" 20 || { echo "server did not become healthy" >&2; cat "$work/data.log" >&2; exit 1; }
  target="http://127.0.0.1:$port"
fi
timeout 300 python3 "$root/tests/etcd-reference/replay.py" --url "$target" "${pass[@]}"
