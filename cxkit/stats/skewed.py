"""Intervals for skewed positive quantities (response times, handle times, counts).

Pure numpy/scipy on plain arrays; the callers (:mod:`cxkit.service`) check
inputs and units. Every function returns finite bounds or, where no
distribution-free statement at the level is possible, says so (``inf``).

Methods
-------
``median_interval``
    Exact distribution-free interval for the median from order statistics:
    ``[x_(r), x_(n-r+1)]`` with the largest ``r`` such that
    ``P(Bin(n, 1/2) <= r - 1) <= alpha / 2``; its coverage is
    ``1 - 2 P(Bin(n, 1/2) <= r - 1) >= level`` for every continuous
    distribution (conservative, as the binomial is discrete). Conover (1999),
    Practical Nonparametric Statistics, 3rd ed., sect. 3.2 (the quantile
    test's confidence interval); Hahn & Meeker (1991), Statistical
    Intervals, sect. 5.2. When ``n`` is so small that even ``[x_(1), x_(n)]``
    (coverage ``1 - 2^(1-n)``) falls short of the level, the interval is
    ``[lowest, inf)``: no order statistic can honestly bound it.
``bca_mean_interval``
    BCa bootstrap (Efron 1987, JASA 82, 171-185; Efron & Tibshirani 1993,
    An Introduction to the Bootstrap, ch. 14) of the mean of raw continuous
    values. Bias correction ``z0 = Phi^-1(share of resampled means below the
    estimate, ties counted half)``; jackknife acceleration in closed form: the
    leave-one-out mean is ``(n mean - x_i)/(n - 1)``, so
    ``theta_(.) - theta_(i) = (x_i - mean)/(n - 1)`` and
    ``a = sum (x_i - mean)^3 / (6 [sum (x_i - mean)^2]^(3/2))`` (Efron &
    Tibshirani eq. 14.15). Resamples are drawn in chunks of at most
    ``_CELLS_PER_CHUNK`` indices, so memory stays bounded for any ``n``.
``cox_interval``
    Modified Cox interval for the mean of log-normal data: with ``y = log x``,
    ``exp(ybar + s^2/2 +/- t(n-1) sqrt(s^2/n + s^4/(2(n-1))))`` around the
    log-normal estimate ``exp(ybar + s^2/2)``. Olsson, U. (2005). Confidence
    intervals for the mean of a log-normal distribution. Journal of
    Statistics Education 13(1); Land (1972) for the original Cox method.
``geometric_mean_interval``
    Student t interval of the mean of ``log x``, exponentiated: an interval
    for the geometric mean (the median of a log-normal), exact under
    log-normality (Student 1908; e.g. Limpert, Stahel & Abbt 2001, BioScience
    51(5), 341-352).
``poisson_interval``
    Garwood's exact (central) interval for a Poisson mean from a count ``k``:
    ``[chi2(alpha/2; 2k)/2, chi2(1 - alpha/2; 2k + 2)/2]``, lower 0 at
    ``k = 0``. Garwood, F. (1936). Fiducial limits for the Poisson
    distribution. Biometrika 28, 437-442.
"""

from __future__ import annotations

import numpy as np
from scipy.special import bdtr, gammainccinv, gammaincinv, ndtr, ndtri, stdtrit

from .numeric import z_value

#: Resampled indices held in memory at once by the bootstrap (resamples x n).
_CELLS_PER_CHUNK = 4_000_000


def _alpha(confidence_level: float) -> float:
    return 1.0 - float(confidence_level)


