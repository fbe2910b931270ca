#!/usr/bin/env bash
# Builds the peer harnesses offline from Debian packages (golang-go golang-github-coreos-bbolt-dev liblmdb-dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/bin"
GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= GOCACHE="${GOCACHE:-/tmp/engine-gocache}" go build -o "$here/bin/bbolt-bench" "$here/bbolt/main.go"
cc -O2 -o "$here/bin/lmdb-bench" "$here/lmdb/main.c" -llmdb
