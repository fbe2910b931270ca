#!/usr/bin/env python3
"""Load benchmark driver (issue 11): the same workloads against Engine and etcd over the v3 JSON API,
alternately, several rounds; prints one table (medians, per-round ratio, p50/p99, CPU warnings).

Run through scripts/bench-load.sh, which installs wrk and etcd first. Every server is started here
with a fresh data dir on loopback, remembered by PID and stopped by that PID; every subprocess has a
timeout. A server that does not answer the v3 API is reported as n/a instead of failing the run."""
import argparse, base64, http.client, json, os, resource, shutil, signal, socket, statistics
import subprocess, sys, tempfile, time

LOAD_DIR = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")
CPU_WARN_CORES = 0.15  # unexplained CPU use per second of a round above this is flagged
VALUE_256 = ("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" * 5)[:256].encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()


def post(port, path, body, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def busy_jiffies():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...
    return sum(fields[:3]) + sum(fields[5:8])


class Server:
    """One Engine or etcd process with its own fresh data dir; started and stopped by PID."""

    def __init__(self, kind, binary, workdir):
        self.kind, self.binary, self.workdir = kind, binary, workdir
        self.proc = None
        self.port = self.peer = 0
        self.data = ""

    def fresh_dir(self):
        self.data = tempfile.mkdtemp(prefix=f"{self.kind}-", dir=self.workdir)

    def command(self):
        client, peer = f"http://127.0.0.1:{self.port}", f"http://127.0.0.1:{self.peer}"
        common = ["--data-dir", self.data, "--listen-client-urls", client, "--advertise-client-urls", client,
                  "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer]
        if self.kind == "etcd":
            return [self.binary, "--name", "bench", *common, "--initial-cluster", f"bench={peer}",
                    "--log-level", "error", "--logger", "zap"]
        return [self.binary, "serve", "--name", "bench", *common, "--log-level", "warn"]

    def start(self, limit=30.0):
        """Starts on the current data dir; returns seconds to the first healthy /health, or None."""
        self.port, self.peer = free_port(), free_port()
        log = open(os.path.join(self.workdir, f"{self.kind}.log"), "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        while time.monotonic() - t0 < limit:
            if self.proc.poll() is not None:
                return None
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=0.5)
                conn.request("GET", "/health")
                resp = conn.getresponse()
                body = resp.read()
                conn.close()
                if resp.status == 200 and b"true" in body:
                    return time.monotonic() - t0
            except OSError:
                pass
            time.sleep(0.002)
        return None

    def speaks_v3(self):
        try:
            status, body = post(self.port, "/v3/kv/range", {"key": b64("bench/probe")}, timeout=3)
            return status == 200 and b'"header"' in body
        except (OSError, http.client.HTTPException):
            return False

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def cpu_seconds(self):
        if self.proc is None or self.proc.poll() is not None:
            return 0.0
        try:
            with open(f"/proc/{self.proc.pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLK_TCK
        except OSError:
            return 0.0

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def db_bytes(self):
        """etcd: member/snap/db. Engine: the largest file outside any WAL directory."""
        if self.kind == "etcd":
            path = os.path.join(self.data, "member", "snap", "db")
            return os.path.getsize(path) if os.path.exists(path) else -1
        best = -1
        for root, dirs, files in os.walk(self.data):
            if "wal" in root.lower().split(os.sep)[-1]:
                continue
            for name in files:
                if not name.endswith(".wal"):
                    best = max(best, os.path.getsize(os.path.join(root, name)))
        return best

    def dir_bytes(self):
        return sum(os.path.getsize(os.path.join(r, n)) for r, _, fs in os.walk(self.data) for n in fs)


class CpuMeter:
    """Measures the CPU that neither the servers, wrk, nor this driver used during a round."""

    def __init__(self, servers):
        self.servers = servers

    def __enter__(self):
        self.t0 = time.monotonic()
        self.busy0 = busy_jiffies()
        self.srv0 = sum(s.cpu_seconds() for s in self.servers)
        r_self, r_child = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        self.own0 = r_self.ru_utime + r_self.ru_stime + r_child.ru_utime + r_child.ru_stime
        return self

    def __exit__(self, *exc):
        elapsed = max(time.monotonic() - self.t0, 1e-6)
        busy = (busy_jiffies() - self.busy0) / CLK_TCK
        srv = sum(s.cpu_seconds() for s in self.servers) - self.srv0
        r_self, r_child = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        own = r_self.ru_utime + r_self.ru_stime + r_child.ru_utime + r_child.ru_stime - self.own0
        self.other_cores = max(0.0, busy - srv - own) / elapsed
        self.server_cores = srv / elapsed
        self.warn = self.other_cores > CPU_WARN_CORES


def run_wrk(port, script, conns, seconds, env_extra=None):
    env = dict(os.environ, LOAD_DIR=LOAD_DIR, **(env_extra or {}))
    threads = max(1, min(2, conns))
    env["THREADS"] = str(threads)
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s",
           "-s", os.path.join(LOAD_DIR, script), f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 30).stdout
    for line in out.splitlines():
        if line.startswith("BENCH "):
            f = dict(kv.split("=") for kv in line.split()[1:])
            return {"rps": int(f["requests"]) / (int(f["duration_us"]) / 1e6), "requests": int(f["requests"]),
                    "p50": int(f["p50_us"]) / 1000, "p99": int(f["p99_us"]) / 1000,
                    "errors": int(f["non2xx"]) + int(f["sock_errors"])}
    raise RuntimeError(f"wrk printed no figures: {out[-500:]}")


def preload(server):
    post(server.port, "/v3/kv/put", {"key": b64("bench/one"), "value": b64(VALUE_256)})
    for i in range(100):
        post(server.port, "/v3/kv/put", {"key": b64(f"bench/pfx/{i:03d}"), "value": b64(VALUE_256)})


def run_fanout(server, seconds, watchers):
    """Events/s delivered to `watchers` watchers while one connection puts 256-byte values."""
    client = subprocess.Popen([sys.executable, os.path.join(LOAD_DIR, "watch_fanout.py"),
                               f"http://127.0.0.1:{server.port}", "--watchers", str(watchers)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        ready = client.stdout.readline()
        if not ready.startswith("READY"):
            raise RuntimeError(f"watch client: {ready.strip()}")
        client.stdin.write("go\n"); client.stdin.flush()
        puts = run_wrk(server.port, "put.lua", 1, seconds, {"KEY_PREFIX": "bench/fan/"})
        client.stdin.write("stop\n"); client.stdin.flush()
        parts = client.stdout.readline().split()
        client.wait(30)
        events, secs = int(parts[1]), float(parts[3])
        return {"rps": events / secs, "p50": None, "p99": None, "errors": puts["errors"],
                "note": f"{puts['rps']:.0f} puts/s, {events / max(1, puts['requests'] * watchers):.0%} of put x watchers delivered"}
    finally:
        if client.poll() is None:
            client.kill()
            client.wait(10)


def load_keys(server, count, limit_seconds=600):
    """Puts `count` unique 256-byte keys (wrk, 64 connections) and returns the keys present."""
    env = dict(os.environ, LOAD_DIR=LOAD_DIR, LIMIT=str(count), THREADS="2", KEY_PREFIX="bench/load/",
               RUN_ID="0")
    wrk = subprocess.Popen(["wrk", "-t2", "-c64", f"-d{limit_seconds}s", "--timeout", "10s",
                            "-s", os.path.join(LOAD_DIR, "put.lua"), f"http://127.0.0.1:{server.port}"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, present = time.monotonic() + limit_seconds, 0
    try:
        while time.monotonic() < deadline and wrk.poll() is None:
            time.sleep(0.5)
            present = count_keys(server, "bench/load/")
            if present >= count:
                break
    finally:
        if wrk.poll() is None:
            wrk.terminate()
        wrk.wait(30)
    time.sleep(0.5)
    return count_keys(server, "bench/load/")


def count_keys(server, prefix):
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    status, body = post(server.port, "/v3/kv/range",
                        {"key": b64(prefix), "range_end": b64(end), "count_only": True}, timeout=30)
    return int(json.loads(body).get("count", "0")) if status == 200 else -1


WORKLOADS = [
    ("put 256 B, unique keys", "put.lua", {}, [1, 16, 64]),
    ("range 1 key, linearizable", "range.lua", {}, [16, 64]),
    ("range 1 key, serializable", "range.lua", {"SERIALIZABLE": "1"}, [16, 64]),
    ("range 100-key prefix", "prefix.lua", {}, [16, 64]),
    ("txn compare-and-swap", "txn.lua", {}, [1, 16, 64]),
]


def measured(fn, servers, *args):
    """Runs one measurement under a CpuMeter; a failure becomes an n/a round, never an abort."""
    try:
        with CpuMeter(servers) as meter:
            result = fn(*args)
        result["value"] = result.pop("rps")
        result.update(warn=meter.warn, other=meter.other_cores)
        return result
    except Exception as e:  # noqa: BLE001 - reported in the table, the run goes on
        print(f"  failed: {e}", file=sys.stderr)
        return {"value": None, "note": f"failed: {str(e)[:80]}"}


def throughput_phase(live, args, rows):
    order = [k for k in ("engine", "etcd") if k in live]
    all_servers = list(live.values())
    for name, script, env, conns_list in WORKLOADS:
        if script.split(".")[0] not in args.parts:
            continue
        for conns in conns_list:
            by_kind = {k: [] for k in ("engine", "etcd")}
            for r in range(args.rounds):
                for kind in (order if r % 2 == 0 else order[::-1]):
                    res = measured(run_wrk, all_servers, live[kind].port, script, conns, args.seconds, env)
                    by_kind[kind].append(res)
                    print(f"  {name} c={conns} round {r + 1} {kind}: {res.get('value') or 0:,.0f} req/s",
                          file=sys.stderr)
            rows.append((name, conns, "req/s", by_kind))
    if "fanout" not in args.parts:
        return
    by_kind = {k: [] for k in ("engine", "etcd")}
    for r in range(args.rounds):
        for kind in (order if r % 2 == 0 else order[::-1]):
            res = measured(run_fanout, all_servers, live[kind], args.seconds, args.watchers)
            by_kind[kind].append(res)
            print(f"  fan-out round {r + 1} {kind}: {res.get('value') or 0:,.0f} events/s", file=sys.stderr)
    rows.append((f"watch fan-out to {args.watchers} watchers, 1 conn putting", None, "events/s", by_kind))


def memory_phase(servers, args, rows):
    """RSS and db size after loading N keys; start-up to /health, empty and with those keys."""
    names = ["start-up to healthy /health, empty", f"load {args.load_keys:,} keys x 256 B (64 conns)",
             f"RSS after {args.load_keys:,} keys", "db file after load", "data dir after load",
             f"start-up to healthy /health, {args.load_keys:,} keys"]
    units = ["ms", "s", "MiB", "MiB", "MiB", "ms"]
    results = [{k: [] for k in ("engine", "etcd")} for _ in names]
    order = [k for k in ("engine", "etcd") if k in servers]
    for r in range(args.load_rounds):
        for kind in (order if r % 2 == 0 else order[::-1]):
            with CpuMeter([]) as meter:
                figures = memory_round(servers[kind], args)
            for i, value in enumerate(figures):
                results[i][kind].append({"value": value, "warn": meter.warn, "other": meter.other_cores})
            print(f"  memory round {r + 1} {kind}: {figures}", file=sys.stderr)
    for name, unit, by_kind in zip(names, units, results):
        rows.append((name, None, unit, by_kind))


def memory_round(server, args):
    server.fresh_dir()
    figures = [None] * 6
    try:
        started = server.start()
        if started is None or not server.speaks_v3():
            return figures
        figures[0] = started * 1000
        t0 = time.monotonic()
        present = load_keys(server, args.load_keys)
        figures[1] = time.monotonic() - t0 if present >= args.load_keys else None
        time.sleep(1)
        figures[2] = server.rss_kib() / 1024
        figures[3] = server.db_bytes() / 2 ** 20
        figures[4] = server.dir_bytes() / 2 ** 20
        server.stop()
        restarted = server.start(limit=120)
        if restarted is not None and count_keys(server, "bench/load/") >= args.load_keys:
            figures[5] = restarted * 1000
        return figures
    except Exception as e:  # noqa: BLE001 - an n/a figure, never an abort
        print(f"  memory round failed on {server.kind}: {e}", file=sys.stderr)
        return figures
    finally:
        server.stop()
        shutil.rmtree(server.data, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--engine", default="artifacts/engine/engine")
    ap.add_argument("--etcd", default=shutil.which("etcd") or "etcd")
    ap.add_argument("--only", choices=["engine", "etcd"])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--load-keys", type=int, default=100_000)
    ap.add_argument("--load-rounds", type=int, default=2)
    ap.add_argument("--watchers", type=int, default=1000)
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--parts", default="put,range,prefix,txn,fanout,memory",
                    help="comma-separated subset of put,range,prefix,txn,fanout,memory")
    args = ap.parse_args()
    args.parts = set(args.parts.split(","))
    if args.skip_memory:
        args.parts.discard("memory")
    # `timeout` sends SIGTERM: turn it into SystemExit so the finally blocks stop every server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sys.path.insert(0, LOAD_DIR)
    import table
    workdir = tempfile.mkdtemp(prefix="bench-load-")
    kinds = [args.only] if args.only else ["engine", "etcd"]
    binaries = {"engine": os.path.abspath(args.engine), "etcd": args.etcd}
    servers, live = {}, {}
    try:
        for kind in kinds:
            if kind == "engine" and not os.access(binaries["engine"], os.X_OK):
                print(f"Engine binary {binaries['engine']} missing: Engine columns are n/a", file=sys.stderr)
                continue
            server = Server(kind, binaries[kind], workdir)
            server.fresh_dir()
            if server.start() is None or not server.speaks_v3():
                print(f"{kind} does not answer the v3 API: its columns are n/a", file=sys.stderr)
                server.stop()
                continue
            preload(server)
            servers[kind] = live[kind] = server
        rows = []
        throughput_phase(live, args, rows)  # a server that is not live gets n/a rows
        for server in live.values():
            server.stop()
        if "memory" in args.parts:
            memory_phase(servers, args, rows)
        print(table.render(rows, f"{args.rounds} rounds; memory rows {args.load_rounds}"))
        noisy = sum(1 for *_, by_kind in rows for runs in by_kind.values() for r in runs if r.get("warn"))
        total = sum(len(runs) for *_, by_kind in rows for runs in by_kind.values())
        if noisy:
            print(f"WARNING: another process used more than {CPU_WARN_CORES} cores in {noisy} of {total} "
                  "measurements (see notes); compare only ratios from one run.", file=sys.stderr)
        return 0
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
