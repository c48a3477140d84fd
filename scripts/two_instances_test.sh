#!/usr/bin/env bash
# Two voxgate processes sharing one throwaway Redis (docs/scaling.md "Live
# calls and control in Redis"), with fakeai as the AI and callsim calling
# both. Checks: instance B lists A's live calls and hangs one up through
# Redis; A transfers one of B's calls and answers Twilio's /twiml/after for
# it with <Dial>; Redis stopped for 10 s ends no call; every call ends with a
# record on its instance (SQLite each; the PostgreSQL and stream-token
# checks of the two-instance test are not here yet). Exits non-zero on the first failed check.
# Usage: scripts/two_instances_test.sh [build dir, default build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Polls `cmd` (a shell string) every 0.1 s until it succeeds or `secs` pass.
wait_for() {
  local secs=$1; shift
  local until=$((SECONDS + secs))
  while ! eval "$1" >/dev/null 2>&1; do
    [ $SECONDS -lt $until ] || return 1
    sleep 0.1
  done
}
api() { curl -s -H 'Authorization: Bearer test-token' "$@"; }

redis_port=$(free_port); ai_port=$(free_port); a_port=$(free_port); b_port=$(free_port)
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    >>"$work/redis.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  wait_for 5 "redis-cli -p $redis_port ping | grep -q PONG" || fail "redis-server did not start"
}
start_redis
"$bin/fakeai" --listen "127.0.0.1:$ai_port" >"$work/fakeai.log" 2>&1 &
pids+=($!)
for name in A B; do
  port=$a_port; [ $name = B ] && port=$b_port
  VOXGATE_API_TOKEN=test-token "$bin/voxgate" serve --port "$port" --agent url \
    --ai-url "ws://127.0.0.1:$ai_port/v1/realtime" --set "store.db=$work/$name.db" \
    --set "store.spool=$work/$name.spool" --set "cluster.redis_url=redis://127.0.0.1:$redis_port" \
    --set "server.instance_id=$name" --set tools.transfer_allow=+15550100 \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  wait_for 10 "curl -sf 127.0.0.1:$port/readyz" || fail "voxgate $name did not become ready"
done

# Four calls on each instance, 25 s long: long enough for the Redis outage.
calls=4
for port in $a_port $b_port; do
  "$bin/callsim" --url "ws://127.0.0.1:$port/media" --calls $calls --seconds 25 \
    >"$work/callsim-$port.log" 2>&1 &
  callsims+=($!)
done
live() { api "127.0.0.1:$1/api/calls?live=1" | python3 -c "$2"; }
count_py='import json,sys; print(len(json.load(sys.stdin)["calls"]))'
wait_for 10 "[ \"\$(live $b_port '$count_py')\" = $((2 * calls)) ]" ||
  fail "B does not list $((2 * calls)) live calls: $(api "127.0.0.1:$b_port/api/calls?live=1")"
echo "B lists every live call of both instances ($((2 * calls)))"

# The dashboard on B (signed in with the cookie, as the browser is) lists
# A's calls too: its API is /api's, asynchronous.
jar="$work/cookies"
curl -s -c "$jar" -H "Origin: http://127.0.0.1:$b_port" -H 'Content-Type: application/json' \
  -d '{"token":"test-token"}' "127.0.0.1:$b_port/dashboard/signin" >/dev/null
on_a=$(curl -s -b "$jar" "127.0.0.1:$b_port/dashboard/api/calls?live=1" |
  python3 -c 'import json,sys; print(sum(c["instance"]=="A" for c in json.load(sys.stdin)["calls"]))')
[ "$on_a" = $calls ] || fail "B's dashboard lists $on_a of A's $calls live calls"
echo "B's dashboard lists A's live calls ($on_a)"

victim=$(live "$b_port" 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["calls"] if c["instance"]=="A"][0])')
answer=$(api -i -X POST "127.0.0.1:$b_port/api/calls/$victim/hangup")
grep -q '^HTTP/1.1 202' <<<"$answer" || fail "hangup through B: $answer"
grep -qi '^X-Voxgate-Instance: A' <<<"$answer" || fail "hangup not answered by A: $answer"
wait_for 5 "[ \"\$(live $a_port '$count_py')\" = $((2 * calls - 1)) ]" ||
  fail "A's call $victim still listed after the hangup through B"
echo "B hung up A's call $victim through Redis"

moved=$(live "$b_port" 'import json,sys; print([c["id"] for c in json.load(sys.stdin)["calls"] if c["instance"]=="B"][0])')
answer=$(api -i -X POST -d '{"to":"+15550100"}' "127.0.0.1:$a_port/api/calls/$moved/transfer")
grep -q '^HTTP/1.1 202' <<<"$answer" || fail "transfer through A: $answer"
# B books the transfer once its handoff line is said; Twilio's action
# request then reaches A.
wait_for 10 "curl -s -X POST -d CallSid=$moved 127.0.0.1:$a_port/twiml/after | grep -q '<Dial><Number>+15550100</Number></Dial>'" ||
  fail "A's /twiml/after for $moved: $(curl -s -X POST -d "CallSid=$moved" "127.0.0.1:$a_port/twiml/after")"
wait_for 10 "[ \"\$(live $b_port '$count_py')\" = $((2 * calls - 2)) ]" ||
  fail "B's transferred call $moved still listed"
echo "A transferred B's call $moved; A's /twiml/after dials the target"

kill "$redis_pid"; wait "$redis_pid" 2>/dev/null || true
answer=$(api -i -X POST "127.0.0.1:$b_port/api/calls/$victim/hangup")
grep -q '^HTTP/1.1 503' <<<"$answer" || fail "control with Redis down is not 503: $answer"
sleep 10  # the outage the calls must outlive
start_redis
# The registry's refresh (every 10 s) puts the live calls back.
wait_for 15 "[ \"\$(live $b_port '$count_py')\" = $((2 * calls - 2)) ]" ||
  fail "the live calls did not come back in Redis after its restart"
echo "Redis stopped for 10 s: no call ended, control answered 503, the registry recovered"

for p in "${callsims[@]}"; do wait "$p" || fail "callsim failed"; done
reasons() {
  api "127.0.0.1:$1/api/calls?limit=500" |
    python3 -c 'import json,sys; print(" ".join(sorted(c["end_reason"] for c in json.load(sys.stdin)["calls"])))'
}
wait_for 10 "[ \"\$(live $a_port '$count_py')\" = 0 ]" || fail "calls still live after callsim ended"
# Sorted: the one hung up through B ends as operator_hangup, the one
# transferred through A as transferred, the rest when callsim sends its stop.
expected_a="$(printf 'caller_hangup %.0s' $(seq $((calls - 1))))operator_hangup"
expected_b="$(printf 'caller_hangup %.0s' $(seq $((calls - 1))))transferred"
wait_for 10 "[ \"\$(reasons $a_port)\" = \"$expected_a\" ]" || fail "A's records: $(reasons "$a_port")"
wait_for 10 "[ \"\$(reasons $b_port)\" = \"$expected_b\" ]" || fail "B's records: $(reasons "$b_port")"
echo "every call has its record: A $(reasons "$a_port"); B $(reasons "$b_port")"
echo "two instances: all checks passed"
