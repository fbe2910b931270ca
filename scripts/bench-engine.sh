#!/usr/bin/env bash
# The storage-engine benchmark (../shared/reference/engine-workloads.md):
#   scripts/bench-engine.sh [--peers] [DIR N BATCH SINGLE_N]
# Runs Engine's B+tree harness; with --peers also the bbolt (Go) and LMDB (C) harnesses of perf/peers,
# one after the other on the same machine, so the figures can be compared side by side.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
peers=0
if [[ "${1:-}" == "--peers" ]]; then peers=1; shift; fi
dir="${1:-/tmp/engine-bench}"; n="${2:-1000000}"; batch="${3:-1000}"; single="${4:-10000}"
mkdir -p "$dir"
dotnet build "$root/perf/Engine.Perf.BTree" -c Release -v quiet -nologo >&2
dotnet "$root/perf/Engine.Perf.BTree/bin/Release/net10.0/Engine.Perf.BTree.dll" "$dir" "$n" "$batch" "$single"
if [[ $peers == 1 ]]; then
  "$root/perf/peers/build.sh" >&2
  "$root/perf/peers/bin/bbolt-bench" "$dir" "$n" "$batch" "$single"
  "$root/perf/peers/bin/lmdb-bench" "$dir" "$n" "$batch" "$single"
fi
