#!/usr/bin/env bash
# voxgate fault bench (bench/README.md "Faults"): with the real binaries over
# real sockets, how long a caller hears silence when the AI leg fails in each
# way fakeai can script (BEHAVIOUR.md 5: at most 3 s), plus two admission and
# robustness figures (BEHAVIOUR.md 0 and 5):
#   - M media WebSockets that never send `start`: closed at the start deadline,
#     and no AI session opened for any of them;
#   - voxgate's RSS before and after one call that sends 20,000 DTMF messages.
#
#   bench/faults/run.sh [--build DIR] [--calls N] [--seconds S] [--sockets M]
#                       [--dtmf K] [--only KIND,...] [--json FILE] [--keep]
#
# Prints a table and writes bench/faults/results.json (--json to change).
# Needs DIR/{voxgate,fakeai,callsim} already built (default build/release);
# it builds nothing. Logs go to a temp dir, printed (and kept) on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/bench/faults

build=build/release
calls=5          # concurrent calls per fault kind
seconds=10       # each call's length: the fault at 3 s plus room to recover
sockets=50       # admission: media WebSockets that never send start
dtmf=20000       # DTMF messages in the flood call
only=""          # comma-separated parts to run: fault kinds, admission, dtmf (default: all)
out=$here/results.json
keep=0
fault_ms=3000    # when every mid-call fault fires, ms after the AI connection opened
token=faults-bench-token  # voxgate's /api bearer token (the call records)

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --sockets) sockets=$2; shift 2 ;;
    --dtmf) dtmf=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --json) out=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option $1 (--help)" >&2; exit 2 ;;
  esac
