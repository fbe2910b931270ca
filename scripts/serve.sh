#!/usr/bin/env bash
# Publishes the native-AOT `engine` binary (when the sources changed) and starts a single node with
# the defaults: client API on 127.0.0.1:2379, data in ./default.engine. Extra arguments pass through
# to `engine serve` (e.g. scripts/serve.sh --data-dir /tmp/d --listen-client-urls http://127.0.0.1:12379).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/lib/prereqs.sh"
ensure_build_prereqs

bin="$root/artifacts/engine/engine"
# Publish when the binary is missing or any source (build outputs excluded) is newer than it.
stale=""
[ -x "$bin" ] && stale=$(find "$root/engine" "$root/api" \( -name obj -o -name bin \) -prune -o \
  \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$bin" -print -quit)
if [ ! -x "$bin" ] || [ -n "$stale" ]; then
  echo "publishing the engine binary (native AOT)..." >&2
  dotnet publish "$root/api/Engine.Api" -c Release -o "$root/artifacts/engine" >&2
fi
exec "$bin" serve "$@"
