#!/usr/bin/env python3
"""Prepares a data dir for start-up measurements: starts BINARY on DATA_DIR, puts COUNT unique 256-byte keys
with wrk at 64 connections (perf/load/put.lua, as scripts/bench-load.sh loads them), then stops it with SIGTERM.

usage: make_dataset.py BINARY DATA_DIR COUNT PORT
Copy the resulting dir before each measured start (a start writes to it)."""
import http.client, json, os, base64, shutil, signal, subprocess, sys, time

def count(port, prefix):
    end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    body = json.dumps({"key": base64.b64encode(prefix.encode()).decode(),
                       "range_end": base64.b64encode(end.encode()).decode(), "count_only": True})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("POST", "/v3/kv/range", body, {"Content-Type": "application/json"})
    return int(json.loads(c.getresponse().read()).get("count", "0"))

def main():
    binary, data_dir, n, port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    load_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "load")
    shutil.rmtree(data_dir, ignore_errors=True)
    p = subprocess.Popen([binary, "serve", "--data-dir", data_dir, "--listen-client-urls",
                          f"http://127.0.0.1:{port}", "--log-level", "error"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                count(port, "bench/load/"); break
            except OSError:
                time.sleep(0.01)
        env = dict(os.environ, LOAD_DIR=load_dir, LIMIT=str(n), THREADS="2", KEY_PREFIX="bench/load/", RUN_ID="0")
        wrk = subprocess.Popen(["wrk", "-t2", "-c64", "-d600s", "--timeout", "10s", "-s",
                                os.path.join(load_dir, "put.lua"), f"http://127.0.0.1:{port}"],
                               env=env, stdout=subprocess.DEVNULL)
        # wrk keeps its timer running after every thread stopped: poll the count and end it.
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and wrk.poll() is None and count(port, "bench/load/") < n:
            time.sleep(0.5)
        if wrk.poll() is None:
            wrk.terminate()
        wrk.wait(30)
        print(f"keys present: {count(port, 'bench/load/')}")
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(30)

if __name__ == "__main__":
    main()
