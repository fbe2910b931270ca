#!/usr/bin/env python3
"""etcdctl differential test (issue 19): Debian's etcdctl 3.4.23, a real gRPC client, runs one command
sequence against a fresh etcd and against a fresh Engine; outputs normalised for ids, revisions, terms,
hashes, sizes, versions and timings must be equal. Python 3 stdlib only.

usage: differential.py --engine PATH [--etcd PATH] [--etcdctl PATH] [--verbose] [--skip-perf]
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One fresh single-member server (etcd or engine) on free loopback ports with a temp data dir."""

    def __init__(self, kind, binary):
        self.kind = kind
        self.client = free_port()
        self.peer = free_port()
        self.dir = tempfile.mkdtemp(prefix=f"etcdctl-diff-{kind}-")
        url, peer = f"http://127.0.0.1:{self.client}", f"http://127.0.0.1:{self.peer}"
        launcher = ["dotnet", binary] if binary.endswith(".dll") else [binary]
        args = launcher + (["serve"] if kind == "engine" else []) + [
            "--name", "m1", "--data-dir", os.path.join(self.dir, "data"),
            "--listen-client-urls", url, "--advertise-client-urls", url,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", f"m1={peer}", "--log-level", "error"]
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as r:
                    if b'"true"' in r.read():
                        return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"{kind} exited: see {self.dir}/server.log")
            time.sleep(0.1)
        raise RuntimeError(f"{kind} did not become healthy")

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def run(etcdctl, server, args, stdin=None, timeout=30, kill_after=None):
    """Runs etcdctl; kill_after bounds commands that never end by themselves (watch)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ETCDCTL_")}
    env["ETCDCTL_API"] = "3"
    cmd = [etcdctl, f"--endpoints=127.0.0.1:{server.client}", "--command-timeout=30s", "--dial-timeout=10s"] + args
    if kill_after:
        cmd = ["timeout", str(kill_after)] + cmd
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout, p.stderr


def sequence(ctx):
    """The commands, as (label, args, stdin, kill_after); {lease}/{learner}/{rev}/{peer} are filled from earlier output."""
    txn = ('mod("dk/k2") > "0"\n\nput dk/t yes\nget dk/k2\n\nput dk/t no\n\n')
    return [
        ("put k1", ["put", "dk/k1", "v1"]),
        ("put k2", ["put", "dk/k2", "v2"]),
        ("put k3 again", ["put", "dk/k3", "v3"]),
        ("put k1 prev-kv", ["put", "dk/k1", "v1b", "--prev-kv"]),
        ("get prefix", ["get", "dk/", "--prefix"]),
        ("get prefix limit", ["get", "dk/", "--prefix", "--limit=2"]),
        ("get rev", ["get", "dk/k1", "--rev=2"]),
        ("get sort", ["get", "dk/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND"]),
        ("get keys-only", ["get", "dk/", "--prefix", "--keys-only"]),
        ("get json", ["get", "dk/", "--prefix", "-w", "json"]),
        ("get from-key count", ["get", "dk/k2", "--from-key", "--count-only", "-w", "json"]),
        ("txn interactive", ["txn", "-i"], txn),
        ("txn json", ["txn", "-w", "json"], txn),
        ("del prev-kv", ["del", "dk/k1", "--prev-kv"]),
        ("del prefix", ["del", "dk/", "--prefix"]),
        ("watch prefix rev prev-kv", ["watch", "dk/", "--prefix", "--rev=1", "--prev-kv"], None, 3),
        ("watch json", ["watch", "dk/k2", "--rev=2", "-w", "json"], None, 3),
        ("lease grant", ["lease", "grant", "600"]),
        ("put with lease", ["put", "dk/leased", "x", "--lease={lease}"]),
        ("lease timetolive keys", ["lease", "timetolive", "{lease}", "--keys"]),
        ("lease list", ["lease", "list"]),
        ("lease keep-alive once", ["lease", "keep-alive", "--once", "{lease}"]),
        ("lease revoke", ["lease", "revoke", "{lease}"]),
        ("lease timetolive revoked", ["lease", "timetolive", "{lease}"]),
        ("lease revoke unknown", ["lease", "revoke", "1234abcd"]),
        ("get leased key gone", ["get", "dk/leased"]),
        ("member list", ["member", "list"]),
        ("member list json", ["member", "list", "-w", "json"]),
        ("member add learner", ["member", "add", "m2", "--learner", "--peer-urls={peer}"]),
        ("member list table", ["member", "list", "-w", "table"]),
        ("member promote not ready", ["member", "promote", "{learner}"]),
        # After this etcd 3.4 shows the learner as a voter (its MemberUpdate drops IsLearner, fixed in 3.5),
        # so nothing after it prints the learner flag.
        ("member update", ["member", "update", "{learner}", "--peer-urls={peer2}"]),
        ("member remove", ["member", "remove", "{learner}"]),
        ("member remove unknown", ["member", "remove", "1234abcd"]),
        ("endpoint status json", ["endpoint", "status", "-w", "json"]),
        ("endpoint status table", ["endpoint", "status", "-w", "table"]),
        ("endpoint health", ["endpoint", "health"]),
        ("endpoint health json", ["endpoint", "health", "-w", "json"]),
        ("endpoint hashkv json", ["endpoint", "hashkv", "-w", "json"]),
        ("endpoint hashkv table", ["endpoint", "hashkv", "-w", "table"]),
        ("put before compaction", ["put", "dk/c", "1"]),
        ("compaction", ["compaction", "{rev}"]),
        ("get compacted", ["get", "dk/c", "--rev=2"]),
        ("compaction physical", ["compaction", "--physical", "{rev}"]),
        ("defrag", ["defrag"]),
        ("alarm list", ["alarm", "list"]),
        # etcdctl checks the SHA-256 the server appends; `snapshot status` is not compared (it reads the file with
        # bbolt, and Engine's db file is its own format).
        ("snapshot save", ["snapshot", "save", "{snapshot}"]),
    ]


ZAP = re.compile(r'^\{"level".*$', re.M)


def normalise(label, text):
    """Masks what legitimately differs between two servers: ids, terms, indexes, hashes, sizes, versions, timings."""
    text = ZAP.sub("", text)  # etcdctl's own zap log lines (snapshot save)
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    text = re.sub(r"\b[0-9a-f]{14,16}\b", "HEXID", text)
    for field in ("cluster_id", "member_id", "raft_term", "ID", "leader", "raftIndex", "raftTerm", "raftAppliedIndex",
                  "dbSize", "dbSizeInUse", "hash", "totalKey", "totalSize", "ids"):
        text = re.sub(rf'"{field}":\[?[0-9,]+\]?', f'"{field}":N', text)
    text = re.sub(r'"version":"[0-9.]+"', '"version":"V"', text)
    text = re.sub(r"\b3\.[0-9]+\.[0-9]+\b", "V", text)
    text = re.sub(r"took = [0-9.]+[µmn]?s", "took = T", text)
    text = re.sub(r'"took":"[0-9.]+[µmn]?s"', '"took":"T"', text)
    text = re.sub(r"/etcdctl-diff-snap-[^/]+/(etcd|engine)/", "/SNAPDIR/", text)
    # Members are listed by id, and ids are random: compare them as a set.
    if label.startswith("member list") and not label.endswith("json"):
        text = "\n".join(sorted(text.splitlines()))
    text = re.sub(r'ETCD_INITIAL_CLUSTER="([^"]*)"', lambda m: 'ETCD_INITIAL_CLUSTER="' + ",".join(sorted(m.group(1).split(","))) + '"', text)
    text = re.sub(r"\b[0-9.]+ ?[kMG]?B\b", "SIZE", text)
    if label.endswith("table"):
        # Column widths follow the values: compare cells, not padding; hashes, terms and indexes are masked.
        rows = []
        for line in text.splitlines():
            if line.startswith("+"):
                rows.append("+---+")
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.append("|".join(re.sub(r"^\d+$", "N", c) for c in cells))
        text = "\n".join(rows)
    return text.strip()


def expect(pattern, text, server, label):
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"{server.kind}: '{label}' printed {text!r}, expected /{pattern}/")
    return match.group(1)


def replay(etcdctl, server, verbose, snapshot_dir):
    ctx = {"peer": f"http://127.0.0.1:{free_port()}", "peer2": f"http://127.0.0.1:{free_port()}",
           "snapshot": os.path.join(snapshot_dir, server.kind, "snapshot.db")}
    os.makedirs(os.path.dirname(ctx["snapshot"]), exist_ok=True)
    outputs = []
    for item in sequence(ctx):
        label, args = item[0], item[1]
        stdin = item[2] if len(item) > 2 else None
        kill_after = item[3] if len(item) > 3 else None
        filled = [a.format(**ctx) for a in args]
        code, out, err = run(etcdctl, server, filled, stdin, kill_after=kill_after)
        if label == "lease grant":
            ctx["lease"] = expect(r"lease ([0-9a-f]+) granted", out + err, server, label)
        if label == "member add learner":
            ctx["learner"] = expect(r"Member ([0-9a-f]+) added", out + err, server, label)
        if label == "put before compaction":
            status = run(etcdctl, server, ["endpoint", "status", "-w", "json"])[1]
            ctx["rev"] = str(json.loads(status)[0]["Status"]["header"]["revision"])
        # A watch ended by timeout exits 124 on both sides; the code is part of what is compared.
        outputs.append((label, code, normalise(label, out), normalise(label, err)))
        if verbose:
            print(f"--- {server.kind} {label} (exit {code})\n{out}{err}")
    return outputs


def check_perf(etcdctl, server):
    code, out, err = run(etcdctl, server, ["check", "perf", "--load=s"], timeout=180)
    verdicts = [line for line in out.splitlines() if line.startswith(("PASS", "FAIL"))]
    return code, verdicts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", required=True)
    ap.add_argument("--etcd", default=shutil.which("etcd") or "/usr/bin/etcd")
    ap.add_argument("--etcdctl", default=shutil.which("etcdctl") or "/usr/bin/etcdctl")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--skip-perf", action="store_true")
    a = ap.parse_args()
    snapshot_dir = tempfile.mkdtemp(prefix="etcdctl-diff-snap-")
    results, perf = {}, {}
    try:
        for kind, binary in (("etcd", a.etcd), ("engine", a.engine)):
            server = Server(kind, binary)
            try:
                results[kind] = replay(a.etcdctl, server, a.verbose, snapshot_dir)
                if not a.skip_perf:
                    perf[kind] = check_perf(a.etcdctl, server)
            finally:
                server.stop()
    finally:
        shutil.rmtree(snapshot_dir, ignore_errors=True)

    mismatches = 0
    for want, got in zip(results["etcd"], results["engine"]):
        if want != got:
            mismatches += 1
            print(f"MISMATCH {want[0]}:\n  etcd   (exit {want[1]}): {want[2]!r} {want[3]!r}\n  engine (exit {got[1]}): {got[2]!r} {got[3]!r}")
    for kind, (code, verdicts) in perf.items():
        print(f"check perf --load=s vs {kind}: exit {code}, {' / '.join(verdicts)}")
    if perf and (perf["engine"][0] != 0 or not perf["engine"][1] or perf["engine"][1][-1] != "PASS"):
        if perf["etcd"][0] == 0:
            mismatches += 1
            print("MISMATCH check perf: etcd passes, engine does not")
    print(f"{len(results['etcd'])} commands, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
