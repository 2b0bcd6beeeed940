"""cx.summarize on pandas layouts and on a Parquet data set, against DuckDB measured in the same run.

    python bench/bench_engines.py                                         # 10 M rows in memory, 100 M in Parquet
    python bench/bench_engines.py --rows 2000000 --parquet-rows 10000000  # quick check
    python bench/bench_engines.py --skip-parquet                          # part 1 only
    python bench/bench_engines.py --parquet-rows 20000000 --parquet-dir /tmp/pq20
    python bench/bench_engines.py --layouts --skip-dask                  # parts 2 and 3 only

Part 3 renders ``cxkit report monthly --data <the Parquet folder>`` (read
lazily by DuckDB) and prints its time and the peak RSS of its largest process.

Prints ratios against baselines timed in the same run (best of ``--repeats``,
default 3), never absolute targets alone, and checks that every engine counted
the same answers (per group: detractors, passives, promoters and missing;
cxkit's n summed over the groups = rows - missing = DuckDB's count).

1. In memory: NPS with intervals by ``cx.summarize(df, metric="nps",
   score="nps_score", by=["segment", "region"])`` for ``--rows`` answers
   (default 10 million) in 1,000 groups (50 segments x 20 regions), on a
   pandas frame in these layouts:

   a. ``int64``: segment and region as int64 codes, nps_score int64 0-10;
   b. what ``pandas.read_csv`` gives: text keys with a float64 nps_score
      holding ~3 % NaN. The keys in three dtypes: ``object`` (read_csv before
      pandas 3, or with ``dtype=object``), ``str`` (read_csv's default from
      pandas 3 on: pyarrow-backed text with NaN for missing) and ``string``
      (``pd.StringDtype()``, pd.NA for missing);
   c. ``categorical`` keys with a nullable ``Int8`` nps_score (~3 % <NA>).

   Baseline: DuckDB's bare ``SELECT segment, region, nps_score, count(*) FROM
   frame GROUP BY ALL`` scanning the same pandas frame in place, with a
   ``fetchall()`` of its result -- the counting pass alone, with no interval
   maths, on DuckDB's default threads (one per core). Target: cx.summarize at
   most 1.25x DuckDB's time. For reference the same query on one DuckDB thread
   (cxkit's numpy pass runs on one core) is printed too, without a target.
   cxkit and DuckDB runs alternate, so load from other processes hits both.

2. Parquet: ``--parquet-rows`` answers (default 100 million) in
   ``--parquet-files`` files (default 20) under ``--parquet-dir`` (default
   /tmp/cxkit-bench-parquet), columns segment (string, 50 levels),
   answered_at (timestamp over 24 months, 2024-01 .. 2025-12) and nps_score
   (int8, ~3 % null). Written once, in chunks of a million rows with numpy and
   pyarrow, so generating stays far below 2 GB; reused when the folder holds
   the same row count (a marker file records how it was made).

   a. ``cx.summarize(duckdb.read_parquet("<dir>/*.parquet"), metric="nps",
      score="nps_score", by="segment", period="M", date="answered_at")``: the
      aggregation is pushed down to DuckDB as one GROUP BY (via narwhals);
   b. baseline: DuckDB's own ``SELECT segment, date_trunc('month',
      answered_at), nps_score, count(*) FROM read_parquet(...) GROUP BY ALL``
      with a ``fetchall()``;
   c. the same summarize on ``dask.dataframe.read_parquet(dir)`` computed on a
      ``distributed.LocalCluster(n_workers=2, threads_per_worker=1)``.

   Every run of a measurement is a fresh subprocess (``python
   bench/bench_engines.py --one <name> ...``), so its peak memory is its own
   (DuckDB allocates outside Python, where tracemalloc does not see it):
   the growth of the process's peak resident memory over its resident memory
   just before the call, plus the absolute peak. The peak is the high-water
   mark ru_maxrss reports, read as VmHWM from /proc/self/status and restarted
   just before the call (``echo 5 > /proc/self/clear_refs``): on Linux a
   child's ``getrusage().ru_maxrss`` begins at its parent's RSS at fork and
   keeps it across exec, so it would show this bench's own memory until the
   child outgrows it (elsewhere ru_maxrss is used as it is). For Dask the
   workers' growth (measured the same way in each worker through
   ``client.run``) is added to the client's. Time is the best of the runs,
   memory the largest of them.
   Targets: summarize on DuckDB within 1.5x DuckDB's own query, and its peak
   growth under 1 GB. Dask: time and ratio only, no target.

``--skip-parquet`` runs part 1 only; ``--skip-dask`` leaves out 2c;
``--layouts`` picks the layouts of part 1 (none: part 2 only). A summary
table closes the output.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pathlib
import resource
import subprocess
import sys
import time
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # this checkout's cxkit

import cxkit as cx  # noqa: E402

MIB = 1 << 20
#: Shares of the answers 0..10 (a typical NPS survey).
SHARES = np.array([2, 1, 2, 3, 4, 6, 8, 14, 18, 20, 22], dtype=float) / 100
MISSING = 0.03
SEGMENTS = np.array([f"segment {i:02d}" for i in range(50)], dtype=object)
REGIONS = np.array([f"region {i:02d}" for i in range(20)], dtype=object)
LAYOUTS = ("int64", "object", "str", "string", "categorical")
SUMMARIZE_TARGET, PARQUET_TIME_TARGET, PARQUET_MEMORY_TARGET = 1.25, 1.5, 1 << 30
MARKER = "_cxkit_bench.json"
#: Version of the Parquet generator: a folder written by another version is regenerated.
FORMAT = 1
RESULT = "RESULT "


# --------------------------------------------------------------------------- shared helpers

def maxrss_bytes(who=resource.RUSAGE_SELF) -> int:
    rss = resource.getrusage(who).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # bytes on macOS, KiB on Linux


def _proc_status(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return None


def current_rss_bytes() -> int:
    """Resident memory now (Linux /proc; elsewhere the peak so far, which only makes growth smaller)."""
    rss = _proc_status("VmRSS")
    return maxrss_bytes() if rss is None else rss


def reset_peak_rss() -> None:
    """Start the high-water mark afresh at the current RSS (Linux >= 4.0; a no-op elsewhere)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_rss_bytes() -> int:
    """This process's peak resident memory: what ru_maxrss reports, without the parent's share.

    On Linux a child's ru_maxrss starts at its parent's RSS at fork and keeps it
    across exec, so it reads the bench's own memory until the child outgrows
    it; VmHWM is the same high-water mark for this process's memory alone.
    """
    peak = _proc_status("VmHWM")
    return maxrss_bytes() if peak is None else peak


