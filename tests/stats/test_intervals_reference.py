"""Interval values against reference implementations (statsmodels, scipy) and closed forms.

Every number cxkit reports is checked here against an independent source:
statsmodels/scipy where they implement the same method, a hand formula or a
Monte-Carlo check where they do not. Hard-coded values name the R call that
gives them.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import integrate, stats
from scipy.optimize import minimize_scalar
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

import cxkit as cx
from cxkit.stats import (
    bca_interval_from_counts,
    nps_difference,
    nps_interval,
    proportion_difference,
    proportion_interval,
    t_interval,
    welch_difference,
)

LEVELS = (0.8, 0.9, 0.95, 0.99)
RTOL = 1e-10

# 100 answers: 50 promoters, 30 passives, 20 detractors -> NPS 30.
NPS_EXAMPLE = [10] * 25 + [9] * 25 + [8] * 15 + [7] * 15 + [6] * 5 + [3] * 5 + [0] * 10
CSAT_EXAMPLE = [1] * 5 + [2] * 10 + [3] * 15 + [4] * 30 + [5] * 40  # 70 % top-2, 40 % top-1
CES_EXAMPLE = [1] * 2 + [2] * 8 + [3] * 15 + [4] * 18 + [5] * 7  # mean 3.4, 25 of 50 easy
CES_OTHER = [1] * 1 + [2] * 3 + [3] * 10 + [4] * 20 + [5] * 16  # mean 3.94


def z(level):
    return stats.norm.ppf(0.5 + level / 2)


def all_outcomes(n):
    """Every (detractors, passives, promoters) with sum n, as three int arrays."""
    d, p = np.divmod(np.arange((n + 1) ** 2), n + 1)
    keep = d + p <= n
    return d[keep], n - d[keep] - p[keep], p[keep]


# =========================================================================== shares

SHARE_REFERENCE = {"wilson": "wilson", "jeffreys": "jeffreys", "clopper-pearson": "beta",
                   "agresti-coull": "agresti_coull", "wald": "normal"}
SIZES = (1, 2, 5, 10, 37, 100, 1000)


def successes(n):
    """All of 0..n, or for n = 1000 the edges and 41 points across."""
    if n <= 100:
        return np.arange(n + 1)
    return np.unique(np.r_[0:6, np.linspace(0, n, 41).round(), n - 5:n + 1]).astype(int)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("method", [m for m in SHARE_REFERENCE if m != "jeffreys"])
def test_share_interval_equals_statsmodels(method, level):
    for n in SIZES:
        x = successes(n)
        low, high = proportion_interval(x, n, confidence_level=level, method=method)
        ref_low, ref_high = proportion_confint(x, n, alpha=1 - level, method=SHARE_REFERENCE[method])
        np.testing.assert_allclose(low, ref_low, rtol=RTOL, atol=1e-14, err_msg=f"n={n}")
        np.testing.assert_allclose(high, ref_high, rtol=RTOL, atol=1e-14, err_msg=f"n={n}")


@pytest.mark.parametrize("level", LEVELS)
def test_jeffreys_equals_statsmodels_inside_and_brown_cai_dasgupta_at_the_boundaries(level):
    for n in SIZES:
        x = successes(n)
        low, high = proportion_interval(x, n, confidence_level=level, method="jeffreys")
        ref_low, ref_high = proportion_confint(x, n, alpha=1 - level, method="jeffreys")
        inside = (x > 0) & (x < n)
        np.testing.assert_allclose(low[inside], ref_low[inside], rtol=RTOL)
        np.testing.assert_allclose(high[inside], ref_high[inside], rtol=RTOL)
        # x = 0: lower bound 0 (statsmodels gives the beta quantile, > 0); upper as statsmodels.
        assert low[0] == 0.0 < ref_low[0]
        assert high[0] == pytest.approx(ref_high[0], rel=RTOL)
        # x = n: upper bound 1; lower as statsmodels.
        assert high[-1] == 1.0 > ref_high[-1]
        assert low[-1] == pytest.approx(ref_low[-1], rel=RTOL)


@pytest.mark.parametrize("method", list(SHARE_REFERENCE))
def test_public_share_metrics_are_100_times_statsmodels(method):
    # (estimate, successes, n) for csat top-2, csat top-1, csi, ces share.
    cases = [
        (cx.csat(CSAT_EXAMPLE, method=method), 70, 100),
        (cx.csat(CSAT_EXAMPLE, top=1, method=method), 40, 100),
        (cx.csi(CSAT_EXAMPLE, method=method), 70, 100),
        (cx.ces(CES_EXAMPLE, method=method), 25, 50),
    ]
    for est, x, n in cases:
        ref_low, ref_high = proportion_confint(x, n, alpha=0.05, method=SHARE_REFERENCE[method])
        assert est.value == pytest.approx(100 * x / n)
        assert est.low == pytest.approx(100 * ref_low, rel=RTOL)
        assert est.high == pytest.approx(100 * ref_high, rel=RTOL)


def test_share_intervals_hard_coded_7_of_50():
    # R: prop.test(7, 50, correct = FALSE)$conf.int   (the Wilson score interval)
    assert proportion_interval(7, 50, method="wilson") == pytest.approx((0.0695083343, 0.2618619371), abs=1e-10)
    # R: binom.test(7, 50)$conf.int                    (Clopper-Pearson)
    assert proportion_interval(7, 50, method="clopper-pearson") == pytest.approx(
        (0.0581917003, 0.2673960025), abs=1e-10)
    # R: qbeta(c(0.025, 0.975), 7.5, 43.5)             (Jeffreys)
    assert proportion_interval(7, 50, method="jeffreys") == pytest.approx((0.0648717012, 0.2553250282), abs=1e-10)


# =========================================================================== means


@pytest.mark.parametrize("level", LEVELS)
def test_t_interval_equals_scipy(level):
    mean = np.array([3.4, -1.0, 0.0, 120.5])
    sd = np.array([1.0, 0.3, 2.5, 40.0])
    n = np.array([2, 3, 10, 1000])
    low, high = t_interval(mean, sd, n, confidence_level=level)
    ref_low, ref_high = stats.t.interval(level, n - 1, loc=mean, scale=sd / np.sqrt(n))
    np.testing.assert_allclose(low, ref_low, rtol=1e-12)
    np.testing.assert_allclose(high, ref_high, rtol=1e-12)


def test_t_interval_hard_coded():
    # R: t.test(c(rep(1, 2), rep(2, 8), rep(3, 15), rep(4, 18), rep(5, 7)))$conf.int
    est = cx.ces(CES_EXAMPLE, statistic="mean")
    assert (est.value, est.low, est.high) == pytest.approx((3.4, 3.1016554504, 3.6983445496), abs=1e-10)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("answers, scale", [(CES_EXAMPLE, (1, 5)), (CES_OTHER, (1, 5)),
                                            ([1, 2, 2, 3, 4, 4, 5, 6, 7, 7, 3], (1, 7))])
def test_ces_mean_equals_scipy_t_on_raw_answers(answers, scale, level):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        est = cx.ces(answers, statistic="mean", scale=scale, confidence_level=level)
    raw = np.asarray(answers, dtype=float)
    ref = stats.t.interval(level, len(raw) - 1, loc=raw.mean(), scale=stats.sem(raw))
    assert est.method == "t"
    assert (est.low, est.high) == pytest.approx(ref, rel=1e-12)


def test_ces_mean_t_interval_is_clipped_to_the_scale():
    answers = [5] * 9 + [4]  # mean 4.9; scipy's upper bound is 5.126
    raw = np.asarray(answers, dtype=float)
    ref_low, ref_high = stats.t.interval(0.95, 9, loc=raw.mean(), scale=stats.sem(raw))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        est = cx.ces(answers, statistic="mean")
    assert ref_high > 5
    assert (est.low, est.high) == pytest.approx((ref_low, 5.0), rel=1e-12)


@pytest.mark.parametrize("answers, scale, level", [
    ([3], (1, 5), 0.95),           # n = 1: half-width 5.43, clipped to the whole scale
    ([4] * 4, (1, 5), 0.95),       # all equal: 4 - 2.716 = 1.284, upper clipped to 5
    ([4] * 50, (1, 7), 0.9),       # all equal, not clipped
    ([2] * 30, (1, 5), 0.99),
])
def test_hoeffding_fallback_for_one_answer_or_all_equal(answers, scale, level):
    n, mean, lowest, highest = len(answers), answers[0], scale[0], scale[1]
    half = (highest - lowest) * np.sqrt(np.log(2 / (1 - level)) / (2 * n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        est = cx.ces(answers, statistic="mean", scale=scale, confidence_level=level)
    assert est.method == "hoeffding"
    assert est.low == pytest.approx(max(mean - half, lowest), rel=1e-12)
    assert est.high == pytest.approx(min(mean + half, highest), rel=1e-12)


def test_hoeffding_hard_coded():
    # Four answers of 4 on 1..5, 95 %; R: 4 - 4 * sqrt(log(2 / 0.05) / (2 * 4))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        est = cx.ces([4] * 4, statistic="mean")
    assert (est.low, est.high) == pytest.approx((1.2837969685, 5.0), abs=1e-10)


# =========================================================================== bootstrap
#
# Tolerance. A mean of n answers on a discrete scale takes values on the
# lattice k/n, and so does every resampled mean: BCa bounds (quantiles of the
# resampled means) of two independent bootstraps either coincide or differ by
# whole steps 1/n. The data sets below were chosen (over 40 seeds each, for
# cxkit and scipy) so that 20,000 resamples put each bound on the same lattice
# point every time; we allow half a step. A rule that differs from scipy's
# (say, in how ties with the estimate enter the bias correction z0) moves a
# bound by a whole step and fails.

BOOTSTRAP_RESAMPLES = 20_000


def scipy_bca(values, counts, seed):
    raw = np.repeat(np.asarray(values, dtype=float), counts)
    res = stats.bootstrap((raw,), np.mean, method="BCa", n_resamples=BOOTSTRAP_RESAMPLES,
                          rng=np.random.default_rng(seed))
    return res.confidence_interval.low, res.confidence_interval.high


@pytest.mark.parametrize("counts", [(2, 8, 15, 18, 7)])
def test_bca_mean_agrees_with_scipy_bootstrap(counts):
    values = [1, 2, 3, 4, 5]
    low, high = bca_interval_from_counts(values, counts, n_resamples=BOOTSTRAP_RESAMPLES, rng=11)
    ref = scipy_bca(values, counts, seed=12)
    half_step = 0.5 / sum(counts)
    assert (low[0], high[0]) == pytest.approx(ref, abs=half_step)


@pytest.mark.parametrize("counts", [(7, 13, 20), (4, 13, 13)])
def test_nps_bootstrap_agrees_with_scipy_bootstrap(counts):
    low, high = nps_interval(*counts, method="bootstrap", n_resamples=BOOTSTRAP_RESAMPLES, rng=21)
    ref = scipy_bca([-1, 0, 1], counts, seed=22)
    half_step = 100 * 0.5 / sum(counts)  # in NPS points
    assert (100 * low[0], 100 * high[0]) == pytest.approx((100 * ref[0], 100 * ref[1]), abs=half_step)


# =========================================================================== differences

# (x_a, n_a, x_b, n_b): ordinary, unequal sizes, and the edges 0 and n.
PROPORTION_PAIRS = np.array([
    (30, 100, 45, 120), (7, 50, 12, 40), (1, 10, 9, 10), (0, 20, 5, 25), (20, 20, 14, 30),
    (0, 15, 0, 40), (50, 50, 30, 30), (3, 1000, 11, 900), (500, 1000, 480, 1000), (1, 2, 2, 3),
])


@pytest.mark.parametrize("level", LEVELS)
def test_proportion_difference_equals_statsmodels_newcombe(level):
    x_a, n_a, x_b, n_b = PROPORTION_PAIRS.T
    diff, low, high, _ = proportion_difference(x_a, n_a, x_b, n_b, confidence_level=level)
    np.testing.assert_allclose(diff, x_b / n_b - x_a / n_a, rtol=1e-12, atol=1e-15)
    for i, (xa, na, xb, nb) in enumerate(PROPORTION_PAIRS):
        # statsmodels' difference is sample 1 - sample 2; cxkit's is b - a.
        ref_low, ref_high = confint_proportions_2indep(xb, nb, xa, na, method="newcomb", compare="diff",
                                                       alpha=1 - level)
        assert (low[i], high[i]) == pytest.approx((ref_low, ref_high), rel=RTOL, abs=1e-14)


def test_proportion_difference_p_value_is_the_pooled_z_test():
    x_a, n_a, x_b, n_b = PROPORTION_PAIRS.T
    _, _, _, p = proportion_difference(x_a, n_a, x_b, n_b)
    for i, (xa, na, xb, nb) in enumerate(PROPORTION_PAIRS):
        pooled = (xa + xb) / (na + nb)
        if 0 < pooled < 1:
            assert p[i] == pytest.approx(proportions_ztest([xb, xa], [nb, na])[1], rel=1e-10)
            chi2 = stats.chi2_contingency([[xa, na - xa], [xb, nb - xb]], correction=False)
            assert p[i] == pytest.approx(chi2.pvalue, rel=1e-8)
        else:  # every answer a success (or none) in both samples: no evidence of a difference
            assert p[i] == 1.0
    # R: prop.test(c(45, 30), c(120, 100), correct = FALSE)$p.value
    assert p[0] == pytest.approx(0.2425835793, abs=1e-10)


def welch_inputs(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.mean(), a.std(ddof=1), len(a), b.mean(), b.std(ddof=1), len(b)


WELCH_SAMPLES = [
    (CES_EXAMPLE, CES_OTHER),
    (np.random.default_rng(1).normal(0, 1, 12), np.random.default_rng(2).normal(0.5, 3, 40)),
    (np.random.default_rng(3).normal(10, 5, 200), np.random.default_rng(4).normal(10.2, 1, 7)),
    ([1, 2, 3], [2, 4, 6, 8]),
]


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("a, b", WELCH_SAMPLES)
def test_welch_difference_equals_scipy_ttest_ind(a, b, level):
    diff, low, high, p = welch_difference(*welch_inputs(a, b), confidence_level=level)
    ref = stats.ttest_ind(b, a, equal_var=False)
    ci = ref.confidence_interval(level)
    assert diff == pytest.approx(np.mean(b) - np.mean(a), rel=1e-12)
    assert (low, high) == pytest.approx((ci.low, ci.high), rel=1e-10)
    assert p == pytest.approx(ref.pvalue, rel=1e-10)
    assert p == pytest.approx(2 * stats.t.sf(abs(ref.statistic), ref.df), rel=1e-10)


def test_compare_ces_mean_matches_scipy_welch():
    comp = cx.compare(CES_EXAMPLE, CES_OTHER, metric="ces", statistic="mean")
    ref = stats.ttest_ind(CES_OTHER, CES_EXAMPLE, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert comp.difference == pytest.approx(0.54)
    assert (comp.low, comp.high, comp.p_value) == pytest.approx((ci.low, ci.high, ref.pvalue), rel=1e-10)
    # R: t.test(b, a)  (Welch is R's default) -> conf.int 0.1374110825 0.9425889175, p-value 0.009086947
    assert (comp.low, comp.high) == pytest.approx((0.1374110825, 0.9425889175), abs=1e-10)


def test_compare_csat_matches_statsmodels_newcombe_and_z_test():
    b = [1] * 3 + [2] * 7 + [3] * 10 + [4] * 35 + [5] * 45  # 80 % top-2 vs 70 % in CSAT_EXAMPLE
    comp = cx.compare(CSAT_EXAMPLE, b, metric="csat")
    ref_low, ref_high = confint_proportions_2indep(80, 100, 70, 100, method="newcomb", compare="diff")
    assert comp.difference == pytest.approx(10.0)
    assert (comp.low, comp.high) == pytest.approx((100 * ref_low, 100 * ref_high), rel=RTOL)
    assert comp.p_value == pytest.approx(proportions_ztest([80, 70], [100, 100])[1], rel=1e-10)


# =========================================================================== NPS
#
# With shares p (promoters) and d (detractors) of one multinomial sample of n,
# NPS = p - d and
#   Var(p - d) = Var(p) + Var(d) - 2 Cov(p, d)
#              = [p(1 - p) + d(1 - d) + 2pd] / n        (Cov = -pd/n for a multinomial)
#              = [p + d - (p - d)^2] / n.

NPS_LEVELS = (0.8, 0.95, 0.99)


def wald_by_hand(d, pa, p, level, pseudo=(0.0, 0.0, 0.0)):
    d, pa, p = d + pseudo[0], pa + pseudo[1], p + pseudo[2]
    n = d + pa + p
    centre = (p - d) / n
    half = z(level) * np.sqrt(((p + d) / n - centre**2) / n)
    return centre - half, centre + half


@pytest.mark.parametrize("level", NPS_LEVELS)
def test_nps_wald_equals_hand_formula(level):
    d, pa, p = all_outcomes(20)
    low, high = nps_interval(d, pa, p, method="wald", confidence_level=level)
    ref_low, ref_high = wald_by_hand(d, pa, p, level)
    np.testing.assert_allclose(low, np.clip(ref_low, -1, 1), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(high, np.clip(ref_high, -1, 1), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("level", NPS_LEVELS)
def test_nps_adjusted_wald_equals_hand_formula_with_rocks_pseudo_counts(level):
    d, pa, p = all_outcomes(20)
    low, high = nps_interval(d, pa, p, method="adjusted-wald", confidence_level=level)
    ref_low, ref_high = wald_by_hand(d, pa, p, level, pseudo=(0.75, 1.5, 0.75))
    # Documented widening rule: the interval always contains the sample NPS.
    sample = (p - d) / 20
    np.testing.assert_allclose(low, np.clip(np.minimum(ref_low, sample), -1, 1), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(high, np.clip(np.maximum(ref_high, sample), -1, 1), rtol=1e-12, atol=1e-14)


# Tango's score statistic for delta = promoter share - detractor share, from P
# promoters and D detractors among n:
#   T(delta) = (P - D - n delta) / sqrt(n [2 q + delta (1 - delta)]),
# the variance n[p + d - (p - d)^2] at p = q + delta, d = q, with q the
# detractor share's maximum-likelihood estimate under p - d = delta. The
# log-likelihood  P log(q + delta) + D log q + (n - P - D) log(1 - 2q - delta)
# has derivative  P/(q + delta) + D/q - 2(n - P - D)/(1 - 2q - delta) = 0;
# multiplying by q (q + delta)(1 - 2q - delta) and collecting powers of q:
#   2n q^2 + [(2n - P + D) delta - (P + D)] q - D delta (1 - delta) = 0,
# whose larger root is the constrained MLE.


def tango_statistic(delta, detractors, promoters, n):
    a = 2.0 * n
    b = (2.0 * n - promoters + detractors) * delta - (promoters + detractors)
    c = -detractors * delta * (1.0 - delta)
    q = (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a)
    return (promoters - detractors - n * delta) / np.sqrt(n * (2 * q + delta * (1 - delta)))


@pytest.mark.parametrize("counts, delta", [((20, 30, 50), 0.1), ((20, 30, 50), -0.2), ((3, 0, 7), 0.9),
                                           ((9, 1, 2), -0.95), ((0, 5, 5), 0.2), ((4, 4, 0), -0.1)])
def test_tango_closed_form_is_the_constrained_mle(counts, delta):
    """The test's own closed form against a numerical maximisation of the likelihood."""
    d, pa, p = counts
    n = d + pa + p
    q_lo, q_hi = max(0.0, -delta), (1.0 - delta) / 2

    def minus_loglik(q):
        return -(stats.multinomial.logpmf([d, pa, p], n, [q, 1 - 2 * q - delta, q + delta]))

    best = minimize_scalar(minus_loglik, bounds=(q_lo + 1e-12, q_hi - 1e-12), method="bounded",
                           options={"xatol": 1e-12})
    q_numeric = best.x
    a, b, c = 2.0 * n, (2.0 * n - p + d) * delta - (p + d), -d * delta * (1 - delta)
    q_closed = (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a)
    assert q_closed == pytest.approx(q_numeric, abs=1e-6)


