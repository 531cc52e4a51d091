#!/usr/bin/env bash
# A/B of two builds side by side, in the same time window (issue 17): on a shared machine the neighbours' load moves
# req/s more than most changes do, so compare the service's CPU per request of two jars measured alternately.
#
#   A=before.jar B=after.jar bench/ab.sh
#
# Environment (all optional): AOPTS, BOPTS   JVM options of A and B (e.g. a -D switch of a throw-away build)
#   ENDPOINTS="get cases32 cases4 eval"   get: the floor (bench/get.lua on one recorded case), cases32/cases4:
#   POST /api/cases at 32/4 connections, eval: POST /api/evaluate at 32 (bench/cases.lua)
#   ROUNDS=2 (alternating A,B then B,A)  WARM=20 seconds of warm-up per endpoint and service  SECS=10 per measurement
#   ADMIN_PASSWORD   of a database filled before (AOPTS/BOPTS=-Dspring.datasource.url=... on copies of a demo history)
#   PA=18251 PB=18252 ports   SCRATCH=/tmp/ab-$USER working directories (fresh H2 files) and logs
#   PG=name   both on PostgreSQL (profile postgres), A on a fresh database name_a, B on name_b (dropped and created
#   again), PG_URL=jdbc:postgresql://127.0.0.1:5432; each line then adds the databases' backends' CPU per request
# Prints one line per measurement: wrk's req/s, p50, p99, non-2xx and requests, the service's CPU (utime+stime from
# /proc/<pid>/stat) per request, Tomcat's threads' own CPU per request (http-nio-*: request threads, poller,
# acceptor, from /proc/<pid>/task; without the JIT compiler and GC threads, which on a loaded machine are still busy
# long after the warm-up), and the load average.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); TICK=$(getconf CLK_TCK)
SCRATCH=${SCRATCH:-/tmp/ab-${USER:-$(id -un)}}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-bench-admin-password}  # another for a database made before (a demo history)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null; done' EXIT
CASE_JSON=$(sed -n '/^one_case/,/^}/p' "$ROOT/bench/run.sh" | sed -n "/-d '/,/'/p" | sed -E "s/.*-d '//; s/'.*//")
psql_admin() { psql "host=127.0.0.1 user=postgres dbname=postgres" -Atq "$@"; }
db_of() { echo "${PG}_$(tr 'AB' 'ab' <<< "$1")"; }
db_ticks() { # the CPU ticks of the database's backends (none without PG)
  local sum=0
  [[ -z "${PG:-}" ]] && { echo 0; return; }
  for p in $(psql_admin -c "select pid from pg_stat_activity where datname = '$(db_of $1)' and pid <> pg_backend_pid()"); do
    [[ -r /proc/$p/stat ]] && sum=$(( sum + $(awk '{print $14+$15}' /proc/$p/stat) ))
  done
  echo $sum
}
start() { # name port jar opts...
  local name=$1 port=$2 jar=$3; shift 3
  local d=$SCRATCH/$name; rm -rf "$d"; mkdir -p "$d"
  local pg=()
  if [[ -n "${PG:-}" ]]; then
    psql_admin -c "drop database if exists $(db_of $name) with (force)" -c "create database $(db_of $name)"
    pg=(--spring.profiles.active=postgres --spring.datasource.url=${PG_URL:-jdbc:postgresql://127.0.0.1:5432}/$(db_of $name))
  fi
  local t0=$(date +%s%N)
  (cd "$d" && exec env AFTERSALES_SECURITY_ADMIN_PASSWORD=$ADMIN_PASSWORD java -Xmx1g "$@" -jar "$jar" \
      --server.port=$port --logging.level.root=WARN --aftersales.rules.base-dir="$ROOT" "${pg[@]}" > "$d/out.log" 2>&1) &
  local pid=$!; PIDS+=($pid); eval "PID_$name=$pid PORT_$name=$port"
  until curl -sf http://127.0.0.1:$port/actuator/health >/dev/null; do
    sleep 0.1; kill -0 $pid 2>/dev/null || { echo "$name did not start: $d/out.log" >&2; exit 1; }
  done
  echo "$name ready $(( ($(date +%s%N)-t0)/1000000 )) ms, CPU $(( $(awk '{print $14+$15}' /proc/$pid/stat)*1000/TICK )) ms"
  local key=$(curl -sf -u admin:$ADMIN_PASSWORD -H 'Content-Type: application/json' -d '{"name":"bench","roles":["SYSTEM"]}' \
      http://127.0.0.1:$port/api/admin/api-keys | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
  local case=$(curl -sf -H "X-API-Key: $key" -H 'Content-Type: application/json' http://127.0.0.1:$port/api/cases \
      -d "$CASE_JSON" | python3 -c 'import json,sys; print(json.load(sys.stdin)["caseId"])')
  eval "KEY_$name=$key CASE_$name=$case"
}
exec_ticks() { # the CPU ticks of Tomcat's threads (their names, cut to 15 characters: http-nio-<port>-)
  local sum=0 t
  for t in /proc/$1/task/*; do
    [[ $(cat $t/comm 2>/dev/null) == http-nio-* ]] && sum=$(( sum + $(sed 's/.*) //' $t/stat | awk '{print $12+$13}') ))
  done
  echo $sum
}
measure() { # name endpoint seconds
  local name=$1 ep=$2 secs=$3 pid port key case
  eval "pid=\$PID_$name port=\$PORT_$name key=\$KEY_$name case=\$CASE_$name"
  local conns=32 script=$ROOT/bench/cases.lua url=http://127.0.0.1:$port/api/cases
  case $ep in
    get) script=$ROOT/bench/get.lua; url=http://127.0.0.1:$port/api/cases/$case ;;
    cases4) conns=4 ;;
    eval) url=http://127.0.0.1:$port/api/evaluate ;;
  esac
  local c0=$(awk '{print $14+$15}' /proc/$pid/stat) d0=$(db_ticks $name) e0=$(exec_ticks $pid)
  local line=$(KEY=$key wrk -t2 -c$conns -d${secs}s --timeout 10s --latency -s "$script" "$url" | grep RESULT)
  local c1=$(awk '{print $14+$15}' /proc/$pid/stat) d1=$(db_ticks $name) e1=$(exec_ticks $pid)
  local req=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<< "$line")
  printf '%-2s %-7s %s cpu/req=%s ms exec/req=%s ms%s load=%s\n' $name $ep "$(sed -E 's/RESULT //; s/ errors=[0-9]+//' <<< "$line")" \
    "$(python3 -c "print(round(($c1-$c0)*1000/$TICK/max($req,1),3))")" \
    "$(python3 -c "print(round(($e1-$e0)*1000/$TICK/max($req,1),3))")" \
    "${PG:+ db/req=$(python3 -c "print(round(($d1-$d0)*1000/$TICK/max($req,1),3))") ms}" "$(cut -d' ' -f1 /proc/loadavg)"
}
: "${A:?A=before.jar}" "${B:?B=after.jar}"
start A ${PA:-18251} "$A" ${AOPTS:-}
start B ${PB:-18252} "$B" ${BOPTS:-}
EPS=${ENDPOINTS:-get cases32 cases4 eval}
for ep in $EPS; do measure A $ep ${WARM:-20} > /dev/null; measure B $ep ${WARM:-20} > /dev/null; done
for r in $(seq 1 ${ROUNDS:-2}); do
  for ep in $EPS; do
    if (( r % 2 )); then measure A $ep ${SECS:-10}; measure B $ep ${SECS:-10}; else measure B $ep ${SECS:-10}; measure A $ep ${SECS:-10}; fi
  done
done
