"""Confidence intervals for the mean of a rating scale (CES mean, CLI).

Methods
-------
``"t"`` (default)
    Student's t interval ``mean +/- t(n-1) * s / sqrt(n)``; identical to
    ``scipy.stats.t.interval(cl, n - 1, loc=mean, scale=sem)``.
``"bootstrap"``
    BCa bootstrap resampling the answer counts (:mod:`.bootstrap`).

Both are clipped to the answer scale and contain the sample mean (the
bootstrap's percentiles may miss it at low levels; its near bound is then
moved to the mean, see :func:`cxkit.stats.numeric.contain`); every bound is
finite for every confidence level in (0, 1) once ``n >= 1``. Where they are undefined or collapse
(one answer, or every answer equal, so ``s = 0``), cxkit falls back to
Hoeffding's interval ``mean +/- (max - min) * sqrt(log(2 / alpha) / (2 n))``,
which holds for any distribution on a bounded scale and never has zero width;
the result's ``method`` then reads ``"hoeffding"``.

Sources
-------
- Student (1908). The probable error of a mean. Biometrika 6, 1-25.
- Hoeffding, W. (1963). Probability inequalities for sums of bounded random
  variables. JASA 58, 13-30.
- Efron, B. (1987). Better bootstrap confidence intervals. JASA 82, 171-185.
"""

from __future__ import annotations

import numpy as np
from scipy.special import stdtr, stdtrit

from .numeric import as_float_array, contain
from .bootstrap import bca_interval_from_counts
from ..errors import CxkitValueError

MEAN_METHODS = ("t", "bootstrap")


def t_interval(mean, sd, n, *, confidence_level: float = 0.95):
    """Student t interval; NaN where ``n < 2``.

    The quantile is taken as ``-t(df, alpha/2)`` rather than
    ``t(df, 1/2 + level/2)``, which keeps its precision for levels close to 1.
    """
    mean, sd, n = (as_float_array(v) for v in (mean, sd, n))
    alpha = 1.0 - np.asarray(confidence_level, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        df = np.where(n >= 2, n - 1, np.nan)
        half = -stdtrit(df, alpha / 2) * sd / np.sqrt(n)
    return mean - half, mean + half


def hoeffding_interval(mean, n, *, lowest: float, highest: float, confidence_level: float = 0.95):
    """Hoeffding's distribution-free interval for a mean of answers in [lowest, highest]."""
    mean, n = as_float_array(mean), as_float_array(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = (highest - lowest) * np.sqrt(np.log(2.0 / (1.0 - confidence_level)) / (2.0 * n))
    return np.clip(mean - half, lowest, highest), np.clip(mean + half, lowest, highest)


def mean_and_sd_from_counts(values, counts):
    """Mean, sample standard deviation (ddof=1) and n of each row of ``counts``."""
    counts = np.atleast_2d(as_float_array(counts))
    values = np.broadcast_to(as_float_array(values), counts.shape)
    n = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = (counts * values).sum(axis=1) / n
        ss = (counts * (values - mean[:, None]) ** 2).sum(axis=1)
        sd = np.sqrt(ss / (n - 1))
    return mean, sd, n


def mean_interval(values, counts, *, lowest: float, highest: float, confidence_level: float = 0.95,
                  method: str = "t", n_resamples: int = 10_000, rng=None):
    """Interval for the mean of answers given as value counts, per group.

    Returns
    -------
    low, high : ndarray of float
    methods : ndarray of str
        ``method`` where it applied, ``"hoeffding"`` where it fell back.
    """
    mean, sd, n = mean_and_sd_from_counts(values, counts)
    if method == "t":
        low, high = t_interval(mean, sd, n, confidence_level=confidence_level)
    elif method == "bootstrap":
        low, high = bca_interval_from_counts(values, counts, confidence_level=confidence_level,
                                             n_resamples=n_resamples, rng=rng)
    else:  # pragma: no cover - the public layer checks the name first
        raise CxkitValueError(f"method ({method!r}) must be one of {MEAN_METHODS}.")
    degenerate = (n > 0) & ~(sd > 0)
    h_low, h_high = hoeffding_interval(mean, n, lowest=lowest, highest=highest,
                                       confidence_level=confidence_level)
    # BCa percentiles may miss the mean at low levels, and the bootstrap's own
    # mean may differ from ``mean`` in the last bit: the interval must contain
    # the reported estimate exactly.
    low, high = contain(np.clip(low, lowest, highest), np.clip(high, lowest, highest), mean)
    low = np.where(degenerate, h_low, low)
    high = np.where(degenerate, h_high, high)
    methods = np.where(degenerate, "hoeffding", method)
    return low, high, methods


def t_test_p(mean, sd, n, mu0):
    """Two-sided one-sample t-test p-value of ``mean = mu0``, the test the t interval inverts.

    ``t = (mean - mu0) / (sd / sqrt(n))`` on ``n - 1`` degrees of freedom,
    ``p = 2 T(-|t|)`` (Student 1908; equals ``scipy.stats.ttest_1samp``).
    Computed from the t distribution's tail directly, so it is exact far below
    1e-12. NaN where the test is undefined (``n < 2`` or ``sd = 0``: cxkit
    then uses Hoeffding's interval, see :func:`hoeffding_test_p`).
    """
    mean, sd, n, mu0 = np.broadcast_arrays(*(as_float_array(v) for v in (mean, sd, n, mu0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.abs(mean - mu0) / (sd / np.sqrt(n))
        p = 2.0 * stdtr(n - 1, -t)
    p = np.where((n >= 2) & (sd > 0), p, np.nan)
    return float(p) if p.ndim == 0 else p


def hoeffding_test_p(mean, n, mu0, *, lowest: float, highest: float):
    """Two-sided p-value that inverts :func:`hoeffding_interval`: ``min(1, 2 exp(-2 n (gap / range)^2))``.

    Hoeffding (1963), Theorem 2 with a union bound over both tails: the
    interval at level ``1 - alpha`` reaches ``mu0`` exactly when
    ``alpha = 2 exp(-2 n (mean - mu0)^2 / (highest - lowest)^2)``. NaN where
    ``n`` is 0.
    """
    mean, n, mu0 = np.broadcast_arrays(*(as_float_array(v) for v in (mean, n, mu0)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = np.minimum(1.0, 2.0 * np.exp(-2.0 * n * ((mean - mu0) / (highest - lowest)) ** 2))
    p = np.where(n > 0, p, np.nan)
    return float(p) if p.ndim == 0 else p