@pytest.mark.parametrize("level", NPS_LEVELS)
def test_nps_score_bounds_are_where_tangos_statistic_equals_z(level):
    d, pa, p = (np.r_[c, x] for c, x in zip(all_outcomes(12), (20, 30, 50)))
    n = d + pa + p
    low, high = nps_interval(d, pa, p, method="score", confidence_level=level)
    inner_low, inner_high = low > -1, high < 1
    np.testing.assert_allclose(tango_statistic(low[inner_low], d[inner_low], p[inner_low], n[inner_low]),
                               z(level), atol=1e-6)
    np.testing.assert_allclose(tango_statistic(high[inner_high], d[inner_high], p[inner_high], n[inner_high]),
                               -z(level), atol=1e-6)
    # A bound at -1 or 1 only where every answer is a detractor / a promoter.
    np.testing.assert_array_equal(~inner_low, d == n)
    np.testing.assert_array_equal(~inner_high, p == n)


BAYES_CASES = [(20, 30, 50), (2, 3, 5), (12, 5, 3), (0, 4, 6), (0, 0, 10)]


@pytest.mark.parametrize("counts", BAYES_CASES)
def test_nps_bayes_agrees_with_dirichlet_monte_carlo(counts):
    # 400,000 draws: the Monte-Carlo sd of a 2.5 % quantile is under 0.0015 for these cases.
    rng = np.random.default_rng(2016)
    shares = rng.dirichlet(np.asarray(counts) + 0.5, size=400_000)  # detractors, passives, promoters
    mc_low, mc_high = np.quantile(shares[:, 2] - shares[:, 0], [0.025, 0.975])
    sample = (counts[2] - counts[0]) / sum(counts)
    low, high = nps_interval(*counts, method="bayes")
    # Widening rule: the interval contains the sample NPS (for (0, 0, 10): upper bound 1).
    assert low[0] == pytest.approx(min(mc_low, sample), abs=0.005)
    assert high[0] == pytest.approx(max(mc_high, sample), abs=0.005)


