"""Gamma-Gamma model of spend per transaction (numpy/scipy only).

Sources: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV:
using iso-value curves for customer base analysis. Journal of Marketing
Research 42(4), 415-430; Fader & Hardie (2013), "The Gamma-Gamma model of
monetary value" (brucehardie.com note), whose notation this follows.

Model: a customer's transaction values are Gamma(p, nu) with mean p / nu;
nu ~ Gamma(q, gamma) across customers. The mean ``zbar`` of a customer's x
transactions (x > 0) then has the density::

    f(zbar | p, q, gamma; x) = G(p x + q) / (G(p x) G(q)) * gamma^q x^(p x) zbar^(p x - 1)
                               / (gamma + x zbar)^(p x + q)

and the expected spend of a customer with (x, zbar) is::

    E[Z | x, zbar] = (p (gamma + x zbar)) / (p x + q - 1)
                   = (q - 1) / (p x + q - 1) * p gamma / (q - 1) + p x / (p x + q - 1) * zbar,

a weighted mean of the population mean p gamma / (q - 1) (finite for
q > 1) and the customer's own mean. The model assumes spend independent of
the purchase process; it is fitted on the customers with x > 0 only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from ..errors import CxkitValueError
from ..results import Details
from .fitting import check_spend, maximise
from .results import ModelFit

__all__ = ["fit_gamma_gamma", "gamma_gamma_log_likelihood", "GammaGammaFit"]

PARAMS = ("p", "q", "gamma")


def gamma_gamma_log_likelihood(params, x, mean_spend) -> np.ndarray:
    """Per-customer ``ln f(zbar | p, q, gamma; x)`` for customers with x > 0 (Fader & Hardie, Gamma-Gamma note)."""
    p, q, g = (float(v) for v in params)
    x = np.asarray(x, dtype=float)
    z = np.asarray(mean_spend, dtype=float)
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + px * np.log(x)
            + (px - 1.0) * np.log(z) - (px + q) * np.log(g + x * z))


@dataclass(frozen=True, repr=False)
class GammaGammaFit(ModelFit):
    """A fitted Gamma-Gamma spend model (params ``p``, ``q``, ``gamma``); see :func:`fit_gamma_gamma`."""

    @property
    def population_mean_spend(self) -> float:
        """E[Z] = p gamma / (q - 1), the mean spend per transaction across customers (inf when q <= 1)."""
        p, q, g = (self.params[k] for k in PARAMS)
        return p * g / (q - 1.0) if q > 1 else float("inf")

    def conditional_expected_spend(self, x, mean_spend):
        """E[Z | x, zbar] = p (gamma + x zbar) / (p x + q - 1) (Fader & Hardie, Gamma-Gamma note).

        For x = 0 (``mean_spend`` ignored) this is the population mean
        p gamma / (q - 1).
        """
        x, z = check_spend(x, mean_spend)
        p, q, g = (self.params[k] for k in PARAMS)
        if q <= 1:
            raise CxkitValueError(f"the fitted q ({q:.4g}) is <= 1: the mean spend p gamma / (q - 1) is infinite, "
                                  f"so no expected spend can be computed.")
        z = np.where(x > 0, z, 0.0)
        out = p * (g + x * z) / (p * x + q - 1.0)
        return float(out[0]) if out.size == 1 else out


def fit_gamma_gamma(x, mean_spend) -> GammaGammaFit:
    """Fit the Gamma-Gamma spend model by maximum likelihood on the customers with x > 0.

    Fader, Hardie & Lee (2005), JMR 42(4) 415-430; Fader & Hardie, "The
    Gamma-Gamma model of monetary value". Customers with x = 0 carry no spend
    information and are left out (``n`` counts the customers used). On the
    946 repeat buyers of the CDNOW sample this gives the published p = 6.25,
    q = 3.74, gamma = 15.44.

    Parameters
    ----------
    x : array_like
        Repeat purchases per customer (whole numbers >= 0).
    mean_spend : array_like
        Mean value of those repeat purchases (> 0 where x > 0).
    """
    x, z = check_spend(x, mean_spend)
    used = x > 0
    if used.sum() < 2:
        raise CxkitValueError(f"the Gamma-Gamma model needs at least 2 customers with x > 0 (repeat buyers); "
                              f"got {int(used.sum())}.")
    xu, zu = x[used], z[used]

    def log_lik(theta):
        return float(np.sum(gamma_gamma_log_likelihood(theta, xu, zu)))

    found = maximise(log_lik, [1.0, 1.0, max(float(np.mean(zu)), 1e-3)])
    se = np.sqrt(np.diag(found.covariance))
    return GammaGammaFit(model="Gamma-Gamma", params=Details(zip(PARAMS, map(float, found.params))),
                         standard_errors=Details(zip(PARAMS, map(float, se))), log_likelihood=found.log_likelihood,
                         n=int(used.sum()), converged=found.converged,
                         covariance=tuple(map(tuple, found.covariance.tolist())))
