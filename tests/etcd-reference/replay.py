#!/usr/bin/env python3
"""Differential replay of etcd v3 JSON-gateway request sequences.

Replays every `sequences/*.jsonl` file (in file-name order, all against ONE fresh server) and
writes or compares the normalised responses in `expected/<same name>.jsonl`.

usage: replay.py --url URL [--record] [--only NAME] [--verbose]

Sequence line forms (see README.md for the full description):
  # comment                                   copied to the expected file
  {"path": "/v3/kv/put", "body": {...}}        POST the JSON body
  {"path": ..., "raw": "{bad"}                 POST a raw text body
  {"path": ..., "method": "GET"}               another method
  {"path": ..., "body": {...}, "pad_value": N} body.value = base64 of N 'x' bytes (oversized bodies)
  {"path": "/v3/watch", "stream": [{...}, ...], "read": N}
                                               send a stream of JSON requests, read N result lines
  {"sleep": 0.5}                               pause (seconds)
  "repeat": {"field": F, "times": N, "item": X} sets body[F] to N copies of X (txn op limits)
  "summary": true                              record lists as {length, distinct items} (huge answers)
  "timeout": S                                 per-request socket timeout (default 10 s)
  "read_before": K, "during": [steps]          on a stream: read K lines, send the steps from another
                                               connection (answers recorded under "during"), then read
                                               the remaining read-K lines (live watch events)
  "v35": {"status": N, "body": {...}} on a request: the normalised answer etcd 3.5+ gives where 3.4.23
  (the recorded reference) differs by design (e.g. 3.5 added the sort-enum check, 3.6 the hashkv path);
  Engine, which follows 3.5/3.6, is compared against it instead of the recording.
  "match": "code" on a request compares only the HTTP status and the error code (for messages that
  are Go-library specific, such as JSON decoder errors).

String values inside bodies are rewritten before sending:
  "text:abc"  -> base64 of the UTF-8 bytes of abc      "hex:00ff" -> base64 of those bytes
  "$lease1"   -> the ID that etcd generated for the first lease granted with ID 0
  "$member"   -> the target's member_id (from the first answer's header)
"""
import argparse, base64, http.client, json, os, socket, sys, time
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
BYTES_FIELDS = {"key", "value", "range_end", "keys"}
DROPPED_HEADER_FIELDS = ("cluster_id", "member_id", "raft_term")
# Status fields etcd added after 3.4 (3.6: storage version, quota, downgrade info): not in the 3.4 recording.
NEWER_STATUS_FIELDS = ("storageVersion", "dbSizeQuota", "downgradeInfo")


def encode_macros(value, leases):
    """Rewrites text:/hex:/$leaseN strings in a request body into what the wire expects."""
    if isinstance(value, dict):
        return {k: encode_macros(v, leases) for k, v in value.items()}
    if isinstance(value, list):
        return [encode_macros(v, leases) for v in value]
    if isinstance(value, str):
        if value.startswith("text:"):
            return base64.b64encode(value[5:].encode("utf-8")).decode()
        if value.startswith("hex:"):
            return base64.b64encode(bytes.fromhex(value[4:])).decode()
        if value.startswith("$lease") and value in leases.by_name:
            return leases.by_name[value]
        if value == "$member" and leases.member_id:
            return leases.member_id
    return value


def readable_bytes(b64):
    """Decodes a base64 byte field into the text:/hex: notation used in the data files."""
    try:
        raw = base64.b64decode(b64, validate=True)
    except Exception:
        return b64
    try:
        text = raw.decode("utf-8")
        if all(c.isprintable() or c in "\0" for c in text):
            return "text:" + text
    except UnicodeDecodeError:
        pass
    return "hex:" + raw.hex()


class LeaseNames:
    """Maps lease IDs the server generated to stable names ($lease1, $lease2, ...)."""

    def __init__(self):
        self.by_name, self.by_id = {}, {}
        self.member_id = None  # the target's member_id, for the "$member" macro

    def learn(self, request_body, response_body):
        if not isinstance(response_body, dict) or "ID" not in response_body:
            return
        asked = str((request_body or {}).get("ID", "0"))
        if asked in ("0", "") and response_body["ID"] not in self.by_id:
            name = f"$lease{len(self.by_name) + 1}"
            self.by_name[name] = response_body["ID"]
            self.by_id[response_body["ID"]] = name


