#!/usr/bin/env python3
"""TLS throughput (issue 20): put and range over the v3 JSON gateway, Engine plaintext vs Engine TLS vs
etcd TLS (and etcd plaintext), same run, servers alternated per round; prints a markdown table of medians.

Run through scripts/bench-tls.sh. Certificates (a CA and a 127.0.0.1 server cert) are made with openssl in a
temp dir; every server gets a fresh data dir on loopback and is stopped by its PID. wrk does not verify the
server certificate (the handshake and encryption cost are what is measured)."""
import argparse, os, signal, ssl, statistics, subprocess, sys, tempfile, time, http.client, json, base64

LOAD_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "load")
sys.path.insert(0, LOAD_DIR)
from bench_load import free_port, b64, VALUE_256  # noqa: E402  (shared helpers of the load benchmark)


def make_certs(directory):
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=60)
    ca, key = os.path.join(directory, "ca.crt"), os.path.join(directory, "ca.key")
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", ca,
        "-subj", "/CN=bench-ca", "-days", "2")
    ext = os.path.join(directory, "ext.cnf")
    with open(ext, "w") as f:
        f.write("[srv]\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n")
    srv, srv_key, csr = (os.path.join(directory, n) for n in ("srv.crt", "srv.key", "srv.csr"))
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", srv_key, "-out", csr, "-subj", "/CN=bench")
    run("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", key, "-CAcreateserial", "-out", srv, "-days", "2", "-extfile", ext, "-extensions", "srv")
    return ca, srv, srv_key


class Server:
    def __init__(self, kind, binary, tls, certs, workdir):
        self.kind, self.binary, self.tls, self.certs, self.workdir = kind, binary, tls, certs, workdir
        self.proc, self.port = None, 0

    @property
    def name(self):
        return f"{self.kind} {'TLS' if self.tls else 'plain'}"

    @property
    def url(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self):
        self.port, peer = free_port(), free_port()
        data = tempfile.mkdtemp(prefix=self.kind + "-", dir=self.workdir)
        peer_url = f"http://127.0.0.1:{peer}"
        common = ["--data-dir", data, "--listen-client-urls", self.url, "--advertise-client-urls", self.url,
                  "--listen-peer-urls", peer_url, "--initial-advertise-peer-urls", peer_url]
        if self.tls:
            _, cert, key = self.certs
            common += ["--cert-file", cert, "--key-file", key]
        if self.kind == "etcd":
            cmd = [self.binary, "--name", "bench", *common, "--initial-cluster", f"bench={peer_url}", "--log-level", "error", "--logger", "zap"]
        else:
            cmd = [self.binary, "serve", "--name", "bench", *common, "--log-level", "warn"]
        log = open(os.path.join(self.workdir, f"{self.kind}-{self.tls}.log"), "ab")
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited")
            try:
                self.post("/v3/kv/put", {"key": b64("bench/one"), "value": b64(VALUE_256)})
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start")

    def post(self, path, body):
        if self.tls:
            context = ssl.create_default_context(cafile=self.certs[0])
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=5, context=context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        if resp.status != 200:
            raise OSError(f"{resp.status} {data[:200]}")
        return data

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None


def run_wrk(url, script, conns, seconds):
    env = dict(os.environ, LOAD_DIR=LOAD_DIR, THREADS="2")
    cmd = ["wrk", "-t2", f"-c{conns}", f"-d{seconds}s", "--timeout", "10s", "-s", os.path.join(LOAD_DIR, script), url]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60).stdout
    for line in out.splitlines():
        if line.startswith("BENCH "):
            f = dict(kv.split("=") for kv in line.split()[1:])
            return int(f["requests"]) / (int(f["duration_us"]) / 1e6), int(f["non2xx"]) + int(f["sock_errors"])
    raise RuntimeError(f"wrk printed no figures: {out[-500:]}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", required=True)
    parser.add_argument("--etcd", default="/usr/bin/etcd")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--conns", type=int, default=16)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-tls-")
    certs = make_certs(work)
    servers = [Server("engine", args.engine, False, certs, work), Server("engine", args.engine, True, certs, work),
               Server("etcd", args.etcd, True, certs, work), Server("etcd", args.etcd, False, certs, work)]
    results = {(s.name, w): [] for s in servers for w in ("put", "range")}
    errors = 0
    try:
        for _ in range(args.rounds):
            for server in servers:
                server.start()
                try:
                    for workload, script in (("put", "put.lua"), ("range", "range.lua")):
                        rps, errs = run_wrk(server.url, script, args.conns, args.seconds)
                        results[(server.name, workload)].append(rps)
                        errors += errs
                finally:
                    server.stop()
    finally:
        for server in servers:
            server.stop()
    print(f"| workload ({args.conns} conns, {args.seconds} s, median of {args.rounds}) | " + " | ".join(s.name for s in servers) + " |")
    print("|---|" + "---|" * len(servers))
    for workload in ("put", "range"):
        print(f"| {workload} req/s | " + " | ".join(f"{statistics.median(results[(s.name, workload)]):,.0f}" for s in servers) + " |")
    print(f"\nwrk errors (non-2xx + socket): {errors}")


if __name__ == "__main__":
    main()
