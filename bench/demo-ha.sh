#!/usr/bin/env bash
# ./baton demo ha: failover in front of you. A throwaway PostgreSQL 15 (initdb in a temp dir, on a free port), two
# replicas of the service jar (a, b) sharing it, and one local process pool whose node processes both replicas know
# (one shared baton.local.data-dir, nodes left running when a replica stops). It finds the leader, asks a scale-out,
# kills the leader with kill -9 while the new nodes are starting, measures how long the standby takes to lead (epoch,
# ms), re-asks the same capacity of the new leader (idempotent) and checks that the scale-out finished once: the pool
# has exactly the capacity asked, and exactly that many node processes of the pool run on the machine. Last, it
# asks for the usage report of the demo period (the lifecycle events both leaders wrote to a throwaway InfluxDB)
# and checks its node-hours against what it worked out itself: from the pool's node book in PostgreSQL (each node's
# RUNNING time) to within 0.00001 node-hours, and within the bounds given by the node processes' start times (/proc)
# and the moments it saw each node RUNNING.
# Everything (replicas, node processes, InfluxDB, PostgreSQL, temp dir) is removed at the end. Exit 0 on success.
# Environment: DEMO_HA_CAPACITY (default 5), DEMO_HA_KEEP=1 keeps the temp dir for a look at the logs, DEMO_HA_ARGS adds
# arguments to both replicas (e.g. --logging.level.io.baton=INFO).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/app/target/baton.jar"
POOL=web
CAPACITY="${DEMO_HA_CAPACITY:-5}"
T0=$(date +%s%3N)

say() { printf '[%6.1fs] %s\n' "$(( $(date +%s%3N) - T0 ))e-3" "$*"; }
fail() { say "FAILED: $*" >&2; FAILED=1; exit 1; }
now_ms() { date +%s%3N; }

[[ -f "$JAR" ]] || { echo "demo ha: $JAR is missing (build first: mvn -B package -DskipTests)" >&2; exit 2; }
command -v java >/dev/null || { echo "demo ha: Java 17 is needed" >&2; exit 2; }
command -v curl >/dev/null || { echo "demo ha: curl is needed" >&2; exit 2; }
command -v jq >/dev/null || { echo "demo ha: jq is needed (apt-get install -y jq)" >&2; exit 2; }

# ---- InfluxDB (Debian's influxdb package): the replicas write the fleet's lifecycle there, the usage report reads it
if ! command -v influxd >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "demo ha: installing InfluxDB (Debian package influxdb)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq influxdb) >&2
  else
    echo "demo ha: InfluxDB is needed: run 'sudo apt-get install -y influxdb'" >&2
    exit 2
  fi
fi

