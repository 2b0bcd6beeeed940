"""Against a fixed published value: ``cx.compare_benchmark``.

A published benchmark (such as the SurveyMonkey global average NPS of 32) has no stated
interval, so it is treated as a fixed number. The gap ``value - benchmark``
has the estimate's own interval shifted by the benchmark, and the two-sided
p-value inverts that same interval method: it is the ``1 - confidence level``
at which the interval's edge touches the benchmark. So
``p < 1 - confidence_level`` exactly when the interval excludes the
benchmark. Bootstrap intervals are random, so their p-value inverts the
deterministic default of the same family (adjusted Wald for NPS, t for
means). Table rows whose interval fell back to Hoeffding's (every answer
equal) get a NaN p-value: compare that group's Estimate instead, which knows
its scale.

The inversion has a closed form for the report's methods, computed in the
tail (``scipy.special.ndtr`` / ``stdtr`` of minus the statistic), so a
p-value of 1e-40 is 1e-40, not a floor:

- Wilson (shares): the score test, ``z = (p̂ - p0) / sqrt(p0 (1 - p0) / n)``
  (Wilson 1927, JASA 22, 209-212: the interval is the set of p0 it accepts);
- Wald and Rocks' adjusted Wald (NPS): ``z = (centre - b) / se`` with the
  interval's own centre and standard error (Rocks 2016, adjusted counts
  3/4, 3/2, 3/4); a benchmark between that centre and the sample NPS is in
  every interval (they are widened to hold the sample NPS): p = 1;
- Student t (means): the one-sample t-test, ``t = (mean - b) / (sd / sqrt(n))``
  on ``n - 1`` degrees of freedom;
- Hoeffding (means): ``p = 2 exp(-2 n (gap / range)^2)``, capped at 1.

Other methods (Clopper-Pearson, Jeffreys, Agresti-Coull, Wald for shares,
Tango's score and Bayes for the NPS) are inverted numerically: bisection on
``-log10 p`` to 1e-12 (relative error below 1e-9); a p-value under 1e-12 is
reported as 1e-12, an upper bound (a confidence level closer to 1 than that
is lost in floating point).
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ..stats import mean_interval, nps_interval, proportion_interval
from ..stats.nps import nps_variance
from ..stats.numeric import bisect
from scipy.special import ndtr, stdtr, stdtrit
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


#: Smallest p-value the numerical inversion reports (an upper bound below it; see the module docstring).
SMALLEST_INVERTED_P = 1e-12


def _two_sided_normal(statistic) -> np.ndarray:
    """2 P(Z > |statistic|), accurate in the far tail (ndtr of minus the statistic, no 1 - x)."""
    return np.minimum(1.0, 2.0 * ndtr(-np.abs(statistic)))


def _p_closed_form(kind: str, data: dict, method: str, benchmark: np.ndarray):
    """The inverted interval's p-value in closed form (module docstring), or None for other methods."""
    value = np.asarray(data["value"], dtype=float)
    n = np.asarray(data["n"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == "share" and method == "wilson":
            p0 = benchmark / 100
            share = np.asarray(data["successes"], dtype=float) / n
            return _two_sided_normal((share - p0) / np.sqrt(p0 * (1 - p0) / n))
        if kind == "nps" and method in ("wald", "adjusted-wald", "bootstrap"):
            centre, variance = nps_variance(data["detractors"], data["passives"], data["promoters"],
                                            adjusted=method != "wald")
            side = np.where(benchmark < value, 1.0, -1.0)  # the edge that moves towards the benchmark
            distance = np.maximum(side * (100 * centre - benchmark), 0.0)  # 0: inside every interval
            return np.where(distance == 0, 1.0, _two_sided_normal(distance / (100 * np.sqrt(variance))))
        if kind == "mean" and method == "hoeffding":
            spread = np.asarray(data["highest"], dtype=float) - np.asarray(data["lowest"], dtype=float)
            return np.minimum(1.0, 2.0 * np.exp(-2.0 * n * ((value - benchmark) / spread) ** 2))
        if kind == "mean":  # Student t (and the bootstrap's deterministic default)
            t = (value - benchmark) / (np.asarray(data["sd"], dtype=float) / np.sqrt(n))
            return np.minimum(1.0, 2.0 * stdtr(n - 1, -np.abs(t)))
    return None


def _p_by_inversion(kind: str, data: dict, method: str, benchmark: np.ndarray) -> np.ndarray:
    """Two-sided p-value: 1 - the confidence level at which an edge reaches the benchmark."""
    value = np.asarray(data["value"], dtype=float)
    p = _p_closed_form(kind, data, method, benchmark)
    if p is None:
        below = benchmark < value
        size = value.shape

        def reached(decades):  # the interval at 1 - 10**-decades reaches the benchmark
            lo, hi = _bounds(kind, data, 1.0 - 10.0 ** -decades, method)
            return np.where(below, lo <= benchmark, hi >= benchmark)

        top = -math.log10(SMALLEST_INVERTED_P)
        p = 10.0 ** -bisect(reached, np.zeros(size), np.full(size, top), iterations=60)
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