def posterior_cdf(t, d, pa, p):
    """P(promoter share - detractor share <= t) under Dirichlet(d+.5, pa+.5, p+.5), by quadrature.

    Promoter share X ~ Beta(p+.5, d+pa+1); given X = x the detractor share is
    (1 - x) W with W ~ Beta(d+.5, pa+.5), so P(X - D <= t) = E[P(W >= (X - t)/(1 - X))].
    """
    ad, apa, ap = d + 0.5, pa + 0.5, p + 0.5

    def integrand(x):
        return stats.beta.pdf(x, ap, ad + apa) * stats.beta.sf(np.clip((x - t) / (1 - x), 0, 1), ad, apa)

    kinks = [v for v in (t, (1 + t) / 2) if 0 < v < 1]
    return integrate.quad(integrand, 0, 1, points=kinks, limit=500, epsabs=1e-12)[0]


@pytest.mark.parametrize("counts", [(20, 30, 50), (2, 3, 5), (1, 0, 9), (12, 5, 3), (3, 1, 0)])
def test_nps_bayes_bounds_are_posterior_quantiles_to_1e_4(counts):
    low, high = nps_interval(*counts, method="bayes")
    assert posterior_cdf(low[0], *counts) == pytest.approx(0.025, abs=1e-4)
    assert posterior_cdf(high[0], *counts) == pytest.approx(0.975, abs=1e-4)