done
bin=$(cd "$build" 2>/dev/null && pwd) || { echo "no build dir $build" >&2; exit 1; }
case "$out" in /*) ;; *) out=$root/$out ;; esac

# ---- the binaries and the flags this bench relies on ------------------------

check_binaries() {
  local b missing=()
  for b in voxgate fakeai callsim; do
    [ -x "$bin/$b" ] || { echo "missing $bin/$b (build it first; this script does not)" >&2; exit 1; }
  done
  # Each needed flag, checked against --help so a stale build fails clearly.
  # (The help is read whole first: grep -q may stop reading, and pipefail
  # would count the writer's SIGPIPE as the flag missing.)
  local vox_help fake_help sim_help f
  vox_help=$("$bin/voxgate" serve --help)
  fake_help=$("$bin/fakeai" --help)
  sim_help=$("$bin/callsim" --help)
  for f in --ai-url --db --port --set; do
    grep -q -- "$f" <<<"$vox_help" || missing+=("voxgate serve $f")
  done
  grep -q -- '--stats-json' <<<"$fake_help" || missing+=("fakeai --stats-json")
  for f in --json --dtmf --silence --ramp-per-sec; do
    grep -q -- "$f" <<<"$sim_help" || missing+=("callsim $f")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "these binaries lack: ${missing[*]}" >&2
    exit 1
  fi
}

# ---- processes: started in the background, polled for readiness, all killed on exit

check_binaries  # before the temp dir: nothing to clean up if they are missing
work=$(mktemp -d /tmp/voxgate-faults-XXXXXX)
pids=()

cleanup() {
  local rc=$? p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$rc" -ne 0 ] || [ "$keep" -eq 1 ]; then
    echo "logs: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() {  # drop $1 from pids, so cleanup never signals a reused pid
  local p keep_pids=()
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep_pids+=("$p"); done
  pids=("${keep_pids[@]}")
}

stop_proc() {  # SIGTERM and reap: fakeai writes its stats and voxgate its records then
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  forget_pid "$1"
}

# Polls FILE until REGEX matches (up to 15 s), failing early if PID died.
# Both servers listen on port 0 and log the port they got: no port race.
wait_log() {
  local pid=$1 file=$2 regex=$3 i
  for ((i = 0; i < 300; i++)); do
    grep -Eq "$regex" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited; see $file" >&2; return 1; }
    sleep 0.05
  done
  echo "timed out waiting for /$regex/ in $file" >&2
  return 1
}

# start_fakeai DIR [SCRIPT]: sets fakeai_pid and fakeai_port.
start_fakeai() {
  local dir=$1 script_args=()
  [ -n "${2:-}" ] && script_args=(--script "$2")
  "$bin/fakeai" --listen 127.0.0.1:0 "${script_args[@]}" --threads 1 \
    --stats-json "$dir/fakeai_stats.json" >"$dir/fakeai.log" 2>&1 &
  fakeai_pid=$!
  pids+=("$fakeai_pid")
  wait_log "$fakeai_pid" "$dir/fakeai.log" 'listening on [0-9.]+:[0-9]+'
  fakeai_port=$(grep -Eo 'listening on [0-9.]+:[0-9]+' "$dir/fakeai.log" | head -1 | sed 's/.*://')
}

# start_voxgate DIR [--set k=v ...]: sets vox_pid and vox_port. Run from DIR with
# its SQLite store there, so nothing in the repository is written; the Twilio
# checks stay off (a TWILIO_AUTH_TOKEN in our environment would turn them on
# and callsim carries no stream token).
start_voxgate() {
  local dir=$1 i
  shift
  (cd "$dir" && exec env -u TWILIO_AUTH_TOKEN -u VOXGATE_STREAM_TOKEN_SECRET \
    VOXGATE_API_TOKEN="$token" "$bin/voxgate" serve --port 0 \
    --ai-url "ws://127.0.0.1:$fakeai_port/v1/realtime" --db "$dir/calls.db" \
    --set "call.greeting=Greet the caller." --log-level info "$@") >"$dir/voxgate.log" 2>&1 &
  vox_pid=$!
  pids+=("$vox_pid")
  wait_log "$vox_pid" "$dir/voxgate.log" 'voxgate listening on [0-9.]+:[0-9]+'
  vox_port=$(grep -Eo 'voxgate listening on [0-9.]+:[0-9]+' "$dir/voxgate.log" | head -1 | sed 's/.*://')
  for ((i = 0; i < 100; i++)); do
    curl -sf "http://127.0.0.1:$vox_port/readyz" >/dev/null && return 0
    sleep 0.05
  done
  echo "voxgate not ready; see $dir/voxgate.log" >&2
  return 1
}

# callsim with a hard time limit: a hung call must not hang the bench.
# Exit status 1 (a call failed) is a result here, not an error.
run_callsim() {
  local json=$1 log=$2
  shift 2
  timeout $((${seconds%.*} + 60)) "$bin/callsim" --url "ws://127.0.0.1:$vox_port/media" \
    --seconds "$seconds" --silence --progress 0 --json "$json" "$@" >"$log" 2>&1 || {
    local rc=$?
    [ "$rc" -eq 1 ] || { echo "callsim exited $rc; see $log" >&2; return 1; }
  }
}

save_metrics() { curl -sf "http://127.0.0.1:$vox_port/metrics" >"$1/metrics.txt" || true; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# ---- 1. AI-leg faults ---------------------------------------------------------
#
# Every fakeai script starts from a greeting longer than the call, so the AI
# is mid-response when the fault fires and any dead air the caller hears is
# the fault's, not a pause between turns. Which AI connections get the fault:
#  - first: the first $calls connections (fault_connections). The calls all
#    open within milliseconds, so those are each call's first AI leg (the
#    mid-call faults fire $fault_ms after it opens) and every redial finds a
#    healthy AI;
#  - every: all connections (the AI never comes back);
#  - dial: each call's first dial, for faults at the upgrade. The calls start
#    0.5 s apart and voxgate's first redial is immediate, so call k dials
#    connections 2k-1 (faulted: [[calls]] connection = 2k-1) and 2k.
# NAME<TAB>which connections<TAB>what the AI leg does<TAB>TOML lines ("|" = newline)
scenario_table() {
  cat <<EOF
none	first	no fault (noise floor)	
stall	first	no events from 3 s; reads go on (pings answered)	stall_after_ms = $fault_ms
stall_reads	first	no events, no reads from 3 s (pings unanswered)	stall_after_ms = $fault_ms|stall_reads = true
close_tcp	first	TCP dropped at 3 s, no close frame	close_after_ms = $fault_ms
close_1000	first	close frame 1000 at 3 s	close_after_ms = $fault_ms|close_code = 1000
close_1011	first	close frame 1011 at 3 s	close_after_ms = $fault_ms|close_code = 1011
close_1008	first	close frame 1008 at 3 s (fatal)	close_after_ms = $fault_ms|close_code = 1008
close_4000	first	close frame 4000 at 3 s (fatal)	close_after_ms = $fault_ms|close_code = 4000
malformed_1	first	1 invalid-JSON frame at 3 s	malformed_after_ms = $fault_ms
malformed_25	first	25 invalid-JSON frames at 3 s	malformed_after_ms = $fault_ms|malformed_count = 25
error_benign	first	error server_error at 3 s	error_after_ms = $fault_ms|error_code = "server_error"
error_fatal	first	error invalid_api_key at 3 s, closed	error_after_ms = $fault_ms|error_code = "invalid_api_key"
error_expired	first	error session_expired at 3 s, closed	error_after_ms = $fault_ms|error_code = "session_expired"|error_close = true
stray_audio	first	audio for an unknown response id at 3 s	stray_audio_after_ms = $fault_ms
fail_benign	first	every response.done failed (server_error)	fail_responses = "server_error"
fail_fatal	first	every response.done failed (insufficient_quota)	fail_responses = "insufficient_quota"
refuse_all	every	every upgrade answered 503	refuse_connections = true
refuse_first	dial	first dial answered 503	refuse_connections = true
close_early	dial	first dial dropped before session.created	close_before_created = true
EOF
}

# fakeai script for one scenario (see tools/fakeai/README.md for the keys).
write_script() {
  local which=$1 lines=$2 k
  echo '# voxgate bench/faults: generated'
  echo 'response_seconds = 30.0'
  echo 'reply_text = "This is the fault bench speaking, at some length, so the caller is listening."'
  case "$which" in
    first | every)
      [ "$which" = first ] && [ -n "$lines" ] && echo "fault_connections = $calls"
      printf '%s\n' "${lines//|/$'\n'}"
      ;;
    dial)
      for ((k = 1; k <= calls; k++)); do
        printf '[[calls]]\nconnection = %d\n%s\n' $((2 * k - 1)) "${lines//|/$'\n'}"
      done
      ;;
  esac
}

run_fault() {
  local which=$2 lines=$3 dir=$work/$1 ramp=200
  mkdir -p "$dir"
  write_script "$which" "$lines" >"$dir/script.toml"
  [ "$which" = dial ] && ramp=2
  start_fakeai "$dir" "$dir/script.toml"
  start_voxgate "$dir"
  run_callsim "$dir/callsim.json" "$dir/callsim.log" --calls "$calls" --ramp-per-sec "$ramp"
  python3 "$here/faults.py" records --port "$vox_port" --token "$token" \
    --callsim "$dir/callsim.json" --out "$dir/records.json"
  save_metrics "$dir"
  stop_proc "$vox_pid"
  stop_proc "$fakeai_pid"
}

selected() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

run_faults() {
  local name which what lines
  : >"$work/scenarios.tsv"
  while IFS=$'\t' read -r name which what lines; do
    selected "$name" || continue
    printf '%s\t%s\n' "$name" "$what" >>"$work/scenarios.tsv"
    echo "fault: $name ($what)" >&2
    run_fault "$name" "$which" "$lines"
  done < <(scenario_table)
}

# ---- 2. admission: media streams that never send start -------------------------

run_admission() {
  local dir=$work/admission deadline_ms
  mkdir -p "$dir"
  echo "admission: $sockets media WebSockets that never send start" >&2
  # The default deadline, as voxgate itself reports it: hold the sockets past it.
  deadline_ms=$("$bin/voxgate" check-config | awk -F'"' '/^start_deadline_ms/ {print $2}')
  echo "{\"ms\": ${deadline_ms:-null}}" >"$dir/deadline.json"
  start_fakeai "$dir"
  start_voxgate "$dir"
  python3 "$here/faults.py" admission --port "$vox_port" --sockets "$sockets" \
    --hold "$(((${deadline_ms:-5000} + 3000) / 1000))" --out "$dir/admission.json"
  save_metrics "$dir"
  stop_proc "$vox_pid"
  stop_proc "$fakeai_pid"  # writes fakeai_stats.json: its connection count
}

# ---- 3. RSS around a call sending $dtmf DTMF messages ------------------------------

# voxgate gives freed memory back (malloc_trim) within 5 s of the last call
# ending (bench/README.md "Soak"); wait for no calls, then past that window.
settle_rss() {
  local i metrics
  for ((i = 0; i < 100; i++)); do
    metrics=$(curl -sf "http://127.0.0.1:$vox_port/metrics") || true
    grep -Eq '^voxgate_active_calls 0(\.0+)?$' <<<"$metrics" && break
    sleep 0.1
  done
  sleep 6
}

run_dtmf() {
  local dir=$work/dtmf idle warm peak_pid after trimmed i args=()
  local digits='0123456789*#ABCD' span=$((${seconds%.*} * 1000 - 1500))
  mkdir -p "$dir"
  echo "dtmf: one call sending $dtmf DTMF messages" >&2
  start_fakeai "$dir"
  start_voxgate "$dir"
  sleep 1  # let start-up allocations settle before the idle sample
  idle=$(rss_kib "$vox_pid")
  # A warm-up call first: what any first call costs (thread caches, SQLite's
  # page cache) is not the flood's.
  run_callsim "$dir/callsim_warmup.json" "$dir/callsim_warmup.log" --calls 1
  settle_rss
  warm=$(rss_kib "$vox_pid")
  # The presses, spread evenly from 0.5 s to 1 s before the caller hangs up.
  for ((i = 0; i < dtmf; i++)); do
    args+=(--dtmf "$((500 + i * span / dtmf)):${digits:i%16:1}")
  done
  python3 "$here/faults.py" rss-watch --pid "$vox_pid" --out "$dir/rss_peak.json" &
  peak_pid=$!
  pids+=("$peak_pid")
  run_callsim "$dir/callsim_dtmf.json" "$dir/callsim_dtmf.log" --calls 1 "${args[@]}"
  after=$(rss_kib "$vox_pid")
  stop_proc "$peak_pid"
  python3 "$here/faults.py" records --port "$vox_port" --token "$token" \
    --callsim "$dir/callsim_dtmf.json" --out "$dir/records.json"
  settle_rss
  trimmed=$(rss_kib "$vox_pid")
  printf '{"idle_kib": %d, "after_warmup_call_trimmed_kib": %d, "after_dtmf_call_kib": %d, "after_dtmf_call_trimmed_kib": %d}\n' \
    "$idle" "$warm" "$after" "$trimmed" >"$dir/rss.json"
  save_metrics "$dir"
  stop_proc "$vox_pid"
  stop_proc "$fakeai_pid"
}

# ---- main ---------------------------------------------------------------------

echo "voxgate fault bench: $calls calls x ${seconds} s per fault kind, binaries from $bin, logs in $work" >&2
run_faults
if selected admission; then run_admission; fi
if selected dtmf; then run_dtmf; fi
python3 "$here/faults.py" summary --work "$work" --scenarios "$work/scenarios.tsv" \
  --calls "$calls" --seconds "$seconds" --build "$build" --out "$out"
