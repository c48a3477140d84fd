#!/usr/bin/env bash
# Dashboard load check (bench/README.md "Dashboard"):
#   bench/dashboard/run.sh [--calls 300] [--seconds 30] [--json out.json]
# Needs build/release/{voxgate,callsim,fakeai}, Debian's chromium and
# tests/browser's playwright-core (scripts/browser_test.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n "$(ulimit -Hn)"  # each call holds sockets in voxgate, callsim and fakeai
[[ -d tests/browser/node_modules/playwright-core ]] || (cd tests/browser && npm ci --no-audit --no-fund)
exec python3 bench/dashboard/dashboard_load.py "$@"
