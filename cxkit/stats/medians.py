"""The standard error of a median and the difference of two medians (a median's change between months).

Pure numpy/scipy on plain arrays, vectorised over groups where the input is
already a summary.

Methods
-------
``median_standard_error``
    Distribution-free standard error of a sample median from the two order
    statistics around it (McKean & Schrader 1984, Communications in
    Statistics - Simulation and Computation 13(6), 751-773; in the form of
    Bonett & Price 2002, Psychological Methods 7(3), 370-383, eq. 5)::

        c  = round(n/2 - sqrt(n)), at least 1
        z* = Phi^-1(1 - P(Bin(n, 1/2) <= c - 1))
        SE = (x_(n-c+1) - x_(c)) / (2 z*)

    ``[x_(c), x_(n-c+1)]`` is the exact order-statistic interval whose
    coverage is ``1 - 2 P(Bin(n, 1/2) <= c - 1)``; read as ``median +- z* SE``
    it gives the SE without a density estimate. Ties are assumed rare
    (waits measured in seconds). Needs ``n >= 2``.
``interval_standard_error``
    The SE read back from a median's own interval at ``level``:
    ``(high - low) / (2 z_(1-alpha/2))``. Used for a Kaplan-Meier median
    (Brookmeyer & Crowley 1982, Biometrics 38, 29-41, interval), whose
    censored data have no order-statistic pair; a normal approximation,
    undefined (``nan``) when a bound is infinite.

Below :data:`MIN_N_ORDER_STATISTICS` (:data:`MIN_N_KAPLAN_MEIER` with
censored values) the normal approximation is too rough for a test (the
false-alarm rate at a 5 % level reaches 20 % for two values): callers give
no standard error there, and the change is shown without a test.
``median_difference``
    Bonett & Price (2002), eq. 2 and 6, for two independent medians:
    ``d = m1 - m2``, interval ``d +- z_(1-alpha/2) sqrt(SE1^2 + SE2^2)``, and
    the Wald test of ``d = 0``, ``p = 2 Phi(-|d| / SE)``. Reference values:
    R package statpsych, ``ci.median2`` (Bonett's own implementation).
"""

from __future__ import annotations

import numpy as np
from scipy.special import bdtr, ndtr, ndtri

from ..errors import CxkitValueError
from .numeric import z_value

#: Fewest values a median needs before its standard error is used for a test. Simulated against a
#: month of 300 (bench/median_difference_coverage.py, exponential and log-normal waits): the test of
#: "no change" rejects 20 % of the time at n = 2, 7 % at n = 5, 4-5 % from n = 10 (order statistics);
#: with unanswered tickets (Kaplan-Meier) 19 % at n = 5, 6.5 % at n = 10, 5.5-6 % from n = 20.
MIN_N_ORDER_STATISTICS = 10
MIN_N_KAPLAN_MEIER = 20


def median_standard_error(values) -> float:
    """McKean-Schrader / Bonett-Price standard error of the median of ``values`` (see the module docstring).

    ``values``: finite numbers, at least two. Returns a float (0 when the two
    order statistics are tied).
    """
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    if n < 2 or not np.isfinite(x).all():
        raise CxkitValueError(f"median_standard_error needs at least 2 finite values; got {n} value(s)"
                              f"{'' if np.isfinite(x).all() else ' with NaN or infinite ones'}.")
    c = max(1, int(round(n / 2 - np.sqrt(n))))
    z_star = float(ndtri(1.0 - float(bdtr(c - 1, n, 0.5))))
    return float((x[n - c] - x[c - 1]) / (2.0 * z_star))


def interval_standard_error(low, high, *, confidence_level: float = 0.95):
    """``(high - low) / (2 z)``: the SE a symmetric normal interval at ``confidence_level`` would have had
    (``nan`` where a bound is not finite). Vectorised."""
    low, high = np.asarray(low, dtype=float), np.asarray(high, dtype=float)
    width = np.where(np.isfinite(low) & np.isfinite(high), high - low, np.nan)
    se = width / (2.0 * z_value(confidence_level))
    return float(se) if se.ndim == 0 else se


def median_difference(median1, se1, median2, se2, *, confidence_level: float = 0.95):
    """Difference of two independent medians ``median1 - median2`` with its interval and two-sided p-value.

    Bonett & Price (2002); vectorised over arrays of medians and standard
    errors. Where the combined SE is 0 or not finite there is no test: the
    bounds and p are ``nan``.

    Returns
    -------
    difference, low, high, p_value : float or ndarray
    """
    m1, m2 = np.asarray(median1, dtype=float), np.asarray(median2, dtype=float)
    s1, s2 = np.asarray(se1, dtype=float), np.asarray(se2, dtype=float)
    if np.any(s1 < 0) or np.any(s2 < 0):
        raise CxkitValueError("median_difference: standard errors must be >= 0.")
    difference = m1 - m2
    se = np.sqrt(s1 ** 2 + s2 ** 2)
    usable = np.isfinite(se) & (se > 0) & np.isfinite(difference)
    se = np.where(usable, se, np.nan)
    z = z_value(confidence_level)
    low, high = difference - z * se, difference + z * se
    p = np.where(usable, 2.0 * ndtr(-np.abs(difference) / np.where(usable, se, 1.0)), np.nan)
    out = (difference, low, high, p)
    return tuple(float(v) for v in out) if difference.ndim == 0 else out