# Fields whose values differ between two servers by nature: only their presence is compared.
VARYING_FIELDS = {
    "/v3/maintenance/status": {"version", "dbSize", "dbSizeInUse", "leader", "raftIndex", "raftTerm",
                               "raftAppliedIndex"},
    "/v3/maintenance/hash": {"hash"},
    "/v3/maintenance/hashkv": {"hash"},
    "/v3/maintenance/alarm": {"memberID"},
    "/v3/cluster/member/list": {"ID", "peerURLs", "clientURLs"},
}


def normalise(value, leases, path, parent_key=None):
    """Drops ids and terms, renames generated lease ids, makes bytes readable, orders lease lists."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if parent_key == "header" and k in DROPPED_HEADER_FIELDS:
                continue
            if parent_key is None and path == "/v3/maintenance/status" and k in NEWER_STATUS_FIELDS:
                continue
            out[k] = "<set>" if k in VARYING_FIELDS.get(path, ()) else normalise(v, leases, path, k)
        if "TTL" in out and ("timetolive" in path or "keepalive" in path):
            if int(out["TTL"]) > 0:
                out["TTL"] = "<positive>"
        return out
    if isinstance(value, list):
        items = [normalise(v, leases, path, parent_key) for v in value]
        if parent_key in ("leases", "keys"):  # etcd returns both in Go map order
            items.sort(key=lambda x: json.dumps(x, sort_keys=True))
        return items
    if isinstance(value, str):
        if value in leases.by_id:
            return leases.by_id[value]
        if leases.member_id and leases.member_id in value:
            return value.replace(leases.member_id, "$member")
        if parent_key in BYTES_FIELDS:
            return readable_bytes(value)
    return value


def summarise(body):
    """For huge answers: replaces each list by its length and its distinct items."""
    if not isinstance(body, dict):
        return body
    out = {}
    for k, v in body.items():
        if isinstance(v, list):
            distinct = []
            for item in v:
                if item not in distinct:
                    distinct.append(item)
            out[k] = {"length": len(v), "distinct": distinct}
        else:
            out[k] = v
    return out


def decode_body(raw):
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text), None
    except ValueError:
        return None, text


def read_lines(resp, count, bodies):
    """Reads `count` newline-delimited JSON messages of a stream; a timeout is recorded as such."""
    try:
        for _ in range(count):
            line = resp.readline()
            if not line:
                return
            parsed, text = decode_body(line.strip())
            bodies.append(parsed if text is None else {"text": text})
    except (socket.timeout, TimeoutError):
        bodies.append({"timeout": True})


def send(url, step, leases, timeout):
    """Sends one request; returns (status, [parsed or text bodies])."""
    u = urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    method = step.get("method", "POST")
    headers = {"Content-Type": "application/json"}
    if "stream" in step:
        payload = "".join(json.dumps(encode_macros(m, leases)) for m in step["stream"]).encode()
    elif "raw" in step:
        payload = step["raw"].encode()
    elif "body" in step:
        body = encode_macros(step["body"], leases)
        if "repeat" in step:
            rep = step["repeat"]
            body[rep["field"]] = [encode_macros(rep["item"], leases)] * rep["times"]
        if "pad_value" in step:
            body["value"] = base64.b64encode(b"x" * step["pad_value"]).decode()
        payload = json.dumps(body).encode()
    else:
        payload = None
    try:
        conn.request(method, step["path"], body=payload, headers=headers)
        resp = conn.getresponse()
        if "read" in step:
            bodies = []
            first = step.get("read_before", step["read"])
            read_lines(resp, first, bodies)
            if "during" in step:
                # another client writes while this stream is open; its answers are recorded too
                for other in step["during"]:
                    other_status, other_bodies = send(url, other, leases, timeout)
                    step.setdefault("_during", []).append({"status": other_status, "body": other_bodies[0]})
                read_lines(resp, step["read"] - first, bodies)
            return resp.status, bodies
        parsed, text = decode_body(resp.read())
        return resp.status, [parsed if text is None else {"text": text.strip()}]
    finally:
        conn.close()


def replay_file(url, path, leases, verbose):
    """Replays one sequence file and returns its list of output lines (comments and results)."""
    out = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.lstrip().startswith("#"):
                out.append(line)
                continue
            step = json.loads(line)
            if "sleep" in step:
                time.sleep(step["sleep"])
                continue
            status, bodies = send(url, step, leases, step.get("timeout", 10))
            if leases.member_id is None and bodies and isinstance(bodies[0], dict):
                leases.member_id = (bodies[0].get("header") or {}).get("member_id")
            if "lease/grant" in step["path"] and bodies and isinstance(bodies[0], dict):
                leases.learn(step.get("body"), bodies[0])
            bodies = [normalise(b, leases, step["path"]) for b in bodies]
            if step.get("summary"):
                bodies = [summarise(b) for b in bodies]
            record = {"line": number, "path": step["path"], "status": status}
            if step.get("match") == "code":
                record["match"] = "code"
            if "v35" in step:
                record["v35"] = step["v35"]
            if "_during" in step:
                record["during"] = [normalise(d, leases, step["path"]) for d in step["_during"]]
            if "read" in step:
                record["stream"] = bodies
            else:
                record["body"] = bodies[0]
            if verbose:
                print(json.dumps(record), file=sys.stderr)
            out.append(json.dumps(record, separators=(", ", ": ")))
    return out


USE_V35 = False  # set by --v35: the target follows etcd 3.5+ where it differs from the 3.4.23 recording


def same(expected_line, actual_line):
    if expected_line.startswith("#") or actual_line.startswith("#"):
        return expected_line == actual_line
    e, a = json.loads(expected_line), json.loads(actual_line)
    if USE_V35 and "v35" in a:
        return {"status": a["status"], "body": a.get("body")} == a["v35"]
    e.pop("v35", None)
    a.pop("v35", None)
    if e.get("match") == "code":
        eb, ab = e.get("body") or {}, a.get("body") or {}
        return e["status"] == a["status"] and eb.get("code") == ab.get("code")
    return e == a


def fresh_revision(url):
    """The target's current revision (a fresh server is at "1"), or what went wrong."""
    try:
        status, bodies = send(url, {"path": "/v3/kv/range", "body": {"key": "hex:00", "range_end": "hex:00",
                                                                     "count_only": True}}, LeaseNames(), 5)
        return (bodies[0].get("header") or {}).get("revision", f"status {status}")
    except (OSError, http.client.HTTPException) as e:
        return repr(e)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--record", action="store_true")
    ap.add_argument("--only")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--v35", action="store_true", help="compare against the v35 expectations where given")
    args = ap.parse_args()
    global USE_V35
    USE_V35 = args.v35
    seq_dir, exp_dir = os.path.join(HERE, "sequences"), os.path.join(HERE, "expected")
    os.makedirs(exp_dir, exist_ok=True)
    fresh = fresh_revision(args.url)
    if fresh != "1":
        print(f"warning: the target is not fresh (revision {fresh}); revisions will not match",
              file=sys.stderr)
    leases, failures, checked = LeaseNames(), 0, 0
    for name in sorted(os.listdir(seq_dir)):
        if not name.endswith(".jsonl") or (args.only and args.only not in name):
            continue
        actual = replay_file(args.url, os.path.join(seq_dir, name), leases, args.verbose)
        target = os.path.join(exp_dir, name)
        if args.record:
            with open(target, "w") as f:
                f.write("\n".join(actual) + "\n")
            print(f"recorded {name}: {sum(1 for l in actual if not l.startswith('#'))} responses")
            continue
        with open(target) as f:
            expected = [l.rstrip("\n") for l in f if l.strip()]
        for i in range(max(len(expected), len(actual))):
            e = expected[i] if i < len(expected) else "<missing>"
            a = actual[i] if i < len(actual) else "<missing>"
            if e.startswith("#"):
                continue
            checked += 1
            if e == "<missing>" or a == "<missing>" or not same(e, a):
                failures += 1
                print(f"MISMATCH {name}\n  expected: {e}\n  actual:   {a}")
        print(f"checked {name}")
    if not args.record:
        print(f"{checked} responses compared, {failures} mismatches")
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
