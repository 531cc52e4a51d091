#!/usr/bin/env bash
# The case list's facets (issue 14): GET /api/cases?q=...&size=25&facets=true — the page and the facets of the whole
# filter, as the console's facets request counts them — for common texts and the unfiltered list; one warm-up and 5
# timed calls each; prints the median wall-clock (curl time_total), the service's CPU per request (utime+stime of
# /proc/<pid>/stat over the 5 calls, less its CPU at rest measured for 5 s before), the list's total, the sum of the
# category facet (equal to the total when the filter has no more than 12 categories) and whether the facets were
# counted within the search's deadline.
#   bench/case-facets.sh <port> <service pid> <API key> [label]
port=$1; pid=$2; key=$3; label=${4:-}; TICK=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
i0=$(cpu); sleep 5; idle=$(( ($(cpu)-i0)*1000/TICK/5 ))  # ms of CPU per second at rest
for q in quarry detonator %E9%9B%B7%E7%AE%A1 xiangtan%20quarry acme ''; do
  url="http://127.0.0.1:$port/api/cases?q=$q&size=25&facets=true"
  curl -s -o /dev/null -H "X-API-Key: $key" "$url"
  c0=$(cpu); w0=$(date +%s%N)
  t=$(for r in 1 2 3 4 5; do curl -s -o /dev/null -H "X-API-Key: $key" -w "%{time_total}\n" "$url"; done | sort -n | sed -n 3p)
  c1=$(cpu); w1=$(date +%s%N)
  counted=$(curl -s -H "X-API-Key: $key" "$url" | python3 -c '
import json,sys; d=json.load(sys.stdin); f=d["facets"]
print(d["total"], "(more)" if d["more"] else "", "categories", sum(x["count"] for x in f["productCategories"]) if f else "-",
      "facetsStopped" if d["facetsStopped"] else "")')
  printf '%s %-20s %5d ms  cpu/req %4d ms  total %s  load %s\n' "$label" "${q:-(none)}" "$(python3 -c "print(int($t*1000))")" \
    $(( ((c1-c0)*1000/TICK - idle*(w1-w0)/1000000000) / 5 )) "$counted" "$(cut -d' ' -f1 /proc/loadavg)"
done