def test_nps_worked_example_every_method():
    """50 promoters, 30 passives, 20 detractors: NPS 30, bounds in NPS points."""
    level = 0.95
    wald = 100 * np.array(wald_by_hand(20, 30, 50, level))
    adjusted = 100 * np.array(wald_by_hand(20, 30, 50, level, pseudo=(0.75, 1.5, 0.75)))
    expected = {
        "wald": (wald, (14.69, 45.31)),  # 30 -/+ 1.96 * sqrt((0.7 - 0.09) / 100) * 100
        "adjusted-wald": (adjusted, (14.05, 44.20)),
    }
    for method, (exact, rounded) in expected.items():
        est = cx.nps(NPS_EXAMPLE, method=method)
        assert est.value == pytest.approx(30.0)
        assert (est.low, est.high) == pytest.approx(tuple(exact), rel=1e-12)
        assert (est.low, est.high) == pytest.approx(rounded, abs=0.005)
    score = cx.nps(NPS_EXAMPLE, method="score")
    assert tango_statistic(score.low / 100, 20, 50, 100) == pytest.approx(z(level), abs=1e-6)
    assert tango_statistic(score.high / 100, 20, 50, 100) == pytest.approx(-z(level), abs=1e-6)
    assert (score.low, score.high) == pytest.approx((13.96, 44.34), abs=0.005)
    bayes = cx.nps(NPS_EXAMPLE, method="bayes")
    assert (bayes.low, bayes.high) == pytest.approx((14.02, 44.27), abs=0.005)


