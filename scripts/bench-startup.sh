#!/usr/bin/env bash
# Foundation benchmark: binary size, start to first /health 200 (median of RUNS) and idle RSS.
# usage: scripts/bench-startup.sh [RUNS=10] [PORT=23799]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/prereqs.sh"
ensure_build_prereqs
dotnet publish "$root/api/Engine.Api" -c Release -o "$root/artifacts/engine" >/dev/null
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
python3 "$root/perf/startup/startup.py" "$root/artifacts/engine/engine" "${1:-10}" "${2:-23799}" "$data/d"