def nps_counts(pairs) -> dict:
    """{key: [detractors, passives, promoters, missing]} from (key, answer, count) triples."""
    out = {}
    for key, answer, count in pairs:
        row = out.setdefault(key, [0, 0, 0, 0])
        if answer is None or answer != answer:  # NULL or NaN
            row[3] += int(count)
        else:
            answer = float(answer)
            if answer not in range(11):
                raise AssertionError(f"DuckDB saw an answer off the scale: {answer!r}")
            row[0 if answer <= 6 else 1 if answer <= 8 else 2] += int(count)
    return out


def table_counts(table: pd.DataFrame, keys) -> dict:
    """The same dict from a cx.summarize table (groups with no answers at all left out)."""
    cols = table[[*keys, "detractors", "passives", "promoters", "n_missing"]]
    out = {}
    for row in cols.itertuples(index=False):
        counts = [int(v) for v in row[len(keys):]]
        if sum(counts):
            out["|".join(map(str, row[:len(keys)]))] = counts
    return out


def check_table(table: pd.DataFrame, reference: dict, keys, rows: int, label: str) -> None:
    """cx.summarize's table against DuckDB's counts: group by group, and in total."""
    got = table_counts(table, keys)
    if got != reference:
        bad = sorted(k for k in set(got) | set(reference) if got.get(k) != reference.get(k))
        raise AssertionError(f"{label}: counts differ from DuckDB's in {len(bad)} groups, e.g. {bad[0]!r}: "
                             f"cxkit {got.get(bad[0])} vs DuckDB {reference.get(bad[0])}")
    n = int(table["n"].sum())
    missing = int(table["n_missing"].sum())
    duck_n = sum(sum(v[:3]) for v in reference.values())
    if n + missing != rows or n != duck_n or int(table["n_dropped"].sum()):
        raise AssertionError(f"{label}: n {n:,} + missing {missing:,} != rows {rows:,}, or n != DuckDB's {duck_n:,}")
    answered = table[table["n"] > 0]
    expected = 100 * (answered["promoters"] - answered["detractors"]) / answered["n"]
    if not np.allclose(answered["value"].to_numpy(float), expected.to_numpy(float), rtol=0, atol=1e-9) or \
            not ((answered["low"] <= answered["value"]) & (answered["value"] <= answered["high"])).all():
        raise AssertionError(f"{label}: NPS values or intervals are off")


def fmt_ratio(ratio: float, target: float | None) -> str:
    if target is None:
        return f"{ratio:6.2f}x"
    return f"{ratio:6.2f}x (target <= {target:g}x: {'met' if ratio <= target else 'MISSED'})"


# --------------------------------------------------------------------------- part 1: pandas layouts

def make_frame(layout: str, rows: int, seed: int = 7) -> tuple[pd.DataFrame, int]:
    """A frame of ``rows`` answers in ``layout``, and how many of its answers are missing."""
    rng = np.random.default_rng(seed)
    segment = rng.integers(0, len(SEGMENTS), rows, dtype=np.int8)
    region = rng.integers(0, len(REGIONS), rows, dtype=np.int8)
    score = rng.choice(11, size=rows, p=SHARES).astype(np.int8)
    missing = rng.random(rows) < MISSING
    if layout == "int64":
        return pd.DataFrame({"segment": segment.astype(np.int64), "region": region.astype(np.int64),
                             "nps_score": score.astype(np.int64)}), 0
    if layout == "categorical":
        return pd.DataFrame({"segment": pd.Categorical.from_codes(segment, list(SEGMENTS)),
                             "region": pd.Categorical.from_codes(region, list(REGIONS)),
                             "nps_score": pd.arrays.IntegerArray(score, missing)}), int(missing.sum())
    dtype = {"object": object, "str": "str", "string": "string"}[layout]
    answers = np.where(missing, np.nan, score.astype(np.float64))
    # pd.Series(..., dtype=object) keeps object: pandas >= 3 would otherwise infer "str".
    frame = pd.DataFrame({"segment": pd.Series(SEGMENTS[segment], dtype=dtype),
                          "region": pd.Series(REGIONS[region], dtype=dtype), "nps_score": answers})
    return frame, int(missing.sum())


def read_csv_dtypes() -> str:
    """What read_csv gives on this pandas, for the header (a three-line CSV)."""
    import io
    frame = pd.read_csv(io.StringIO("segment,region,nps_score\nsegment 01,region 02,9\nsegment 02,region 01,\n"))
    return ", ".join(f"{c} {frame[c].dtype}" for c in frame.columns)


def bench_layouts(rows: int, repeats: int, layouts) -> list:
    import duckdb

    one_thread = duckdb.connect()
    one_thread.execute("SET threads = 1")
    threads = duckdb.sql("SELECT current_setting('threads')").fetchall()[0][0]
    query = "SELECT segment, region, nps_score, count(*) FROM frame GROUP BY ALL"
    print(f"1. cx.summarize NPS with intervals, {rows:,} answers in 1,000 groups (50 segments x 20 regions), "
          f"best of {repeats}")
    print(f"   baseline: DuckDB {duckdb.__version__} ({threads} threads) `{query}` + fetchall, on the same frame")
    print(f"   pandas {pd.__version__}: read_csv gives {read_csv_dtypes()}")
    print(f"   {'layout':<40} {'cxkit':>9} {'DuckDB':>9}   {'ratio cxkit/DuckDB':<40} {'DuckDB 1 thread':>15}")
    results = []
    for layout in layouts:
        if layout == "str" and int(pd.__version__.split(".")[0]) < 3:
            print(f"   {layout}: skipped (pandas < 3 has no 'str' dtype)")
            continue
        frame, n_missing = make_frame(layout, rows)
        dtypes = f"{frame['segment'].dtype}/{frame['nps_score'].dtype}"
        t_cx = t_duck = t_one = float("inf")
        table = duck = None
        for _ in range(repeats):  # alternate, so a busy spell slows both
            start = time.perf_counter()
            table = cx.summarize(frame, metric="nps", score="nps_score", by=["segment", "region"])
            t_cx = min(t_cx, time.perf_counter() - start)
            start = time.perf_counter()
            duck = duckdb.sql(query).fetchall()
            t_duck = min(t_duck, time.perf_counter() - start)
            start = time.perf_counter()
            one_thread.sql(query).fetchall()
            t_one = min(t_one, time.perf_counter() - start)
        reference = nps_counts((f"{s}|{r}", a, c) for s, r, a, c in duck)
        check_table(table, reference, ["segment", "region"], rows, f"layout {layout}")
        assert len(table) == 1000 and sum(v[3] for v in reference.values()) == n_missing
        ratio = t_cx / t_duck
        label = {"int64": "a int64 keys, int64 score",
                 "object": "b object keys, float64 score (NaN)",
                 "str": "b str keys, float64 score (NaN)",
                 "string": "b string keys, float64 score (NaN)",
                 "categorical": "c categorical keys, Int8 score"}[layout]
        print(f"   {label:<40} {t_cx * 1e3:7.0f}ms {t_duck * 1e3:7.0f}ms   {fmt_ratio(ratio, SUMMARIZE_TARGET):<40} "
              f"{t_one * 1e3:7.0f}ms ({t_cx / t_one:4.2f}x)", flush=True)
        results.append({"name": f"1{label[0]} {label[2:]}", "cxkit": t_cx, "baseline": t_duck, "ratio": ratio,
                        "target": SUMMARIZE_TARGET, "dtypes": dtypes})
        del frame, table
    print(f"   counts checked: per group equal to DuckDB's, n + missing = {rows:,} rows in every layout")
    return results


# --------------------------------------------------------------------------- part 2: Parquet

def parquet_files(folder: str) -> list:
    return sorted(glob.glob(os.path.join(folder, "*.parquet")))


def existing_rows(folder: str, rows: int, files: int, seed: int) -> bool:
    """True when the folder holds this generator's data set with ``rows`` answers."""
    import pyarrow.parquet as pq

    marker = os.path.join(folder, MARKER)
    if not os.path.exists(marker):
        return False
    with open(marker) as f:
        made = json.load(f)
    found = parquet_files(folder)
    if made != {"rows": rows, "files": files, "seed": seed, "format": FORMAT} or len(found) != files:
        return False
    return sum(pq.ParquetFile(p).metadata.num_rows for p in found) == rows


