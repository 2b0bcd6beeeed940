"""Confidence intervals for a binomial proportion (shares such as CSAT, CSI).

Sources
-------
- Wilson, E. B. (1927). Probable inference, the law of succession, and
  statistical inference. JASA 22, 209-212.
- Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial
  limits illustrated in the case of the binomial. Biometrika 26, 404-413.
- Agresti, A. & Coull, B. A. (1998). Approximate is better than "exact" for
  interval estimation of binomial proportions. Am. Stat. 52, 119-126.
- Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a
  binomial proportion. Statistical Science 16, 101-133 -- the review that
  recommends Wilson or Jeffreys and advises against Wald; the Jeffreys
  boundary convention (lower 0 at x = 0, upper 1 at x = n) is theirs.

The formulas match ``statsmodels.stats.proportion.proportion_confint``
(methods ``wilson``, ``jeffreys``, ``beta``, ``agresti_coull``, ``normal``)
except for the Jeffreys boundary convention above and its extension below.

Every interval contains ``x / n``. Wilson, Clopper-Pearson, Agresti-Coull
and Wald always do; the Jeffreys interval is equal-tailed around the
posterior median of Beta(x + 1/2, n - x + 1/2), which lies between x/n and
1/2, so at low confidence levels (below about 0.1, e.g. x = 1, n = 3 at
0.05) it can exclude x/n. Its near bound is then moved to x/n -- the same
rule as Brown, Cai & DasGupta's boundary convention (bound set to the
estimate 0 or 1 at x = 0 or n), applied wherever the estimate falls
outside; it only raises coverage. Upper tail quantiles use ``betainccinv``
on ``alpha / 2`` rather than ``betaincinv`` on ``1 - alpha / 2`` so levels
close to 1 keep their precision.

The score test matching the Wilson interval (``proportion_score_test_p``):
Wilson (1927); Agresti (2013), Categorical Data Analysis, 3rd ed., sect.
1.4.2. It is the p-value at which the Wilson interval's edge reaches ``p0``,
computed in closed form (no search), so it is exact down to the smallest
double instead of floored by a bisection.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betainccinv, betaincinv, ndtr

from .numeric import as_float_array, contain, z_value
from ..errors import CxkitValueError

SHARE_METHODS = ("wilson", "jeffreys", "clopper-pearson", "agresti-coull", "wald")


def proportion_interval(successes, n, *, confidence_level: float = 0.95, method: str = "wilson"):
    """Two-sided interval for ``successes / n``, on the 0..1 scale.

    Vectorised: ``successes``, ``n`` and ``confidence_level`` broadcast;
    where ``n`` is 0 both bounds are NaN. The caller checks ``method`` and
    ``confidence_level``; for every level in (0, 1) the bounds are finite
    (``n > 0``), within 0..1 and contain ``successes / n``.

    Returns
    -------
    low, high : ndarray of float
    """
    x = as_float_array(successes)
    n = as_float_array(n)
    alpha = 1.0 - np.asarray(confidence_level, dtype=float)  # exact for levels >= 0.5
    z = z_value(confidence_level)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        if method == "wilson":
            denom = 1.0 + z**2 / n
            centre = (p + z**2 / (2 * n)) / denom
            half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
            # Exactly 0 at x = 0 and 1 at x = n (the formula gives them up to rounding).
            low = np.where(x == 0, 0.0, centre - half)
            high = np.where(x == n, 1.0, centre + half)
        elif method == "agresti-coull":
            n_tilde = n + z**2
            p_tilde = (x + z**2 / 2) / n_tilde
            half = z * np.sqrt(p_tilde * (1 - p_tilde) / n_tilde)
            low, high = p_tilde - half, p_tilde + half
        elif method == "wald":
            half = z * np.sqrt(p * (1 - p) / n)
            low, high = p - half, p + half
        elif method == "jeffreys":
            low = betaincinv(x + 0.5, n - x + 0.5, alpha / 2)
            high = betainccinv(x + 0.5, n - x + 0.5, alpha / 2)
            low = np.where(x == 0, 0.0, low)
            high = np.where(x == n, 1.0, high)
        elif method == "clopper-pearson":
            low = np.where(x == 0, 0.0, betaincinv(np.maximum(x, 1e-300), n - x + 1, alpha / 2))
            high = np.where(x == n, 1.0, betainccinv(x + 1, np.maximum(n - x, 1e-300), alpha / 2))
        else:  # pragma: no cover - the public layer checks the name first
            raise CxkitValueError(f"method ({method!r}) must be one of {SHARE_METHODS}.")
        low, high = contain(np.clip(low, 0.0, 1.0), np.clip(high, 0.0, 1.0), p)
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def proportion_score_test_p(successes, n, p0):
    """Two-sided p-value of the score test of ``share = p0``, the test the Wilson interval inverts.

    ``z = (x/n - p0) / sqrt(p0 (1 - p0) / n)`` and ``p = 2 Phi(-|z|)``
    (Wilson 1927; Agresti 2013, Categorical Data Analysis, 3rd ed., sect.
    1.4.2). ``p < 1 - level`` exactly when the Wilson interval at that level
    excludes ``p0``; in closed form, so it is exact far below the 1e-12 that a
    search over levels can reach. At ``p0`` = 0 or 1 the p-value is 1 when the
    sample agrees (x = 0, x = n) and 0 otherwise, as the Wilson interval's edge
    is exactly 0 or 1 there. Vectorised; NaN where ``n`` is 0. ``successes``
    and ``n`` may be effective (non-integer) counts.
    """
    x, n, p0 = np.broadcast_arrays(*(as_float_array(v) for v in (successes, n, p0)))
    if not (np.all(np.isfinite(x) & (x >= 0)) and np.all(np.isfinite(n) & (n >= x))):
        raise CxkitValueError(
            f"successes and n must be finite counts with 0 <= successes <= n; got successes "
            f"{np.asarray(successes)!r} and n {np.asarray(n)!r}."
        )
    if not np.all((p0 >= 0) & (p0 <= 1)):
        raise CxkitValueError(f"p0 must be a share from 0 to 1 (not percent); got {np.asarray(p0)!r}.")
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = x / n - p0
        z = np.abs(gap) / np.sqrt(p0 * (1 - p0) / n)
        p = 2.0 * ndtr(-z)
    edge = (p0 == 0) | (p0 == 1)
    p = np.where(edge, np.where(gap == 0, 1.0, 0.0), p)
    p = np.where(n > 0, p, np.nan)
    return float(p) if p.ndim == 0 else p
