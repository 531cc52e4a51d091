#!/usr/bin/env python3
"""PostgreSQL's own statement timings of one database, per statement and per request (issue 17, docs/PERFORMANCE.md).

  psql -c "alter database DB set log_min_duration_statement = 0" -c "alter database DB set log_parameter_max_length = 0"
  # start the service on DB (new connections take the settings), warm it up, then:
  OFF=$(stat -c %s /var/log/postgresql/postgresql-15-main.log); wrk ... ; bench/pg-statements.py LOG DB $OFF REQUESTS

Sums the log's `duration:` lines (parse, bind, execute) of DB from byte OFF on (log_line_prefix must hold %d), groups
them by the statement's first 150 characters and prints the 40 largest: database ms, calls and ms a call per request.
"""
import re, sys
from collections import defaultdict

log, db, start, requests = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
head = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC \[(\d+)\] (\S*)@(\S*) (\w+):\s+(.*)$')
dur = re.compile(r'duration: ([\d.]+) ms(?:\s+(parse|bind|execute|statement)\s*([^:]*):\s*(.*))?$')
stats = defaultdict(lambda: [0, 0.0, defaultdict(float)])  # sql -> executes, total ms, per phase
cur = None
entries = []
with open(log, errors='replace') as f:
    f.seek(start)
    for line in f:
        m = head.match(line)
        if m:
            cur = None
            if m.group(3) != db or m.group(4) != 'LOG':
                continue
            d = dur.match(m.group(5))
            if not d:
                continue
            ms = float(d.group(1))
            phase = d.group(2) or 'other'
            cur = [phase, ms, d.group(4) or '']
            entries.append(cur)
        elif cur is not None and line.startswith(('\t', ' ')):
            cur[2] += ' ' + line.strip()
tot = 0.0
for phase, ms, sql in entries:
    key = re.sub(r'\s+', ' ', sql).strip()[:150]
    s = stats[key]
    if phase in ('execute', 'statement'):
        s[0] += 1
    s[1] += ms
    s[2][phase] += ms
    tot += ms
print(f"total {tot:.0f} ms over {requests} requests = {tot/requests:.3f} ms/request")
for key, (n, ms, ph) in sorted(stats.items(), key=lambda kv: -kv[1][1])[:40]:
    print(f"{ms/requests:7.3f} ms/req {n/requests:6.2f} calls/req {ms/max(n,1)*1000:7.0f} us/call  "
          + " ".join(f"{p}={v/requests:.3f}" for p, v in ph.items()) + f"  | {key}")