# =========================================================================== NPS difference


def outcome_pairs(n_a, n_b):
    """Every pair of outcomes of samples of n_a and n_b answers, as two count triples."""
    a, b = np.array(all_outcomes(n_a)), np.array(all_outcomes(n_b))
    ia, ib = np.meshgrid(np.arange(a.shape[1]), np.arange(b.shape[1]), indexing="ij")
    return tuple(a[:, ia.ravel()]), tuple(b[:, ib.ravel()])


@pytest.mark.parametrize("method", ["adjusted-wald", "wald"])
@pytest.mark.parametrize("level", [0.8, 0.9, 0.95])
@pytest.mark.parametrize("n_a, n_b", [(10, 10), (2, 5), (5, 40), (30, 100), (1, 60), (3, 40)])
def test_nps_difference_p_value_below_alpha_exactly_when_interval_excludes_zero(n_a, n_b, level, method):
    counts_a, counts_b = outcome_pairs(n_a, n_b)
    _, low, high, p = nps_difference(counts_a, counts_b, confidence_level=level, method=method)
    significant = p < 1 - level
    excludes_zero = (low > 0) | (high < 0)
    mismatch = np.flatnonzero(significant != excludes_zero)
    examples = [(tuple(int(c[i]) for c in counts_a), tuple(int(c[i]) for c in counts_b),
                 round(float(low[i]), 4), round(float(high[i]), 4), round(float(p[i]), 4))
                for i in mismatch[:3]]
    assert mismatch.size == 0, f"{mismatch.size} pairs; (a, b, low, high, p): {examples}"