# ---- PostgreSQL binaries
pgbin() { compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -1 | xargs -r dirname; }
PGBIN="$(pgbin || true)"
if [[ -z "$PGBIN" ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "demo ha: installing PostgreSQL (Debian package postgresql)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql) >&2
    PGBIN="$(pgbin)"
  else
    echo "demo ha: PostgreSQL is needed: run 'sudo apt-get install -y postgresql'" >&2
    exit 2
  fi
fi

# A free TCP port on loopback, outside the pool's node range.
used_ports() { ss -Htln | awk '{print $4}' | sed 's/.*://' ; }
free_port() {
  local p
  while :; do
    p=$(( 40000 + RANDOM % 9000 ))
    used_ports | grep -qx "$p" || { echo "$p"; return; }
  done
}

W="$(mktemp -d "${TMPDIR:-/tmp}/baton-demo-ha.XXXXXX")"
chmod 755 "$W"
mkdir -p "$W/pg" "$W/influx" "$W/rules" "$W/local" "$W/a" "$W/b"
printf 'package rules;\n' > "$W/rules/empty.drl"
FAILED=0
INFLUX_PID=""
declare -A PID=() PORT=() SEEN=()

as_pg() { if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi; }

# Pids of the node processes of this demo's data dir (our NodeServer with --owner <data dir>).
node_pids() {
  local f pid
  for f in /proc/[0-9]*/cmdline; do
    pid="${f#/proc/}"; pid="${pid%/cmdline}"
    tr '\0' ' ' < "$f" 2>/dev/null | grep -q "io\.baton\.actuators\.node\.NodeServe[r] .*--owner $W/local " && echo "$pid"
  done
  return 0
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  say "Cleaning up: replicas, node processes, InfluxDB, PostgreSQL, $([[ "${DEMO_HA_KEEP:-}" == 1 ]] && echo "keeping the temp dir" || echo "temp dir")"
  for r in "${!PID[@]}"; do kill -TERM "${PID[$r]}" 2>/dev/null || true; done
  for r in "${!PID[@]}"; do
    for _ in $(seq 50); do kill -0 "${PID[$r]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${PID[$r]}" 2>/dev/null || true
  done
  local n
  n=$(node_pids)
  if [[ -n "$n" ]]; then
    kill -TERM $n 2>/dev/null || true; sleep 1
    n=$(node_pids); [[ -n "$n" ]] && kill -KILL $n 2>/dev/null || true
  fi
  if [[ -n "$INFLUX_PID" ]]; then
    kill -TERM "$INFLUX_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$INFLUX_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$INFLUX_PID" 2>/dev/null || true
  fi
  if [[ -f "$W/pg/data/postmaster.pid" ]]; then
    as_pg "$PGBIN/pg_ctl -D $W/pg/data -m fast -w stop" >/dev/null 2>&1 || true
  fi
  if [[ $rc -ne 0 || $FAILED -ne 0 ]]; then
    for r in a b; do
      [[ -f "$W/$r/baton.log" ]] && { echo "---- replica $r, last lines of its log" >&2; tail -n 20 "$W/$r/baton.log" >&2; }
    done
    [[ -f "$W/pg/log" ]] && { echo "---- PostgreSQL log, last lines" >&2; tail -n 10 "$W/pg/log" >&2; }
  fi
  [[ "${DEMO_HA_KEEP:-}" == 1 ]] && echo "kept: $W" >&2 || rm -rf "$W"
  if [[ $rc -eq 0 && $FAILED -eq 0 ]]; then say "demo ha: PASS"; else echo "demo ha: FAIL (exit $rc)" >&2; fi
  exit $(( rc != 0 ? rc : FAILED ))
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- 1. PostgreSQL
PGPORT=$(free_port)
[[ $(id -u) -eq 0 ]] && chown postgres "$W/pg"
as_pg "$PGBIN/initdb -D $W/pg/data -A trust -U baton" > "$W/pg/initdb.log" 2>&1 || { cat "$W/pg/initdb.log" >&2; fail "initdb"; }
as_pg "$PGBIN/pg_ctl -D $W/pg/data -o '-p $PGPORT -k $W/pg -c listen_addresses=127.0.0.1 -c fsync=off' -l $W/pg/log -w start" >/dev/null \
  || fail "PostgreSQL did not start (see its log)"
DB="jdbc:postgresql://127.0.0.1:$PGPORT/postgres?user=baton"
say "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') running on 127.0.0.1:$PGPORT (throwaway cluster in a temp dir)"

# ---- 1b. InfluxDB, on two free ports of its own
INFLUX_HTTP=$(free_port)
INFLUX_RPC=$(free_port); while [[ "$INFLUX_RPC" == "$INFLUX_HTTP" ]]; do INFLUX_RPC=$(free_port); done
"$ROOT/bench/influxd-throwaway.sh" "$W/influx" "$INFLUX_HTTP" "$INFLUX_RPC" > "$W/influx/log" 2>&1 &
INFLUX_PID=$!
INFLUX="http://127.0.0.1:$INFLUX_HTTP"
deadline=$(( $(now_ms) + 15000 ))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$INFLUX/ping" || true)" == 204 ]]; do
  [[ $(now_ms) -gt $deadline ]] && fail "InfluxDB did not answer /ping within 15 s"
  sleep 0.1
done
say "InfluxDB $(influxd version 2>/dev/null | awk '{print $2}') running on 127.0.0.1:$INFLUX_HTTP (throwaway, for the lifecycle events the report bills)"

# ---- 2. Two replicas and a local pool
TOKEN="ops-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
NODE_PORTS=$(( 30000 + RANDOM % 8000 ))
start_replica() {
  local r=$1 port
  port=$(free_port)
  PORT[$r]=$port
  (cd "$W/$r" && exec java -Xmx384m -XX:TieredStopAtLevel=1 -jar "$JAR" \
      --server.port="$port" --server.address=127.0.0.1 \
      --spring.datasource.url="$DB" \
      --baton.ha.enabled=true --baton.ha.replica-id="$r" --baton.ha.advertise-url="http://127.0.0.1:$port" \
      --baton.security.ops-token="$TOKEN" \
      --baton.rules.dir="$W/rules" \
      --baton.influx.url="$INFLUX" --baton.influx.database=demo_ha \
      --baton.reconcile.interval=1s \
      --baton.local.data-dir="$W/local" --baton.local.stop-nodes-on-shutdown=false \
      --baton.pools.$POOL.actuator=local --baton.pools.$POOL.customer=acme --baton.pools.$POOL.service=web \
      --baton.pools.$POOL.software=nginx --baton.pools.$POOL.min=0 --baton.pools.$POOL.max=8 --baton.pools.$POOL.cores=1 \
      --baton.pools.$POOL.local.port-start="$NODE_PORTS" --baton.pools.$POOL.local.port-count=200 \
      --baton.pools.$POOL.local.start-timeout=20s \
      --logging.level.root=WARN --logging.level.io.baton.app.ha=INFO ${DEMO_HA_ARGS:-} \
      > "$W/$r/baton.log" 2>&1) &
  PID[$r]=$!
}

api() { # api METHOD REPLICA PATH [BODY]: the body of the answer; empty when the replica does not answer
  local m=$1 r=$2 p=$3 body=${4:-}
  if [[ -n "$body" ]]; then
    curl -s -m 15 -X "$m" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:${PORT[$r]}$p" || true
  else
    curl -s -m 5 -X "$m" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PORT[$r]}$p" || true
  fi
}
leader_of() { api GET "$1" /api/leader | jq -r 'select(.self == true) | .epoch' 2>/dev/null || true; }
alive() { kill -0 "${PID[$1]}" 2>/dev/null; }

