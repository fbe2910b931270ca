#!/usr/bin/env python3
"""Watch fan-out client for the load benchmark: opens WATCHERS watchers on a key prefix, spread over
STREAMS `/v3/watch` streams, and counts the events delivered while another client puts.

usage: watch_fanout.py URL [--watchers 1000] [--streams 20] [--prefix bench/fan/]
Protocol on stdin/stdout (driven by bench_load.py):
  prints  READY <watchers>            once every watcher is created
  reads   go                          starts the clock
  reads   stop                        puts are over: drain until 1 s passes without an event
  prints  EVENTS <n> SECONDS <s>      events received between go and the last event
Events are counted by the `"kv":{` marker in the de-chunked byte stream (no JSON decoding, so the
client stays cheap next to the server)."""
import argparse, base64, http.client, json, sys, threading, time
from urllib.parse import urlparse

MARKER = b'"kv":{'
CREATED = b'"created":true'


class Stream(threading.Thread):
    """One /v3/watch stream carrying several watchers; counts created acks and events."""

    def __init__(self, url, prefix, count):
        super().__init__(daemon=True)
        u = urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        end = prefix[:-1] + bytes([prefix[-1] + 1])
        create = json.dumps({"create_request": {"key": base64.b64encode(prefix).decode(),
                                                "range_end": base64.b64encode(end).decode()}})
        self.body = (create * count).encode()
        self.created = self.events = 0
        self.last_event = 0.0
        self.failed = None

    def run(self):
        try:
            self.conn.request("POST", "/v3/watch", body=self.body,
                              headers={"Content-Type": "application/json"})
            resp = self.conn.getresponse()
            # A marker may straddle two reads: count it in (the previous read's last len-1 bytes +
            # this read), which can never hold a whole marker twice.
            event_tail = created_tail = b""
            while True:
                chunk = resp.read1(1 << 16)
                if not chunk:
                    return
                data = event_tail + chunk
                found = data.count(MARKER)
                if found:
                    self.events += found
                    self.last_event = time.monotonic()
                event_tail = data[-(len(MARKER) - 1):]
                data = created_tail + chunk
                self.created += data.count(CREATED)
                created_tail = data[-(len(CREATED) - 1):]
        except Exception as e:  # reported by the driver, never raised into the benchmark
            self.failed = repr(e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--watchers", type=int, default=1000)
    ap.add_argument("--streams", type=int, default=20)
    ap.add_argument("--prefix", default="bench/fan/")
    args = ap.parse_args()
    per = [args.watchers // args.streams + (1 if i < args.watchers % args.streams else 0)
           for i in range(args.streams)]
    streams = [Stream(args.url, args.prefix.encode(), n) for n in per if n]
    for s in streams:
        s.start()
    deadline = time.monotonic() + 30
    while sum(s.created for s in streams) < args.watchers:
        failed = [s.failed for s in streams if s.failed]
        if failed or time.monotonic() > deadline:
            print(f"FAILED created={sum(s.created for s in streams)} {failed[:1]}", flush=True)
            return 1
        time.sleep(0.01)
    print(f"READY {args.watchers}", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 1
    base = sum(s.events for s in streams)
    t0 = time.monotonic()
    sys.stdin.readline()  # "stop"
    quiet_since, seen = time.monotonic(), base
    stop_by = time.monotonic() + 15
    while time.monotonic() - quiet_since < 1.0 and time.monotonic() < stop_by:
        time.sleep(0.05)
        now = sum(s.events for s in streams)
        if now != seen:
            seen, quiet_since = now, time.monotonic()
    last = max((s.last_event for s in streams), default=t0)
    events = sum(s.events for s in streams) - base
    print(f"EVENTS {events} SECONDS {max(last - t0, 1e-6):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
