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
except for the Jeffreys boundary convention above.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaincinv

from .numeric import as_float_array, z_value
from ..errors import CxkitValueError

SHARE_METHODS = ("wilson", "jeffreys", "clopper-pearson", "agresti-coull", "wald")


def proportion_interval(successes, n, *, confidence_level: float = 0.95, method: str = "wilson"):
    """Two-sided interval for ``successes / n``, on the 0..1 scale.

    Vectorised: ``successes`` and ``n`` broadcast; where ``n`` is 0 both
    bounds are NaN. The caller checks ``method`` and ``confidence_level``.

    Returns
    -------
    low, high : ndarray of float
    """
    x = as_float_array(successes)
    n = as_float_array(n)
    alpha = 1.0 - confidence_level
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
            high = betaincinv(x + 0.5, n - x + 0.5, 1 - alpha / 2)
            low = np.where(x == 0, 0.0, low)
            high = np.where(x == n, 1.0, high)
        elif method == "clopper-pearson":
            low = np.where(x == 0, 0.0, betaincinv(np.maximum(x, 1e-300), n - x + 1, alpha / 2))
            high = np.where(x == n, 1.0, betaincinv(x + 1, np.maximum(n - x, 1e-300), 1 - alpha / 2))
        else:  # pragma: no cover - the public layer checks the name first
            raise CxkitValueError(f"method ({method!r}) must be one of {SHARE_METHODS}.")
    low = np.clip(low, 0.0, 1.0)
    high = np.clip(high, 0.0, 1.0)
    empty = n == 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)
