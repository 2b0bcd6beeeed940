"""Small helpers shared by the interval modules."""

from __future__ import annotations

import numpy as np
from scipy.special import erfinv


def z_value(confidence_level):
    """Two-sided standard normal quantile, 1.959964 for 0.95 (elementwise for arrays).

    Computed as ``sqrt(2) * erfinv(confidence_level)``, which equals
    ``Phi^-1(1/2 + confidence_level/2)`` but keeps full relative precision at
    both ends: ``ndtri(0.5 + cl / 2)`` rounds ``0.5 + cl/2`` to 1 for the
    largest level below 1 (``0.9999999999999999``) and returns ``inf``, and
    loses the level altogether below about 1e-16. Finite for every level in
    ``[0, 1)``.
    """
    z = np.sqrt(2.0) * erfinv(np.asarray(confidence_level, dtype=float))
    return float(z) if z.ndim == 0 else z


def as_float_array(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def bisect(fun, lo, hi, *, iterations: int = 60):
    """Vectorised bisection for a decreasing-to-increasing sign change.

    ``fun(x)`` returns a boolean array: True where ``x`` is at or beyond the
    root (the predicate is False at ``lo`` and True at ``hi``). Returns the
    boundary point, to ``(hi - lo) / 2**iterations``.
    """
    lo = np.array(lo, dtype=float, copy=True)
    hi = np.array(hi, dtype=float, copy=True)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        beyond = fun(mid)
        hi = np.where(beyond, mid, hi)
        lo = np.where(beyond, lo, mid)
    return 0.5 * (lo + hi)


def contain(low, high, estimate):
    """Widen ``[low, high]`` just enough to contain ``estimate`` (NaN bounds stay NaN).

    Used by every interval method as the last step: some intervals are not
    centred on the sample estimate (Jeffreys and Bayes are centred on a
    posterior median, adjusted Wald on an adjusted estimate, BCa on
    bias-corrected percentiles) and at low confidence levels, or in samples of
    a few answers, can miss it. Moving the near bound to the estimate is the
    boundary convention of Clopper-Pearson and of Brown, Cai & DasGupta (2001,
    Statist. Sci. 16, 101-133, sect. 4.1.2) for Jeffreys, applied at every
    estimate; it can only raise coverage.
    """
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    estimate = np.asarray(estimate, dtype=float)
    return np.where(low > estimate, estimate, low), np.where(high < estimate, estimate, high)
