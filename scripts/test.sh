#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs packages, builds the release
# preset and runs every test, then the ASan+UBSan build with its tests, then
# short libFuzzer runs of every codec. Usage: scripts/test.sh [--quick]
#   --quick   release tests only (no sanitizer build, no fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0; [ "${1:-}" = "--quick" ] && quick=1
jobs=$(nproc)

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "setup + release build"
scripts/setup.sh release
step "release tests"
ctest --preset release -j "$jobs"

[ $quick = 1 ] && exit 0

step "asan+ubsan build"
VOXGATE_SKIP_APT=1 scripts/setup.sh asan
step "asan+ubsan tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j "$jobs"

if ls fuzz/*_fuzz.cpp >/dev/null 2>&1; then
  step "fuzz build (fuzz targets only)"
  targets=$(for f in fuzz/*_fuzz.cpp; do basename "$f" .cpp; done)
  cmake --preset fuzz >/dev/null
  # shellcheck disable=SC2086
  cmake --build --preset fuzz --target $targets
  for f in build/fuzz/*_fuzz; do
    name=$(basename "$f")
    corpus=fuzz/corpus/${name%_fuzz}
    mkdir -p "$corpus"
    step "fuzz $name (${VOXGATE_FUZZ_SECONDS:-30}s)"
    work=$(mktemp -d)
    "$f" -max_total_time="${VOXGATE_FUZZ_SECONDS:-30}" -rss_limit_mb=2048 "$work" "$corpus" 2>&1 | tail -n 3
    rm -rf "$work"
  done
fi
step "all tests passed"
