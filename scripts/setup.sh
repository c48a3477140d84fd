#!/usr/bin/env bash
# Installs every Debian 12 package voxgate needs (idempotent, non-interactive),
# then configures and builds with Ninja. Usage: scripts/setup.sh [preset...]
# Default preset: release. Set VOXGATE_SKIP_APT=1 to skip package installation.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang clang-format libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libspdlog-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libsqlite3-dev
  libspeexdsp-dev libspandsp-dev
  libwebrtc-audio-processing-dev
  libpocketsphinx-dev libsphinxbase-dev pocketsphinx-en-us
  flite1-dev flite
  libgtest-dev libgmock-dev libbenchmark-dev
)

missing=()
if [ "${VOXGATE_SKIP_APT:-0}" != 1 ]; then
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq || true
    $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "setup: all Debian packages present"
  fi
fi

presets=("$@")
[ ${#presets[@]} -eq 0 ] && presets=(release)
for preset in "${presets[@]}"; do
  echo "setup: configuring and building preset '$preset'"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
done
