# Starts and stops the servers that the reference harness and the load benchmark talk to.
# Sourced by scripts/etcd-reference.sh and scripts/bench-load.sh. Every server is started with a
# fresh data dir on loopback, remembered by PID, and killed by that PID (never by name).

bench_need_tools() {
  # usage: bench_need_tools etcd wrk ...   installs the Debian packages behind missing commands
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    case "$tool" in
      etcd) missing+=(etcd-server) ;;
      etcdctl) missing+=(etcd-client) ;;
      *) missing+=("$tool") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# usage: bench_start_etcd DATA_DIR CLIENT_PORT PEER_PORT [extra etcd flags]; sets SERVER_PID
bench_start_etcd() {
  local data=$1 port=$2 peer=$3; shift 3
  etcd --name bench --data-dir "$data" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "bench=http://127.0.0.1:$peer" --initial-cluster-state new \
    --log-level error --logger zap "$@" >"$data.log" 2>&1 &
  SERVER_PID=$!
}

# usage: bench_start_engine BINARY DATA_DIR CLIENT_PORT PEER_PORT [extra flags]; sets SERVER_PID
bench_start_engine() {
  local bin=$1 data=$2 port=$3 peer=$4; shift 4
  "$bin" serve --data-dir "$data" \
    --listen-client-urls "http://127.0.0.1:$port" --advertise-client-urls "http://127.0.0.1:$port" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    "$@" >"$data.log" 2>&1 &
  SERVER_PID=$!
}

# usage: bench_wait_healthy PORT PID [SECONDS=15]; returns 0 once GET /health answers 200
bench_wait_healthy() {
  local port=$1 pid=$2 limit=${3:-15} start=$SECONDS
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$port/health" 2>/dev/null | grep -q 200 && return 0
    sleep 0.05
  done
  return 1
}

# usage: bench_stop PID   SIGTERM, then SIGKILL after 5 s; waits for the process
bench_stop() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# usage: bench_speaks_v3 PORT; returns 0 when POST /v3/kv/range answers with a JSON header
bench_speaks_v3() {
  curl -s -m 2 -X POST "http://127.0.0.1:$1/v3/kv/range" -d '{"key":"AA=="}' 2>/dev/null | grep -q '"header"'
}
