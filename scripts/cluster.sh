#!/usr/bin/env bash
# Starts or stops a local 3-member Engine cluster on loopback (static bootstrap with --initial-cluster).
#   scripts/cluster.sh start [DIR]   members n1..n3: client 127.0.0.1:2379/22379/32379, peer 2380/22380/32380,
#                                    data in DIR/n1..n3 (default DIR: ./cluster.engine), logs in DIR/nX.log
#   scripts/cluster.sh stop [DIR]    stops the members started from DIR (by the PIDs in DIR/nX.pid)
#   scripts/cluster.sh status [DIR]  prints each member's PID and whether it runs
# Uses artifacts/engine/engine (ENGINE_BINARY overrides), publishing it (native AOT) when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
action=${1:-}
dir=${2:-cluster.engine}
bin=${ENGINE_BINARY:-$root/artifacts/engine/engine}
token=${ENGINE_CLUSTER_TOKEN:-engine-cluster-local}
client_ports=(2379 22379 32379)
peer_ports=(2380 22380 32380)

initial_cluster() {
  local parts=()
  for i in 0 1 2; do parts+=("n$((i + 1))=http://127.0.0.1:${peer_ports[$i]}"); done
  (IFS=,; echo "${parts[*]}")
}

start() {
  if [ ! -x "$bin" ]; then
    source "$root/scripts/lib/prereqs.sh"
    ensure_build_prereqs
    echo "publishing the engine binary (native AOT)..." >&2
    dotnet publish "$root/api/Engine.Api" -c Release -o "$root/artifacts/engine" >&2
  fi
  mkdir -p "$dir"
  local cluster state
  cluster=$(initial_cluster)
  for i in 0 1 2; do
    local name="n$((i + 1))" client="http://127.0.0.1:${client_ports[$i]}" peer="http://127.0.0.1:${peer_ports[$i]}"
    if [ -f "$dir/$name.pid" ] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
      echo "$name already running (pid $(cat "$dir/$name.pid"))"
      continue
    fi
    state=new
    nohup "$bin" serve --name "$name" --data-dir "$dir/$name" \
      --listen-client-urls "$client" --advertise-client-urls "$client" \
      --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
      --initial-cluster "$cluster" --initial-cluster-state "$state" --initial-cluster-token "$token" \
      >"$dir/$name.log" 2>&1 &
    echo $! >"$dir/$name.pid"
    echo "$name pid $! client $client peer $peer"
  done
  for i in 0 1 2; do
    local client="http://127.0.0.1:${client_ports[$i]}"
    for _ in $(seq 1 200); do
      if curl -sf "$client/health" >/dev/null 2>&1; then break; fi
      sleep 0.1
    done
    curl -s "$client/health" || true
    echo
  done
}

stop() {
  for i in 1 2 3; do
    local pidfile="$dir/n$i.pid"
    [ -f "$pidfile" ] || continue
    local pid
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      echo "n$i (pid $pid) stopped"
    fi
    rm -f "$pidfile"
  done
}

status() {
  for i in 1 2 3; do
    local pidfile="$dir/n$i.pid"
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "n$i running (pid $(cat "$pidfile"))"
    else
      echo "n$i not running"
    fi
  done
}

case "$action" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status [DIR]" >&2; exit 2 ;;
esac
