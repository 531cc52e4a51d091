#!/usr/bin/env bash
# The HTTP speed table of docs/PERFORMANCE.md (issue 17), in one go, on fresh databases:
#   our packaged jar on an H2 file and on PostgreSQL, and the Camunda 7.24 peer (feel-engine 1.21.0, history FULL,
#   H2 file) from ../shared/peers, all driven by wrk (2 threads) with the same settings; medians of N rounds.
#
#   bench/run.sh [N]          N rounds (default 3; 1 for a quick check)
#   ONLY=all bench/run.sh     the whole issue-17 table: the HTTP rows above, then the engine alone (JMH on the packaged
#                             jar's class path), recording and replaying a demo history (-Xmx512m) with the bytes an
#                             evaluation keeps, and due/overdue on a history with no case closed
#
# Environment (all optional):
#   DURATION=20   seconds per measurement          WARMUP=30   seconds of warm-up per service (and per endpoint)
#   ONLY=h2,pg,peer   which parts (also engine, history, followup; all = every one)   SKIP_BUILD=1   jars already built
#   REPLAY_CASES=200000   the demo history recorded and replayed (the issue's figure: 1000000, a 10 GB H2 file)
#   FOLLOWUP_CASES=100000   the demo history of the due/overdue lists
#   JAR=path/to/another/build.jar   (with SKIP_BUILD=1: e.g. an earlier commit's jar, for a before/after)
#   SCRATCH=/tmp/bench-$USER   where the peer is copied and built, the databases and logs live
#   PG_URL=jdbc:postgresql://127.0.0.1:5432   PG_DB=speed_bench (dropped and created again)
#   JAVA_OPTS="-Xmx1g"   for our service and the peer alike
#   H2_PORT=18131 PG_PORT=18132 PEER_PORT=18133   (another SCRATCH, PG_DB and ports: two runs side by side, an A/B)
#
# Rounds interleave the services (round 1: H2, PostgreSQL, peer; round 2: ...), so that a neighbour's load falls on
# all of them alike. CPU per request is the service's utime+stime (/proc/<pid>/stat) over the run divided by the
# requests answered; on PostgreSQL also the database backends' (the benchmark database's connections).
set -euo pipefail

N=${1:-${N:-3}}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
ONLY=${ONLY:-h2,pg,peer}
[[ "$ONLY" == all ]] && ONLY=h2,pg,peer,engine,history,followup
REPLAY_CASES=${REPLAY_CASES:-200000}
FOLLOWUP_CASES=${FOLLOWUP_CASES:-100000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=${SCRATCH:-/tmp/bench-${USER:-$(id -un)}}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432}
PG_DB=${PG_DB:-speed_bench}
JAVA_OPTS=${JAVA_OPTS:--Xmx1g}
PEERS=${PEERS:-$ROOT/../shared/peers}
ADMIN_PASSWORD=bench-admin-password
H2_PORT=${H2_PORT:-18131} PG_PORT=${PG_PORT:-18132} PEER_PORT=${PEER_PORT:-18133}
TICK=$(getconf CLK_TCK)
OUT=$SCRATCH/results-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
: > "$RESULTS"
has() { [[ ",$ONLY," == *",$1,"* ]]; }
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

