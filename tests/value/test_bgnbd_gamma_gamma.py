"""BG/NBD and Gamma-Gamma fits reproduce the published CDNOW estimates."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats
from statsmodels.tools.numdiff import approx_hess3

from cxkit.datasets.cdnow import cdnow_calibration_summary, cdnow_transactions
from cxkit.errors import CxkitValueError
from cxkit.value.bgnbd import bgnbd_log_likelihood, fit_bgnbd
from cxkit.value.gamma_gamma import fit_gamma_gamma, gamma_gamma_log_likelihood
from cxkit.value.rfm import rfm_summary


@pytest.fixture(scope="module")
def published():
    return cdnow_calibration_summary()


@pytest.fixture(scope="module")
def rebuilt():
    return rfm_summary(cdnow_transactions(), customer="customer_id", date="date", amount="amount",
                       calibration_end="1997-09-30")


@pytest.fixture(scope="module")
def bgnbd(published):
    return fit_bgnbd(published["x"], published["t_x"], published["T"])


def test_bgnbd_matches_fader_hardie_lee_2005(bgnbd, rebuilt):
    # Fader, Hardie & Lee (2005), Marketing Science 24(2), section 4: r = 0.243, alpha = 4.414,
    # a = 0.793, b = 2.426, LL = -9582.4 on the CDNOW sample's 39-week calibration data.
    for fit in (bgnbd, fit_bgnbd(rebuilt["x"], rebuilt["t_x"], rebuilt["T"])):
        p = fit.params
        assert round(p["r"], 3) == 0.243
        assert round(p["alpha"], 3) == 4.414
        assert round(p["a"], 3) == 0.793
        assert round(p["b"], 3) == 2.426
        assert round(fit.log_likelihood, 1) == -9582.4
        assert fit.converged and fit.n == 2357


def test_bgnbd_standard_errors_match_statsmodels_hessian(bgnbd, published):
    theta = np.array([bgnbd.params[k] for k in ("r", "alpha", "a", "b")])
    x, t_x, T = (published[c].to_numpy(float) for c in ("x", "t_x", "T"))
    hess = approx_hess3(theta, lambda th: bgnbd_log_likelihood(th, x, t_x, T).sum())
    se = np.sqrt(np.diag(np.linalg.inv(-hess)))
    np.testing.assert_allclose([bgnbd.standard_errors[k] for k in ("r", "alpha", "a", "b")], se, rtol=1e-3)
    low, high = bgnbd.param_intervals()["r"]
    assert low < bgnbd.params["r"] < high
    assert np.log(high / bgnbd.params["r"]) == pytest.approx(1.959964 * bgnbd.standard_errors["r"] / bgnbd.params["r"])


def test_bgnbd_likelihood_by_hand():
    # Eq. 6 written out without logs, at the published parameters, for x = 2, t_x = 30.43, T = 38.86.
    r, al, a, b = 0.243, 4.414, 0.793, 2.426
    x, t_x, T = 2, 30.43, 38.86
    from math import gamma as G
    beta = lambda u, v: G(u) * G(v) / G(u + v)  # noqa: E731
    lik = (beta(a, b + x) / beta(a, b) * G(r + x) * al**r / G(r)
           * ((al + T) ** -(r + x) + a / (b + x - 1) * (al + t_x) ** -(r + x)))
    assert bgnbd_log_likelihood((r, al, a, b), x, t_x, T) == pytest.approx(np.log(lik), rel=1e-12)
    lik0 = G(r) * al**r / G(r) * (al + T) ** -r  # x = 0: beta terms cancel, A4 absent
    assert bgnbd_log_likelihood((r, al, a, b), 0, 0, T) == pytest.approx(np.log(lik0), rel=1e-12)


def test_conditional_expectation_equals_posterior_integral(bgnbd):
    # Derivation: given alive, lambda ~ Gamma(r + x, alpha + T) and p ~ Beta(a, b + x) independently,
    # and E[purchases in t | lambda, p] = (1 - exp(-lambda p t)) / p; integrating lambda out gives
    # E = P(alive) * E_p[(1 - ((alpha + T) / (alpha + T + p t))^(r + x)) / p].
    r, al, a, b = (bgnbd.params[k] for k in ("r", "alpha", "a", "b"))
    for x, t_x, T, t in ((2, 30.43, 38.86, 39.0), (0, 0.0, 38.86, 52.0), (7, 35.0, 36.0, 10.0)):
        def integrand(p):
            return (1 - ((al + T) / (al + T + p * t)) ** (r + x)) / p * stats.beta.pdf(p, a, b + x)
        expected = bgnbd.probability_alive(x, t_x, T) * integrate.quad(integrand, 0, 1, limit=200)[0]
        assert bgnbd.expected_purchases(t, x, t_x, T) == pytest.approx(expected, rel=1e-7)
    # P(alive) by hand for customer 1 of the sample: 1 / (1 + a / (b + 1) ((alpha + T) / (alpha + t_x))^(r + 2)).
    odds = a / (b + 1) * ((al + 38.86) / (al + 30.43)) ** (r + 2)
    assert bgnbd.probability_alive(2, 30.43, 38.86) == pytest.approx(1 / (1 + odds))
    assert bgnbd.probability_alive(0, 0, 38.86) == 1.0
    np.testing.assert_allclose(bgnbd.expected_purchases(0.0, [0, 3], [0, 5], [10, 10]), 0.0, atol=1e-12)


def test_expected_purchases_new_customer_matches_integral(bgnbd):
    # E[X(t)] = E over lambda ~ Gamma(r, alpha), p ~ Beta(a, b) of (1 - exp(-lambda p t)) / p.
    r, al, a, b = (bgnbd.params[k] for k in ("r", "alpha", "a", "b"))
    t = 39.0
    expected = integrate.quad(lambda p: (1 - (al / (al + p * t)) ** r) / p * stats.beta.pdf(p, a, b), 0, 1)[0]
    assert bgnbd.expected_purchases_new(t) == pytest.approx(expected, rel=1e-7)


def test_gamma_gamma_matches_published(rebuilt, published):
    # Fader & Hardie, "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74, gamma = 15.44
    # on the 946 repeat buyers (from the unrounded mean spends).
    fit = fit_gamma_gamma(rebuilt["x"], rebuilt["mean_spend"])
    assert fit.n == 946 and fit.converged
    assert (round(fit.params["p"], 2), round(fit.params["q"], 2), round(fit.params["gamma"], 2)) == (6.25, 3.74, 15.44)
    # The published summary file rounds zbar to cents, which moves gamma to 15.448 (p, q unchanged).
    rounded = fit_gamma_gamma(published["x"], published["zbar"])
    assert (round(rounded.params["p"], 2), round(rounded.params["q"], 2)) == (6.25, 3.74)
    assert rounded.params["gamma"] == pytest.approx(15.44, abs=0.01)
    # Expected spend: p (gamma + x zbar) / (p x + q - 1), and the population mean for x = 0.
    p, q, g = (fit.params[k] for k in ("p", "q", "gamma"))
    assert fit.conditional_expected_spend(2, 22.345) == pytest.approx(p * (g + 2 * 22.345) / (2 * p + q - 1))
    assert fit.conditional_expected_spend(0, 0.0) == pytest.approx(p * g / (q - 1)) == fit.population_mean_spend
    assert 35.0 < fit.population_mean_spend < 35.3


def test_gamma_gamma_density_integrates_to_one():
    # f(zbar | p, q, gamma; x) is a density in zbar.
    for x in (1, 3):
        total = integrate.quad(lambda z: np.exp(gamma_gamma_log_likelihood((6.25, 3.74, 15.44), x, z)), 0, np.inf)[0]
        assert total == pytest.approx(1.0, rel=1e-8)


def test_model_errors():
    with pytest.raises(CxkitValueError, match=r"x > 0 with t_x > T in 1 bad customers \(row 1\); the last repeat"):
        fit_bgnbd([1, 2], [3.0, 9.0], [5.0, 8.0])
    with pytest.raises(CxkitValueError, match=r"x has 1 bad values \(row 0\); x must be whole numbers >= 0"):
        fit_bgnbd([-1, 2], [0.0, 1.0], [5.0, 8.0])
    with pytest.raises(CxkitValueError, match=r"x = 0 with t_x != 0 in 1 bad customers \(row 0\)"):
        fit_bgnbd([0, 2], [1.0, 1.0], [5.0, 8.0])
    with pytest.raises(CxkitValueError, match=r"T has 1 missing or infinite values \(row 1\)"):
        fit_bgnbd([0, 2], [0.0, 1.0], [5.0, np.nan])
    with pytest.raises(CxkitValueError, match=r"same length .* got x 2, t_x 3, T 2"):
        fit_bgnbd([0, 2], [0.0, 1.0, 2.0], [5.0, 6.0])
    with pytest.raises(CxkitValueError, match=r"x, t_x and T are empty"):
        fit_bgnbd([], [], [])
    with pytest.raises(CxkitValueError, match=r"mean_spend has 1 values <= 0 for customers with x > 0 \(row 1\)"):
        fit_gamma_gamma([0, 2, 1], [0.0, 0.0, 3.0])
    with pytest.raises(CxkitValueError, match=r"at least 2 customers with x > 0.*got 1"):
        fit_gamma_gamma([0, 2], [0.0, 5.0])


def test_bgnbd_prediction_errors(bgnbd):
    with pytest.raises(CxkitValueError, match=r"t must be >= 0 \(a forecast horizon\); got \[-1.0\]"):
        bgnbd.expected_purchases(-1, 2, 30.43, 38.86)
    with pytest.raises(CxkitValueError, match=r"x > 0 with t_x > T in 1 bad customers \(row 0\)"):
        bgnbd.probability_alive(2, 40.0, 38.86)
    alive = bgnbd.probability_alive([0, 2], [0, 30.43], [38.86, 38.86])
    assert alive.shape == (2,) and alive[0] == 1.0 and 0 < alive[1] < 1
