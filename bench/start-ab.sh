#!/usr/bin/env bash
# Start to ready of two (or more) packaged jars, started alternately on fresh H2 files (issue 17): on a shared machine
# the neighbours' load moves a start's wall time more than most changes do, so compare builds started in turn.
#
#   N=5 bench/start-ab.sh before.jar after.jar
#   N=5 bench/start-ab.sh target/aftersales-decision-service-0.1.0-SNAPSHOT.jar target/app   (a folder: the extracted
#       jar with its class data sharing archive, as `mvn package` makes it and docs/OPERATORS.md runs it)
#
# Each start: a fresh working directory (the H2 file ./data/aftersales), `java -jar` with the shipped rules of this
# checkout, until the first 200 of /actuator/health; prints the wall milliseconds, the process's CPU milliseconds by
# then (utime+stime from /proc/<pid>/stat) and the load average, then kills it. At the end, each jar's medians.
# Environment (optional): N=5 starts per jar, PORT=18251, SCRATCH=/tmp/start-ab-$USER, JAVA_OPTS="-Xmx1g" (JAVA_OPTS= for none).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd); TICK=$(getconf CLK_TCK)
N=${N:-5}; PORT=${PORT:-18251}; SCRATCH=${SCRATCH:-/tmp/start-ab-${USER:-$(id -un)}}; JAVA_OPTS=${JAVA_OPTS--Xmx1g}
(( $# >= 1 )) || { echo "usage: N=5 bench/start-ab.sh a.jar [b.jar ...]" >&2; exit 2; }
mkdir -p "$SCRATCH"; RESULTS=$SCRATCH/results.tsv; : > "$RESULTS"
PID=
trap '[[ -n "$PID" ]] && kill $PID 2>/dev/null' EXIT
for i in $(seq 1 "$N"); do
  for jar in "$@"; do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then echo "port $PORT is taken" >&2; exit 1; fi
    d=$SCRATCH/run; rm -rf "$d"; mkdir -p "$d"
    at=$(realpath "$jar")
    if [[ -d "$at" ]]; then run=(-XX:SharedArchiveFile="$at/aftersales.jsa" -jar "$(ls "$at"/*.jar | head -1)"); else run=(-jar "$at"); fi
    t0=$(date +%s%N)
    (cd "$d" && exec env AFTERSALES_SECURITY_ADMIN_PASSWORD=bench-admin-password java $JAVA_OPTS "${run[@]}" \
        --server.port="$PORT" --logging.level.root=WARN --aftersales.rules.base-dir="$ROOT" > "$d/out.log" 2>&1) &
    PID=$!
    until curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null 2>&1; do
      kill -0 $PID 2>/dev/null || { echo "$jar did not start: $d/out.log" >&2; exit 1; }
      sleep 0.05
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    cpu=$(( $(awk '{print $14+$15}' /proc/$PID/stat) * 1000 / TICK ))
    printf '%s\t%s\t%s\t%s\n' "$jar" "$ms" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$RESULTS"
    kill $PID; wait $PID 2>/dev/null; PID=
    sleep 1
  done
done
python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
for jar in dict.fromkeys(r[0] for r in rows):
    mine = [r for r in rows if r[0] == jar]
    wall = statistics.median(int(r[1]) for r in mine) / 1000
    cpu = statistics.median(int(r[2]) for r in mine) / 1000
    print(f"{jar}: median {wall:.1f} s to ready, {cpu:.1f} s CPU ({len(mine)} starts, load {min(float(r[3]) for r in mine)}–{max(float(r[3]) for r in mine)})")
EOF