start_replica a
start_replica b
say "Replicas a (port ${PORT[a]}) and b (port ${PORT[b]}) starting: --baton.ha.enabled=true, one PostgreSQL, one local pool '$POOL' (empty, min 0), nodes shared through one data dir"

LEADER=""; EPOCH=""
deadline=$(( $(now_ms) + 90000 ))
until [[ -n "$LEADER" ]]; do
  for r in a b; do
    alive "$r" || fail "replica $r exited during start"
    e=$(leader_of "$r"); [[ -n "$e" ]] && { LEADER=$r; EPOCH=$e; }
  done
  [[ $(now_ms) -gt $deadline ]] && fail "no leader within 90 s"
  sleep 0.2
done
STANDBY=$([[ $LEADER == a ]] && echo b || echo a)
deadline=$(( $(now_ms) + 60000 ))
until [[ "$(api GET "$STANDBY" /actuator/health/readiness | jq -r .status 2>/dev/null)" == UP ]] || [[ -n "$(api GET "$STANDBY" /api/leader | jq -r '.leader // empty' 2>/dev/null)" ]]; do
  [[ $(now_ms) -gt $deadline ]] && fail "replica $STANDBY never saw the leader"
  alive "$STANDBY" || fail "replica $STANDBY exited"
  sleep 0.2
done
say "GET /api/leader: $(api GET "$LEADER" /api/leader)"
say "Leader: replica $LEADER (epoch $EPOCH, pid ${PID[$LEADER]}); standby: replica $STANDBY"

