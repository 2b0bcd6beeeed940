"""Survey metrics computed from answer counts, vectorised over groups.

Each function takes a count table (one row per group; integer counts, or
float effective counts for weighted data) and returns a dict of
equal-length arrays -- ``value, low, high, n, method`` plus the metric's
details -- in the metric's unit (NPS points, percent, scale units). The
single-sample functions in :mod:`cxkit.metrics.survey` and the grouped tables
of later modules are both built on these, so a grouped row always equals the
metric computed on that group alone.
"""

from __future__ import annotations

import numpy as np

from ..stats import mean_interval, nps_interval, proportion_interval
from ..stats.mean import mean_and_sd_from_counts

#: Samples smaller than this are flagged as small (warning or flag column).
SMALL_SAMPLE_SIZE = 30

NPS_SCALE = (0, 10)


def nps_categories(counts_0_10: np.ndarray) -> np.ndarray:
    """Collapse 0..10 answer counts (groups x 11) into detractors, passives, promoters."""
    counts = np.atleast_2d(counts_0_10)
    return np.stack(
        [counts[:, 0:7].sum(axis=1), counts[:, 7:9].sum(axis=1), counts[:, 9:11].sum(axis=1)], axis=1
    )


def nps_from_categories(categories, *, confidence_level, method, n_resamples=10_000, rng=None) -> dict:
    """NPS table from (groups x 3) counts of detractors, passives, promoters."""
    cat = np.atleast_2d(np.asarray(categories))  # float for weighted (effective) counts
    d, pa, p = cat[:, 0], cat[:, 1], cat[:, 2]
    n = cat.sum(axis=1)
    low, high = nps_interval(d, pa, p, confidence_level=confidence_level, method=method,
                             n_resamples=n_resamples, rng=rng)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = 100.0 * cat / n[:, None]
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
        value = 100.0 * successes / n
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
