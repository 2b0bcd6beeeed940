"""The shifted-beta-geometric fit reproduces Fader & Hardie (2007) and its lifetimes match brute-force sums."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import betaln

from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.value.sbg import fit_sbg, sbg_log_likelihood

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def test_fader_hardie_2007_published_fits():
    # Fader & Hardie (2007), J. Interactive Marketing 21(1), 76-90: regular alpha = 0.704, beta = 1.182;
    # high end alpha = 0.668, beta = 3.806 (7 years of renewals).
    regular, high = fit_sbg(REGULAR), fit_sbg(HIGH_END)
    assert (round(regular.params["alpha"], 3), round(regular.params["beta"], 3)) == (0.704, 1.182)
    assert (round(high.params["alpha"], 3), round(high.params["beta"], 3)) == (0.668, 3.806)
    assert regular.converged and high.converged and regular.n == 1000
    assert all(se > 0 for se in regular.standard_errors.values())


def test_likelihood_by_hand():
    # Two periods, 10 customers: 3 leave after period 1, 2 after period 2, 5 remain.
    # P(T=1) = alpha / (alpha + beta); P(T=2) = beta alpha / ((alpha + beta)(alpha + beta + 1));
    # S(2) = beta (beta + 1) / ((alpha + beta)(alpha + beta + 1)).
    a, b = 0.7, 1.2
    p1 = a / (a + b)
    p2 = b * a / ((a + b) * (a + b + 1))
    s2 = b * (b + 1) / ((a + b) * (a + b + 1))
    assert sbg_log_likelihood((a, b), [10, 7, 5]) == pytest.approx(3 * np.log(p1) + 2 * np.log(p2) + 5 * np.log(s2))


def test_survival_retention_and_lifetimes_by_brute_force():
    fit = fit_sbg(HIGH_END)
    a, b = fit.params["alpha"], fit.params["beta"]
    t = np.arange(0, 20_000)
    s = np.exp(betaln(a, b + t) - betaln(a, b))
    np.testing.assert_allclose(fit.survival(t[:10]), s[:10])
    np.testing.assert_allclose(fit.retention_rate(np.arange(1, 10)), s[1:10] / s[:9])
    d = 0.1
    disc = (1 + d) ** -t.astype(float)
    assert fit.discounted_expected_lifetime(d) == pytest.approx(np.sum(s * disc), rel=1e-10)
    for renewals in (0, 4):
        n = renewals + 1
        brute = np.sum(s[n:] / s[n - 1] * disc[: len(s) - n])
        assert fit.discounted_expected_residual_lifetime(d, renewals) == pytest.approx(brute, rel=1e-10)
    assert fit.discounted_expected_lifetime(d) == pytest.approx(1 + fit.discounted_expected_residual_lifetime(d) / 1.1)
    assert fit.clv(100.0, d) == pytest.approx(100 * fit.discounted_expected_lifetime(d))
    assert fit.expected_lifetime == float("inf")  # alpha < 1
    np.testing.assert_allclose(fit.project_survivors(3, 1000), 1000 * s[:4])


def test_mean_lifetime_when_alpha_above_one():
    # Survivors drawn to follow alpha = 3, beta = 2 exactly (in expectation); E[T] = (a + b - 1) / (a - 1) = 2.
    a, b = 3.0, 2.0
    t = np.arange(0, 8)
    survivors = np.round(100_000 * np.exp(betaln(a, b + t) - betaln(a, b)))
    fit = fit_sbg(survivors)
    assert fit.params["alpha"] == pytest.approx(a, rel=0.02) and fit.params["beta"] == pytest.approx(b, rel=0.02)
    fa, fb = fit.params["alpha"], fit.params["beta"]
    assert fit.expected_lifetime == pytest.approx((fa + fb - 1) / (fa - 1))
    assert fit.discounted_expected_lifetime(0.0) == fit.expected_lifetime


def test_sbg_errors():
    with pytest.raises(CxkitValueError, match=r"survivors must never increase .* rises at row 2 \(e.g. 600 -> 700\)"):
        fit_sbg([1000, 600, 700])
    with pytest.raises(CxkitValueError, match=r"at least 2 counts"):
        fit_sbg([1000])
    with pytest.raises(CxkitValueError, match=r"survivors has 1 bad values \(row 1\); counts must be whole"):
        fit_sbg([1000, 600.5, 500])
    with pytest.raises(CxkitValueError, match=r"survivors never fall"):
        fit_sbg([10, 10, 10])
    with pytest.raises(CxkitValueError, match=r"survivors\[0\] \(0\) must be > 0"):
        fit_sbg([0, 0])
    with pytest.raises(CxkitTypeError, match=r"survivors must be a sequence of counts; got str"):
        fit_sbg("1000,600")
    fit = fit_sbg(REGULAR)
    with pytest.raises(CxkitValueError, match=r"discount_rate must be > 0 here: with alpha = 0.704"):
        fit.discounted_expected_lifetime(0.0)
    with pytest.raises(CxkitValueError, match=r"discount_rate \(-0.1\) must be a finite number >= 0"):
        fit.clv(10.0, -0.1)
    with pytest.raises(CxkitValueError, match=r"renewals must be a whole number >= 0; got -1"):
        fit.discounted_expected_residual_lifetime(0.1, -1)


def test_log_survival_equals_the_beta_function_form_and_stays_a_probability_when_alpha_and_beta_are_huge():
    from scipy.special import betaln

    from cxkit.value.sbg import log_survival

    t = np.arange(0, 40)
    for alpha, beta in ((0.7, 1.3), (3.8, 15.4), (200.0, 900.0)):
        np.testing.assert_allclose(log_survival(alpha, beta, t), betaln(alpha, beta + t) - betaln(alpha, beta),
                                   rtol=1e-10, atol=1e-12)
    alpha, beta = 2.391e15, 9.641e13  # the fit of survivors [124, 5, 0]: one churn probability for everyone
    churn = alpha / (alpha + beta)
    np.testing.assert_allclose(np.exp(log_survival(alpha, beta, t[:5])), (1 - churn) ** t[:5], rtol=1e-9)


def test_a_cohort_with_one_churn_probability_fits_to_a_survival_curve_between_0_and_1():
    fit = fit_sbg([124, 5.0, 0])
    assert 0 < fit.survival(3) <= 1
    # Everyone churns: a geometric MLE, 124 churns in 124 + 5 customer-periods at risk, so S(1) = 5 / 129.
    assert fit.survival(1) == pytest.approx(5 / 129, rel=1e-3)
