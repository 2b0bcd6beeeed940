"""Shifted-beta-geometric (sBG) model of contractual retention (numpy/scipy only).

Sources: Fader, P. S. & Hardie, B. G. S. (2007). How to project customer
retention. Journal of Interactive Marketing 21(1), 76-90; Fader & Hardie
(2010). Customer-base valuation in a contractual setting: the perils of
ignoring heterogeneity. Marketing Science 29(1), 85-93 (DEL, DERL).

Model: each customer renews at the end of every period with probability
1 - theta (churns with probability theta), theta ~ Beta(alpha, beta) across
customers. With lifetime T = 1, 2, ... periods (FH 2007)::

    P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)
    S(t)     = P(T > t) = B(alpha, beta + t) / B(alpha, beta)
    r(t)     = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1)   (retention rate, rising)

Given a cohort's survivors n_0 >= n_1 >= ... >= n_k (customers still active
at the start of each period), the log-likelihood (FH 2007) is
``sum_t (n_{t-1} - n_t) ln P(T = t) + n_k ln S(k)``.

Lifetime and value, with discount rate d per period (FH 2010):

- mean lifetime E[T] = E[1 / theta] = (alpha + beta - 1) / (alpha - 1) periods,
  counting the first, i.e. beta / (alpha - 1) renewals; infinite when
  alpha <= 1 (then only a discounted lifetime is finite);
- discounted expected lifetime of a new customer, first period's payment now:
  ``DEL = sum_{t>=0} S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1 / (1 + d))``;
- discounted expected residual lifetime of a customer who has made n - 1
  renewals, seen just before the next renewal decision (FH 2010; the
  next payment, if the customer renews, is undiscounted):
  ``DERL = sum_{t>=n} S(t) / S(n - 1) / (1 + d)^(t - n)``
  ``= (beta + n - 1) / (alpha + beta + n - 1) * 2F1(1, beta + n; alpha + beta + n; 1 / (1 + d))``,
  so that DEL = 1 + DERL(n = 1) / (1 + d);
- CLV of a new customer = margin per period * DEL.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
from scipy.special import hyp2f1

from ..errors import CxkitTypeError, CxkitValueError
from ..results import Details
from .fitting import as_float_array, check_number, maximise
from .results import ModelFit
from .transactions import rows_text

__all__ = ["fit_sbg", "sbg_log_likelihood", "SbgFit"]

PARAMS = ("alpha", "beta")


def _check_survivors(survivors) -> np.ndarray:
    n = as_float_array(survivors, "survivors")
    if n.size < 2:
        raise CxkitValueError(f"survivors must hold at least 2 counts (the cohort at the start and after one "
                              f"period); got {n.size}.")
    bad = (n < 0) | (n != np.round(n))
    if bad.any():
        raise CxkitValueError(f"survivors has {int(bad.sum())} bad values ({rows_text(np.flatnonzero(bad))}); "
                              f"counts must be whole numbers >= 0.")
    if n[0] <= 0:
        raise CxkitValueError(f"survivors[0] ({n[0]:g}) must be > 0: the cohort's size at the start.")
    rising = np.flatnonzero(np.diff(n) > 0) + 1
    if rising.size:
        raise CxkitValueError(f"survivors must never increase (a cohort only loses customers); it rises at "
                              f"{rows_text(rising)} (e.g. {n[rising[0] - 1]:g} -> {n[rising[0]]:g}).")
    if n[-1] == n[0]:
        raise CxkitValueError("survivors never fall: no customer churned, so the churn distribution cannot be "
                              "estimated (the maximum-likelihood beta is infinite).")
    return n


def sbg_log_likelihood(params, survivors) -> float:
    """The cohort's log-likelihood ``sum_t (n_{t-1} - n_t) ln P(T = t) + n_k ln S(k)`` (FH 2007)."""
    alpha, beta = (float(v) for v in params)
    n = np.asarray(survivors, dtype=float)
    t = np.arange(1, n.size)
    lost = n[:-1] - n[1:]
    log_s = log_survival(alpha, beta, np.arange(n.size))  # S(0) .. S(k)
    log_p = np.log(alpha / (alpha + beta + t - 1)) + log_s[:-1]  # P(T = t) = S(t - 1) alpha / (alpha + beta + t - 1)
    return float(np.dot(lost, log_p) + n[-1] * log_s[-1])


def log_survival(alpha: float, beta: float, t) -> np.ndarray:
    """ln S(t) = ln B(alpha, beta + t) - ln B(alpha, beta) for whole t >= 0, as the sum
    sum_{i < t} ln((beta + i) / (alpha + beta + i)) (FH 2007, eq. 3 unrolled).

    The difference of two log-beta functions cancels catastrophically when
    alpha and beta are large (a cohort with one churn probability for all,
    where the fit runs to alpha, beta -> infinity with alpha / (alpha + beta)
    fixed): at 1e15 it gave S(3) = 8.9e6. The sum of log1p terms is exact to
    rounding at any size.
    """
    t = np.asarray(t, dtype=np.int64)
    steps = np.arange(int(t.max(initial=0)), dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(np.log1p(-alpha / (alpha + beta + steps)))])
    return cumulative[t]


