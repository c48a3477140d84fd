#!/usr/bin/env bash
# The official openai npm SDK against the local agent (tests/sdk/): starts
# build/release's `voxgate local-agent` on a free loopback port (it binds
# port 0 and prints the one it got), synthesises the caller's turn with
# flite's "rms" voice (the agent speaks "slt"), then runs the SDK's Realtime
# client and its Live client against it (tests/sdk/agent_sdk_test.mjs), and
# compiles the server events they received against the SDK's generated types
# (tsc --noEmit, typescript pinned in the lock file): a missing, extra or
# mistyped field fails; a copy with one field made wrong must fail too, or the
# check proves nothing. Packages come from the committed lock file.
# Usage: scripts/sdk_test.sh [build folder]   (default build/release)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
start_ms=$(( $(date +%s%N) / 1000000 ))

[[ -x "$build/voxgate" ]] || { echo "missing $build/voxgate: cmake --build --preset release --target voxgate" >&2; exit 2; }
command -v flite >/dev/null || { echo "missing flite (scripts/setup.sh installs it)" >&2; exit 2; }
[[ -d "$root/tests/sdk/node_modules/openai" && -d "$root/tests/sdk/node_modules/typescript" ]] || (cd "$root/tests/sdk" && npm ci --no-audit --no-fund --loglevel=error)
work="$(mktemp -d)"
agent_pid=""
# Beside node_modules, so tsc resolves 'openai' from them.
events="$root/tests/sdk/captured_events.$$.ts"
cleanup() {
  [[ -n "$agent_pid" ]] && kill "$agent_pid" 2>/dev/null && wait "$agent_pid" 2>/dev/null
  rm -rf "$work" "$events" "${events%.ts}_wrong.ts"
}
trap cleanup EXIT

flite -voice rms -t "i would like to book an appointment" -o "$work/caller.wav"
"$build/voxgate" local-agent --listen 127.0.0.1:0 >"$work/agent.log" 2>&1 &
agent_pid=$!
# Wait (at most 30 s) for the line naming the port: the agent renders its
# fixed lines before it listens.
address=""
for _ in $(seq 300); do
  address="$(sed -n 's/^local agent listening on //p' "$work/agent.log")"
  [[ -n "$address" ]] && break
  kill -0 "$agent_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n "$address" ]] || { echo "the local agent did not start:" >&2; cat "$work/agent.log" >&2; exit 1; }

status=0
timeout 90 node "$root/tests/sdk/agent_sdk_test.mjs" "$address" "$work/caller.wav" "$events" || status=$?
tsc=(timeout 60 "$root/tests/sdk/node_modules/.bin/tsc" --noEmit --strict --skipLibCheck
     --module nodenext --moduleResolution nodenext --target es2022)
if [[ $status = 0 ]]; then
  if "${tsc[@]}" "$events"; then
    echo "sdk types: the captured events compile against the SDK's types"
  else
    echo "sdk types: the captured events do not match the SDK's types (above)" >&2
    status=1
  fi
  # The control: the first event_id made a number must not compile.
  sed '0,/"event_id":"[^"]*"/s//"event_id":1/' "$events" >"${events%.ts}_wrong.ts"
  if "${tsc[@]}" "${events%.ts}_wrong.ts" >/dev/null; then
    echo "sdk types: a wrong field compiled: the type check is not checking" >&2
    status=1
  fi
fi
elapsed=$(( $(date +%s%N) / 1000000 - start_ms ))
echo "sdk test: $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s in all, exit $status"
exit $status
