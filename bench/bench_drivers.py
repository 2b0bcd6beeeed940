"""Bench: key drivers on a Parquet folder through DuckDB vs DuckDB's own SQL for the same SSCP.

    python bench/bench_drivers.py [--rows 50000000] [--folder /tmp/cx_drivers] [--coverage 200]

Generates (once) ``--rows`` respondents as a Parquet folder with DuckDB: six
1-5 driver ratings (correlated through a shared factor), a 0-10 NPS answer
and ~10 % missing ratings on one driver. Then, each in a fresh process so
that peak memory (max RSS) is that query's alone:

- baseline: one DuckDB SQL query of count, sums and sums of cross-products of
  the complete rows (the SSCP a statistician would write by hand);
- cxkit: ``key_drivers(duckdb.read_parquet(...), ..., n_resamples=0)``: the
  same aggregation generated through narwhals and pushed into DuckDB, plus the
  relative weights on the 7 x 7 matrix.

Prints times and peak memory as ratios cxkit / baseline (same run, same
machine). ``--coverage N`` also runs N seeded samples of the planted model of
tests/journey/test_drivers.py and prints the share intervals' coverage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

DRIVERS = [f"d{i}" for i in range(1, 7)]
#: This checkout's cxkit first (the shared venv's editable install may point at another checkout).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def generate(folder: str, rows: int) -> None:
    import duckdb

    marker = os.path.join(folder, f"rows_{rows}")
    if os.path.exists(marker):
        return
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    ratings = ", ".join(
        f"least(5, greatest(1, round(3 + 0.8 * f + 0.9 * (random() * 2 - 1) * 1.7)))::DOUBLE AS {d}"
        for d in DRIVERS)
    con = duckdb.connect()
    con.execute("SELECT setseed(0.42)")
    con.execute(f"""
        COPY (
          SELECT *, least(10, greatest(0, round(1.2 * d1 + 0.8 * d2 + 0.3 * d4 - 6 + (random() * 2 - 1) * 3)))
                    AS nps
          FROM (SELECT CASE WHEN random() < 0.1 THEN NULL ELSE d3 END AS d3m, * EXCLUDE (d3)
                FROM (SELECT {ratings} FROM (SELECT (random() * 2 - 1) * 1.5 AS f FROM range({rows}))))
        ) TO '{folder}' (FORMAT parquet, PER_THREAD_OUTPUT true)""")
    open(marker, "w").close()


def run_baseline(folder: str) -> dict:
    import duckdb

    columns = ["nps", "d1", "d2", "d3m", "d4", "d5", "d6"]
    sums = [f"sum({c})" for c in columns]
    cross = [f"sum({a} * {b})" for i, a in enumerate(columns) for b in columns[i:]]
    start = time.perf_counter()
    row = duckdb.sql(f"SELECT count(*), {', '.join(sums + cross)} FROM read_parquet('{folder}/*.parquet') "
                     f"WHERE {' AND '.join(c + ' IS NOT NULL' for c in columns)}").fetchall()[0]
    return {"seconds": time.perf_counter() - start, "n": row[0]}


def run_cxkit(folder: str) -> dict:
    import duckdb

    import cxkit

    assert os.path.dirname(os.path.dirname(cxkit.__file__)) == os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), cxkit.__file__

    from cxkit.journey.drivers import key_drivers

    start = time.perf_counter()
    relation = duckdb.read_parquet(f"{folder}/*.parquet")
    result = key_drivers(relation, outcome="nps", drivers=["d1", "d2", "d3m", "d4", "d5", "d6"], n_resamples=0)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "n": result.attrs["n_used"], "r2": result.attrs["r2"],
            "shares": dict(zip(result["driver"], result["share"].round(2)))}


def child(which: str, folder: str) -> None:
    out = (run_baseline if which == "baseline" else run_cxkit)(folder)
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))


def measure(which: str, folder: str) -> dict:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # this checkout's cxkit
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, __file__, "--child", which, "--folder", folder], check=True,
                          capture_output=True, text=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def coverage(reps: int) -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "journey"))
    from test_drivers import DRIVERS as NAMES, planted, population_corr

    from cxkit.journey.drivers import key_drivers
    from cxkit.stats.relative_importance import lmg_weights, relative_weights

    for method, compute in (("relative-weights", relative_weights), ("lmg", lmg_weights)):
        truth_w, truth_r2 = compute(population_corr())
        truth = 100 * truth_w / truth_r2
        hits = 0
        for rep in range(reps):
            result = key_drivers(planted(200, 5000 + rep), outcome="y", drivers=NAMES, method=method,
                                 n_resamples=1000, rng=rep)
            hits += int(((result["low"] <= truth) & (truth <= result["high"])).sum())
        print(f"coverage {method}: {hits}/{reps * len(NAMES)} = {hits / (reps * len(NAMES)):.3f} "
              f"(nominal 0.95; n = 200 per sample, 1000 resamples; per driver share intervals)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000_000)
    parser.add_argument("--folder", default="/tmp/cx_drivers_bench")
    parser.add_argument("--child", choices=("baseline", "cxkit"))
    parser.add_argument("--coverage", type=int, default=0)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder)
        return
    if args.coverage:
        coverage(args.coverage)
    if args.rows:
        start = time.perf_counter()
        generate(args.folder, args.rows)
        print(f"data: {args.rows:,} rows in {args.folder} ({time.perf_counter() - start:.1f} s to prepare)")
        base = measure("baseline", args.folder)
        ours = measure("cxkit", args.folder)
        assert base["n"] == ours["n"], (base, ours)
        print(f"rows used (complete): {ours['n']:,}; R² {ours['r2']:.4f}; shares {ours['shares']}")
        print(f"DuckDB SQL SSCP : {base['seconds']:.2f} s, peak RSS {base['max_rss_mb']:.0f} MB")
        print(f"cxkit key_drivers: {ours['seconds']:.2f} s, peak RSS {ours['max_rss_mb']:.0f} MB")
        print(f"ratio cxkit / DuckDB: time {ours['seconds'] / base['seconds']:.2f}, "
              f"peak memory {ours['max_rss_mb'] / base['max_rss_mb']:.2f}")


if __name__ == "__main__":
    main()