@dataclass(frozen=True, repr=False)
class SbgFit(ModelFit):
    """A fitted sBG model (params ``alpha``, ``beta``); see :func:`fit_sbg`. Periods are the data's periods."""

    def _ab(self):
        return self.params["alpha"], self.params["beta"]

    def survival(self, t):
        """S(t) = B(alpha, beta + t) / B(alpha, beta): share of a new cohort still active after t periods."""
        alpha, beta = self._ab()
        t = _periods(t)
        return _one(np.exp(log_survival(alpha, beta, t)))

    def retention_rate(self, t):
        """r(t) = (beta + t - 1) / (alpha + beta + t - 1): the renewal rate at the end of period t (t >= 1)."""
        alpha, beta = self._ab()
        t = _periods(t, minimum=1)
        return _one((beta + t - 1) / (alpha + beta + t - 1))

    def project_survivors(self, periods: int, cohort_size: float = 1.0):
        """Expected survivors at the start of periods 0 .. ``periods``: ``cohort_size * S(t)``."""
        check_number(cohort_size, "cohort_size", strict=True)
        return cohort_size * np.atleast_1d(self.survival(np.arange(int(periods) + 1)))

    @property
    def expected_lifetime(self) -> float:
        """E[T] = (alpha + beta - 1) / (alpha - 1) periods, the first included (inf when alpha <= 1)."""
        alpha, beta = self._ab()
        return (alpha + beta - 1.0) / (alpha - 1.0) if alpha > 1 else float("inf")

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """DEL = sum_{t>=0} S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1 / (1 + d)) (FH 2010).

        The first period is counted undiscounted (paid on acquisition). Needs
        d > 0 unless alpha > 1 (then d = 0 gives E[T]).
        """
        d = self._rate(discount_rate)
        alpha, beta = self._ab()
        if d == 0:
            return self.expected_lifetime
        return float(hyp2f1(1.0, beta, alpha + beta, 1.0 / (1.0 + d)))

    def discounted_expected_residual_lifetime(self, discount_rate: float, renewals: int = 0) -> float:
        """DERL of a customer who has made ``renewals`` renewals (FH 2010; n = renewals + 1).

        ``(beta + n - 1) / (alpha + beta + n - 1) * 2F1(1, beta + n; alpha + beta + n; 1 / (1 + d))``:
        the expected discounted number of future payments, seen just before the
        next renewal decision (that payment, if made, is not discounted). For
        a new customer DEL = 1 + DERL(renewals=0) / (1 + d).
        """
        d = self._rate(discount_rate, allow_zero=False)
        if isinstance(renewals, bool) or not isinstance(renewals, numbers.Integral) or renewals < 0:
            raise CxkitValueError(f"renewals must be a whole number >= 0; got {renewals!r}.")
        alpha, beta = self._ab()
        n = renewals + 1
        return float((beta + n - 1) / (alpha + beta + n - 1) * hyp2f1(1.0, beta + n, alpha + beta + n,
                                                                      1.0 / (1.0 + d)))

    def clv(self, margin: float, discount_rate: float) -> float:
        """CLV of a new customer = margin per period * DEL (FH 2010); the first margin is earned at once."""
        return check_number(margin, "margin") * self.discounted_expected_lifetime(discount_rate)

    def _rate(self, discount_rate, allow_zero: bool = True) -> float:
        d = check_number(discount_rate, "discount_rate")
        if d == 0 and (not allow_zero or self.params["alpha"] <= 1):
            raise CxkitValueError(f"discount_rate must be > 0 here: with alpha = {self.params['alpha']:.3g} the "
                                  f"undiscounted lifetime is infinite (or use a rate such as 0.1).")
        return d


def _periods(t, minimum: int = 0) -> np.ndarray:
    t = as_float_array(t, "t")
    if ((t < minimum) | (t != np.round(t))).any():
        raise CxkitValueError(f"t must be whole numbers of periods >= {minimum}; got {t.tolist()[:5]}.")
    return t


def _one(values):
    values = np.asarray(values, dtype=float)
    return float(values[0]) if values.size == 1 else values


def fit_sbg(survivors) -> SbgFit:
    """Fit the shifted-beta-geometric model to one cohort by maximum likelihood (Fader & Hardie 2007).

    Parameters
    ----------
    survivors : array_like of int
        Customers still active at the start of each period, the cohort's
        size first: e.g. ``[1000, 631, 468, 382, 326, 289, 262, 241]``
        (Fader & Hardie 2007, "regular" segment; fit alpha = 0.704, beta = 1.182).

    Returns
    -------
    SbgFit
        ``params`` (alpha, beta) with standard errors, ``survival``,
        ``retention_rate``, ``expected_lifetime``,
        ``discounted_expected_lifetime``, ``discounted_expected_residual_lifetime``, ``clv``.
    """
    if isinstance(survivors, (str, bytes, dict)):
        raise CxkitTypeError(f"survivors must be a sequence of counts; got {type(survivors).__name__}.")
    n = _check_survivors(survivors)
    found = maximise(lambda th: sbg_log_likelihood(th, n), [1.0, 1.0])
    se = np.sqrt(np.diag(found.covariance))
    return SbgFit(model="sBG", params=Details(zip(PARAMS, map(float, found.params))),
                  standard_errors=Details(zip(PARAMS, map(float, se))), log_likelihood=found.log_likelihood,
                  n=int(n[0]), converged=found.converged, covariance=tuple(map(tuple, found.covariance.tolist())))
