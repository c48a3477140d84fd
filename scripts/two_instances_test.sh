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
chmod 755 "$work"  # PostgreSQL runs as its own user (it refuses root)
pids=()
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for f in "$work"/*.log "$work"/pg/server.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done
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

redis_port=$(free_port); pg_port=$(free_port); ai_port=$(free_port)
a_port=$(free_port); b_port=$(free_port)
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    >>"$work/redis.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  wait_for 5 "redis-cli -p $redis_port ping | grep -q PONG" || fail "redis-server did not start"
}
pg_password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
store_url="postgresql://voxgate:$pg_password@127.0.0.1:$pg_port/postgres"
init_pg() {
  mkdir -p "$work/pg" && echo "$pg_password" >"$work/pg/pwfile"
  chown -R postgres "$work/pg" 2>/dev/null || true
  as_pg env LC_ALL=C "$pg_bin/initdb" -D "$work/pg/data" -U voxgate --pwfile="$work/pg/pwfile" \
    -A trust --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync >"$work/pg/initdb.log" 2>&1 ||
    fail "initdb: $(tail -5 "$work/pg/initdb.log")"
}
start_pg() {
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
    -o "-k $work/pg -p $pg_port -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
    fail "PostgreSQL did not start"
}
stop_pg() { as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w -t 60 stop >/dev/null; }
psql_q() { as_pg "$pg_bin/psql" -h "$work/pg" -p "$pg_port" -U voxgate -d postgres -Atc "$1"; }

init_pg
start_pg
start_redis
"$bin/fakeai" --listen "127.0.0.1:$ai_port" >"$work/fakeai.log" 2>&1 &
pids+=($!)
start_instance() {  # NAME PORT
  VOXGATE_API_TOKEN=test-token VOXGATE_STREAM_TOKEN_SECRET=two-instances-share-this-secret \
    VOXGATE_STORE_URL="$store_url" "$bin/voxgate" serve --port "$2" --agent url \
    --ai-url "ws://127.0.0.1:$ai_port/v1/realtime" --set server.stream_token=true \
    --set "store.spool=$work/$1.spool" --set "cluster.redis_url=redis://127.0.0.1:$redis_port" \
    --set "server.instance_id=$1" --set tools.transfer_allow=+15550100 --shutdown-grace 2 \
    >"$work/$1.log" 2>&1 &
  pids+=($!)
  eval "pid_$1=$!"
  wait_for 10 "curl -sf 127.0.0.1:$2/readyz" || fail "voxgate $1 did not become ready"
}
start_instance A "$a_port"
start_instance B "$b_port"

# A call the carrier's way: Twilio asks PORT's /twiml, whose answer carries
# the call's stream token; the stream then starts with it.
call_seq=0
token_for() {  # PORT CALLSID -> the stream token /twiml gave
  curl -s -X POST -d "CallSid=$2" "127.0.0.1:$1/twiml" |
    sed -n 's/.*name="voxgate_stream_token" value="\([^"]*\)".*/\1/p'
}
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

# Draining: SIGTERM makes A unready and ends its calls after the grace (2 s
# here) with the fallback clip; B's calls go on; A leaves the registry and
# writes every record before it exits 0.
for i in 1 2; do call "$a_port" 30; call "$b_port" 30; done
wait_for 10 "[ \"\$(live $b_port '$count_py')\" = 4 ]" || fail "the second wave is not live on both"
kill -TERM "$pid_A"
wait_for 2 "! curl -sf 127.0.0.1:$a_port/readyz" || fail "A still ready after SIGTERM"
wait "$pid_A" || fail "A did not exit 0 after draining"
on_a_py='import json,sys; print(sum(c["instance"]=="A" for c in json.load(sys.stdin)["calls"]))'
[ "$(live $b_port "$on_a_py")" = 0 ] || fail "A's drained calls are still in the registry"
[ "$(live $b_port "$count_py")" = 2 ] || fail "B's calls did not outlive A's drain"
echo "SIGTERM drained A: unready at once, its calls ended after the grace, B's 2 go on, the registry holds none of A's"
for p in "${callsims[@]}"; do wait "$p" || fail "callsim failed"; done
expected="$expected shutdown shutdown caller_hangup caller_hangup"
expected=$(tr ' ' '\n' <<<"$expected" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
wait_for 15 "[ \"\$(reasons $b_port)\" = \"$expected\" ]" || fail "records after the drain: $(reasons "$b_port")"
echo "every record of both waves is in PostgreSQL: $expected"
echo "two instances: all checks passed"
