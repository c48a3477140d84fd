#!/usr/bin/env bash
# The main job, on a fresh Debian 12 machine: installs what voxgate needs,
# builds it, and runs a real spoken phone call end to end, offline:
# a simulated Twilio caller books a dental appointment with voxgate's local
# agent (VAD, speech recognition, dialogue, speech synthesis). Prints the
# transcript and leaves the call database and stereo recording in
# ./voxgate-demo/. Extra arguments go to `voxgate demo` (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
exec build/release/voxgate demo "$@"
