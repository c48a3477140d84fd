# Sourced (bash): throwaway PostgreSQL and Redis servers and voxgate
# instances on loopback ports for scripts/two_instances_test.sh and
# bench/cluster/run.sh. The caller sets `bin` (build dir) and `work` (a
# temporary directory it removes), defines fail(), and calls
# cluster_env_cleanup from its EXIT trap.
# PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the
# `postgres` user the postgresql package creates.

pids=()
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
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cluster_env_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -d "$work/pg/data" ] && as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1
  wait 2>/dev/null || true
}

redis_port=$(free_port)
redis_url="redis://127.0.0.1:$redis_port"
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
    >>"$work/redis.log" 2>&1 &
  redis_pid=$!
  pids+=("$redis_pid")
  wait_for 5 "redis-cli -p $redis_port ping | grep -q PONG" || fail "redis-server did not start"
}

pg_port=$(free_port)
pg_password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
store_url="postgresql://voxgate:$pg_password@127.0.0.1:$pg_port/postgres"
init_pg() {
  [ -n "$pg_bin" ] || fail "no PostgreSQL under /usr/lib/postgresql (scripts/setup.sh installs it)"
  chmod 755 "$work"
  mkdir -p "$work/pg" && echo "$pg_password" >"$work/pg/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres "$work/pg"
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

# start_instance NAME PORT AI_PORT [more serve args]: voxgate on PORT with
# the AI at fakeai's Realtime endpoint, records in the PostgreSQL above,
# live calls in the Redis above, stream tokens required; its pid in pid_NAME.
start_instance() {
  local name=$1 port=$2 ai=$3; shift 3
  VOXGATE_API_TOKEN=test-token VOXGATE_STREAM_TOKEN_SECRET=two-instances-share-this-secret \
    VOXGATE_STORE_URL="$store_url" "$bin/voxgate" serve --port "$port" --agent url \
    --ai-url "ws://127.0.0.1:$ai/v1/realtime" --set server.stream_token=true \
    --set "store.spool=$work/$name.spool" --set "cluster.redis_url=$redis_url" \
    --set "server.instance_id=$name" "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  eval "pid_$name=$!"
  wait_for 10 "curl -sf 127.0.0.1:$port/readyz" || fail "voxgate $name did not become ready"
}

# The stream token PORT's /twiml answer gives Twilio's call CALLSID.
token_for() {
  curl -s -X POST -d "CallSid=$2" "127.0.0.1:$1/twiml" |
    sed -n 's/.*name="voxgate_stream_token" value="\([^"]*\)".*/\1/p'
}
