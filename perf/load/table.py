"""Prints the load benchmark's one table (markdown, so it can go into perf/RESULTS.md as is).

A row is (workload, conns, unit, {"engine": [round results], "etcd": [round results]}); a round
result is a dict with "value" (req/s, events/s, MiB, ms ...), optional "p50"/"p99" in ms, "warn"
(another process used the CPU), "errors" and "note". Missing or failed runs print n/a."""
import statistics


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _fmt(value, unit):
    if value is None:
        return "n/a"
    if unit in ("req/s", "events/s"):
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _latency(rounds):
    p50 = _median([r.get("p50") for r in rounds])
    p99 = _median([r.get("p99") for r in rounds])
    return "n/a" if p50 is None else f"{p50:.2f} / {p99:.2f}"


def _ratio(engine, etcd):
    """Median of the per-round ratios engine/etcd (rounds paired by index), and their spread."""
    pairs = [(e.get("value"), c.get("value")) for e, c in zip(engine, etcd)]
    ratios = [e / c for e, c in pairs if e is not None and c]
    if not ratios:
        return "n/a"
    text = f"{statistics.median(ratios):.2f}x"
    return text + (f" ({min(ratios):.2f}-{max(ratios):.2f})" if len(ratios) > 1 else "")


def _notes(kind, rounds):
    notes = []
    warned = [str(i + 1) for i, r in enumerate(rounds) if r.get("warn")]
    if warned:
        worst = max(r.get("other", 0) for r in rounds)
        notes.append(f"{kind}: CPU noise in round {','.join(warned)} (up to {worst:.2f} cores)")
    errors = sum(r.get("errors", 0) or 0 for r in rounds)
    if errors:
        notes.append(f"{kind}: {errors} errors")
    for r in rounds:
        if r.get("note"):
            notes.append(f"{kind}: {r['note']}")
            break
    return notes


def render(rows, rounds_label):
    lines = [f"| workload | conns | unit | Engine | etcd | Engine/etcd (median of {rounds_label}) "
             "| Engine p50 / p99 ms | etcd p50 / p99 ms | notes |",
             "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for workload, conns, unit, by_kind in rows:
        engine, etcd = by_kind.get("engine", []), by_kind.get("etcd", [])
        notes = _notes("Engine", engine) + _notes("etcd", etcd)
        lines.append(f"| {workload} | {conns or '-'} | {unit} "
                     f"| {_fmt(_median([r.get('value') for r in engine]), unit)} "
                     f"| {_fmt(_median([r.get('value') for r in etcd]), unit)} "
                     f"| {_ratio(engine, etcd)} | {_latency(engine)} | {_latency(etcd)} | {'; '.join(notes)} |")
    return "\n".join(lines)
