#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine. Idempotent: skips what is there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ ! -f "$ROOT/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so" ]; then
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi
