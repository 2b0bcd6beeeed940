"""Speed and memory of cx.summarize against baselines measured in the same run.

    python bench/bench_summarize.py            # 10 million answers, 1,000 groups
    python bench/bench_summarize.py --rows 2000000 --resamples 2000   # quicker

Prints ratios, never absolute targets:

1. NPS with intervals for N answers in 1,000 groups (50 segments x 20
   months) by ``cx.summarize`` against
   a. ``df.groupby([...]).apply`` calling ``cx.nps`` on each group
      (target: summarize at least 20x faster), and
   b. the floor: one bare ``numpy.bincount`` over precomputed int64 codes of
      group x answer, i.e. just the one counting pass (target: within 3x).
      For reference it also prints the bare bincount over group codes alone.
2. NPS bootstrap interval, 10,000 resamples on 1 million answers: cxkit
   (multinomial resampling of the three counts) against
   ``scipy.stats.bootstrap`` on the raw -1/0/+1 scores (target: 100x). scipy's
   BCa needs a leave-one-out jackknife over a million rows (n^2 work), so its
   percentile method -- the same resampling, no jackknife -- is timed: a lower
   bound on scipy's BCa time, so the ratio understates cxkit's advantage.
   scipy's cost grows linearly with resamples, so it is timed at
   ``--scipy-resamples`` (default 200) and scaled to 10,000; pass
   ``--scipy-resamples 10000`` to time it in full (minutes).
3. Peak memory of summarize (tracemalloc, which sees numpy's allocations)
   against the size of the input columns (target: at most 2x).

Answers are generated from a seed: segment and month as categoricals, the
NPS answer as pandas' nullable Int8 with 3 % missing (the compact form a
Parquet file or a database gives). ``--score-dtype float64`` runs the same
with NaN for missing (what read_csv gives).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd
import scipy.stats

import cxkit as cx


def make_answers(rows: int, *, seed: int = 7, score_dtype: str = "Int8") -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    segment = pd.Categorical.from_codes(rng.integers(0, 50, rows, dtype=np.int8),
                                        [f"segment {i:02d}" for i in range(50)])
    month = pd.Categorical.from_codes(rng.integers(0, 20, rows, dtype=np.int8),
                                      [str(p) for p in pd.period_range("2025-01", periods=20, freq="M")])
    shares = np.array([2, 1, 2, 3, 4, 6, 8, 14, 18, 20, 22], dtype=float)
    score = rng.choice(11, size=rows, p=shares / shares.sum()).astype(np.int8)
    missing = rng.random(rows) < 0.03
    if score_dtype == "Int8":
        answers = pd.arrays.IntegerArray(score, missing)
    else:
        answers = np.where(missing, np.nan, score.astype(float))
    return pd.DataFrame({"segment": segment, "month": month, "nps_score": answers})


def best_of(repeats: int, fn):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_grouped(df: pd.DataFrame, repeats: int) -> None:
    by = ["segment", "month"]
    t_summarize, table = best_of(repeats, lambda: cx.summarize(df, metric="nps", score="nps_score", by=by))

    def per_group():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", cx.SmallSampleWarning)
            return df.groupby(by, observed=True)["nps_score"].apply(lambda s: cx.nps(s))

    t_apply, estimates = best_of(1, per_group)
    group = df["segment"].cat.codes.to_numpy().astype(np.int64) * 20 + df["month"].cat.codes.to_numpy()
    answer = df["nps_score"].to_numpy(dtype=np.int64, na_value=11) if df["nps_score"].dtype == "Int8" else \
        np.nan_to_num(df["nps_score"].to_numpy(), nan=11).astype(np.int64)
    cell = group * 12 + answer
    t_floor, _ = best_of(repeats, lambda: np.bincount(cell, minlength=1000 * 12))
    t_groups_only, _ = best_of(repeats, lambda: np.bincount(group, minlength=1000))
    first = estimates.iloc[0]
    row = table.iloc[0]
    assert abs(first.value - row["value"]) < 1e-9 and abs(first.low - row["low"]) < 1e-9, "results differ"
    print(f"1. NPS with intervals, {len(df):,} answers in {len(table):,} groups")
    print(f"   cx.summarize                      {t_summarize * 1e3:9.1f} ms")
    print(f"   groupby().apply(cx.nps)           {t_apply * 1e3:9.1f} ms   summarize is {t_apply / t_summarize:6.1f}x faster (target >= 20x)")
    print(f"   floor: bincount(group x answer)   {t_floor * 1e3:9.1f} ms   summarize takes {t_summarize / t_floor:6.2f}x the floor (target <= 3x)")
    print(f"   bincount(group codes) alone       {t_groups_only * 1e3:9.1f} ms   summarize takes {t_summarize / t_groups_only:6.2f}x it")


def bench_bootstrap(rows: int, resamples: int, scipy_resamples: int) -> None:
    rng = np.random.default_rng(11)
    answers = rng.choice(11, size=rows, p=np.array([2, 1, 2, 3, 4, 6, 8, 14, 18, 20, 22]) / 100)
    t_cx, est = best_of(3, lambda: cx.nps(answers, method="bootstrap", n_resamples=resamples, rng=1))
    scores = np.where(answers >= 9, 1.0, np.where(answers >= 7, 0.0, -1.0))
    # scipy's BCa adds a leave-one-out jackknife over the rows: n^2 work, hours
    # for a million answers. Its percentile method does the same resampling
    # without it, so its time is a lower bound on scipy's BCa time.
    t_scipy, res = best_of(1, lambda: scipy.stats.bootstrap((scores,), np.mean, n_resamples=scipy_resamples,
                                                            method="percentile", vectorized=True, batch=50,
                                                            random_state=np.random.default_rng(1)))
    t_scipy_full = t_scipy * resamples / scipy_resamples
    print(f"2. NPS bootstrap (BCa), {resamples:,} resamples on {rows:,} answers")
    print(f"   cxkit (multinomial on counts)     {t_cx * 1e3:9.1f} ms   interval {est.low:.2f} .. {est.high:.2f}")
    print(f"   scipy.stats.bootstrap (percentile, a lower bound for its BCa) on rows {t_scipy_full * 1e3:9.1f} ms   "
          f"({'timed' if scipy_resamples == resamples else f'timed at {scipy_resamples:,} resamples, scaled'}; "
          f"interval {100 * res.confidence_interval.low:.2f} .. {100 * res.confidence_interval.high:.2f})")
    print(f"   cxkit is {t_scipy_full / t_cx:8.0f}x faster (target >= 100x)")


def bench_memory(df: pd.DataFrame) -> None:
    input_bytes = int(df.memory_usage(deep=True, index=False).sum())
    tracemalloc.start()
    tracemalloc.reset_peak()
    cx.summarize(df, metric="nps", score="nps_score", by=["segment", "month"])
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print("3. Peak memory of cx.summarize (tracemalloc)")
    print(f"   input columns {input_bytes / 2**20:8.1f} MiB, peak while summarizing {peak / 2**20:8.1f} MiB: "
          f"{peak / input_bytes:5.2f}x the input (target <= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--score-dtype", choices=("Int8", "float64"), default="Int8")
    parser.add_argument("--bootstrap-rows", type=int, default=1_000_000)
    parser.add_argument("--resamples", type=int, default=10_000)
    parser.add_argument("--scipy-resamples", type=int, default=200)
    args = parser.parse_args()
    df = make_answers(args.rows, score_dtype=args.score_dtype)
    bench_grouped(df, args.repeats)
    bench_bootstrap(args.bootstrap_rows, args.resamples, args.scipy_resamples)
    bench_memory(df)


if __name__ == "__main__":
    main()
