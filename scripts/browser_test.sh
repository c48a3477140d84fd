#!/usr/bin/env bash
# The dashboard's browser test (tests/browser/): Debian's chromium driven
# headless by playwright-core against build/release's voxgate, fakeai and
# callsim. Installs chromium if missing (playwright's own browser download
# does not work offline) and the npm packages from the committed lock file.
# Usage: scripts/browser_test.sh [build folder]   (default build/release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
start_ms=$(( $(date +%s%N) / 1000000 ))

for t in voxgate fakeai callsim; do
  [[ -x "$build/$t" ]] || { echo "missing $build/$t: cmake --build --preset release --target voxgate fakeai callsim" >&2; exit 2; }
done
if ! command -v chromium >/dev/null; then
  apt-get install -y --no-install-recommends chromium
fi
# The plots page needs uPlot from web/node_modules (scripts/setup.sh installs
# it; a build made without the setup script has none).
[[ -d "$root/web/node_modules/uplot" ]] || npm ci --prefix "$root/web" --no-audit --no-fund --loglevel=error
(cd "$root/tests/browser" && npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$root/build/browser"
status=0
node "$root/tests/browser/dashboard.test.mjs" "$build" || status=$?
elapsed=$(( $(date +%s%N) / 1000000 - start_ms ))
echo "browser test: $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s in all, exit $status"
exit $status
