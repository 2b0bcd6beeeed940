"""Small helpers shared by the interval modules."""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri


def z_value(confidence_level):
    """Two-sided standard normal quantile, 1.959964 for 0.95 (elementwise for arrays)."""
    z = ndtri(0.5 + np.asarray(confidence_level, dtype=float) / 2.0)
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