# --- build -----------------------------------------------------------------------------------------------------------
JAR=${JAR:-$(ls "$ROOT"/target/aftersales-decision-service-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [[ -z "${SKIP_BUILD:-}" || ! -f "$JAR" ]]; then
  log "building our jar"
  (cd "$ROOT" && mvn -B -q package -DskipTests -Dpostgres-suite.skip)
  JAR=$(ls "$ROOT"/target/aftersales-decision-service-*.jar | grep -v original | head -1)
fi
# Run as packaged for production (docs/OPERATORS.md): the extracted jar with its class data sharing archive, where
# `mvn package` made them beside the jar (target/app); a jar without them runs as it is.
APP=${JAR%/*}/app
if [[ -f "$APP/aftersales.jsa" && -f "$APP/${JAR##*/}" ]]; then RUN=(-XX:SharedArchiveFile="$APP/aftersales.jsa" -jar "$APP/${JAR##*/}"); else RUN=(-jar "$JAR"); fi
PEER_JAR=$SCRATCH/camunda-rest/target/camunda-rest-feel-1.21.0.jar
if has peer && [[ -z "${SKIP_BUILD:-}" || ! -f "$PEER_JAR" ]]; then
  log "copying and building the peer in $SCRATCH"
  rm -rf "$SCRATCH/camunda-rest" "$SCRATCH/camunda-dmn"
  cp -r "$PEERS/camunda-dmn" "$PEERS/camunda-rest" "$SCRATCH/" && chmod -R u+w "$SCRATCH/camunda-rest" "$SCRATCH/camunda-dmn"
  (cd "$SCRATCH/camunda-rest" && mvn -q -B package -DskipTests -Dfeel.version=1.21.0)
fi

# --- processes ---------------------------------------------------------------------------------------------------------
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# wait_ready NAME PID URL [TEXT]: polls until URL answers 200 (with TEXT in it: the peer's 7 decisions); records the
# milliseconds since $START_NS and the CPU the process took to get there (less sensitive to the neighbours)
wait_ready() {
  local name=$1 pid=$2 url=$3 expect=${4:-}
  for _ in $(seq 1 1200); do
    local body
    if body=$(curl -sf "$url" 2>/dev/null) && [[ -z "$expect" || "$body" == *"$expect"* ]]; then
      local ready=$(( ($(date +%s%N) - START_NS) / 1000000 ))
      local cpu=$(( $(cpu_ticks "$pid") * 1000 / TICK ))
      log "$name ready in $ready ms ($cpu ms of CPU)"
      printf 'ready\t%s\t%s\t%s\n' "$name" "$cpu" "$ready" >> "$RESULTS"
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not start; see $OUT/$name.log" >&2; exit 1
}

# start_ours NAME PORT [extra args...]: a fresh working directory (the H2 file ./data/aftersales lives there)
start_ours() {
  local name=$1 port=$2; shift 2
  rm -rf "$SCRATCH/$name" && mkdir -p "$SCRATCH/$name"
  START_NS=$(date +%s%N)
  (cd "$SCRATCH/$name" && exec env AFTERSALES_SECURITY_ADMIN_PASSWORD=$ADMIN_PASSWORD ${EXTRA_ENV:-} \
      java $JAVA_OPTS "${RUN[@]}" --server.port="$port" --logging.level.root=WARN --aftersales.rules.base-dir="$ROOT" "$@" \
      > "$OUT/$name.log" 2>&1) &
  PIDS+=($!)
  eval "PID_$name=$!"
  wait_ready "$name" $! "http://127.0.0.1:$port/actuator/health"
}

# a SYSTEM API key, and one recorded case for the GET floor
api_key() {
  curl -sf -u admin:$ADMIN_PASSWORD -H 'Content-Type: application/json' -d '{"name":"bench","roles":["SYSTEM"]}' \
    "http://127.0.0.1:$1/api/admin/api-keys" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])'
}
one_case() {
  curl -sf -H "X-API-Key: $2" -H 'Content-Type: application/json' "http://127.0.0.1:$1/api/cases" -d '{"externalRef":
    "BENCH-FLOOR", "receivedAt": "2026-06-01T09:30:00+08:00", "channel": "MARKETING_BRANCH", "customer": {"name":
    "Xiangtan Mining Co.", "province": "Hunan", "contact": "0731-5550123"}, "responsibleUnit": {"code": "SUB-01",
    "province": "Hunan"}, "product": {"code": "EX-201", "name": "Rock emulsion explosive", "category":
    "EMULSION_EXPLOSIVE", "spec": "32 mm", "regulated": true}, "batchNumber": "B2026-0601-03", "productionDate":
    "2025-12-01", "productionSite": "SITE-A", "quantity": 120, "problem": {"category": "MISFIRE", "description":
    "Three holes misfired"}, "remoteReplyPossible": false, "findings": {"cause": "PRODUCT_DEFECT", "repairable": false,
    "problemProductOnSite": true, "directLossCny": 25000, "compensationClaimed": true, "remedyValueCny": 8000,
    "staffDispatched": 2, "representative": false}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["caseId"])'
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() {
  local sum=0
  for p in $(psql "host=127.0.0.1 user=postgres dbname=postgres" -Atc \
      "select pid from pg_stat_activity where datname = '$PG_DB' and pid <> pg_backend_pid()" 2>/dev/null); do
    [[ -r /proc/$p/stat ]] && sum=$(( sum + $(cpu_ticks "$p") ))
  done
  echo $sum
}

# measure KEYNAME ROUND PID CONNS SECONDS SCRIPT URL [pg]: one wrk run, one line of $RESULTS
measure() {
  local name=$1 round=$2 pid=$3 conns=$4 secs=$5 script=$6 url=$7 pg=${8:-}
  local c0 d0=0 c1 d1=0 line
  c0=$(cpu_ticks "$pid"); [[ -n "$pg" ]] && d0=$(pg_ticks)
  line=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s --latency -s "$script" "$url" | tee -a "$OUT/wrk.log" | grep '^RESULT' || true)
  c1=$(cpu_ticks "$pid"); [[ -n "$pg" ]] && d1=$(pg_ticks)
  [[ -z "$line" ]] && { log "$name: no result (see $OUT/wrk.log)"; return; }
  [[ "$round" == warm ]] && return
  # RESULT req/s=.. p50_ms=.. p99_ms=.. non2xx=.. errors=.. requests=..
  local v; v=$(sed -E 's/[a-z0-9_/]+=//g; s/^RESULT //' <<< "$line")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$v" "$(( c1 - c0 ))" "$(( d1 - d0 ))" "$TICK" \
    | tr ' ' '\t' >> "$RESULTS"
  log "$name round $round: $line, service CPU $(( (c1 - c0) * 1000 / TICK )) ms"
}

