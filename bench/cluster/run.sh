#!/usr/bin/env bash
# voxgate past one machine, measured (bench/README.md "Cluster"):
#   bench/cluster/run.sh [--requests 200] [--calls 100] [--seconds 20] [--rounds 2]
# 1. Control round trip: two voxgate instances on one throwaway PostgreSQL
#    and Redis (scripts/lib/cluster_env.sh); POST /api/calls/ID/say for calls
#    A holds, sent to A itself (local) and to B (forwarded through Redis
#    pub/sub), alternated; p50/p99/max per path (bench/cluster/control_rtt.py).
# 2. CPU per call-second of one instance with SQLite and no Redis against the
#    same with PostgreSQL records and the Redis registry (bench/load/load.py,
#    alternated --rounds times).
# Needs build/release/{voxgate,callsim,fakeai}, postgresql and redis-server
# (scripts/setup.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=200; calls=100; seconds=20; rounds=2
while [ $# -gt 0 ]; do
  case $1 in
    --requests) requests=$2; shift 2 ;;
    --calls) calls=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
bin=build/release
work=$(mktemp -d)
cleanup() { cluster_env_cleanup; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
source scripts/lib/cluster_env.sh
init_pg; start_pg; start_redis

echo "== control round trip: $requests say requests per path"
ai_port=$(free_port); a_port=$(free_port); b_port=$(free_port)
"$bin/fakeai" --listen "127.0.0.1:$ai_port" >"$work/fakeai.log" 2>&1 &
pids+=($!)
start_instance A "$a_port" "$ai_port"
start_instance B "$b_port" "$ai_port"
sids=()
for i in $(seq 10); do
  sid=$(printf 'CA%032x' "$i")
  "$bin/callsim" --url "ws://127.0.0.1:$a_port/media" --seconds 600 --call-id "$sid" \
    --param "voxgate_stream_token=$(token_for "$a_port" "$sid")" >>"$work/callsim.log" 2>&1 &
  pids+=($!)
  sids+=("$sid")
done
wait_for 10 "[ \"\$(curl -s -H 'Authorization: Bearer test-token' 127.0.0.1:$b_port/api/calls?live=1 | grep -o '\"instance\":\"A\"' | wc -l)\" = 10 ]" ||
  fail "A's 10 calls are not live"
python3 bench/cluster/control_rtt.py --token test-token --requests "$requests" \
  --local "127.0.0.1:$a_port" --forwarded "127.0.0.1:$b_port" "${sids[@]}"
cluster_env_cleanup; pids=()
start_pg; start_redis

echo "== CPU per call-second, $calls calls of $seconds s: SQLite alone vs PostgreSQL + Redis"
for r in $(seq "$rounds"); do
  for mode in sqlite cluster; do
    extra=()
    [ $mode = cluster ] && extra=(--voxgate-arg=--set "--voxgate-arg=store.url=$store_url"
      --voxgate-arg=--set "--voxgate-arg=store.spool=$work/bench.spool"
      --voxgate-arg=--set "--voxgate-arg=cluster.redis_url=$redis_url")
    echo "-- round $r: $mode"
    python3 bench/load/load.py --calls "$calls" --seconds "$seconds" "${extra[@]}" 2>/dev/null |
      tail -n 3
  done
done