pool_json() { api GET "$1" /api/pools/$POOL; }
# Notes the first moment each node is seen RUNNING (the report may bill a node from no later than that).
observe() {
  local id t
  t=$(now_ms)
  for id in $(jq -r '.members[]? | select(.state == "RUNNING") | .id' 2>/dev/null <<<"$1"); do
    [[ -n "${SEEN[$id]:-}" ]] || SEEN[$id]=$t
  done
}
running_count() { jq '[.members[] | select(.state == "RUNNING")] | length' 2>/dev/null || echo 0; }
show_pool() { jq -r '"nodes \(.nodes): " + ([.members[] | "\(.id)=\(.state)"] | join(" "))' 2>/dev/null || echo "(no answer)"; }

say "Pool $POOL: $(pool_json "$LEADER" | show_pool)"

# ---- 3. Scale-out, and kill -9 of the leader in the middle of it
FROM_MS=$(now_ms) # the report's period starts here, before the first node is asked for
say "POST /api/pools/$POOL/scale {\"capacity\": $CAPACITY} to the leader ($LEADER)"
answer=$(api POST "$LEADER" /api/pools/$POOL/scale "{\"capacity\": $CAPACITY}")
say "  answered: $answer"
DECISION=$(jq -r '.decision // empty' <<<"$answer" 2>/dev/null || true)
[[ -n "$DECISION" ]] || fail "the leader did not accept the scale-out"
# The kill comes once the first new node runs while the others still start: the leader has just published that
# node's RUNNING, which its InfluxDB sink may not have stored yet, so the report checks that the new leader makes up for it.
mid=""
deadline=$(( $(now_ms) + 40000 ))
while :; do
  pj=$(pool_json "$LEADER")
  observe "$pj"
  starting=$(jq '[.members[] | select(.state != "RUNNING")] | length' <<<"$pj" 2>/dev/null || echo 0)
  running=$(running_count <<<"$pj")
  if [[ "$starting" -ge 1 && "$running" -ge 1 ]]; then mid="$(show_pool <<<"$pj")"; break; fi
  [[ "$running" -ge "$CAPACITY" ]] && { mid="$(show_pool <<<"$pj") (all running already)"; break; }
  [[ $(now_ms) -gt $deadline ]] && fail "no node of the scale-out ran within 40 s"
  sleep 0.05
done
KILLED=$LEADER
kill -KILL "${PID[$KILLED]}"
KILL_AT=$(now_ms)
wait "${PID[$KILLED]}" 2>/dev/null || true
unset "PID[$KILLED]"
say "kill -9 of leader $KILLED while the scale-out runs: $mid"

NEW_EPOCH=""
deadline=$(( KILL_AT + 30000 ))
until [[ -n "$NEW_EPOCH" && "$NEW_EPOCH" -gt "$EPOCH" ]]; do
  NEW_EPOCH=$(leader_of "$STANDBY")
  [[ $(now_ms) -gt $deadline ]] && fail "replica $STANDBY did not take over within 30 s"
  alive "$STANDBY" || fail "replica $STANDBY exited"
  sleep 0.025
done
TAKEOVER_MS=$(( $(now_ms) - KILL_AT ))
say "TAKEOVER: replica $STANDBY leads, epoch $EPOCH -> $NEW_EPOCH, ${TAKEOVER_MS} ms after kill -9 (lease 6 s)"
say "GET /api/leader: $(api GET "$STANDBY" /api/leader)"
found=""
for _ in $(seq 40); do found=$(pool_json "$STANDBY"); observe "$found"; jq -e .members >/dev/null 2>&1 <<<"$found" && break; sleep 0.1; done
say "Pool as the new leader found it (adopted from the shared node book): $(show_pool <<<"$found")"