if has h2; then
  log "starting ours on a fresh H2 file"
  start_ours h2 $H2_PORT
  H2_KEY=$(api_key $H2_PORT)
  H2_CASE=$(one_case $H2_PORT "$H2_KEY")
fi
if has pg; then
  log "starting ours on a fresh PostgreSQL database $PG_DB"
  psql "host=127.0.0.1 user=postgres dbname=postgres" -qc "drop database if exists $PG_DB with (force)" \
    -c "create database $PG_DB" > /dev/null
  EXTRA_ENV="POSTGRES_URL=$PG_URL/$PG_DB" start_ours pg $PG_PORT --spring.profiles.active=postgres
  PG_KEY=$(api_key $PG_PORT)
fi
if has peer; then
  log "starting the peer on a fresh H2 file"
  rm -rf "$SCRATCH/peer-run" && mkdir -p "$SCRATCH/peer-run"
  START_NS=$(date +%s%N)
  (cd "$SCRATCH/peer-run" && exec java $JAVA_OPTS -Duser.timezone=UTC -jar "$PEER_JAR" --server.port=$PEER_PORT \
      > "$OUT/peer.log" 2>&1) &
  PIDS+=($!); PID_peer=$!
  wait_ready peer "$PID_peer" "http://127.0.0.1:$PEER_PORT/engine-rest/decision-definition/count" '"count":7'
fi
PEER_EVAL=http://127.0.0.1:$PEER_PORT/engine-rest/decision-definition/key/afterSalesCase/evaluate
PEER_LUA=$SCRATCH/camunda-rest/evaluate_case.lua

# one round of every measurement (round "warm": the warm-up, not recorded)
round() {
  local r=$1 s=$2
  if has h2; then
    KEY=$H2_KEY measure h2-get-32 "$r" "$PID_h2" 32 "$s" "$ROOT/bench/get.lua" "http://127.0.0.1:$H2_PORT/api/cases/$H2_CASE"
    KEY=$H2_KEY measure h2-cases-32 "$r" "$PID_h2" 32 "$s" "$ROOT/bench/cases.lua" "http://127.0.0.1:$H2_PORT/api/cases"
    KEY=$H2_KEY measure h2-cases-4 "$r" "$PID_h2" 4 "$s" "$ROOT/bench/cases.lua" "http://127.0.0.1:$H2_PORT/api/cases"
    KEY=$H2_KEY measure h2-evaluate-32 "$r" "$PID_h2" 32 "$s" "$ROOT/bench/cases.lua" "http://127.0.0.1:$H2_PORT/api/evaluate"
  fi
  if has pg; then
    KEY=$PG_KEY measure pg-cases-32 "$r" "$PID_pg" 32 "$s" "$ROOT/bench/cases.lua" "http://127.0.0.1:$PG_PORT/api/cases" pg
    KEY=$PG_KEY measure pg-cases-4 "$r" "$PID_pg" 4 "$s" "$ROOT/bench/cases.lua" "http://127.0.0.1:$PG_PORT/api/cases" pg
  fi
  if has peer; then
    measure peer-evaluate-32 "$r" "$PID_peer" 32 "$s" "$PEER_LUA" "$PEER_EVAL"
    measure peer-evaluate-4 "$r" "$PID_peer" 4 "$s" "$PEER_LUA" "$PEER_EVAL"
    if [[ "$r" == warm ]]; then
      PEER_INSTANCE=$(curl -sf "http://127.0.0.1:$PEER_PORT/engine-rest/history/decision-instance?maxResults=1" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
    fi
    KEY= measure peer-get-32 "$r" "$PID_peer" 32 "$s" "$ROOT/bench/get.lua" \
      "http://127.0.0.1:$PEER_PORT/engine-rest/history/decision-instance/$PEER_INSTANCE"
  fi
}

if has h2 || has pg || has peer; then
  log "warm-up: ${WARMUP} s per endpoint"
  round warm "$WARMUP"
  for r in $(seq 1 "$N"); do
    log "round $r of $N"
    round "$r" "$DURATION"
  done
fi
cleanup; PIDS=()

# --- the rest of the table: in-process harnesses on the test class path, one after another on the quiet services ----
H2_SETTINGS='MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE'
if has history || has followup; then
  (cd "$ROOT" && mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dpostgres-suite.skip > /dev/null)
  CP="$ROOT/target/classes:$ROOT/target/test-classes:$(cat "$ROOT/target/cp.txt")"
fi
# harness NAME CLASS ARGS...: one JVM, its output kept, its wall and CPU time (user + sys of the process) noted
harness() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$OUT/$name.time" java "$@" > "$OUT/$name.log" 2>&1 \
    || { log "$name failed: $OUT/$name.log"; return 1; }
  printf 'harness\t%s\t%s\n' "$name" "$(tr ' ' '\t' < "$OUT/$name.time")" >> "$RESULTS"
}
if has engine; then
  log "the engine alone: JMH inside the packaged jar's class loader (bench/jmh.sh), ${N} iterations of 4 s"
  SKIP_BUILD=1 JAR=$JAR "$ROOT/bench/jmh.sh" 'EngineBenchmark.evaluate$' -wi 4 -i "$(( N < 3 ? 3 : N ))" -rf csv \
    -rff "$OUT/jmh.csv" > "$OUT/jmh.log" 2>&1 || log "JMH failed: $OUT/jmh.log"
  [[ -f "$OUT/jmh.csv" ]] && printf 'engine\t%s\n' "$(tail -1 "$OUT/jmh.csv" | cut -d, -f5,6 | tr -d '"' | tr ',' '\t')" >> "$RESULTS"
