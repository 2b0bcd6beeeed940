"""BCa bootstrap intervals for a mean, computed from answer counts.

A mean over answers on a discrete scale (an NPS is the mean of -1/0/+1
scores; a CES mean the mean of 1..5) depends on the data only through the
count of each answer value. Resampling rows with replacement is then the same
in distribution as drawing the counts from a multinomial with the observed
shares, so we draw ``n_resamples`` count vectors instead of ``n_resamples``
copies of the data: the cost no longer grows with the number of answers.

The interval is Efron's bias-corrected and accelerated (BCa) percentile
interval, as in ``scipy.stats.bootstrap(method="BCa")``: bias correction
``z0 = Phi^-1(share of resampled statistics below the estimate, ties counted half)`` and
acceleration from the jackknife, which for a mean over counts has a closed
form (leaving out one answer of value ``v`` gives ``(n*mean - v)/(n-1)``).

Sources
-------
- Efron, B. (1987). Better bootstrap confidence intervals. JASA 82, 171-185.
- Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap,
  ch. 14 (BCa, jackknife acceleration).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from .numeric import z_value

# Resampled count cells held in memory at once (groups x resamples x values).
_CELLS_PER_CHUNK = 8_000_000


def _quantile_per_column(sorted_draws: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Linear-interpolated quantile ``q[j]`` of column ``j`` (numpy's default rule)."""
    n_rows = sorted_draws.shape[0]
    pos = q * (n_rows - 1)
    below = np.clip(np.floor(pos).astype(int), 0, n_rows - 1)
    above = np.clip(below + 1, 0, n_rows - 1)
    frac = pos - below
    cols = np.arange(sorted_draws.shape[1])
    return sorted_draws[below, cols] * (1 - frac) + sorted_draws[above, cols] * frac


def _bca_level(z0, zq, accel, *, beyond):
    """Percentile ``Phi(z0 + zq / (1 - a zq))`` of the BCa interval (Efron 1987, eq. 2.3).

    The map has a pole at ``a * zq = 1``: as the level grows towards it the
    percentile runs to 0 (lower bound, ``zq < 0``) or 1 (upper bound), and
    past it the formula flips to the other end of the distribution -- a
    known breakdown of BCa at high levels with strong skew. Past the pole the
    percentile is held at its limit ``beyond`` (0 or 1), the widest the
    resamples allow, so the interval keeps growing with the level.
    """
    denom = 1.0 - accel * zq
    with np.errstate(divide="ignore", invalid="ignore"):
        q = ndtr(z0 + zq / denom)
    return np.where(denom > 0, q, beyond)


def _bca_chunk(values, counts, n, theta, confidence_level, n_resamples, rng):
    shares = counts / n[:, None]
    draws = rng.multinomial(n, shares, size=(n_resamples, len(n)))
    theta_b = (draws * values).sum(axis=-1) / n  # (resamples, groups)
    # Ties with the estimate count half, as in scipy.stats.bootstrap: with
    # answers on a discrete scale many resampled means equal the estimate.
    below = ((theta_b < theta).mean(axis=0) + (theta_b <= theta).mean(axis=0)) / 2.0
    # A share of exactly 0 or 1 makes z0 infinite; bound it by half a resample.
    half = 0.5 / n_resamples
    z0 = ndtri(np.clip(below, half, 1 - half))
    # Jackknife acceleration in closed form, each value weighted by its count.
    with np.errstate(divide="ignore", invalid="ignore"):
        theta_jack = (n[:, None] * theta[:, None] - values) / (n[:, None] - 1)
        theta_dot = (counts * theta_jack).sum(axis=1) / n
        dev = theta_dot[:, None] - theta_jack
        num = (counts * dev**3).sum(axis=1)
        den = 6.0 * (counts * dev**2).sum(axis=1) ** 1.5
        accel = np.where(den > 0, num / den, 0.0)
    z = z_value(confidence_level)
    q_low = _bca_level(z0, z0 - z, accel, beyond=0.0)
    q_high = _bca_level(z0, z0 + z, accel, beyond=1.0)
    theta_b.sort(axis=0)
    return _quantile_per_column(theta_b, q_low), _quantile_per_column(theta_b, q_high)


def bca_interval_from_counts(values, counts, *, confidence_level: float = 0.95,
                             n_resamples: int = 10_000, rng=None):
    """BCa interval of the count-weighted mean of ``values``, per group.

    Parameters
    ----------
    values : array_like, shape (k,) or (groups, k)
        The answer value of each count column (e.g. ``[-1, 0, 1]`` for NPS).
    counts : array_like of int, shape (k,) or (groups, k)
        How many answers took each value.
    rng : numpy.random.Generator, int or None
        Source of randomness; an int seeds a new generator.

    Returns
    -------
    low, high : ndarray of float, shape (groups,)
        NaN where a group has no answers. Where all of a group's answers are
        equal (or it has one answer), every resample equals the estimate and
        the interval has zero width: the caller must say so.
    """
    rng = np.random.default_rng(rng)
    counts = np.atleast_2d(np.asarray(counts, dtype=np.int64))
    values = np.broadcast_to(np.asarray(values, dtype=float), counts.shape)
    n = counts.sum(axis=1)
    low = np.full(len(n), np.nan)
    high = np.full(len(n), np.nan)
    idx = np.flatnonzero(n > 0)
    if idx.size == 0:
        return low, high
    theta = (counts[idx] * values[idx]).sum(axis=1) / n[idx]
    step = max(1, _CELLS_PER_CHUNK // (n_resamples * counts.shape[1]))
    for start in range(0, idx.size, step):
        part = slice(start, start + step)
        lo, hi = _bca_chunk(values[idx[part]], counts[idx[part]], n[idx[part]],
                            theta[part], confidence_level, n_resamples, rng)
        low[idx[part]], high[idx[part]] = lo, hi
    return low, high