def generate_parquet(folder: str, rows: int, files: int, seed: int, chunk_rows: int = 1 << 20) -> dict:
    """Write ``rows`` answers as ``files`` Parquet files, a million rows at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(folder, exist_ok=True)
    ours = set(glob.glob(os.path.join(folder, "part-*.parquet")))
    foreign = [p for p in parquet_files(folder) if p not in ours]
    if foreign:
        raise SystemExit(f"{folder} holds other Parquet files ({foreign[0]} ...); give --parquet-dir an own folder.")
    for path in ours | {os.path.join(folder, MARKER)}:
        if os.path.exists(path):
            os.remove(path)
    levels = pa.array(list(SEGMENTS), type=pa.string())
    weights = 1 / np.arange(5, 5 + len(SEGMENTS))  # unequal segment sizes
    weights /= weights.sum()
    first = np.datetime64("2024-01-01T00:00:00", "us").astype(np.int64)
    span = np.datetime64("2026-01-01T00:00:00", "us").astype(np.int64) - first
    schema = pa.schema([("segment", pa.string()), ("answered_at", pa.timestamp("us")), ("nps_score", pa.int8())])
    start, missing = time.perf_counter(), 0
    per_file = [rows // files + (i < rows % files) for i in range(files)]
    for i, file_rows in enumerate(per_file):
        with pq.ParquetWriter(os.path.join(folder, f"part-{i:03d}.parquet"), schema) as writer:
            for j, chunk_start in enumerate(range(0, file_rows, chunk_rows)):
                n = min(chunk_rows, file_rows - chunk_start)
                rng = np.random.default_rng([seed, i, j])
                segment = levels.take(pa.array(rng.choice(len(SEGMENTS), size=n, p=weights).astype(np.int32)))
                answered = (first + rng.integers(0, span, n)).astype("datetime64[us]")
                score = rng.choice(11, size=n, p=SHARES).astype(np.int8)
                mask = rng.random(n) < MISSING
                missing += int(mask.sum())
                writer.write_table(pa.table([segment, pa.array(answered), pa.array(score, mask=mask)],
                                            schema=schema))
    with open(os.path.join(folder, MARKER), "w") as f:
        json.dump({"rows": rows, "files": files, "seed": seed, "format": FORMAT}, f)
    size = sum(os.path.getsize(p) for p in parquet_files(folder))
    return {"seconds": time.perf_counter() - start, "missing": missing, "bytes": size}


def _summarize_groups(table: pd.DataFrame) -> dict:
    return table_counts(table, ["segment", "period"])


def one_measurement(name: str, folder: str) -> dict:
    """One run of one Parquet measurement, in this (fresh) process."""
    pattern = os.path.join(folder, "*.parquet")
    kwargs = dict(metric="nps", score="nps_score", by="segment", period="M", date="answered_at")
    extra = {}
    if name == "duckdb":
        import duckdb

        query = (f"SELECT segment, date_trunc('month', answered_at), nps_score, count(*) "
                 f"FROM read_parquet('{pattern}') GROUP BY ALL")
        before = current_rss_bytes()
        reset_peak_rss()
        start = time.perf_counter()
        rows = duckdb.sql(query).fetchall()
        seconds = time.perf_counter() - start
        peak = peak_rss_bytes()
        groups = nps_counts((f"{s}|{str(m)[:7]}", a, c) for s, m, a, c in rows)
    elif name == "cxkit-duckdb":
        import duckdb

        before = current_rss_bytes()
        reset_peak_rss()
        start = time.perf_counter()
        table = cx.summarize(duckdb.read_parquet(pattern), **kwargs)
        seconds = time.perf_counter() - start
        peak = peak_rss_bytes()
        groups = _summarize_groups(table)
        extra["rows"] = len(table)
    elif name == "cxkit-dask":
        import logging

        import dask.dataframe as dd
        from distributed import Client, LocalCluster

        logging.getLogger("distributed").setLevel(logging.ERROR)
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
                Client(cluster) as client:
            workers_before = client.run(current_rss_bytes)
            client.run(reset_peak_rss)
            before = current_rss_bytes()
            reset_peak_rss()
            start = time.perf_counter()
            table = cx.summarize(dd.read_parquet(folder), **kwargs)
            seconds = time.perf_counter() - start
            peak = peak_rss_bytes()
            workers_peak = client.run(peak_rss_bytes)
        extra["workers_growth"] = sum(workers_peak[w] - workers_before[w] for w in workers_before)
        groups = _summarize_groups(table)
        extra["rows"] = len(table)
    else:
        raise SystemExit(f"unknown measurement {name!r}")
    return {"name": name, "seconds": seconds, "growth": peak - before, "peak": peak, "ru_maxrss": maxrss_bytes(),
            "groups": groups, **extra}


def run_child(args, *extra) -> dict:
    command = [sys.executable, os.path.abspath(__file__), *extra, "--parquet-dir", args.parquet_dir,
               "--parquet-rows", str(args.parquet_rows), "--parquet-files", str(args.parquet_files)]
    done = subprocess.run(command, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode or not lines:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{' '.join(command)} failed (exit {done.returncode})")
    return json.loads(lines[-1][len(RESULT):])


def bench_parquet(args) -> list:
    folder, rows = args.parquet_dir, args.parquet_rows
    if existing_rows(folder, rows, args.parquet_files, args.seed):
        print(f"2. Parquet: reusing {rows:,} answers in {args.parquet_files} files under {folder}")
    else:
        print(f"2. Parquet: writing {rows:,} answers as {args.parquet_files} files under {folder} ...", flush=True)
        made = run_child(args, "--one", "generate")
        print(f"   written in {made['seconds']:.1f} s, {made['bytes'] / MIB:,.0f} MiB on disk, "
              f"generator peak RSS {made['peak'] / MIB:,.0f} MiB")
    size = sum(os.path.getsize(p) for p in parquet_files(folder))
    print(f"   {rows:,} answers, {size / MIB:,.0f} MiB; each run is a fresh subprocess; time: best of the runs, "
          f"memory: largest growth of peak RSS over the RSS before the call", flush=True)
    names = ["duckdb", "cxkit-duckdb"] + ([] if args.skip_dask else ["cxkit-dask"])
    runs = {name: [] for name in names}
    for r in range(args.repeats):  # alternate the measurements, as in part 1
        for name in names:
            if name == "cxkit-dask" and r >= args.dask_repeats:
                continue
            runs[name].append(run_child(args, "--one", name))
    best = {name: min(rs, key=lambda x: x["seconds"]) for name, rs in runs.items()}
    reference = best["duckdb"]["groups"]
    duck_total = sum(sum(v) for v in reference.values())
    if duck_total != rows:
        raise AssertionError(f"DuckDB counted {duck_total:,} rows, the files hold {rows:,}")
    for name in names:
        for run in runs[name]:
            if run["groups"] != reference:
                raise AssertionError(f"{name}: per-group counts differ from DuckDB's")
    for name in names[1:]:
        if best[name]["rows"] != 50 * 24:
            raise AssertionError(f"{name}: {best[name]['rows']} groups, expected 50 segments x 24 months")
    answered = sum(sum(v[:3]) for v in reference.values())
    print(f"   counts checked: every run's per-group counts equal DuckDB's; n = {answered:,} answered + "
          f"{rows - answered:,} missing = {rows:,} rows; {len(reference):,} groups")
    t_duck = best["duckdb"]["seconds"]
    growth = {name: max(r["growth"] + r.get("workers_growth", 0) for r in rs) for name, rs in runs.items()}
    peak = {name: max(r["peak"] for r in rs) for name, rs in runs.items()}
    labels = {"duckdb": "DuckDB GROUP BY ALL on read_parquet",
              "cxkit-duckdb": "cx.summarize(duckdb.read_parquet(...))",
              "cxkit-dask": "cx.summarize(dd.read_parquet(dir)), Dask 2x1"}
    print(f"   {'measurement':<46} {'runs':>4} {'time':>8}   {'ratio to DuckDB':<38} {'peak growth':>11} "
          f"{'peak RSS':>9}")
    results = []
    for name in names:
        ratio = best[name]["seconds"] / t_duck
        target = PARQUET_TIME_TARGET if name == "cxkit-duckdb" else None
        memory = f"{growth[name] / MIB:8,.0f}MiB {peak[name] / MIB:6,.0f}MiB"
        if name == "cxkit-duckdb":
            memory += f" (target growth < 1 GiB: {'met' if growth[name] < PARQUET_MEMORY_TARGET else 'MISSED'})"
        if name == "cxkit-dask":
            memory += " (client + workers' growth; client peak)"
        print(f"   {labels[name]:<46} {len(runs[name]):>4} {best[name]['seconds']:7.2f}s   "
              f"{'-' if name == 'duckdb' else fmt_ratio(ratio, target):<38} {memory}", flush=True)
        if name != "duckdb":
            results.append({"name": f"2 {labels[name]}", "cxkit": best[name]["seconds"], "baseline": t_duck,
                            "ratio": ratio, "target": target})
    results.append({"name": "2 cx.summarize(duckdb) peak growth", "memory": growth["cxkit-duckdb"],
                    "baseline_memory": growth["duckdb"], "target_memory": PARQUET_MEMORY_TARGET})
    return results


# --------------------------------------------------------------------------- part 3: the monthly report

def bench_report(args) -> list:
    """``cxkit report monthly`` on the Parquet folder: time and peak memory of the whole process tree.

    The command runs as a subprocess (it starts a notebook kernel of its own);
    its peak is ``ru_maxrss`` of the children (the largest process of the tree:
    the command or its kernel), against a trivial papermill-free baseline
    DuckDB query on the same files timed in the same run.
    """
    import shutil
    import subprocess
    import tempfile

    month = _last_full_month(args.parquet_dir)
    out = tempfile.mkdtemp(prefix="cxkit-bench-report-")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "cxkit", "report", "monthly", "--data", args.parquet_dir,
                          "--month", month, "--output-dir", out], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    shutil.rmtree(out, ignore_errors=True)
    if run.returncode != 0:
        raise AssertionError(f"cxkit report failed ({run.returncode}): {run.stderr[-2000:]}")
    baseline = run_child(args, "--one", "duckdb")["seconds"]
    print(f"3. cxkit report monthly --data {args.parquet_dir} --month {month}: {seconds:.1f} s "
          f"({seconds / baseline:.1f}x one DuckDB GROUP BY over the files, {baseline:.2f} s), "
          f"peak RSS of the largest process {peak / MIB:,.0f} MiB"
          + ("" if before * 1024 < peak else " (an earlier child was larger)"), flush=True)
    return [{"name": "3 monthly report on the Parquet folder", "cxkit": seconds, "baseline": baseline,
             "ratio": seconds / baseline, "target": None}]


def _last_full_month(folder: str) -> str:
    import duckdb

    last = duckdb.sql(f"SELECT max(answered_at) FROM read_parquet('{folder}/*.parquet')").fetchall()[0][0]
    return f"{last.year:04d}-{last.month:02d}"


# --------------------------------------------------------------------------- summary and main

def print_summary(results: list) -> None:
    print("\nSummary (ratios against baselines timed in this run)")
    print(f"   {'measurement':<52} {'cxkit':>9} {'baseline':>9} {'ratio':>8}   target")
    for r in results:
        if "memory" in r:
            met = "met" if r["memory"] < r["target_memory"] else "MISSED"
            print(f"   {r['name']:<52} {r['memory'] / MIB:6,.0f}MiB {r['baseline_memory'] / MIB:6,.0f}MiB "
                  f"{r['memory'] / r['baseline_memory']:7.2f}x   < {r['target_memory'] / MIB:,.0f} MiB: {met}")
            continue
        if r["target"] is None:
            verdict = "none"
        else:
            verdict = f"<= {r['target']:g}x: " + ("met" if r["ratio"] <= r["target"] else
                                                 f"MISSED ({r['ratio'] / r['target']:.2f}x the target)")
        print(f"   {r['name']:<52} {r['cxkit']:8.3f}s {r['baseline']:8.3f}s {r['ratio']:7.2f}x   {verdict}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="answers in memory (part 1)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement; the best time counts")
    parser.add_argument("--layouts", nargs="*", choices=LAYOUTS, default=list(LAYOUTS), help="part 1 layouts")
    parser.add_argument("--skip-parquet", action="store_true", help="run part 1 only")
    parser.add_argument("--skip-dask", action="store_true", help="leave Dask out of part 2")
    parser.add_argument("--skip-report", action="store_true", help="leave out part 3 (the monthly report)")
    parser.add_argument("--dask-repeats", type=int, default=None, help="runs of the Dask measurement "
                        "(default: --repeats)")
    parser.add_argument("--parquet-rows", type=int, default=100_000_000)
    parser.add_argument("--parquet-files", type=int, default=20)
    parser.add_argument("--parquet-dir", default="/tmp/cxkit-bench-parquet")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", choices=("generate", "duckdb", "cxkit-duckdb", "cxkit-dask"),
                        help=argparse.SUPPRESS)  # one run in this process (the parent starts these)
    args = parser.parse_args(argv)
    args.dask_repeats = args.repeats if args.dask_repeats is None else args.dask_repeats
    if args.one == "generate":
        made = generate_parquet(args.parquet_dir, args.parquet_rows, args.parquet_files, args.seed)
        print(RESULT + json.dumps({**made, "peak": peak_rss_bytes()}))
        return 0
    if args.one:
        warnings.simplefilter("ignore")
        print(RESULT + json.dumps(one_measurement(args.one, args.parquet_dir)))
        return 0
    started = time.perf_counter()
    results = bench_layouts(args.rows, args.repeats, args.layouts) if args.layouts else []
    if not args.skip_parquet:
        print()
        results += bench_parquet(args)
        if not args.skip_report:
            print()
            results += bench_report(args)
    print_summary(results)
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
