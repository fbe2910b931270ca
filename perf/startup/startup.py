#!/usr/bin/env python3
"""Start-up benchmark: spawns a server N times and measures the time from exec to the first
`GET /health` answered 200, plus the binary size and the idle RSS after start.

usage: startup.py BINARY RUNS PORT DATA_DIR [extra serve args...]
Prints one `RESULT` line per run and a `SUMMARY` line with the median. With STARTUP_PHASES=1 in the
environment, each run also prints the server's phase marks (`startup +X ms <phase>`, enabled by passing
the spawn time in ENGINE_STARTUP_TRACE_T0) as `PHASE` lines."""
import http.client, os, shutil, statistics, subprocess, sys, time

def wait_healthy(port, deadline):
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=0.2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                return True
        except OSError:
            time.sleep(0.0005)
    return False

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1

def main():
    binary, runs, port, data_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    extra = sys.argv[5:]
    times, rsss = [], []
    for r in range(runs):
        shutil.rmtree(data_dir, ignore_errors=True)
        phases = os.environ.get("STARTUP_PHASES") == "1"
        env = dict(os.environ)
        t0 = time.monotonic()
        if phases:
            env["ENGINE_STARTUP_TRACE_T0"] = str(time.monotonic_ns())
        p = subprocess.Popen([binary, "serve", "--data-dir", data_dir,
                              "--listen-client-urls", f"http://127.0.0.1:{port}", "--log-level", "error", *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE if phases else subprocess.DEVNULL,
                             env=env, text=True)
        ok = wait_healthy(port, t0 + 10)
        ms = (time.monotonic() - t0) * 1000
        time.sleep(0.5)
        rss = rss_kib(p.pid)
        p.terminate()
        if phases:
            err = p.communicate(timeout=5)[1]
            for line in err.splitlines():
                if line.startswith("startup +"):
                    print(f"PHASE run={r} {line[len('startup '):]}", flush=True)
        p.wait(5)
        if not ok:
            print(f"RESULT run={r} healthy=false", flush=True); sys.exit(1)
        times.append(ms); rsss.append(rss)
        print(f"RESULT run={r} start_ms={ms:.1f} idle_rss_kib={rss}", flush=True)
    size = os.path.getsize(binary)
    print(f"SUMMARY binary_bytes={size} start_ms_median={statistics.median(times):.1f} "
          f"idle_rss_kib_median={statistics.median(rsss):.0f}")

main()
