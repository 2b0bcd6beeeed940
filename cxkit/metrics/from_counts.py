"""Survey metrics computed from answer counts, vectorised over groups.

Each function takes a count table (one row per group; integer counts, or
float effective counts for weighted data) and returns a dict of
equal-length arrays -- ``value, low, high, n, method`` plus the metric's
details -- in the metric's unit (NPS points, percent, scale units). The
single-sample functions (:mod:`cxkit.metrics.estimate`), the grouped tables
(:mod:`cxkit.tables.summarize`) and the comparisons are all built on
:func:`metric_table`, so a grouped row always equals the metric computed on
that group alone.
"""

from __future__ import annotations

import numpy as np

from ..stats import mean_interval, nps_interval, proportion_interval
from ..stats.mean import mean_and_sd_from_counts
from ..stats.weighting import effective_counts
from .registry import SMALL_SAMPLE_SIZE, Metric

__all__ = ["SMALL_SAMPLE_SIZE", "metric_table", "nps_from_categories", "share_from_counts", "mean_from_counts"]

def nps_from_categories(categories, *, confidence_level, method, n_resamples=10_000, rng=None) -> dict:
    """NPS table from (groups x 3) counts of detractors, passives, promoters."""
    cat = np.atleast_2d(np.asarray(categories))  # float for weighted (effective) counts
    d, pa, p = cat[:, 0], cat[:, 1], cat[:, 2]
    n = cat.sum(axis=1)
    low, high = nps_interval(d, pa, p, confidence_level=confidence_level, method=method,
                             n_resamples=n_resamples, rng=rng)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = 100.0 * (cat / n[:, None])
    return {
        "value": shares[:, 2] - shares[:, 0],
        "low": 100.0 * low,
        "high": 100.0 * high,
        "n": n,
        "method": np.full(len(n), method, dtype=object),
        "detractors": d,
        "passives": pa,
        "promoters": p,
        "detractors_share": shares[:, 0],
        "passives_share": shares[:, 1],
        "promoters_share": shares[:, 2],
        "degenerate": (cat == n[:, None]).any(axis=1),
    }


def share_from_counts(successes, n, *, confidence_level, method) -> dict:
    """Share (percent) of answers in the chosen top categories, with interval."""
    successes = np.atleast_1d(np.asarray(successes))
    n = np.atleast_1d(np.asarray(n))
    low, high = proportion_interval(successes, n, confidence_level=confidence_level, method=method)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 100.0 * (successes / n)  # as the bounds: 100 * (share), to the last digit
    return {
        "value": value,
        "low": 100.0 * low,
        "high": 100.0 * high,
        "n": n,
        "method": np.full(len(n), method, dtype=object),
        "successes": successes,
        "degenerate": (successes == 0) | (successes == n),
    }


def mean_from_counts(values, counts, *, lowest, highest, confidence_level, method,
                     n_resamples=10_000, rng=None) -> dict:
    """Mean answer with interval from (groups x k) counts of the answer ``values``."""
    counts = np.atleast_2d(np.asarray(counts))
    values = np.asarray(values, dtype=float)
    mean, sd, n = mean_and_sd_from_counts(values, counts)
    low, high, methods = mean_interval(values, counts, lowest=lowest, highest=highest,
                                       confidence_level=confidence_level, method=method,
                                       n_resamples=n_resamples, rng=rng)
    return {
        "value": mean,
        "low": low,
        "high": high,
        "n": n,
        "method": methods.astype(object),
        "sd": sd,
        "degenerate": (counts == n[:, None]).any(axis=1),
    }


def metric_table(metric: Metric, counts, *, confidence_level: float, method: str, values=None,
                 squared=None, n_answers=None, n_resamples: int = 10_000, rng=None) -> dict:
    """Metric columns from a (groups x answer values) count table; weighted when ``squared`` is given.

    ``counts`` has one column per point of ``metric.scale`` (or per entry of
    ``values``, the CLI's respondent means); ``squared`` holds the sums of
    squared weights in the same layout and ``n_answers`` the unweighted
    number of answers per group, for the with-replacement factor n/(n-1) of
    the linearised standard error (see :mod:`cxkit.stats.weighting`).
    """
    cats, scores = metric.collapse(counts, values)
    extra = {}
    if squared is not None:
        sq_cats, _ = metric.collapse(squared, values)
        cats, se, n_kish = effective_counts(cats.astype(float), sq_cats.astype(float), scores,
                                            n_answers=n_answers)
        unit = 100.0 if metric.kind in ("nps", "share") else 1.0
        extra = {"n_effective": n_kish, "se": unit * se}
    if metric.kind == "nps":
        table = nps_from_categories(cats, confidence_level=confidence_level, method=method,
                                    n_resamples=n_resamples, rng=rng)
    elif metric.kind == "share":
        table = share_from_counts(cats[:, 1], cats.sum(axis=1), confidence_level=confidence_level, method=method)
    else:
        table = mean_from_counts(scores, cats, lowest=metric.scale[0], highest=metric.scale[1],
                                 confidence_level=confidence_level, method=method,
                                 n_resamples=n_resamples, rng=rng)
    table.update(extra)
    return table
