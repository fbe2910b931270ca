#!/usr/bin/env python3
"""3-member Engine cluster against a 3-member etcd cluster on this machine (issue 12).

Both clusters run on loopback with fresh data dirs, one at a time (alternating, several rounds).
Workloads go to the leader over the v3 JSON gateway with wrk and perf/load's Lua scripts:
puts of 256-byte values at 64 connections, and linearizable single-key ranges at 64 connections.
Prints a markdown table of medians and the per-round Engine/etcd ratio.
usage: perf/cluster/bench_cluster.py ENGINE_BINARY [--rounds 3] [--seconds 5]
  ENGINE_BINARY may be a wrapper script (e.g. one that runs `dotnet engine.dll "$@"`).
"""
import argparse, base64, json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LOAD_DIR = os.path.join(ROOT, "perf", "load")
sys.path.insert(0, LOAD_DIR)
from bench_load import run_wrk  # noqa: E402  (the same wrk driver as the single-node load benchmark)


def post(port, path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"{}")


def start_cluster(kind, binary, base_port, data):
    names = ["n1", "n2", "n3"]
    ports = [(base_port + 10 * i, base_port + 10 * i + 1) for i in range(3)]
    initial = ",".join(f"{n}=http://127.0.0.1:{p}" for n, (_, p) in zip(names, ports))
    procs = []
    for n, (c, p) in zip(names, ports):
        args = [binary] if kind == "etcd" else [binary, "serve"]
        args += ["--name", n, "--data-dir", os.path.join(data, n),
                 "--listen-client-urls", f"http://127.0.0.1:{c}", "--advertise-client-urls", f"http://127.0.0.1:{c}",
                 "--listen-peer-urls", f"http://127.0.0.1:{p}", "--initial-advertise-peer-urls", f"http://127.0.0.1:{p}",
                 "--initial-cluster", initial, "--initial-cluster-state", "new", "--initial-cluster-token", f"bench-{kind}",
                 "--log-level", "error"]
        if kind == "etcd":
            args += ["--logger", "zap"]
        procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            statuses = [post(c, "/v3/maintenance/status", {}) for c, _ in ports]
            leader = statuses[0].get("leader")
            if leader and all(s.get("leader") == leader for s in statuses):
                port = next(c for (c, _), s in zip(ports, statuses) if s["header"]["member_id"] == leader)
                post(port, "/v3/kv/put", {"key": base64.b64encode(b"bench/one").decode(), "value": base64.b64encode(b"v" * 256).decode()})
                return procs, port
        except Exception:
            pass
        time.sleep(0.2)
    stop(procs)
    raise RuntimeError(f"{kind} cluster elected no leader")


def stop(procs):
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()


WORKLOADS = [("put 256 B, 64 conns, via leader", "put.lua", {}), ("range 1 key linearizable, 64 conns, via leader", "range.lua", {})]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("engine")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=5)
    args = ap.parse_args()
    etcd = shutil.which("etcd") or sys.exit("etcd not installed")
    results = {(w, k): [] for w, _, _ in WORKLOADS for k in ("engine", "etcd")}
    for r in range(args.rounds):
        for kind, binary, base in (("engine", args.engine, 43000), ("etcd", etcd, 44000)):
            data = tempfile.mkdtemp(prefix=f"bench-cluster-{kind}-")
            procs, port = start_cluster(kind, binary, base, data)
            try:
                for name, script, env in WORKLOADS:
                    results[(name, kind)].append(run_wrk(port, script, 64, args.seconds, dict(env, RUN_ID=f"{kind}{r}")))
            finally:
                stop(procs)
                shutil.rmtree(data, ignore_errors=True)
    print("| workload | Engine req/s | etcd req/s | Engine/etcd (median of per-round ratios) | Engine p99 ms | etcd p99 ms | errors E/e |")
    print("|---|---|---|---|---|---|---|")
    for name, _, _ in WORKLOADS:
        e, c = results[(name, "engine")], results[(name, "etcd")]
        ratios = [a["rps"] / b["rps"] for a, b in zip(e, c) if b["rps"] > 0]
        print(f"| {name} | {statistics.median(x['rps'] for x in e):.0f} | {statistics.median(x['rps'] for x in c):.0f} | "
              f"{statistics.median(ratios):.2f} | {statistics.median(x['p99'] for x in e):.1f} | {statistics.median(x['p99'] for x in c):.1f} | "
              f"{sum(x['errors'] for x in e)}/{sum(x['errors'] for x in c)} |")


if __name__ == "__main__":
    main()