fi
if has history; then
  log "recording and replaying $REPLAY_CASES demo cases on a fresh H2 file, -Xmx512m (ReplayThroughput)"
  rm -rf "$SCRATCH/replay" && mkdir -p "$SCRATCH/replay"
  harness replay -Xmx512m -cp "$CP" com.example.aftersales.replay.ReplayThroughput \
    "jdbc:h2:file:$SCRATCH/replay/db;$H2_SETTINGS" "$REPLAY_CASES" && {
    printf 'recorded\t%s\n' "$(sed -nE 's/^recorded .* at ([0-9,]+) cases.s.*/\1/p' "$OUT/replay.log" | tr -d ,)" >> "$RESULTS"
    printf 'replayed\t%s\t%s\t%s\n' \
      "$(sed -nE 's/.*replayed ([0-9,]+) of [0-9,]+ cases in ([0-9.]+) s: ([0-9,]+) cases.s.*, ([0-9,]+) changed.*/\1\t\2\t\3\t\4/p' "$OUT/replay.log" | tr -d ,)" \
      "$(sed -nE 's/^CPU of this process during the run: ([0-9.]+) s/\1/p' "$OUT/replay.log")" \
      "$(sed -nE 's/^heap: peak used ([0-9,]+) MB.*/\1/p' "$OUT/replay.log" | tr -d ,)" >> "$RESULTS"
    # what an evaluation keeps, on average: its columns and its decision rows
    java -cp "$CP" org.h2.tools.Shell -user sa -url "jdbc:h2:file:$SCRATCH/replay/db;$H2_SETTINGS" -sql "select
      (select avg(coalesce(length(facts_json),0) + coalesce(length(prior_defect_ids),0) + coalesce(length(fired_rules_json),0)
        + coalesce(length(decision_summary),0)) from evaluation),
      (select sum(length(type) + length(decision_value) + coalesce(length(clause),0) + length(rule) + coalesce(length(source),0)
        + length(reason) + 8) from decision) / (select count(*) from evaluation)" > "$OUT/bytes.log" 2>&1
    printf 'bytes\t%s\n' "$(sed -n 2p "$OUT/bytes.log" | tr -d ' ' | tr '|' '\t')" >> "$RESULTS"
  }
fi
if has followup; then
  log "due and overdue on $FOLLOWUP_CASES demo cases, none closed, on a fresh H2 file (FollowupThroughput)"
  rm -rf "$SCRATCH/followup" && mkdir -p "$SCRATCH/followup"
  harness followup -Xmx1g -cp "$CP" com.example.aftersales.followup.FollowupThroughput \
    "jdbc:h2:file:$SCRATCH/followup/db;$H2_SETTINGS" "$FOLLOWUP_CASES" && \
    sed -n '/^no events/,/^with events\|^added/p' "$OUT/followup.log" \
      | sed -nE 's/^  (overdue \(all units\)|due in 7 days \(all units\)|overdue \(one unit\)) +median +([0-9.]+) ms.*answer ([0-9,]+).*/followup\t\1\t\2\t\3/p' \
      | tr -d , >> "$RESULTS"
fi

{
  echo "bench/run.sh $N (DURATION=$DURATION WARMUP=$WARMUP), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores," \
       "load average at the end $(cut -d' ' -f1-3 /proc/loadavg), commit $(cd "$ROOT" && git rev-parse --short HEAD)"
  echo
  python3 "$ROOT/bench/table.py" "$RESULTS"
} | tee "$OUT/table.md"
log "raw figures: $RESULTS"
