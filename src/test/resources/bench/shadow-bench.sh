#!/bin/bash
# Alternates 20 s wrk runs without and with a shadow run (4 connections), recording the service's CPU per request.
PID=${PID:?the service pid}; export KEY=${KEY:?a SYSTEM API key}; DRAFT=${DRAFT:?the version of the bench draft}
cpu() { awk '{print $14+$15}' /proc/$PID/stat; }
# CPU ticks of the shadow threads ("shadow", "shadow-eval"): comm is field 2, in parentheses
shadowcpu() { t=0; for f in /proc/$PID/task/*/stat; do l=$(cat $f 2>/dev/null) || continue; case "$l" in *"(shadow"*) t=$((t + $(echo "$l" | sed 's/.*) //' | awk '{print $12+$13}')));; esac; done; echo $t; }
for i in ${RUNS:-1 2 3}; do
  for mode in off on; do
    RUN=""
    if [ $mode = on ]; then
      RUN=$(curl -s -u admin:benchadmin -H 'Content-Type: application/json' -d "{\"draftVersion\":\"$DRAFT\"}" localhost:18119/api/shadow-runs | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    fi
    c0=$(cpu); s0=$(shadowcpu)
    out=$(WRK_TAG=$mode$i$RANDOM wrk -t2 -c4 -d20s -s src/test/resources/bench/wrk-cases.lua http://localhost:18119 2>&1)
    c1=$(cpu); s1=$(shadowcpu)
    line=$(echo "$out" | tail -1)
    reqs=$(echo "$out" | grep -o '[0-9]* requests in' | awk '{print $1}')
    extra=""
    if [ -n "$RUN" ]; then
      sleep 3
      extra=$(curl -s -u admin:benchadmin localhost:18119/api/shadow-runs/$RUN | python3 -c 'import json,sys; r=json.load(sys.stdin); print("shadowed", r["shadowed"], "skipped", r["skipped"], "agreed", r["agreed"])')
      curl -s -o /dev/null -u admin:benchadmin -X POST localhost:18119/api/shadow-runs/$RUN/stop
    fi
    echo "run $i shadow=$mode: $line requests=$reqs cpu_ms_per_req=$(echo "scale=2; ($c1-$c0)*10/$reqs" | bc) shadow_threads_ms_per_req=$(echo "scale=2; ($s1-$s0)*10/$reqs" | bc) load=$(cut -d' ' -f1 /proc/loadavg) $extra"
  done
done
