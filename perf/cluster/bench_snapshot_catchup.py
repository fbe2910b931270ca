#!/usr/bin/env python3
"""Snapshot catch-up of a follower, Engine against etcd on this machine (issue 12).

Per round and system: a fresh 3-member cluster on loopback (--snapshot-count 1000; both keep 5000 log
entries behind a snapshot), one follower SIGKILLed, wrk puts VALUE_BYTES-byte values through the leader at
64 connections until --puts succeeded (far more than 6000 entries, so the leader's log is compacted past
the follower), then the follower is restarted and timed until its serializable revision reaches the leader's.
The follower's etcd_network_snapshot_receive_success must have moved (it caught up by snapshot).
usage: perf/cluster/bench_snapshot_catchup.py ENGINE_BINARY [--rounds 3] [--puts 20000] [--value-bytes 1024]
"""
import argparse, base64, json, os, shutil, signal, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "perf", "load"))
from bench_load import run_wrk  # noqa: E402


def post(port, path, body, timeout=5):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read() or b"{}")


def metric(port, name):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    return sum(float(l.rsplit(" ", 1)[1]) for l in text.splitlines() if l.startswith(name + "{") or l.startswith(name + " "))


class Cluster:
    def __init__(self, kind, binary, base_port, data):
        self.kind, self.binary, self.data = kind, binary, data
        self.names = ["n1", "n2", "n3"]
        self.ports = [(base_port + 10 * i, base_port + 10 * i + 1) for i in range(3)]
        self.initial = ",".join(f"{n}=http://127.0.0.1:{p}" for n, (_, p) in zip(self.names, self.ports))
        self.procs = [self.start(i) for i in range(3)]

    def start(self, i):
        n, (c, p) = self.names[i], self.ports[i]
        args = [self.binary] if self.kind == "etcd" else [self.binary, "serve"]
        args += ["--name", n, "--data-dir", os.path.join(self.data, n), "--snapshot-count", "1000",
                 "--listen-client-urls", f"http://127.0.0.1:{c}", "--advertise-client-urls", f"http://127.0.0.1:{c}",
                 "--listen-peer-urls", f"http://127.0.0.1:{p}", "--initial-advertise-peer-urls", f"http://127.0.0.1:{p}",
                 "--initial-cluster", self.initial, "--initial-cluster-state", "new", "--initial-cluster-token", f"catchup-{self.kind}",
                 "--log-level", "error"]
        env = dict(os.environ, ENGINE_EXPERIMENTAL_SNAPSHOT_CATCHUP_ENTRIES="5000")
        return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def leader_index(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                statuses = [post(c, "/v3/maintenance/status", {}) for c, _ in self.ports]
                leader = statuses[0].get("leader")
                if leader and all(s.get("leader") == leader for s in statuses):
                    return next(i for i, s in enumerate(statuses) if s["header"]["member_id"] == leader)
            except Exception:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.kind} cluster elected no leader")

    def revision(self, i):
        body = {"key": base64.b64encode(b"none").decode(), "serializable": True}
        return int(post(self.ports[i][0], "/v3/kv/range", body)["header"]["revision"])

    def stop(self):
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def round_once(kind, binary, base, puts, value_bytes, run_id):
    data = tempfile.mkdtemp(prefix=f"bench-catchup-{kind}-")
    cluster = Cluster(kind, binary, base, data)
    try:
        leader = cluster.leader_index()
        follower = (leader + 1) % 3
        cluster.procs[follower].kill()
        cluster.procs[follower].wait()
        load = run_wrk(cluster.ports[leader][0], "put.lua", 64, 90, {"RUN_ID": run_id, "VALUE_BYTES": str(value_bytes), "LIMIT": str(puts)})
        target = cluster.revision(leader)
        db = int(post(cluster.ports[leader][0], "/v3/maintenance/status", {})["dbSize"])
        started = time.time()
        cluster.procs[follower] = cluster.start(follower)
        while True:
            try:
                if cluster.revision(follower) >= target:
                    break
            except Exception:
                pass
            if time.time() - started > 120:
                raise RuntimeError(f"{kind} follower did not catch up")
            time.sleep(0.02)
        elapsed = time.time() - started
        received = metric(cluster.ports[follower][0], "etcd_network_snapshot_receive_success")
        if received < 1:
            raise RuntimeError(f"{kind} follower caught up without a snapshot")
        return {"seconds": elapsed, "entries": load["requests"], "db_mb": db / 1e6}
    finally:
        cluster.stop()
        shutil.rmtree(data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("engine")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--puts", type=int, default=20000)
    ap.add_argument("--value-bytes", type=int, default=1024)
    args = ap.parse_args()
    etcd = shutil.which("etcd") or sys.exit("etcd not installed")
    results = {"engine": [], "etcd": []}
    for r in range(args.rounds):
        for kind, binary, base in (("engine", args.engine, 45000), ("etcd", etcd, 46000)):
            res = round_once(kind, binary, base, args.puts, args.value_bytes, f"{kind}{r}")
            print(f"round {r} {kind}: caught up in {res['seconds']:.2f} s after {res['entries']} puts, leader db {res['db_mb']:.1f} MB", flush=True)
            results[kind].append(res)
    e, c = results["engine"], results["etcd"]
    ratios = [a["seconds"] / b["seconds"] for a, b in zip(e, c)]
    print("| system | catch-up s (median) | puts while down (median) | leader db MB (median) |")
    print("|---|---|---|---|")
    for kind, rs in (("Engine", e), ("etcd", c)):
        print(f"| {kind} | {statistics.median(x['seconds'] for x in rs):.2f} | {statistics.median(x['entries'] for x in rs):.0f} | "
              f"{statistics.median(x['db_mb'] for x in rs):.1f} |")
    print(f"Engine/etcd catch-up time, median of per-round ratios: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
