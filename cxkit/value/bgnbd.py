"""BG/NBD model of repeat purchasing (numpy/scipy only).

Source: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your
customers" the easy way: an alternative to the Pareto/NBD model. Marketing
Science 24(2), 275-284; and Fader, Hardie & Lee, "Computing P(alive) using
the BG/NBD model" (note on brucehardie.com).

Model: while alive, a customer buys as a Poisson process with rate lambda ~
Gamma(r, alpha); after each purchase the customer drops out with
probability p ~ Beta(a, b). For a customer with x repeat purchases, the last
at t_x, observed for T (times from the first purchase), the likelihood
(paper, eq. 6) is, on the log scale with ``A1..A4`` as in Fader & Hardie's
note on implementing the BG/NBD in Excel::

    ln L = A1 + A2 + ln(exp(A3) + [x > 0] exp(A4))
    A1 = ln G(r + x) - ln G(r) + r ln alpha
    A2 = ln B(a, b + x) - ln B(a, b)
    A3 = -(r + x) ln(alpha + T)
    A4 = ln a - ln(b + x - 1) - (r + x) ln(alpha + t_x)

computed with ``gammaln``, ``betaln`` and ``logaddexp``, so it stays finite
for large x and T.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import betaln, gammaln, hyp2f1

from ..errors import CxkitValueError
from ..results import Details
from .fitting import as_float_array, check_rfm, maximise
from .results import ModelFit

__all__ = ["fit_bgnbd", "bgnbd_log_likelihood", "BgNbdFit"]

PARAMS = ("r", "alpha", "a", "b")


def bgnbd_log_likelihood(params, x, t_x, T) -> np.ndarray:
    """Per-customer log-likelihood ``ln L(r, alpha, a, b | x, t_x, T)`` (Fader, Hardie & Lee 2005, eq. 6)."""
    r, alpha, a, b = (float(v) for v in params)
    x, t_x, T = (np.asarray(v, dtype=float) for v in (x, t_x, T))
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


@dataclass(frozen=True, repr=False)
class BgNbdFit(ModelFit):
    """A fitted BG/NBD model (params ``r``, ``alpha``, ``a``, ``b``); see :func:`fit_bgnbd`.

    Times (``t``, ``t_x``, ``T``) are in the unit the model was fitted in
    (weeks for the CDNOW summary).
    """

    def _p(self):
        return tuple(self.params[k] for k in PARAMS)

    def _odds_dead(self, x, t_x, T):
        # [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x): the odds that the
        # customer has dropped out, given (x, t_x, T) (paper, eq. 10 denominator).
        r, alpha, a, b = self._p()
        with np.errstate(divide="ignore", invalid="ignore"):
            log_odds = np.log(a) - np.log(b + x - 1) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
            return np.where(x > 0, np.exp(log_odds), 0.0)

    def probability_alive(self, x, t_x, T):
        """P(alive | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).

        Fader, Hardie & Lee (2005), eq. (10)'s denominator; the note "Computing
        P(alive) using the BG/NBD model" (Fader, Hardie & Lee, brucehardie.com).
        """
        x, t_x, T = check_rfm(x, t_x, T, need_data=False)
        return _scalar_if_one(1.0 / (1.0 + self._odds_dead(x, t_x, T)))

    def expected_purchases(self, t, x, t_x, T):
        """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` periods (paper, eq. 10).

        ``(a + b + x - 1) / (a - 1) * [1 - ((alpha + T) / (alpha + T + t))^(r + x)
        * 2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t))] / (1 + [x > 0] a / (b + x - 1)
        * ((alpha + T) / (alpha + t_x))^(r + x))``, with Gauss's hypergeometric
        function ``scipy.special.hyp2f1``.
        """
        x, t_x, T = check_rfm(x, t_x, T, need_data=False)
        t = as_float_array(t, "t")
        if (t < 0).any():
            raise CxkitValueError(f"t must be >= 0 (a forecast horizon); got {t[t < 0][:3].tolist()}.")
        r, alpha, a, b = self._p()
        z = t / (alpha + T + t)
        ratio = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        head = (a + b + x - 1) / (a - 1) * (1.0 - ratio * hyp2f1(r + x, b + x, a + b + x - 1, z))
        return _scalar_if_one(head / (1.0 + self._odds_dead(x, t_x, T)))

    def expected_purchases_new(self, t):
        """E[X(t)] for a customer just acquired (paper, eq. 7):
        ``(a + b - 1) / (a - 1) * [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1; t / (alpha + t))]``."""
        t = as_float_array(t, "t")
        r, alpha, a, b = self._p()
        head = 1.0 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return _scalar_if_one((a + b - 1) / (a - 1) * head)


def _scalar_if_one(values):
    values = np.asarray(values, dtype=float)
    return float(values[0]) if values.size == 1 else values


def fit_bgnbd(x, t_x, T) -> BgNbdFit:
    """Fit the BG/NBD model by maximum likelihood (Fader, Hardie & Lee 2005, Marketing Science 24(2) 275-284).

    Parameters
    ----------
    x, t_x, T : array_like
        Per customer: repeat purchases, time of the last repeat purchase and
        time observed, both from the first purchase (see
        :func:`cxkit.value.rfm_summary`); x whole numbers >= 0, 0 <= t_x <= T.

    Returns
    -------
    BgNbdFit
        ``params`` (r, alpha, a, b), ``standard_errors``, ``log_likelihood``,
        ``param_intervals()``, ``expected_purchases``, ``probability_alive``.

    Notes
    -----
    The log-likelihood (eq. 6) is maximised over the logarithms of the four
    parameters (Nelder-Mead, then BFGS); standard errors come from the
    inverse of minus the finite-difference Hessian of the analytic
    log-likelihood at the optimum. On the CDNOW sample's 39-week calibration
    data this gives the paper's r = 0.243, alpha = 4.414, a = 0.793,
    b = 2.426, LL = -9582.4.
    """
    x, t_x, T = check_rfm(x, t_x, T)
    # Customers with the same (x, t_x, T) contribute the same term: sum them once.
    keys, counts = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    ux, ut, uT = keys.T

    def log_lik(theta):
        return float(np.dot(counts, bgnbd_log_likelihood(theta, ux, ut, uT)))

    scale = max(float(np.mean(T)), 1e-3)
    found = maximise(log_lik, [1.0, scale, 1.0, 1.0])
    se = np.sqrt(np.diag(found.covariance))
    return BgNbdFit(model="BG/NBD", params=Details(zip(PARAMS, map(float, found.params))),
                    standard_errors=Details(zip(PARAMS, map(float, se))), log_likelihood=found.log_likelihood,
                    n=int(x.size), converged=found.converged,
                    covariance=tuple(map(tuple, found.covariance.tolist())))
