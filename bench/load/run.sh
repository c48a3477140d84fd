#!/usr/bin/env bash
# voxgate load bench (bench/README.md):
#   bench/load/run.sh [--calls 100,500,1000] [--seconds 20] [--json out.json]
# Needs build/release/{voxgate,callsim,fakeai} (cmake --build --preset release).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each call holds two sockets in voxgate, one in callsim and one in fakeai.
ulimit -n "$(ulimit -Hn)"
exec python3 bench/load/load.py "$@"
