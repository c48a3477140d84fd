#!/usr/bin/env bash
# Two voxgate processes sharing one throwaway PostgreSQL 15 and one Redis
# (docs/scaling.md), with fakeai as the AI and callsim calling both, each
# call admitted with the stream token its /twiml answer gave. Checks, in
# order: a token used on A is refused on B; B lists A's live calls (API and
# dashboard) and hangs one up through Redis; A transfers one of B's calls and
# answers Twilio's /twiml/after for it with <Dial>; Redis stopped for 10 s
# ends no call; PostgreSQL stopped for 10 s while calls end loses no record
# and duplicates none; SIGTERM drains A while calls run on both (A's calls
# end, B's go on, A leaves the registry, every record is written). Exits
# non-zero on the first failed check.
# Usage: scripts/two_instances_test.sh [build dir, default build/release]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/release}
work=$(mktemp -d)
cleanup() {
  cluster_env_cleanup
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log "$work"/pg/server.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done
  exit 1
}
source scripts/lib/cluster_env.sh
api() { curl -s -H 'Authorization: Bearer test-token' "$@"; }
ai_port=$(free_port); a_port=$(free_port); b_port=$(free_port)

init_pg
start_pg
start_redis
"$bin/fakeai" --listen "127.0.0.1:$ai_port" >"$work/fakeai.log" 2>&1 &
pids+=($!)
for name in A B; do
  port=$a_port; [ $name = B ] && port=$b_port
  start_instance $name "$port" "$ai_port" --set tools.transfer_allow=+15550100 --shutdown-grace 4
done

# A call the carrier's way: Twilio asks PORT's /twiml, whose answer carries
# the call's stream token; the stream then starts with it.
call_seq=0
call() {  # PORT SECONDS [CALLSID TOKEN]: one call in the background; its pid in callsims
  local sid=${3:-$(printf 'CA%032x' $((++call_seq + RANDOM * 1000)))}
  local token=${4:-$(token_for "$1" "$sid")}
  [ -n "$token" ] || fail "/twiml on port $1 gave no stream token"
  "$bin/callsim" --url "ws://127.0.0.1:$1/media" --seconds "$2" --call-id "$sid" \
    --param "voxgate_stream_token=$token" >>"$work/callsim-$1.log" 2>&1 &
  callsims+=($!)
}
refused() { curl -s "127.0.0.1:$1/metrics" | awk -v r="reason=\"$2\"" 'index($0, r) {print $2}'; }

# A token redeemed on A is refused on B: the replay set is Redis'.
first_sid=CA0000000000000000000000000000aaaa
first_token=$(token_for "$a_port" "$first_sid")
calls=4
# 35 s: long enough for the Redis outage, then PostgreSQL's while they end.
call "$a_port" 35 "$first_sid" "$first_token"
for i in $(seq $((calls - 1))); do call "$a_port" 35; done
for i in $(seq $calls); do call "$b_port" 35; done
live() { api "127.0.0.1:$1/api/calls?live=1" | python3 -c "$2"; }
count_py='import json,sys; print(len(json.load(sys.stdin)["calls"]))'
wait_for 10 "[ \"\$(live $b_port '$count_py')\" = $((2 * calls)) ]" ||
  fail "B does not list $((2 * calls)) live calls: $(api "127.0.0.1:$b_port/api/calls?live=1")"
echo "every call admitted with its stream token; B lists every live call of both instances ($((2 * calls)))"
"$bin/callsim" --url "ws://127.0.0.1:$b_port/media" --seconds 0.5 --call-id "$first_sid" \
  --param "voxgate_stream_token=$first_token" >"$work/replay.log" 2>&1 || true
[ "$(refused "$b_port" replayed)" = 1 ] || fail "B did not refuse A's token as replayed"
echo "the stream token used on A is refused on B (replayed)"

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

# PostgreSQL stopped while the calls end: their records wait in each
# instance's spool and reach PostgreSQL once it is back, though no call ends
# after that (the record writer retries when idle).
stop_pg
pg_down_at=$SECONDS
for p in "${callsims[@]}"; do wait "$p" || fail "callsim failed"; done
callsims=()
wait_for 10 "[ \"\$(live $a_port '$count_py')\" = 0 ]" || fail "calls still live after callsim ended"
metric() { curl -s "127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print $2}'; }
spooled=$(($(metric "$a_port" voxgate_records_spooled_total) + $(metric "$b_port" voxgate_records_spooled_total)))
# All but the two that ended before (hung up, transferred).
[ "$spooled" = $((2 * calls - 2)) ] ||
  fail "$spooled records spooled while PostgreSQL was down, not $((2 * calls - 2))"
sleep $((10 - (SECONDS - pg_down_at) > 0 ? 10 - (SECONDS - pg_down_at) : 0))
start_pg
reasons() {
  api "127.0.0.1:$1/api/calls?limit=500" |
    python3 -c 'import json,sys; print(" ".join(sorted(c["end_reason"] for c in json.load(sys.stdin)["calls"])))'
}
# Sorted: the one hung up through B ends as operator_hangup, the one
# transferred through A as transferred, the rest when callsim sends its stop.
expected="$(printf 'caller_hangup %.0s' $(seq $((2 * calls - 2))))operator_hangup transferred"
wait_for 15 "[ \"\$(reasons $b_port)\" = \"$expected\" ]" || fail "records in PostgreSQL: $(reasons "$b_port")"
rows=$(psql_q "select count(*), count(distinct id) from calls")
[ "$rows" = "$((2 * calls))|$((2 * calls))" ] || fail "PostgreSQL holds $rows rows (count|distinct), not $((2 * calls))"
echo "PostgreSQL stopped for $((SECONDS - pg_down_at)) s while $spooled calls ended: every record reached it once, from both instances ($expected)"

# Draining: SIGTERM makes A unready; its calls get the grace (4 s here) to
# end by themselves (the 3 s one does), then the rest hear the fallback clip
# and end; B's calls go on; A leaves the registry and writes every record
# before it exits 0.
for i in 1 2; do call "$a_port" 30; call "$b_port" 30; done
call "$a_port" 3
wait_for 10 "[ \"\$(live $b_port '$count_py')\" = 5 ]" || fail "the second wave is not live on both"
kill -TERM "$pid_A"
wait_for 2 "! curl -sf 127.0.0.1:$a_port/readyz" || fail "A still ready after SIGTERM"
wait "$pid_A" || fail "A did not exit 0 after draining"
on_a_py='import json,sys; print(sum(c["instance"]=="A" for c in json.load(sys.stdin)["calls"]))'
[ "$(live $b_port "$on_a_py")" = 0 ] || fail "A's drained calls are still in the registry"
[ "$(live $b_port "$count_py")" = 2 ] || fail "B's calls did not outlive A's drain"
echo "SIGTERM drained A: unready at once, its short call ended by itself, the rest after the grace; B's 2 go on; the registry holds none of A's"
for p in "${callsims[@]}"; do wait "$p" || fail "callsim failed"; done
expected="$expected shutdown shutdown caller_hangup caller_hangup caller_hangup"
expected=$(tr ' ' '\n' <<<"$expected" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
wait_for 15 "[ \"\$(reasons $b_port)\" = \"$expected\" ]" || fail "records after the drain: $(reasons "$b_port")"
echo "every record of both waves is in PostgreSQL: $expected"
echo "two instances: all checks passed"
