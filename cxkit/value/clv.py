"""Customer lifetime value: the source formula, its estimate from transactions, and the BG/NBD + Gamma-Gamma CLV.

- :func:`clv`: CLV = annual revenue per customer x relationship years - CAC,
  the formula of the product's sources (source [004] in the README's list).
- :func:`clv_from_transactions`: the same with the annual revenue estimated
  from a transaction table, with a bootstrap interval over customers.
- :func:`bgnbd_clv`: per-customer discounted expected spend from a BG/NBD
  and a Gamma-Gamma fit (Fader, Hardie & Lee 2005, JMR 42(4)).
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr, ndtri

from ..errors import CxkitTypeError, CxkitValueError
from ..options import check_choice, check_confidence_level, check_positive_int
from ..stats.numeric import z_value
from .bgnbd import BgNbdFit
from .fitting import as_float_array, check_number, check_rfm, check_spend
from .gamma_gamma import GammaGammaFit
from ..results import Details
from .results import ClvEstimate
from .rfm import FREQ_DAYS
from .transactions import check_timestamp, customer_totals, days_since_epoch, rows_text

__all__ = ["clv", "clv_from_transactions", "bgnbd_clv", "bgnbd_clv_interval", "DAYS_PER_YEAR",
           "ratio_bootstrap_interval"]

#: Days in a year of relationship (the Julian year: leap years on average).
DAYS_PER_YEAR = 365.25
# Resampled customer indices held in memory at once.
_CELLS_PER_CHUNK = 4_000_000


def clv(annual_revenue, years, cac):
    """CLV = annual revenue per customer x relationship length in years - CAC (source [004] in the README's list).

    Vectorised: arguments broadcast like numpy arrays; a float comes back when
    all three are scalars. All must be finite and >= 0.

    >>> clv(1200.0, 3, 500.0)
    3100.0
    """
    values = {}
    for name, value in (("annual_revenue", annual_revenue), ("years", years), ("cac", cac)):
        arr = as_float_array(value, name) if np.ndim(value) <= 1 else np.asarray(value, dtype=float)
        negative = arr < 0
        if negative.any():
            raise CxkitValueError(f"{name} has {int(negative.sum())} negative values "
                                  f"({rows_text(np.flatnonzero(negative.ravel()))}); {name} must be >= 0.")
        values[name] = arr
    try:
        out = values["annual_revenue"] * values["years"] - values["cac"]
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in values.items())
        raise CxkitValueError(f"annual_revenue, years and cac must have shapes that broadcast; got {shapes}.") from None
    if all(np.ndim(v) == 0 for v in (annual_revenue, years, cac)):
        return float(out.ravel()[0])
    return out


def ratio_bootstrap_interval(numerators, denominators, *, confidence_level: float, n_resamples: int,
                             method: str, rng):
    """Bootstrap interval of ``sum(numerators) / sum(denominators)``, resampling the pairs (customers).

    ``method="bca"``: Efron's bias-corrected and accelerated percentile
    interval (Efron 1987, JASA 82, 171-185; Efron & Tibshirani 1993, ch. 14),
    bias correction from the share of resampled ratios below the estimate
    (ties counted half) and acceleration from the jackknife, which for a
    ratio of sums has the closed form ``(N - n_i) / (D - d_i)``.
    ``method="percentile"``: the plain percentile interval.
    """
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    n = num.size
    theta = num.sum() / den.sum()
    draws = np.empty(n_resamples)
    step = max(1, _CELLS_PER_CHUNK // n)
    for start in range(0, n_resamples, step):
        size = min(step, n_resamples - start)
        idx = rng.integers(0, n, size=(size, n))
        draws[start:start + size] = num[idx].sum(axis=1) / den[idx].sum(axis=1)
    alpha = 1.0 - confidence_level
    if method == "percentile":
        q = np.array([alpha / 2, 1 - alpha / 2])
    else:
        below = ((draws < theta).mean() + (draws <= theta).mean()) / 2.0
        half = 0.5 / n_resamples
        z0 = ndtri(np.clip(below, half, 1 - half))
        jack = (num.sum() - num) / (den.sum() - den)
        dev = jack.mean() - jack
        den3 = 6.0 * np.sum(dev**2) ** 1.5
        accel = np.sum(dev**3) / den3 if den3 > 0 else 0.0
        z = z_value(confidence_level)
        q = []
        for zq, beyond in ((z0 - z, 0.0), (z0 + z, 1.0)):
            denom = 1.0 - accel * zq
            q.append(ndtr(z0 + zq / denom) if denom > 0 else beyond)
        q = np.array(q)
    low, high = np.quantile(draws, q)
    return float(min(low, theta)), float(max(high, theta))


def clv_from_transactions(tx, *, customer, date, amount, years: float, cac: float = 0.0,
                          observation_end=None, confidence_level: float = 0.95, n_resamples: int = 10_000,
                          method: str = "bca", rng=None) -> ClvEstimate:
    """Historical CLV = revenue per customer-year x ``years`` - ``cac``, with a bootstrap interval over customers.

    Definition of the annual revenue
    --------------------------------
    Revenue per customer-year = total revenue / total customer-years, where a
    customer's years run from the day of their first purchase to
    ``observation_end`` (default: the last transaction date in the table),
    both days included, in years of 365.25 days. This is a rate per unit of
    time observed, like an incidence rate: each customer counts in proportion
    to how long they were watched. The alternative, the mean over customers
    of each one's revenue / span, is not used: it is undefined for a span of
    zero (one purchase on the last day) and gives customers acquired just
    before the end, whose annualised first purchase is huge, the same weight
    as customers watched for years, so it is unstable and biased upwards.
    The first purchase is included. The formula assumes the customer stays
    and keeps spending at that rate for ``years``; for churn-aware CLV use
    :func:`bgnbd_clv`.

    Interval
    --------
    Customers are the sampling units: the bootstrap resamples customers
    (their revenue and exposure together) ``n_resamples`` times;
    ``method="bca"`` (default; Efron 1987, "Better bootstrap confidence
    intervals", JASA 82, 171-185) or ``"percentile"``. CLV is increasing in
    the rate for fixed ``years`` and ``cac``, so its bounds are the rate's
    bounds x years - cac.

    Parameters
    ----------
    tx : DataFrame of any supported engine
        One row per transaction; ``date`` must be datetime64; amounts >= 0.
        A lazy frame (DuckDB, Polars lazy, Dask, PySpark) is checked and
        summed per customer in its engine; only one row per customer comes back.
    years : float
        Relationship length in years (>= 0); required, because it is the
        assumption that drives the result and has no neutral default.
    cac : float
        Acquisition cost per customer (>= 0), default 0.
    observation_end : date, optional
        End of observation (on or after the last transaction).
    rng : numpy.random.Generator, int or None
    """
    years = check_number(years, "years")
    cac = check_number(cac, "cac")
    level = check_confidence_level(confidence_level)
    n_resamples = check_positive_int("n_resamples", n_resamples)
    check_choice("method", method, ("bca", "percentile"))
    rng = np.random.default_rng(rng)
    revenue, first_days, last = customer_totals(tx, customer=customer, date=date, amount=amount)
    end = last if observation_end is None else check_timestamp(observation_end, name="observation_end").normalize()
    if end < last:
        raise CxkitValueError(f"observation_end ({end.date()}) is before the last transaction ({last.date()}); "
                              f"it must be on or after it.")
    exposure = (days_since_epoch(end) - first_days + 1.0) / DAYS_PER_YEAR
    if revenue.size < 2:
        raise CxkitValueError(f"clv_from_transactions needs at least 2 customers for a bootstrap interval; "
                              f"got {revenue.size}.")
    rate = revenue.sum() / exposure.sum()
    low, high = ratio_bootstrap_interval(revenue, exposure, confidence_level=level, n_resamples=n_resamples,
                                         method=method, rng=rng)
    return ClvEstimate(value=rate * years - cac, low=low * years - cac, high=high * years - cac, n=int(revenue.size),
                       method=method, confidence_level=level, annual_revenue=float(rate),
                       annual_revenue_low=low, annual_revenue_high=high, years=years, cac=cac,
                       total_revenue=float(revenue.sum()), customer_years=float(exposure.sum()),
                       n_resamples=n_resamples)


def bgnbd_clv(bgnbd, gamma_gamma, x, t_x, T, mean_spend, *, horizon: int = 12, discount_rate: float = 0.01,
              freq: str = "W", period_days: float = 30.0):
    """Per-customer CLV: discounted expected spend over ``horizon`` periods from BG/NBD + Gamma-Gamma.

    Formula (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4) 415-430,
    in the discrete form of ``lifetimes``' ``customer_lifetime_value``)::

        CLV_i = sum_{k=1}^{horizon} [E(Y(k L) | x, t_x, T) - E(Y((k - 1) L) | x, t_x, T)]
                * E(Z | x, zbar) / (1 + discount_rate)^k

    with ``E(Y(t) | ...)`` the BG/NBD conditional expectation (FHL 2005,
    Marketing Science, eq. 10), ``E(Z | x, zbar)`` the Gamma-Gamma expected
    spend, ``L = period_days / (days per model unit)`` the length of one
    discounting period in the model's time unit ``freq`` ("W": the model
    was fitted on weeks, "D": on days), and purchases in period k discounted
    as if paid at its end. Defaults: 12 periods of 30 days (months, as in
    lifetimes), 1 % per month.

    Returns a float for one customer, else an array. These are point
    predictions given the fitted parameters (no interval).
    """
    if not isinstance(bgnbd, BgNbdFit):
        raise CxkitTypeError(f"bgnbd must be a BgNbdFit (from fit_bgnbd); got {type(bgnbd).__name__}.")
    if not isinstance(gamma_gamma, GammaGammaFit):
        raise CxkitTypeError(f"gamma_gamma must be a GammaGammaFit (from fit_gamma_gamma); got "
                             f"{type(gamma_gamma).__name__}.")
    horizon = check_positive_int("horizon", horizon)
    d = check_number(discount_rate, "discount_rate")
    check_choice("freq", freq, tuple(FREQ_DAYS))
    step = check_number(period_days, "period_days", strict=True) / FREQ_DAYS[freq]
    x, t_x, T = check_rfm(x, t_x, T, need_data=False)
    xs, zbar = check_spend(x, mean_spend)
    if xs.size != x.size:
        raise CxkitValueError(f"mean_spend must have one value per customer ({x.size}); got {zbar.size}.")
    total = _discounted_spend(bgnbd, gamma_gamma, x, t_x, T, xs, zbar, horizon, d, step)
    return float(total[0]) if total.size == 1 else total


def _discounted_spend(bgnbd, gamma_gamma, x, t_x, T, xs, zbar, horizon, d, step):
    spend = np.atleast_1d(gamma_gamma.conditional_expected_spend(xs, zbar))
    total = np.zeros(x.size)
    previous = np.zeros(x.size)
    for k in range(1, horizon + 1):
        current = np.atleast_1d(bgnbd.expected_purchases(k * step, x, t_x, T))
        total += (current - previous) * spend / (1.0 + d) ** k
        previous = current
    return total


def _log_normal_draws(fit, n_draws, rng):
    """Parameter draws from the asymptotic normal of the log-parameters (delta method covariance)."""
    theta = np.array(list(fit.params.values()))
    cov = np.asarray(fit.covariance, dtype=float)
    if not np.isfinite(cov).all():
        raise CxkitValueError(f"the {fit.model} fit has no finite covariance (its Hessian is not negative "
                              f"definite), so no parameter-uncertainty interval can be drawn.")
    log_cov = cov / np.outer(theta, theta)
    return np.exp(rng.multivariate_normal(np.log(theta), log_cov, size=n_draws))


def bgnbd_clv_interval(bgnbd, gamma_gamma, x, t_x, T, mean_spend, *, horizon: int = 12,
                       discount_rate: float = 0.01, freq: str = "W", period_days: float = 30.0,
                       confidence_level: float = 0.95, n_draws: int = 1000, rng=None):
    """Per-customer interval of :func:`bgnbd_clv` reflecting the uncertainty of the fitted parameters.

    The log-parameters of each model are drawn ``n_draws`` times from their
    asymptotic normal distribution (mean: the estimates; covariance: the
    inverse observed information mapped to the log scale by the delta method,
    ``Cov(log p) = Cov(p) / (p p')``); the two fits are independent (separate
    likelihoods). Each draw gives every customer's CLV; the interval is the
    ``(1 - level) / 2`` and ``(1 + level) / 2`` percentiles of those values
    (parametric bootstrap from the asymptotic distribution; e.g. Krinsky &
    Robb 1986, Review of Economics and Statistics 68(4), 715-719).

    This is a confidence interval for the customer's *expected* CLV under
    the model, not a prediction interval for what the customer will spend
    (which is far wider: a single customer's purchases are Poisson-like).

    Returns
    -------
    low, high : float or ndarray
    """
    level = check_confidence_level(confidence_level)
    n_draws = check_positive_int("n_draws", n_draws, minimum=2)
    point = bgnbd_clv(bgnbd, gamma_gamma, x, t_x, T, mean_spend, horizon=horizon, discount_rate=discount_rate,
                      freq=freq, period_days=period_days)
    step = float(period_days) / FREQ_DAYS[freq]
    d = float(discount_rate)
    x, t_x, T = check_rfm(x, t_x, T, need_data=False)
    xs, zbar = check_spend(x, mean_spend)
    # Customers with the same (x, t_x, T, mean spend) have the same CLV: compute each once.
    rows, inverse = np.unique(np.column_stack([x, t_x, T, np.where(xs > 0, zbar, 0.0)]), axis=0,
                              return_inverse=True)
    inverse = inverse.ravel()
    x, t_x, T, zbar = rows.T
    xs = x
    rng = np.random.default_rng(rng)
    bg_draws = _log_normal_draws(bgnbd, n_draws, rng)
    gg_draws = _log_normal_draws(gamma_gamma, n_draws, rng)
    values = np.empty((n_draws, x.size))
    for i in range(n_draws):
        bg = BgNbdFit(model=bgnbd.model, params=Details(zip(bgnbd.params, bg_draws[i])),
                      standard_errors=bgnbd.standard_errors, log_likelihood=np.nan, n=bgnbd.n, converged=True,
                      covariance=bgnbd.covariance)
        gg = GammaGammaFit(model=gamma_gamma.model, params=Details(zip(gamma_gamma.params, gg_draws[i])),
                           standard_errors=gamma_gamma.standard_errors, log_likelihood=np.nan, n=gamma_gamma.n,
                           converged=True, covariance=gamma_gamma.covariance)
        with np.errstate(all="ignore"):
            values[i] = _discounted_spend(bg, gg, x, t_x, T, xs, zbar, horizon, d, step)
    low, high = np.nanquantile(values, [(1 - level) / 2, (1 + level) / 2], axis=0)
    low, high = np.minimum(low[inverse], point), np.maximum(high[inverse], point)
    return (float(low[0]), float(high[0])) if low.size == 1 else (low, high)
