#!/usr/bin/env bash
# voxgate soak (bench/README.md "Soak"): ~300 live calls for 10 minutes with
# barge-ins, late deltas and AI-leg faults mixed in; samples voxgate's RSS,
# open fds and the active-calls gauge every 10 s into a CSV and says whether
# each is flat at the end (first vs last minute).
#   bench/soak/run.sh [--calls 300] [--minutes 10] [--call-seconds 60]
#                     [--batches 10] [--out DIR] [--nice 10]
#                     [--env NAME=VALUE]... [--wrap "CMD ARGS"] [--idle-seconds 30]
# --env sets a variable in voxgate's environment (e.g. MALLOC_ARENA_MAX=2 for
# an allocator A/B); --wrap runs voxgate under a tool (e.g. "heaptrack -o
# /tmp/soak"); the samples still follow voxgate's own pid. --idle-seconds: how
# long to keep sampling once every call is over (RSS after vs. during).
# Needs build/release/{voxgate,callsim,fakeai}. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=300 minutes=10 call_s=60 batches=10 out="" niceness=10 wrap="" idle_s=30
vox_env=()
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --call-seconds) call_s=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --nice) niceness=$2; shift 2 ;;
    --env) vox_env+=("$2"); shift 2 ;;
    --wrap) wrap=$2; shift 2 ;;
    --idle-seconds) idle_s=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
bin=build/release
for b in voxgate callsim fakeai; do
  [ -x "$bin/$b" ] || { echo "missing $bin/$b (cmake --build --preset release)" >&2; exit 1; }
done
out=${out:-$(mktemp -d /tmp/voxgate-soak-XXXXXX)}
mkdir -p "$out"
# Each call holds two sockets in voxgate, one in callsim and one in fakeai.
ulimit -n "$(ulimit -Hn)"
# `nice` execs the program, so $! is the server's own pid (sampled below).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# fakeai script: a 6 s answer to every turn; the caller talks over it every
# 5 s (barge-in, then late deltas voxgate must drop); every 7th AI connection
# gets one malformed frame at 5 s, a non-fatal error at 8 s and stalls at 12 s
# (the 3 s watchdog then redials it, restoring the conversation).
script=$out/soak.toml
{
  echo 'response_seconds = 6.0'
  echo 'late_deltas = 2'
  echo 'reply_text = "This is the soak test speaking, with barge-ins and faults."'
  echo 'fault_every = 7'
  echo 'malformed_after_ms = 5000'
  echo 'error_after_ms = 8000'
  echo 'error_code = "server_error"'
  echo 'stall_after_ms = 12000'
  for ((t = 2500; t < (call_s + 10) * 1000; t += 5000)); do
    printf '[[events]]\nat_ms = %d\ntype = "speech_started"\n' "$t"
    printf '[[events]]\nat_ms = %d\ntype = "speech_stopped"\n' $((t + 600))
  done
} >"$script"

fport=$(free_port)
vport=$(free_port)
nice -n "$niceness" "$bin/fakeai" --listen "127.0.0.1:$fport" --script "$script" --threads 2 \
  --stats-json "$out/fakeai_stats.json" >"$out/fakeai.log" 2>&1 &
fakeai_pid=$!
# shellcheck disable=SC2086 # $wrap is a command line, split on purpose
nice -n "$niceness" env "${vox_env[@]}" $wrap "$bin/voxgate" serve --agent url --set "ai.url=ws://127.0.0.1:$fport/v1/realtime" \
  --port "$vport" --set "store.db=$out/soak.db" --set "call.greeting=Greet the caller." \
  --set call.greeting_interruptible=true --set call.ai_watchdog_ms=3000 \
  --log-level warn >"$out/voxgate.log" 2>&1 &
vox_pid=$!
wrap_pid=$vox_pid
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # voxgate first (SIGTERM: a clean exit, so a wrapping tool sees it end).
  kill "$vox_pid" 2>/dev/null || true
  wait "$wrap_pid" 2>/dev/null || true
  kill "$fakeai_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 300); do
  curl -sf "http://127.0.0.1:$vport/healthz" >/dev/null && break
  sleep 0.1
done
if [ -n "$wrap" ]; then
  # Under a wrapper $! is the wrapper: sample the voxgate process itself.
  exe=$(readlink -f "$bin/voxgate")
  for p in $(pgrep -f -- "--port $vport"); do
    [ "$(readlink -f "/proc/$p/exe" 2>/dev/null)" = "$exe" ] && vox_pid=$p
  done
  [ "$vox_pid" != "$wrap_pid" ] || { echo "voxgate not found under --wrap" >&2; exit 1; }
fi

gauge() { curl -sf "http://127.0.0.1:$vport/metrics" | awk -v n="$1" '$1 == n {print $2}'; }
sample() {  # t_s, rss_kib, fds, active_calls
  local rss fds
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$vox_pid/status")
  fds=$(find "/proc/$vox_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
  echo "$1,$rss,$fds,$(gauge voxgate_active_calls)"
}

csv=$out/samples.csv
echo "t_s,rss_kib,fds,active_calls" >"$csv"
sample 0 >>"$csv"
end=$(($(date +%s) + minutes * 60))
# `batches` loops of calls/batches calls each, redialled as each batch ends,
# so ~calls stay live; the batches start spread over one call length.
per=$((calls / batches))
for ((b = 0; b < batches; b++)); do
  (
    sleep $((b * call_s / batches))
    i=0
    while [ "$(date +%s)" -lt "$end" ]; do
      nice -n "$niceness" "$bin/callsim" --url "ws://127.0.0.1:$vport/media" --calls "$per" --seconds "$call_s" \
        --ramp-per-sec 50 --threads 1 --silence --json "$out/callsim_${b}_$i.json" \
        >>"$out/callsim_$b.log" 2>&1 || true
      i=$((i + 1))
    done
  ) &
  pids+=($!)
done
start=$(date +%s)
while [ "$(date +%s)" -lt "$end" ]; do
  sleep 10
  sample $(($(date +%s) - start)) >>"$csv"
done
for p in "${pids[@]}"; do wait "$p" || true; done
# Every call over: the idle figures after the run.
for _ in $(seq 100); do [ "$(gauge voxgate_active_calls)" = "0" ] && break; sleep 0.2; done
# Closing handshakes of the last calls may still hold sockets: let them settle.
idle_fds=$(sed -n 2p "$csv" | cut -d, -f3)
for _ in $(seq 30); do
  [ "$(find "/proc/$vox_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)" -le "$idle_fds" ] && break
  sleep 0.5
done
sample "end" >>"$csv"
# Idle for a while: does the RSS of the calls go back (allocator) or stay?
if [ "$idle_s" -gt 0 ]; then
  sleep "$idle_s"
  sample "idle" >>"$csv"
fi
curl -sf "http://127.0.0.1:$vport/metrics" >"$out/metrics.txt" || true
python3 bench/soak/summary.py "$csv" "$out" | tee "$out/summary.txt"
echo "soak output: $out"
