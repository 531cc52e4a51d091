#!/usr/bin/env python3
"""Prints bench/run.sh's results (a TSV) as the Markdown table of docs/PERFORMANCE.md: medians of the rounds, ratios
to our floor (GET /api/cases/{id} on H2, same run) and to the peer (its evaluate at the same number of connections)."""
import statistics
import sys

ROWS = [  # key, what, floor ratio?, peer key
    ("h2-get-32", "GET /api/cases/{id} (the floor), H2, 32 conn", False, None),
    ("h2-cases-32", "POST /api/cases, H2 file, 32 conn", True, "peer-evaluate-32"),
    ("h2-cases-4", "POST /api/cases, H2 file, 4 conn", True, "peer-evaluate-4"),
    ("h2-evaluate-32", "POST /api/evaluate (no record), H2, 32 conn", True, "peer-evaluate-32"),
    ("pg-cases-32", "POST /api/cases, PostgreSQL, 32 conn", True, "peer-evaluate-32"),
    ("pg-cases-4", "POST /api/cases, PostgreSQL, 4 conn", True, "peer-evaluate-4"),
    ("peer-evaluate-32", "peer: evaluate + record (Camunda 7.24, feel 1.21.0, history FULL), 32 conn", False, None),
    ("peer-evaluate-4", "peer: evaluate + record, 4 conn", False, None),
    ("peer-get-32", "peer: GET one recorded decision instance, 32 conn", False, None),
]


def main(path):
    runs, ready, other = {}, {}, {}
    with open(path) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "ready":
                ready[cols[1]] = (int(cols[3]), int(cols[2]))
                continue
            if cols[0] in ("harness", "engine", "recorded", "replayed", "bytes", "followup"):
                other.setdefault(cols[0], []).append(cols[1:])
                continue
            name, _round, rps, p50, p99, non2xx, errors, requests, cpu, db, tick = cols
            runs.setdefault(name, []).append(dict(rps=float(rps), p50=float(p50), p99=float(p99),
                                                  bad=int(non2xx) + int(errors), requests=int(requests),
                                                  cpu=int(cpu) * 1000 / int(tick), db=int(db) * 1000 / int(tick)))
    median = {k: statistics.median(r["rps"] for r in v) for k, v in runs.items()}
    floor = median.get("h2-get-32")
    if runs:
        print("| measure | req/s (rounds) | median req/s | p50 | p99 | service CPU / req | DB CPU / req "
              "| vs our floor | vs the peer |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for key, what, to_floor, peer in ROWS:
            if key not in runs:
                continue
            v = runs[key]
            m = median[key]
            cpu = statistics.median(r["cpu"] / r["requests"] for r in v if r["requests"])
            db = statistics.median(r["db"] / r["requests"] for r in v if r["requests"])
            bad = sum(r["bad"] for r in v)
            print("| {}{} | {} | **{:,.0f}** | {:.1f} ms | {:.1f} ms | {:.2f} ms | {} | {} | {} |".format(
                what, f" ({bad} failed)" if bad else "",
                " · ".join(f"{r['rps']:,.0f}" for r in v), m,
                statistics.median(r["p50"] for r in v), statistics.median(r["p99"] for r in v), cpu,
                f"{db:.2f} ms" if key.startswith("pg-") else "–",
                f"{m / floor:.0%}" if to_floor and floor else "–",
                f"{m / median[peer]:.2f}×" if peer and peer in median else "–"))
    if ready:
        print()
        print("Start to ready (launch to the first 200 of the health or count URL; the process's CPU by then): "
              + ", ".join(f"{k} {ms / 1000:.1f} s ({cpu / 1000:.1f} s CPU)" for k, (ms, cpu) in ready.items()))
    if other:
        rest(other)


def rest(other):
    """The in-process rows: the engine alone, recording and replaying a demo history, bytes, due and overdue."""
    print()
    print("| measure | figure | target |")
    print("|---|---:|---|")
    for score, error in other.get("engine", []):
        print(f"| engine alone, whole policy, 1 thread (JMH in the packaged jar's class loader) "
              f"| **{float(score):,.0f}** ± {float(error):,.0f} evaluations/s | ≥ 100,000 per core |")
    harness = {cols[0]: cols[1:] for cols in other.get("harness", [])}
    for (rate,) in other.get("recorded", []):
        if rate:
            print(f"| recording the demo history (H2 file, bulk path) | **{int(rate):,}** cases/s | – |")
    for replayed, seconds, rate, changed, cpu, heap in other.get("replayed", []):
        print(f"| replay from H2, {int(replayed):,} demo cases, `-Xmx512m` | **{int(rate):,}** cases/s ({float(seconds):.1f} s, "
              f"{float(cpu):.1f} s CPU, {changed} changed, peak heap {int(heap):,} MB) | ≥ 50,000 cases/s, heap ≤ 512 MB |")
    for cols in other.get("bytes", []):
        if len(cols) >= 2 and cols[0]:
            columns, decisions = float(cols[0]), float(cols[1])
            print(f"| recorded bytes per evaluation (facts, prior-defect ids, fired rules, summary + decision rows) "
                  f"| **{(columns + decisions) / 1024:.1f} KB** ({columns:,.0f} + {decisions:,.0f}) | bounded by the case |")
    for what, ms, answer in other.get("followup", []):
        print(f"| {what}, demo history with no case closed (in process, median of 7) | **{float(ms):,.0f} ms** "
              f"({int(answer):,} items) | ≤ 200 ms |")
    for name, (wall, user, system) in harness.items():
        print(f"| {name} harness, whole JVM (start, recording, run) | {float(wall):,.0f} s wall, "
              f"{float(user) + float(system):,.0f} s CPU | – |")


if __name__ == "__main__":
    main(sys.argv[1])
