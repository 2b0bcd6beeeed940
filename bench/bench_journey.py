"""cxkit.journey.funnel on a large Parquet event log (DuckDB relation), against DuckDB's own SQL in the same run.

    python bench/bench_journey.py                      # 50 million events
    python bench/bench_journey.py --events 10000000    # quicker
    CXKIT_BENCH_EVENTS=20000000 python bench/bench_journey.py

Data: ``--events`` rows (default 50 million, or the ``CXKIT_BENCH_EVENTS``
environment variable) written once by DuckDB as Parquet under ``--dir``
(default /tmp/cxkit-bench-journey; reused when the row count matches): 8
events per customer, columns customer_id (int64), timestamp, stage (six
stages, each customer stopping at a random depth), touchpoint and segment (3
levels, a customer attribute).

Measurements, each in a fresh subprocess so that its peak memory is its own
(VmHWM from /proc/self/status: DuckDB allocates outside Python), best time of
``--repeats``:

1. ``funnel(duckdb.read_parquet(...), stages=..., by="segment",
   duplicates="drop")``: the first-reach GROUP BY runs in DuckDB (narwhals),
   plus one count of distinct customers (the check that segment is constant
   per customer);
2. the same with the default ``duplicates="error"`` (adds one GROUP BY of
   customer, timestamp, stage and touchpoint to find duplicate events);
3. baseline: DuckDB's own SQL for the same reached counts
   (``min(CASE WHEN stage = ... THEN timestamp END)`` per customer, then
   ``count(*) FILTER (...)`` per depth and segment), with ``fetchall()``.

Printed: times, peak memory, and the ratios of 1 and 2 to the baseline; the
reached counts of cxkit and DuckDB are checked equal.

Key drivers (issue 9, analysis 4) are benchmarked in their own script
(bench/bench_drivers.py, by the key-driver work) -- or add them below the
marked place in ``main``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

STAGES = ["awareness", "interest", "purchase", "delivery", "support", "loyalty"]


def _peak_kb() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def write_data(folder: Path, rows: int) -> Path:
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "events.parquet"
    marker = folder / "rows.txt"
    if target.exists() and marker.exists() and marker.read_text() == str(rows):
        return target
    stages = ", ".join(f"'{s}'" for s in STAGES)
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          WITH e AS (SELECT i, i // 8 AS customer_id, i % 8 AS k FROM range({rows}) t(i)),
               d AS (SELECT *, 1 + least(5, CAST(floor(-ln(1 - (hash(customer_id) % 1000000) / 1000000.0) * 1.8)
                                        AS BIGINT)) AS depth FROM e)
          SELECT customer_id,
                 TIMESTAMP '2026-01-01' + to_minutes(CAST(customer_id % 200000 AS BIGINT))
                   + to_hours(CAST(least(k, depth - 1) * 30 + k AS BIGINT)) AS timestamp,
                 list_extract([{stages}], least(k, depth - 1) + 1) AS stage,
                 'tp' || CAST(k AS VARCHAR) AS touchpoint,
                 list_extract(['new', 'returning', 'business'], CAST(hash(customer_id + 7) % 3 AS BIGINT) + 1)
                   AS segment
          FROM d
        ) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)""")
    marker.write_text(str(rows))
    return target


def run_one(name: str, path: str, repeats: int) -> dict:
    import duckdb

    best = float("inf")
    counts = None
    for _ in range(repeats):
        start = time.perf_counter()
        if name == "baseline":
            firsts = ", ".join(f"min(CASE WHEN stage = '{s}' THEN timestamp END) AS t{i}"
                               for i, s in enumerate(STAGES))
            reached = ", ".join(
                "count(*) FILTER (WHERE " + " AND ".join(f"t{j} IS NOT NULL" for j in range(i + 1)) + f") AS r{i}"
                for i in range(len(STAGES)))
            sql = (f"SELECT segment, {reached} FROM (SELECT customer_id, segment, {firsts} "
                   f"FROM read_parquet('{path}') GROUP BY customer_id, segment) GROUP BY segment")
            rows = duckdb.connect().execute(sql).fetchall()
            counts = {r[0]: list(r[1:]) for r in rows}
        else:
            from cxkit.journey import funnel

            relation = duckdb.connect().read_parquet(path)
            table = funnel(relation, stages=STAGES, by="segment", touchpoint="touchpoint",
                           duplicates="drop" if name == "funnel-drop" else "error")
            counts = {k: [int(v) for v in g["reached"]] for k, g in table.groupby("segment")}
        best = min(best, time.perf_counter() - start)
    return {"name": name, "seconds": best, "peak_mb": _peak_kb() / 1024.0, "counts": counts}


def measure(name: str, path: Path, repeats: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", name, "--path", str(path), "--repeats", str(repeats)],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1],
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("CXKIT_BENCH_EVENTS", 50_000_000)))
    parser.add_argument("--dir", default="/tmp/cxkit-bench-journey")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--one")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.path, args.repeats)))
        return
    start = time.perf_counter()
    path = write_data(Path(args.dir), args.events)
    print(f"{args.events:,} events in {path} (written or reused in {time.perf_counter() - start:.1f} s)")
    results = {name: measure(name, path, args.repeats) for name in ("baseline", "funnel-drop", "funnel-check")}
    base = results["baseline"]
    for name, result in results.items():
        ratio = "" if name == "baseline" else (f"  time x{result['seconds'] / base['seconds']:.2f}, "
                                               f"peak memory x{result['peak_mb'] / base['peak_mb']:.2f}")
        print(f"{name:13s} {result['seconds']:7.2f} s  peak {result['peak_mb']:7.0f} MB{ratio}")
    for name in ("funnel-drop", "funnel-check"):
        assert results[name]["counts"] == base["counts"], (name, results[name]["counts"], base["counts"])
    print("reached counts equal to DuckDB's:", base["counts"])
    # --- key drivers (issue 9, analysis 4): add their measurement here, or see bench/bench_drivers.py ---


if __name__ == "__main__":
    main()
