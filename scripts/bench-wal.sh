#!/usr/bin/env bash
# WAL benchmark (issue 5): durable batches of 1/8/64/256 entries of 256 bytes beside the raw
# 4 KiB write + fdatasync rate into a preallocated file, same program, same run, median of rounds.
# usage: scripts/bench-wal.sh [--dir DIR] [--seconds S] [--rounds N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/perf/Engine.Perf.Wal" -c Release >/dev/null
dir=$(mktemp -d "${TMPDIR:-/tmp}/engine-perf-wal.XXXXXX")
trap 'rm -rf "$dir"' EXIT
dotnet "$root/perf/Engine.Perf.Wal/bin/Release/net10.0/Engine.Perf.Wal.dll" --dir "$dir" "$@"
