"""Every interval contains its estimate, with finite bounds on the metric's scale, at every accepted level.

Issue "re-foundation", section 6. Before: Jeffreys at confidence_level 0.05
(x = 1, n = 3) excluded x/n = 1/3 and tripped the Estimate's own "this is a
bug in cxkit" check; levels at or above 1 - 1e-16 gave z = inf and NaN bounds.
The accepted range is 0 < level <= 1 - 1e-9 (cxkit.options.check_confidence_level);
the stats functions stay finite up to the last double below 1, which
compare_benchmark's level search reaches (1 - 1e-12).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from scipy import stats

import cxkit as cx
from cxkit.options import check_confidence_level
from cxkit.stats import mean_interval, nps_interval, proportion_interval
from cxkit.stats.mean import hoeffding_test_p, hoeffding_interval, t_interval, t_test_p
from cxkit.stats.numeric import z_value
from cxkit.stats.proportion import proportion_score_test_p

HIGHEST = 1 - 1e-9
#: Levels every check accepts, including both extremes of the accepted range.
ACCEPTED = [1e-300, 1e-9, 0.01, 0.05, 0.5, 0.95, 0.999999, HIGHEST]
#: Levels only the stats layer sees (compare_benchmark's search), beyond the public cap.
STATS_ONLY = [1 - 1e-12, 0.9999999999999999]

levels = st.one_of(st.sampled_from(ACCEPTED), st.floats(min_value=1e-12, max_value=HIGHEST))
share_methods = st.sampled_from(["wilson", "jeffreys", "clopper-pearson", "agresti-coull", "wald"])
nps_methods = st.sampled_from(["adjusted-wald", "wald", "score", "bootstrap", "bayes"])
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _quiet():
    warnings.simplefilter("ignore", cx.SmallSampleWarning)


def _assert_contains(low, value, high, lowest, highest, *, tolerance=0.0):
    low, value, high = (np.asarray(v, dtype=float) for v in (low, value, high))
    assert np.all(np.isfinite(low)) and np.all(np.isfinite(high)), (low, high)
    assert np.all(lowest <= low) and np.all(high <= highest), (low, high)
    assert np.all(low - tolerance <= value) and np.all(value <= high + tolerance), (low, value, high)


# The metric layer (cxkit/metrics/from_counts.py) scales the value as
# ``100 * x / n`` but the bounds as ``100 * (x / n)``; the two can differ in
# the last bit, which Estimate's own check allows for (cxkit.results._TOLERANCE).
POINTS = 1e-9


# --------------------------------------------------------------------------- stats layer


@FAST
@given(n=st.integers(1, 400), frac=st.floats(0, 1), level=levels, method=share_methods)
def test_share_interval_contains_x_over_n(n, frac, level, method):
    x = round(frac * n)
    low, high = proportion_interval(x, n, confidence_level=level, method=method)
    _assert_contains(low, x / n, high, 0.0, 1.0)


@pytest.mark.parametrize("level", ACCEPTED + STATS_ONLY)
@pytest.mark.parametrize("method", ["wilson", "jeffreys", "clopper-pearson", "agresti-coull", "wald"])
def test_share_interval_every_outcome_at_the_extreme_levels(method, level):
    for n in (1, 2, 3, 7, 30):
        x = np.arange(n + 1)
        low, high = proportion_interval(x, n, confidence_level=level, method=method)
        _assert_contains(low, x / n, high, 0.0, 1.0)


@FAST
@given(counts=st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60)).filter(lambda c: sum(c) > 0),
       level=levels, method=nps_methods)
def test_nps_interval_contains_the_sample_nps(counts, level, method):
    d, pa, p = counts
    low, high = nps_interval(d, pa, p, confidence_level=level, method=method, n_resamples=200, rng=0)
    _assert_contains(low, (p - d) / (d + pa + p), high, -1.0, 1.0)


@pytest.mark.parametrize("level", ACCEPTED + STATS_ONLY)
@pytest.mark.parametrize("method", ["adjusted-wald", "wald", "score", "bootstrap"])
def test_nps_interval_small_samples_at_the_extreme_levels(method, level):
    trios = np.array([(d, pa, n - d - pa) for n in (1, 2, 3, 5) for d in range(n + 1) for pa in range(n + 1 - d)],
                     dtype=float)
    d, pa, p = trios.T
    low, high = nps_interval(d, pa, p, confidence_level=level, method=method, n_resamples=200, rng=1)
    _assert_contains(low, (p - d) / (d + pa + p), high, -1.0, 1.0)


def test_nps_bayes_small_samples_at_the_extreme_levels():
    # Bayes integrates numerically (about 0.2 s a group at low levels): a few trios, all levels in one call
    trios = np.array([(1, 0, 0), (0, 0, 2), (2, 0, 1), (0, 2, 3)], dtype=float)
    grid = np.repeat(trios, len(ACCEPTED + STATS_ONLY), axis=0)
    level = np.tile(ACCEPTED + STATS_ONLY, len(trios))
    d, pa, p = grid.T
    low, high = nps_interval(d, pa, p, confidence_level=level, method="bayes")
    _assert_contains(low, (p - d) / (d + pa + p), high, -1.0, 1.0)


@FAST
@given(counts=st.lists(st.integers(0, 40), min_size=5, max_size=5).filter(lambda c: sum(c) > 0),
       level=levels, method=st.sampled_from(["t", "bootstrap"]))
def test_mean_interval_contains_the_mean(counts, level, method):
    values = np.arange(1.0, 6.0)
    low, high, _ = mean_interval(values, [counts], lowest=1, highest=5, confidence_level=level, method=method,
                                 n_resamples=200, rng=2)
    _assert_contains(low, np.dot(values, counts) / sum(counts), high, 1.0, 5.0)


@pytest.mark.parametrize("level", ACCEPTED + STATS_ONLY)
def test_mean_interval_t_bootstrap_and_hoeffding_at_the_extreme_levels(level):
    values = np.arange(1.0, 6.0)
    counts = np.array([[1, 0, 0, 0, 0], [0, 3, 0, 0, 0], [1, 0, 0, 0, 1], [2, 8, 15, 18, 7], [0, 0, 0, 1, 40]])
    mean = counts @ values / counts.sum(axis=1)
    for method in ("t", "bootstrap"):
        low, high, methods = mean_interval(values, counts, lowest=1, highest=5, confidence_level=level,
                                           method=method, n_resamples=300, rng=3)
        _assert_contains(low, mean, high, 1.0, 5.0)
        assert list(methods[:2]) == ["hoeffding", "hoeffding"]  # one answer; every answer equal


def test_z_value_is_finite_and_exact_at_both_ends():
    assert z_value(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
    # Phi^-1(1 - 0.5e-9) and Phi^-1(1 - 0.5 * 2^-53), from the tail with norm.isf
    assert z_value(1 - 1e-9) == pytest.approx(stats.norm.isf((1 - (1 - 1e-9)) / 2), rel=1e-12)
    assert z_value(0.9999999999999999) == pytest.approx(stats.norm.isf(2.0**-53 / 2), rel=1e-12)
    assert z_value(0.9999999999999999) == pytest.approx(8.2924, abs=1e-4)
    # near 0, z = sqrt(pi/2) * level to first order
    assert z_value(1e-300) == pytest.approx(math.sqrt(math.pi / 2) * 1e-300, rel=1e-12)


def test_t_quantile_keeps_its_precision_near_one():
    level = 1 - 1e-9
    alpha = 1 - level  # 1.0000000827e-9: the double nearest 1 - 1e-9 is not exactly that
    low, high = t_interval(0.0, 1.0, 5, confidence_level=level)
    assert high == pytest.approx(stats.t.isf(alpha / 2, 4) / math.sqrt(5), rel=1e-9)
    assert low == -high


# --------------------------------------------------------------------------- the Jeffreys regression


def test_jeffreys_below_x_over_n_is_widened_to_it():
    # Beta(1.5, 2.5) at 0.05 confidence: quantiles 0.475 and 0.525 give (0.3367, 0.3684), above 1/3.
    lo_q, hi_q = stats.beta.ppf([0.475, 0.525], 1.5, 2.5)
    assert lo_q > 1 / 3
    low, high = proportion_interval(1, 3, confidence_level=0.05, method="jeffreys")
    assert low == 1 / 3
    assert high == pytest.approx(hi_q, rel=1e-12)
    # at 95 % nothing is moved: statsmodels' Jeffreys interval for 1 of 3
    low, high = proportion_interval(1, 3, confidence_level=0.95, method="jeffreys")
    assert (low, high) == pytest.approx(tuple(stats.beta.ppf([0.025, 0.975], 1.5, 2.5)), rel=1e-12)


def test_public_csat_jeffreys_at_low_levels_no_longer_reports_a_bug():
    with warnings.catch_warnings():
        _quiet()
        est = cx.csat([5, 1, 1], method="jeffreys", confidence_level=0.05)
    assert est.value == pytest.approx(100 / 3)
    assert est.low == pytest.approx(100 / 3)
    assert est.high > est.value


# --------------------------------------------------------------------------- public functions

NPS_SCORES = st.lists(st.integers(0, 10), min_size=1, max_size=60)


@FAST
@given(scores=NPS_SCORES, level=st.sampled_from(ACCEPTED), method=nps_methods)
def test_cx_nps_contains_its_value(scores, level, method):
    with warnings.catch_warnings():
        _quiet()
        est = cx.nps(scores, confidence_level=level, method=method, n_resamples=200, rng=0)
    _assert_contains(est.low, est.value, est.high, -100.0, 100.0, tolerance=POINTS)


@FAST
@given(scores=st.lists(st.integers(1, 5), min_size=1, max_size=60), level=st.sampled_from(ACCEPTED),
       method=share_methods, top=st.integers(1, 2))
def test_cx_csat_contains_its_value(scores, level, method, top):
    with warnings.catch_warnings():
        _quiet()
        est = cx.csat(scores, top=top, confidence_level=level, method=method)
    _assert_contains(est.low, est.value, est.high, 0.0, 100.0, tolerance=POINTS)


@FAST
@given(scores=st.lists(st.integers(1, 5), min_size=1, max_size=60), level=st.sampled_from(ACCEPTED),
       method=st.sampled_from(["t", "bootstrap"]))
def test_cx_ces_mean_contains_its_value(scores, level, method):
    with warnings.catch_warnings():
        _quiet()
        est = cx.ces(scores, statistic="mean", confidence_level=level, method=method, n_resamples=200, rng=0)
    _assert_contains(est.low, est.value, est.high, 1.0, 5.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scores=st.lists(st.integers(0, 10), min_size=1, max_size=40), level=st.sampled_from(ACCEPTED),
       method=st.sampled_from(["adjusted-wald", "wald", "score", "bayes"]), weighted=st.booleans(),
       seed=st.integers(0, 2**16))
def test_summarize_rows_contain_their_values(scores, level, method, weighted, seed):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({"s": scores, "g": rng.integers(0, 3, len(scores)),
                          "w": rng.uniform(0.2, 3.0, len(scores))})
    table = cx.summarize(frame, metric="nps", score="s", by="g", confidence_level=level, method=method,
                         weights="w" if weighted else None)
    _assert_contains(table["low"], table["value"], table["high"], -100.0, 100.0, tolerance=POINTS)


@pytest.mark.parametrize("level", ACCEPTED)
def test_summarize_every_metric_at_the_extreme_levels(level):
    frame = pd.DataFrame({"s": [1, 5, 5, 4, 2, 3, 5, 1, 1, 4], "g": list("aabbbccccd")})
    for options in ({"metric": "csat", "method": "jeffreys"}, {"metric": "csat", "method": "clopper-pearson"},
                    {"metric": "ces", "statistic": "mean"}, {"metric": "ces", "statistic": "mean", "method": "bootstrap",
                                                           "n_resamples": 200, "rng": 0}):
        table = cx.summarize(frame, score="s", by="g", confidence_level=level, **options)
        lowest, highest = (1.0, 5.0) if "statistic" in options else (0.0, 100.0)
        _assert_contains(table["low"], table["value"], table["high"], lowest, highest, tolerance=POINTS)


# --------------------------------------------------------------------------- the accepted range


@pytest.mark.parametrize("level", [1 - 1e-9, 0.999999999, 1e-300, 0.01])
def test_confidence_level_accepted_extremes(level):
    assert check_confidence_level(level) == level


@pytest.mark.parametrize("level", [0.9999999999999999, 1 - 1e-12, 1 - 5e-10])
def test_confidence_level_too_close_to_one(level):
    with pytest.raises(cx.CxkitValueError, match=rf"confidence_level \({level!r}\) is too close to 1: it must be "
                                                 r"greater than 0 and at most 0\.999999999 \(1 - 1e-9\)"):
        cx.nps([10, 9, 0], confidence_level=level)


# --------------------------------------------------------------------------- exact p-values (for compare_benchmark)


@pytest.mark.parametrize("x, n, p0", [(30, 50, 0.45), (3, 40, 0.2), (0, 12, 0.1), (97, 100, 0.9)])
def test_score_test_p_inverts_the_wilson_interval(x, n, p0):
    p = proportion_score_test_p(x, n, p0)
    # the two-sided score test: z = (x/n - p0) / sqrt(p0 (1 - p0) / n)
    z = (x / n - p0) / math.sqrt(p0 * (1 - p0) / n)
    assert p == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    low, high = proportion_interval(x, n, confidence_level=1 - p, method="wilson")
    assert (low if x / n > p0 else high) == pytest.approx(p0, abs=1e-9)


def test_score_test_p_far_below_the_benchmark_floor():
    # 900 of 1000 against 50 %: z = 0.4 / sqrt(0.25 / 1000) = 25.298, p = 2 Phi(-25.298) = 3.34e-141
    assert proportion_score_test_p(900, 1000, 0.5) == pytest.approx(2 * stats.norm.sf(0.4 / math.sqrt(0.25e-3)),
                                                                    rel=1e-9)
    assert proportion_score_test_p(900, 1000, 0.5) < 1e-140


def test_score_test_p_edges_and_errors():
    assert proportion_score_test_p(0, 10, 0.0) == 1.0
    assert proportion_score_test_p(1, 10, 0.0) == 0.0
    assert proportion_score_test_p(10, 10, 1.0) == 1.0
    assert math.isnan(proportion_score_test_p(0, 0, 0.5))
    with pytest.raises(cx.CxkitValueError, match=r"p0 must be a share from 0 to 1 \(not percent\); got array\(80"):
        proportion_score_test_p(3, 10, 80)
    with pytest.raises(cx.CxkitValueError, match=r"successes and n must be finite counts with 0 <= successes <= n"):
        proportion_score_test_p(11, 10, 0.5)


def test_t_test_p_equals_scipy_and_inverts_the_t_interval():
    answers = np.array([1, 2, 3, 4, 5, 5, 4, 4, 3, 5])
    mean, sd, n = answers.mean(), answers.std(ddof=1), len(answers)
    p = t_test_p(mean, sd, n, 3.0)
    assert p == pytest.approx(stats.ttest_1samp(answers, 3.0).pvalue, rel=1e-12)
    low, _ = t_interval(mean, sd, n, confidence_level=1 - p)
    assert low == pytest.approx(3.0, abs=1e-9)
    # far in the tail: 400 answers of mean 4.5, sd 0.5 against 3 -> t = 60 on 399 df
    assert t_test_p(4.5, 0.5, 400, 3.0) == pytest.approx(2 * stats.t.sf(60.0, 399), rel=1e-9)
    assert t_test_p(4.5, 0.5, 400, 3.0) < 1e-150
    assert math.isnan(t_test_p(3.0, 0.0, 5, 2.0)) and math.isnan(t_test_p(3.0, 1.0, 1, 2.0))


def test_hoeffding_test_p_inverts_the_hoeffding_interval():
    # 2 exp(-2 * 50 * (0.4 / 4)^2) = 2 exp(-1) = 0.7358
    p = hoeffding_test_p(3.4, 50, 3.0, lowest=1, highest=5)
    assert p == pytest.approx(2 * math.exp(-1.0), rel=1e-12)
    low, _ = hoeffding_interval(3.4, 50, lowest=1, highest=5, confidence_level=1 - p)
    assert low == pytest.approx(3.0, abs=1e-12)
    assert hoeffding_test_p(3.4, 50, 3.4, lowest=1, highest=5) == 1.0
