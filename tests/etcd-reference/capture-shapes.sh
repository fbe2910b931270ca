#!/usr/bin/env bash
# Prints the raw shapes of the endpoints that README.md describes (streams, maintenance, cluster,
# /health, /version, /metrics) from a fresh Debian etcd. Used to write README.md; rerun to re-check.
# usage: tests/etcd-reference/capture-shapes.sh > shapes.txt
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/scripts/lib/bench/servers.sh"
bench_need_tools etcd
work=$(mktemp -d); SERVER_PID=""
trap 'bench_stop "$SERVER_PID"; rm -rf "$work"' EXIT
port=$(bench_free_port); peer=$(bench_free_port)
bench_start_etcd "$work/data" "$port" "$peer"
bench_wait_healthy "$port" "$SERVER_PID" 20
url="http://127.0.0.1:$port"
c() { echo "== POST $1 $2"; curl -s -m 5 -X POST "$url$1" -d "$2"; echo; }
c /v3/kv/put '{"key":"Zm9v","value":"YmFy"}'
echo "== live watch (prev_kv) while another client puts and deletes"
timeout 3 curl -s -N -X POST "$url/v3/watch" -d '{"create_request":{"key":"Zm9v","prev_kv":true}}' >"$work/watch" &
watcher=$!
sleep 0.5
curl -s -m 5 -X POST "$url/v3/kv/put" -d '{"key":"Zm9v","value":"YmF6"}' >/dev/null
curl -s -m 5 -X POST "$url/v3/kv/deleterange" -d '{"key":"Zm9v"}' >/dev/null
wait "$watcher" || true
cat "$work/watch"; echo
echo "== keepalive stream, two requests in one body"
c /v3/lease/grant '{"ID":77,"TTL":30}'
timeout 2 curl -s -N -X POST "$url/v3/lease/keepalive" -d '{"ID":77}{"ID":77}' || true; echo
echo "== GET /health"; curl -s -i -m 5 "$url/health"; echo
echo "== POST /health"; curl -s -i -m 5 -X POST "$url/health"; echo
echo "== GET /version"; curl -s -i -m 5 "$url/version"; echo
c /v3/maintenance/status '{}'
c /v3/maintenance/hash '{}'
c /v3/maintenance/hashkv '{"revision":0}'
c /v3/maintenance/alarm '{"action":"GET"}'
c /v3/maintenance/alarm '{}'
c /v3/maintenance/alarm '{"action":"DEACTIVATE","memberID":"1","alarm":"NOSPACE"}'
c /v3/maintenance/defragment '{}'
c /v3/cluster/member/list '{}'
echo "== snapshot stream (blob lengths instead of blobs)"
curl -s -m 10 -X POST "$url/v3/maintenance/snapshot" -d '{}' >"$work/snap"
python3 - "$work/snap" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1]).read().split("\n") if l.strip()]
print("lines:", len(lines))
for l in lines[:2] + lines[-1:]:
    j = json.loads(l); r = j.get("result", j)
    print(json.dumps({k: (v if k != "blob" else f"<{len(v)} base64 chars>") for k, v in r.items()}))
PY
echo "== /metrics families"
curl -s -m 5 "$url/metrics" | grep '^# TYPE' | awk '{print $3, $4}'
