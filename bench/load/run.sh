#!/usr/bin/env bash
# voxgate load bench (bench/README.md):
#   bench/load/run.sh [--calls 100,500,1000] [--seconds 20] [--carrier twilio] [--json out.json]
# Needs build/release/{voxgate,callsim,fakeai} (cmake --build --preset release).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Each call holds two sockets in voxgate, one in callsim and one in fakeai.
ulimit -n "$(ulimit -Hn)"
# --syscalls and --allocs count and --profile records with perf (Debian: linux-perf),
# installed here on demand so the project's setup does not carry a profiler
# every user would install.
if [[ " $* " =~ \ --(syscalls|allocs|profile)[\ =] ]] && ! command -v perf > /dev/null; then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get install -y --no-install-recommends linux-perf
fi
exec python3 bench/load/load.py "$@"