def median_interval(values, *, confidence_level: float = 0.95, lowest: float = -np.inf):
    """Sample median and its exact order-statistic interval.

    Returns
    -------
    median, low, high, achieved : float
        ``achieved`` is the interval's guaranteed coverage
        ``1 - 2 P(Bin(n, 1/2) <= r - 1)`` (>= ``confidence_level``), or
        ``1.0`` for the ``[lowest, inf)`` fallback of very small samples.
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    alpha = _alpha(confidence_level)
    median = float(np.median(x))
    # tail[j] = P(Bin(n, 1/2) <= j) for j = 0 .. n//2; r - 1 is the largest j with tail <= alpha / 2.
    j = np.arange(0, n // 2 + 1)
    tail = bdtr(j, n, 0.5)
    ok = np.flatnonzero(tail <= alpha / 2)
    if ok.size == 0:
        return median, float(lowest), np.inf, 1.0
    r = int(ok[-1]) + 1  # 1-based order statistic
    r = min(r, (n + 1) // 2)  # never past the middle
    achieved = 1.0 - 2.0 * float(bdtr(r - 1, n, 0.5))
    return median, float(x[r - 1]), float(x[n - r]), achieved


def _bca_percentile(z0: float, zq: float, accel: float, beyond: float) -> float:
    """``Phi(z0 + zq / (1 - a zq))`` (Efron 1987, eq. 2.3); past the pole ``a zq >= 1`` held at ``beyond``."""
    denom = 1.0 - accel * zq
    if denom <= 0:
        return beyond
    return float(ndtr(z0 + zq / denom))


def bca_mean_interval(values, *, confidence_level: float = 0.95, n_resamples: int = 10_000, rng=None):
    """Mean of raw values and its BCa bootstrap interval.

    ``rng``: a numpy Generator, an int seed or None. The interval contains the
    mean (its near bound is moved to the mean if the BCa percentiles miss
    it, which can only happen at very low levels). With one value, or all
    values equal, every resample equals the mean and the interval has zero
    width: the caller must say so.

    Returns
    -------
    mean, low, high : float
    """
    x = np.asarray(values, dtype=float)
    n = x.size
    rng = np.random.default_rng(rng)
    mean = float(x.mean())
    dev = x - mean
    ss = float((dev**2).sum())
    if n < 2 or ss == 0.0:
        return mean, mean, mean
    means = np.empty(n_resamples)
    step = max(1, _CELLS_PER_CHUNK // n)
    for start in range(0, n_resamples, step):
        stop = min(start + step, n_resamples)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = x[idx].mean(axis=1)
    below = ((means < mean).mean() + (means <= mean).mean()) / 2.0
    half = 0.5 / n_resamples
    z0 = float(ndtri(min(max(below, half), 1.0 - half)))
    accel = float((dev**3).sum()) / (6.0 * ss**1.5)
    z = z_value(confidence_level)
    q_low = _bca_percentile(z0, z0 - z, accel, 0.0)
    q_high = _bca_percentile(z0, z0 + z, accel, 1.0)
    low, high = np.quantile(means, [q_low, q_high])
    return mean, float(min(low, mean)), float(max(high, mean))


def _log_moments(values):
    y = np.log(np.asarray(values, dtype=float))
    n = y.size
    return y.mean(), y.var(ddof=1), n


def cox_interval(values, *, confidence_level: float = 0.95):
    """Log-normal estimate of the mean ``exp(ybar + s^2/2)`` and its modified Cox interval.

    ``values`` must be > 0 and at least two. Returns ``estimate, low, high``.
    """
    ybar, s2, n = _log_moments(values)
    centre = ybar + s2 / 2.0
    se = np.sqrt(s2 / n + s2**2 / (2.0 * (n - 1)))
    t = -stdtrit(n - 1, _alpha(confidence_level) / 2.0)
    return float(np.exp(centre)), float(np.exp(centre - t * se)), float(np.exp(centre + t * se))


def geometric_mean_interval(values, *, confidence_level: float = 0.95):
    """Geometric mean ``exp(mean log x)`` and its t interval on the log scale.

    ``values`` must be > 0 and at least two. Returns ``estimate, low, high``.
    """
    ybar, s2, n = _log_moments(values)
    t = -stdtrit(n - 1, _alpha(confidence_level) / 2.0)
    half = t * np.sqrt(s2 / n)
    return float(np.exp(ybar)), float(np.exp(ybar - half)), float(np.exp(ybar + half))


def poisson_interval(count, *, confidence_level: float = 0.95):
    """Garwood's exact interval for a Poisson mean given an observed ``count`` (vectorised).

    Returns ``low, high`` (``low`` is 0 where ``count`` is 0).
    """
    k = np.asarray(count, dtype=float)
    alpha = _alpha(confidence_level)
    # chi2(q; 2k) / 2 is the q quantile of Gamma(k, 1): gammaincinv keeps the lower tail precise,
    # gammainccinv the upper one.
    with np.errstate(invalid="ignore"):
        low = np.where(k > 0, gammaincinv(np.maximum(k, 1e-300), alpha / 2.0), 0.0)
    high = np.asarray(gammainccinv(k + 1.0, alpha / 2.0))
    if low.ndim == 0:
        return float(low), float(high)
    return low, high