# A capacity request is idempotent: asking the new leader for the same capacity finishes what the old one started.
answer=$(api POST "$STANDBY" /api/pools/$POOL/scale "{\"capacity\": $CAPACITY}")
say "Re-ask the new leader: POST /api/pools/$POOL/scale {\"capacity\": $CAPACITY} answered: $answer"
deadline=$(( $(now_ms) + 60000 ))
while :; do
  pj=$(pool_json "$STANDBY")
  observe "$pj"
  [[ "$(running_count <<<"$pj")" -ge "$CAPACITY" ]] && break
  [[ $(now_ms) -gt $deadline ]] && fail "the pool did not reach $CAPACITY running nodes: $(show_pool <<<"$pj")"
  sleep 0.1
done
sleep 3 # let a doubled node, if any, show up before counting
pj=$(pool_json "$STANDBY")
TO_MS=$(now_ms) # the report's period ends here: every node still runs
say "Pool after the failover: $(show_pool <<<"$pj")"
NODES=$(jq '.nodes' <<<"$pj")
RUNNING=$(running_count <<<"$pj")
PROCS=$(node_pids | wc -l)
say "Node processes of the pool on this machine: $PROCS (pids $(node_pids | tr '\n' ' '))"
ok=1
[[ "$NODES" -eq "$CAPACITY" ]] || { say "MISMATCH: the pool counts $NODES nodes, $CAPACITY asked"; ok=0; }
[[ "$RUNNING" -eq "$CAPACITY" ]] || { say "MISMATCH: $RUNNING running nodes, $CAPACITY asked"; ok=0; }
[[ "$PROCS" -eq "$CAPACITY" ]] || { say "MISMATCH: $PROCS node processes run, $CAPACITY expected (leaked or doubled nodes)"; ok=0; }
[[ "$TAKEOVER_MS" -le 10000 ]] || { say "MISMATCH: takeover took ${TAKEOVER_MS} ms, over 10 s"; ok=0; }
[[ $ok -eq 1 ]] || fail "the scale-out did not finish exactly once"
say "RESULT failover ${TAKEOVER_MS} ms, epoch $EPOCH -> $NEW_EPOCH; scale-out to $CAPACITY finished once: $NODES nodes in the pool, $PROCS node processes"

# ---- 4. The usage report of the demo period, checked against what the demo worked out itself
iso() { printf '%s.%03dZ' "$(date -u -d "@$(( $1 / 1000 ))" +%Y-%m-%dT%H:%M:%S)" $(( $1 % 1000 )); }
# Start of a process in epoch ms, from /proc (its start in clock ticks after boot, and the uptime now).
proc_start_ms() {
  local stat ticks up now
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo ""; return; }
  ticks=$(awk '{print $20}' <<<"${stat##*) }")
  read -r up _ < /proc/uptime
  now=$(now_ms)
  echo $(( now - ${up/./}0 + ticks * 1000 / $(getconf CLK_TCK) ))
}
# The pool's node book as the leaders stored it (the document node-book/<pool>): each running node's last transition,
# its RUNNING, and its pid. (GET /api/pools gives the engine's view, whose "since" is when that engine learnt of the node.)
book() {
  as_pg "$PGBIN/psql -h 127.0.0.1 -p $PGPORT -U baton -d postgres -Atc \"SELECT body FROM baton_document WHERE kind = 'node-book' AND doc_key = '$POOL'\"" \
    | jq -r '.nodes[] | select(.state == "RUNNING") | "\(.id) \(.since) \(.pid)"'
}
BOOK=$(book)
[[ $(wc -l <<<"$BOOK") -eq "$CAPACITY" ]] || fail "the node book does not hold $CAPACITY running nodes: $BOOK"
BOOKS_MS=0; LOWER_MS=0; UPPER_MS=0
while read -r id since pid; do
  start=$(proc_start_ms "$pid")
  [[ -n "$start" ]] || fail "node $id: its process $pid is gone"
  [[ -n "${SEEN[$id]:-}" ]] || fail "node $id was never seen RUNNING by the demo"
  from_node=$(( since > FROM_MS ? since : FROM_MS ))
  BOOKS_MS=$(( BOOKS_MS + TO_MS - from_node ))
  LOWER_MS=$(( LOWER_MS + TO_MS - SEEN[$id] ))
  UPPER_MS=$(( UPPER_MS + TO_MS - (start > FROM_MS ? start : FROM_MS) ))
