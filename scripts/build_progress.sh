#!/usr/bin/env bash
# Reads Ninja's output on stdin and prints one readable line every few
# seconds: steps done, the file being compiled, and the time left, estimated
# from the rate so far (compile steps take roughly alike on this code base).
# Used by scripts/setup.sh --progress.
set -uo pipefail

every=${VOXGATE_PROGRESS_EVERY:-10}
start=$SECONDS
last=-1000
done_steps=0
total=0

say() {
  local elapsed=$((SECONDS - start)) left="estimating"
  # The first steps (the precompiled header) are slower than the rest: no
  # estimate until a twentieth of the work is done.
  if [ "$total" -gt 0 ] && [ $((20 * done_steps)) -ge "$total" ]; then
    local rest=$((elapsed * (total - done_steps) / done_steps))
    left="about $((rest / 60)) min $((rest % 60)) s left"
  fi
  printf 'build: %d/%d steps (%d%%), %s; now %s\n' "$done_steps" "$total" \
    $((total > 0 ? 100 * done_steps / total : 0)) "$left" "$1"
}

while IFS= read -r line; do
  if [[ $line =~ ^\[([0-9]+)/([0-9]+)\]\ (.*)$ ]]; then
    done_steps=${BASH_REMATCH[1]}
    total=${BASH_REMATCH[2]}
    what=${BASH_REMATCH[3]}
    what=${what##*/}              # the file, not its path
    what=${what%.o}
    if [ $((SECONDS - last)) -ge "$every" ]; then
      say "$what"
      last=$SECONDS
    fi
  fi
done
if [ "$total" -gt 0 ]; then
  echo "build: $done_steps/$total steps in $((SECONDS - start)) s"
else
  echo "build: nothing to do"
fi
