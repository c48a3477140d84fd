#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine: installs only what the voxgate
# executable needs, builds only it, and runs a real spoken phone call end to
# end, offline: a simulated Twilio caller books a dental appointment with
# voxgate's local agent (VAD, speech recognition, dialogue, speech synthesis).
# Prints the transcript, and the time from this command's start to the
# agent's first word; leaves the call database and stereo recording in
# ./voxgate-demo/. Extra arguments go to `voxgate demo` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
started_ms=$(date +%s%3N)
echo "voxgate demo: setting up (on a new 2-core machine: a few minutes of packages, then about 5 minutes of building)"
scripts/setup.sh --progress demo
echo "voxgate demo: ready after $(( ($(date +%s%3N) - started_ms) / 1000 )) s"
exec build/demo/voxgate demo --since-ms "$started_ms" "$@"