done <<<"$BOOK"
sleep 2.5 # the replicas' InfluxDB sinks write a partial batch after 1 s
say "Usage report of the demo period $(iso "$FROM_MS") to $(iso "$TO_MS"), asked of the new leader ($STANDBY)"
answer=$(api POST "$STANDBY" /api/reports "{\"from\": \"$(iso "$FROM_MS")\", \"to\": \"$(iso "$TO_MS")\", \"force\": true}")
RUN=$(jq -r '.id // empty' <<<"$answer" 2>/dev/null || true)
[[ -n "$RUN" ]] || fail "the report was not accepted: $answer"
deadline=$(( $(now_ms) + 60000 ))
until [[ "$(api GET "$STANDBY" "/api/reports/$RUN" | jq -r .status 2>/dev/null)" =~ ^(COMPLETED|FAILED|REFUSED|WITHDRAWN)$ ]]; do
  [[ $(now_ms) -gt $deadline ]] && fail "the report did not finish within 60 s"
  sleep 0.3
done
status=$(api GET "$STANDBY" "/api/reports/$RUN")
[[ "$(jq -r .status <<<"$status")" == COMPLETED ]] || fail "the report did not complete: $status"
CSV=$(jq -r '.files[] | select(endswith(".csv") and (endswith(".focus.csv") | not))' <<<"$status")
api GET "$STANDBY" "/api/reports/$RUN/files/$CSV" > "$W/report.csv"
cut -d, -f3-11 "$W/report.csv" | sed 's/^/    /'
REPORT_NODE_HOURS=$(awk -F, 'NR > 1 && $3 == "acme" { s += $8 } END { printf "%.6f", s }' "$W/report.csv")
hours() { awk -v ms="$1" 'BEGIN { printf "%.6f", ms / 3600000 }'; }
say "REPORT node-hours $REPORT_NODE_HOURS; the node book gives $(hours "$BOOKS_MS") ($CAPACITY nodes, each from its RUNNING to the period's end);"
say "       the node processes bound it to [$(hours "$LOWER_MS"), $(hours "$UPPER_MS")] (first seen RUNNING by the demo .. process start in /proc)"
ok=1
awk -v r="$REPORT_NODE_HOURS" -v b="$(hours "$BOOKS_MS")" 'BEGIN { d = r - b; if (d < 0) d = -d; exit !(d <= 0.00001) }' \
  || { say "MISMATCH: the report bills $REPORT_NODE_HOURS node-hours, the node book $(hours "$BOOKS_MS") (tolerance 0.00001)"; ok=0; }
awk -v r="$REPORT_NODE_HOURS" -v lo="$(hours "$LOWER_MS")" -v hi="$(hours "$UPPER_MS")" 'BEGIN { exit !(r >= lo - 0.00001 && r <= hi + 0.00001) }' \
  || { say "MISMATCH: the report's $REPORT_NODE_HOURS node-hours fall outside what the node processes allow"; ok=0; }
if [[ $ok -ne 1 ]]; then
  while read -r id since pid; do
    say "  node $id: RUNNING since $(iso "$since") (node book), first seen RUNNING $(iso "${SEEN[$id]:-0}"), process $pid started $(iso "$(proc_start_ms "$pid")")"
    curl -s -G "$INFLUX/query" --data-urlencode "db=demo_ha_records" --data-urlencode "epoch=ms" \
      --data-urlencode "q=SELECT state, decision FROM node_lifecycle WHERE node = '$id'" \
      | jq -r '.results[0].series[0].values[]? | "      lifecycle \(.[0]) \(.[1]) \(.[2])"' 2>/dev/null || true
  done <<<"$BOOK"
  fail "the usage report after the failover is not exact"
fi
say "RESULT usage report exact after the failover: $REPORT_NODE_HOURS node-hours for $CAPACITY nodes (each node billed once)"
