#!/usr/bin/env python3
"""RSS by component of a running process: smaps_rollup totals, then each mapping's Rss grouped by kind
(GC heap and other anonymous memory, thread stacks, the binary, the db map, WAL maps, other files).

usage: rss_breakdown.py PID"""
import collections, re, sys


def mappings(pid):
    current = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                if current is not None:
                    yield current
                parts = line.split(None, 5)
                current = {"range": parts[0], "perms": parts[1], "path": parts[5].strip() if len(parts) > 5 else ""}
            elif current is not None and ":" in line:
                key, _, rest = line.partition(":")
                fields = rest.split()
                if fields and fields[0].isdigit():
                    current[key] = int(fields[0])
    if current is not None:
        yield current


def kind_of(m):
    path = m["path"]
    if path.endswith("/db"):
        return "db map (file)"
    if ".wal" in path:
        return "WAL maps (file)"
    if path == "[stack]":
        return "main stack"
    if path.startswith("/") and ("engine" in path.rsplit("/", 1)[-1]):
        return "binary (file)"
    if path.startswith("/"):
        return "other files (libs)"
    lo, hi = (int(x, 16) for x in m["range"].split("-"))
    size_kib = (hi - lo) // 1024
    if m["perms"].startswith("---"):
        return "guard/reserved"
    if size_kib in (8192, 1536, 1540, 256, 264) or 1020 <= size_kib <= 1032:
        return "anon, thread-stack-sized"
    return "anon (GC heap, native allocs)"


def main():
    pid = int(sys.argv[1])
    with open(f"/proc/{pid}/smaps_rollup") as f:
        rollup = {l.split(":")[0]: l.split(":")[1].strip() for l in f if ":" in l and not l.startswith("0")}
    with open(f"/proc/{pid}/status") as f:
        status = {l.split(":")[0]: l.split(":")[1].strip() for l in f if ":" in l}
    print(f"VmRSS {status['VmRSS']}  RssAnon {status['RssAnon']}  RssFile {status['RssFile']}  "
          f"Threads {status['Threads']}  Pss {rollup.get('Pss')}")
    totals = collections.Counter()
    biggest = []
    for m in mappings(pid):
        rss = m.get("Rss", 0)
        totals[kind_of(m)] += rss
        biggest.append((rss, m["range"], m["perms"], m["path"]))
    for kind, kib in totals.most_common():
        print(f"  {kind:32s} {kib / 1024:8.1f} MiB")
    print("largest mappings:")
    for rss, rng, perms, path in sorted(biggest, reverse=True)[:12]:
        print(f"  {rss / 1024:8.1f} MiB {rng} {perms} {path}")


main()
