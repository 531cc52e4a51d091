#!/usr/bin/env bash
# Free-text search timing (issue 14): GET /api/cases?q=...&size=25 for the texts of docs/PERFORMANCE.md, one warm-up
# and 5 timed calls each; prints the median wall-clock (curl time_total), the service's CPU per request (utime+stime of
# /proc/<pid>/stat over the 5 calls, less its CPU at rest measured for 5 s before) and the answer's total.
#   bench/case-text.sh <port> <service pid> <API key> [label]
port=$1; pid=$2; key=$3; label=${4:-}; TICK=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
i0=$(cpu); sleep 5; idle=$(( ($(cpu)-i0)*1000/TICK/5 ))  # ms of CPU per second at rest
for q in acme quarry xiangtan%20quarry detonator ex-1k %E9%9B%B7%E7%AE%A1 zzzz; do
  url="http://127.0.0.1:$port/api/cases?q=$q&size=25"
  curl -s -o /dev/null -H "X-API-Key: $key" "$url"
  c0=$(cpu); w0=$(date +%s%N)
  t=$(for r in 1 2 3 4 5; do curl -s -o /dev/null -H "X-API-Key: $key" -w "%{time_total}\n" "$url"; done | sort -n | sed -n 3p)
  c1=$(cpu); w1=$(date +%s%N)
  total=$(curl -s -H "X-API-Key: $key" "$url" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], "(more)" if d["more"] else "")')
  printf '%s %-20s %5d ms  cpu/req %4d ms  total %s  load %s\n' "$label" "$q" "$(python3 -c "print(int($t*1000))")" \
    $(( ((c1-c0)*1000/TICK - idle*(w1-w0)/1000000000) / 5 )) "$total" "$(cut -d' ' -f1 /proc/loadavg)"
done
