#!/usr/bin/env bash
# Installs the Debian 12 packages voxgate needs (idempotent, non-interactive),
# then configures and builds with Ninja.
# Usage: scripts/setup.sh [--progress] [preset...]   (default preset: release)
#   release, asan, tsan, ...  everything: the binary, tests, tools, benchmarks
#   demo                      only the voxgate executable and what it links,
#                             compiled for a quick first run (-O1, build/demo),
#                             and only the packages it needs
#   --progress                a line of progress every few seconds (what is
#                             installed or built, roughly how long is left)
#                             instead of every compiler line; the full output
#                             goes to build/setup.log and its tail is shown
#                             if a step fails
# Set VOXGATE_SKIP_APT=1 to skip package installation.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the voxgate executable needs to build and run.
PACKAGES_BINARY=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev libpq-dev libhiredis-dev
  libspeexdsp-dev libspandsp-dev
  libwebrtc-audio-processing-dev
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
  flite1-dev
)
# What the tests, sanitizer builds, fuzzers, benchmarks and formatting add.
PACKAGES_TESTS=(
  clang clang-format libclang-rt-14-dev flite
  libgtest-dev libgmock-dev libbenchmark-dev
  # The server binaries only: the PostgreSQL store's tests start their own
  # throwaway server (tests/unit/store/postgres_server.hpp), never the
  # package's cluster.
  postgresql-15
  # Likewise the cluster's tests start their own redis-server
  # (tests/unit/cluster/redis_server.hpp), never the package's service.
  redis-server
  # scripts/two_instances_test.sh drives the two instances' APIs.
  curl python3
  # The dashboard's browser test (scripts/browser_test.sh) drives Debian's
  # chromium: playwright's own browser download does not work offline.
  chromium
)

progress=0
presets=()
for arg in "$@"; do
  case "$arg" in
    --progress) progress=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) presets+=("$arg") ;;
  esac
done
[ ${#presets[@]} -eq 0 ] && presets=(release)

mkdir -p build
log=build/setup.log
: > "$log"

# Runs "$@"; with --progress its output goes to the log, and on failure the
# log's tail is printed.
quietly() {
  if [ "$progress" = 0 ]; then "$@"; return; fi
  if ! "$@" >> "$log" 2>&1; then
    echo "setup: failed; the last lines of $log:" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
}

install_packages() {
  local wanted=("${PACKAGES_BINARY[@]}")
  [ "${presets[*]}" != demo ] && wanted+=("${PACKAGES_TESTS[@]}")
  # Node.js and npm run the manifest validator (scripts/validate_manifests.sh);
  # Debian's own are installed only where no npm is on the PATH (a machine
  # may bring a newer one).
  if [ "${presets[*]}" != demo ] && ! command -v npm >/dev/null; then
    wanted+=(nodejs npm)
  fi
  local missing=() p
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#wanted[@]} Debian packages present"
    return
  fi
  echo "setup: installing ${#missing[@]} Debian packages (a few minutes on a new machine): ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  quietly $sudo apt-get update -qq || true
  # --force-unsafe-io: dpkg skips its fsync per unpacked file, as Debian's
  # container images configure it; an interrupted install is mended by
  # running this again.
  quietly $sudo apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io "${missing[@]}"
  echo "setup: packages installed"
}

build_preset() {
  local preset=$1
  echo "setup: configuring and building preset '$preset'"
  quietly cmake --preset "$preset" >/dev/null
  if [ "$progress" = 0 ]; then
    cmake --build --preset "$preset"
    return
  fi
  # Ninja's "[done/total]" lines become one line every few seconds.
  set +e
  cmake --build --preset "$preset" 2>&1 | tee -a "$log" | scripts/build_progress.sh
  local rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -ne 0 ]; then
    echo "setup: the build failed; the last lines of $log:" >&2
    grep -v '^\[[0-9]*/[0-9]*\]' "$log" | tail -n 40 >&2
    return "$rc"
  fi
}

# The dashboard's chart library (uPlot, served from web/node_modules),
# playwright-core for its browser test and the openai SDK for the SDK test,
# from the committed lock files.
install_npm_packages() {
  command -v npm >/dev/null || return 0
  echo "setup: npm ci in web/ (uPlot), tests/browser/ (playwright-core) and tests/sdk/ (openai, typescript for the type check)"
  quietly npm ci --prefix web --no-audit --no-fund --loglevel=error
  [ "${presets[*]}" = demo ] && return 0  # the demo runs no browser test
  quietly npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  # openai 7.60 declares node >= 22; it runs on Debian's Node 20 (scripts/sdk_test.sh).
  quietly npm ci --prefix tests/sdk --no-audit --no-fund --loglevel=error
}

[ "${VOXGATE_SKIP_APT:-0}" != 1 ] && install_packages
install_npm_packages
for preset in "${presets[@]}"; do build_preset "$preset"; done
