#!/usr/bin/env bash
# The test command: restore, build, run the default test tier of every test assembly, then an AOT
# publish of the `engine` binary that must finish with zero trim/AOT warnings.
# Prints one closing line "N passed, N failed" (totals over all assemblies, the AOT check counted as one test)
# and exits non-zero on any failure. ENGINE_TEST_TIER=all also runs tests marked [Trait("tier","slow")].
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# shellcheck source=scripts/lib/prereqs.sh
source "$root/scripts/lib/prereqs.sh"
ensure_build_prereqs

passed=0
failed=0
log_dir=$(mktemp -d)

if ! dotnet build Engine.sln -c Release 2>&1 | tee "$log_dir/build.log" | tail -n 3; then
  echo "build failed"
fi
if ! grep -q "Build succeeded" "$log_dir/build.log"; then
  grep -E "error" "$log_dir/build.log" | sort -u | head -n 40
  echo "0 passed, 1 failed"
  exit 1
fi

filter="tier!=slow&tier!=nightly"
[ "${ENGINE_TEST_TIER:-}" = "all" ] && filter="tier!=nightly"

for proj in $(ls tests/*/*.Tests.csproj | sort); do
  name=$(basename "$proj" .csproj)
  out="$log_dir/$name.log"
  timeout 1200 dotnet test "$proj" -c Release --no-build --filter "$filter" --logger "console;verbosity=minimal" >"$out" 2>&1
  rc=$?
  summary=$(grep -E "^(Passed|Failed)!" "$out" | tail -n 1)
  if [ -n "$summary" ]; then
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
    f=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")
    passed=$((passed + p)); failed=$((failed + f))
    echo "$name: $p passed, $f failed"
    if [ "$f" != "0" ] || [ $rc -ne 0 ]; then
      grep -E "\[FAIL\]|Error Message|^\s+(Assert|Expected|Actual|seed)" -A3 "$out" | head -n 60
      [ "$f" = "0" ] && failed=$((failed + 1))
    fi
  else
    echo "$name: no summary (exit $rc); last lines:"; tail -n 30 "$out"
    failed=$((failed + 1))
  fi
done

echo "aot publish:"
dotnet publish api/Engine.Api -c Release -o "$root/artifacts/engine" >"$log_dir/publish.log" 2>&1
prc=$?
warnings=$(grep -cE "warning (IL[0-9]+|AOT[0-9]*)" "$log_dir/publish.log")
if [ $prc -eq 0 ] && [ "$warnings" -eq 0 ] && [ -x "$root/artifacts/engine/engine" ]; then
  echo "aot publish: ok, $(du -h "$root/artifacts/engine/engine" | cut -f1) binary, 0 trim/AOT warnings"
  passed=$((passed + 1))
else
  grep -E "warning|error" "$log_dir/publish.log" | sort -u | head -n 40
  echo "aot publish: FAILED (exit $prc, $warnings trim/AOT warnings)"
  failed=$((failed + 1))
fi

# The differential test (issue 9): the recorded request sequences go to a fresh etcd (Debian's 3.4.23,
# checking the recording still holds) and to a fresh Engine (the AOT binary just published); every
# normalised answer must equal the recording.
ensure_etcd
for target in etcd engine; do
  args=()
  [ "$target" = engine ] && args=(--engine "$root/artifacts/engine/engine")
  if [ "$target" = engine ] && [ ! -x "$root/artifacts/engine/engine" ]; then
    echo "etcd reference vs $target: FAILED (no engine binary)"; failed=$((failed + 1)); continue
  fi
  if timeout 600 bash scripts/etcd-reference.sh "${args[@]}" >"$log_dir/reference-$target.log" 2>&1; then
    echo "etcd reference vs $target: $(tail -n 1 "$log_dir/reference-$target.log")"
    passed=$((passed + 1))
  else
    grep -A2 MISMATCH "$log_dir/reference-$target.log" | head -n 30
    echo "etcd reference vs $target: FAILED ($(tail -n 1 "$log_dir/reference-$target.log"))"
    failed=$((failed + 1))
  fi
done

# etcd's gRPC API with real clients (issue 19): Debian's etcdctl 3.4.23 runs one command sequence against etcd
# and against Engine (normalised outputs must be equal, check perf must PASS), then the npm etcd3 library.
if timeout 900 python3 tests/etcdctl-differential/differential.py --engine "$root/artifacts/engine/engine" >"$log_dir/etcdctl.log" 2>&1; then
  echo "etcdctl differential: $(tail -n 1 "$log_dir/etcdctl.log")"
  passed=$((passed + 1))
else
  grep -A3 -E "MISMATCH|Error|Traceback" "$log_dir/etcdctl.log" | head -n 40
  echo "etcdctl differential: FAILED ($(tail -n 1 "$log_dir/etcdctl.log"))"
  failed=$((failed + 1))
fi
ensure_etcd3_client "$root/tests/etcd3-node"
if (cd tests/etcd3-node && ENGINE_BIN="$root/artifacts/engine/engine" timeout 600 node --test etcd3-client.test.mjs) >"$log_dir/etcd3.log" 2>&1; then
  echo "npm etcd3 client: ok ($(grep -cE '^ok ' "$log_dir/etcd3.log") node tests)"
  passed=$((passed + 1))
else
  grep -E "^not ok|error|Error" -A5 "$log_dir/etcd3.log" | head -n 40
  echo "npm etcd3 client: FAILED"
  failed=$((failed + 1))
fi

rm -rf "$log_dir"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
