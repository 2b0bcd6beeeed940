"""Against a fixed published value: ``cx.compare_benchmark``.

A published benchmark (such as the SurveyMonkey global average NPS of 32) has no stated
interval, so it is treated as a fixed number. The gap ``value - benchmark``
has the estimate's own interval shifted by the benchmark, and the two-sided
p-value is found by inverting that same interval method: it is the
``1 - confidence level`` at which the interval's edge touches the benchmark.
So ``p < 1 - confidence_level`` exactly when the interval excludes the
benchmark -- for Wilson this is the score test, for t the one-sample t-test.
Bootstrap intervals are random, so their p-value inverts the deterministic
default of the same family (adjusted Wald for NPS, t for means). Table rows
whose interval fell back to Hoeffding's (every answer equal) get a NaN
p-value: compare that group's Estimate instead, which knows its scale.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ..stats import mean_interval, nps_interval, proportion_interval
from ..stats.numeric import bisect
from scipy.special import stdtrit
from ..stats.multiple_testing import adjust_p_values
from ..metrics.registry import definition
from ..results import BenchmarkComparison, Estimate
from ..errors import CxkitValueError, CxkitTypeError



def _bounds(kind: str, data: dict, level, method: str):
    """Interval bounds (metric units) of many rows at confidence ``level`` (an array)."""
    if kind == "nps":
        method = "adjusted-wald" if method == "bootstrap" else method
        lo, hi = nps_interval(data["detractors"], data["passives"], data["promoters"], confidence_level=level,
                              method=method)
        return 100 * lo, 100 * hi
    if kind == "share":
        lo, hi = proportion_interval(data["successes"], data["n"], confidence_level=level, method=method)
        return 100 * lo, 100 * hi
    with np.errstate(divide="ignore", invalid="ignore"):
        half = stdtrit(data["n"] - 1, 0.5 + level / 2) * data["sd"] / np.sqrt(data["n"])
        if method == "hoeffding":
            half = (data["highest"] - data["lowest"]) * np.sqrt(np.log(2 / (1 - level)) / (2 * data["n"]))
    return data["value"] - half, data["value"] + half


def _p_by_inversion(kind: str, data: dict, method: str, benchmark: np.ndarray) -> np.ndarray:
    """Two-sided p-value: 1 - the confidence level at which an edge reaches the benchmark."""
    value = np.asarray(data["value"], dtype=float)
    below = benchmark < value
    size = value.shape

    def reached(level):
        lo, hi = _bounds(kind, data, level, method)
        return np.where(below, lo <= benchmark, hi >= benchmark)

    level = bisect(reached, np.full(size, 1e-12), np.full(size, 1 - 1e-12), iterations=50)
    p = 1.0 - level
    p = np.where(value == benchmark, 1.0, p)
    return np.where(np.isnan(value), np.nan, p)


def _rows_from_estimate(est: Estimate) -> tuple[str, dict, str]:
    kind = definition(est.metric).kind
    data = {"value": np.array([est.value]), "n": np.array([est.n], dtype=float)}
    for key in ("detractors", "passives", "promoters", "successes", "sd"):
        if getattr(est, key) is not None:
            data[key] = np.array([getattr(est, key)], dtype=float)
    if kind == "mean":
        lowest, highest = est.scale
        data.update(lowest=np.array([float(lowest)]), highest=np.array([float(highest)]))
    return kind, data, est.method


def _effective_data(kind: str, part: pd.DataFrame) -> dict:
    """Rows of a weighted ``summarize`` table as the effective counts its intervals were built from.

    See :mod:`cxkit.stats.weighting`: the interval used ``n* = sigma^2 / se^2``
    answers with the weighted shares, where ``sigma^2`` is the weighted
    variance of one answer's score (Kish's n where ``se`` is 0).
    """
    value = part["value"].to_numpy(dtype=float)
    # The table's se carries svymean's with-replacement factor n/(n-1); the
    # effective counts behind the interval do not (it cancels in the design effect).
    n = part["n"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(n > 1, np.sqrt((n - 1) / n), 1.0)
    se = part["se"].to_numpy(dtype=float) * factor / (1.0 if kind == "mean" else 100.0)
    n_kish = part["n_effective"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "nps":
            shares = {c: part[f"{c}_share"].to_numpy(dtype=float) / 100 for c in ("detractors", "passives", "promoters")}
            sigma2 = shares["promoters"] + shares["detractors"] - (shares["promoters"] - shares["detractors"]) ** 2
            n_star = np.where(se > 0, sigma2 / se**2, n_kish)
            data = {c: shares[c] * n_star for c in shares}
        elif kind == "share":
            share = value / 100
            n_star = np.where(se > 0, share * (1 - share) / se**2, n_kish)
            data = {"successes": share * n_star}
        else:  # the table's sd has ddof 1 on n*: sd^2 / se^2 = n*^2 / (n* - 1) = r
            sd = part["sd"].to_numpy(dtype=float)
            r = sd**2 / se**2
            n_star = np.where((se > 0) & (r >= 4), (r + np.sqrt(r * (r - 4))) / 2, n_kish)
            data = {"sd": sd}
    data.update(value=value, n=n_star)
    return data


def compare_benchmark(estimate_or_table, benchmark, *, adjust: str = "holm"):
    """Gap between an estimate (or every row of a ``summarize`` table) and a fixed benchmark.

    Returns a :class:`~cxkit.results.BenchmarkComparison` for an Estimate
    (``gap, low, high, p_value, significant``) and, for a table, the table with ``benchmark, gap, gap_low, gap_high,
    p_value, p_adjusted, significant`` added (p-values adjusted across rows).
    """
    if isinstance(benchmark, bool) or not isinstance(benchmark, numbers.Real) or math.isnan(benchmark):
        raise CxkitTypeError(f"benchmark must be a number in the metric's unit (NPS points, percent, scale); got {benchmark!r}.")
    b = float(benchmark)
    if isinstance(estimate_or_table, Estimate):
        est = estimate_or_table
        kind, data, method = _rows_from_estimate(est)
        p = float(_p_by_inversion(kind, data, method, np.array([b]))[0])
        return BenchmarkComparison(metric=est.metric, value=est.value, benchmark=b, gap=est.value - b,
                                   low=est.low - b, high=est.high - b, p_value=p,
                                   confidence_level=est.confidence_level, estimate=est)
    if not isinstance(estimate_or_table, pd.DataFrame):
        raise CxkitTypeError(f"compare_benchmark takes an Estimate or a summarize() table; got {type(estimate_or_table).__name__}.")
    table = estimate_or_table
    needed = {"metric", "value", "low", "high", "n", "method", "confidence_level"}
    if not needed <= set(table.columns):
        raise CxkitValueError(f"the table lacks column(s) {sorted(needed - set(table.columns))}; pass a cx.summarize() table.")
    out = table.copy()
    p = np.full(len(out), np.nan)
    for (metric, method, level), rows in out.groupby(["metric", "method", "confidence_level"], sort=False).groups.items():
        part = out.loc[rows]
        kind = definition(metric).kind
        data = {c: part[c].to_numpy(dtype=float) for c in ("value", "n", "detractors", "passives", "promoters",
                                                           "successes", "sd") if c in part.columns}
        if "se" in part.columns:  # a weighted table: its intervals used effective counts, not n
            data = _effective_data(kind, part)
        if method == "hoeffding":  # the table does not carry the answer scale Hoeffding needs
            continue
        p[out.index.get_indexer(rows)] = _p_by_inversion(kind, data, method, np.full(len(part), b))
    out["benchmark"] = b
    out["gap"] = out["value"] - b
    out["gap_low"] = out["low"] - b
    out["gap_high"] = out["high"] - b
    out["p_value"] = p
    out["p_adjusted"] = adjust_p_values(p, method=adjust)
    out["significant"] = out["p_adjusted"] < 1 - out["confidence_level"]
    return out
