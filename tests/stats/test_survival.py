"""Kaplan-Meier, its median and the log-rank test against statsmodels and hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from cxkit.stats.survival import kaplan_meier, logrank, median_survival, survival_at

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def test_product_limit_by_hand():
    # Durations 1, 2+, 3, 3, 4+, 5 (+ = censored): at risk 6, 4, 1 at the event times 1, 3, 5.
    curve = kaplan_meier([1, 2, 3, 3, 4, 5], [1, 0, 1, 1, 0, 1])
    assert curve.time.tolist() == [1, 3, 5] and curve.at_risk.tolist() == [6, 4, 1]
    assert curve.events.tolist() == [1, 2, 1]
    np.testing.assert_allclose(curve.survival, [5 / 6, 5 / 6 * 2 / 4, 0.0])
    assert (curve.n, curve.n_events) == (6, 4)
    s, lo, hi = survival_at(curve, [0.5, 1, 2.9, 3, 10])
    np.testing.assert_allclose(s, [1, 5 / 6, 5 / 6, 5 / 12, 0])
    assert (lo <= s).all() and (s <= hi).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_curve_band_median_and_logrank_match_statsmodels(seed):
    rng = np.random.default_rng(seed)
    t, e = np.round(rng.exponential(10, 80)), rng.random(80) < 0.7
    t2, e2 = np.round(rng.exponential(14, 70)), rng.random(70) < 0.7
    reference = SurvfuncRight(t, e)
    curve = kaplan_meier(t, e)
    np.testing.assert_allclose(curve.time, reference.surv_times)
    np.testing.assert_allclose(curve.survival, reference.surv_prob, rtol=1e-12)
    # Greenwood standard error of S, as statsmodels reports it (where S > 0).
    greenwood = curve.survival * np.sqrt(np.cumsum(curve.events / (curve.at_risk * (curve.at_risk - curve.events))))
    alive = curve.survival > 0
    np.testing.assert_allclose(greenwood[alive], reference.surv_prob_se[alive], rtol=1e-10)
    median, low, high = median_survival(curve)
    assert median == reference.quantile(0.5)
    assert (low, high) == tuple(float(v) for v in reference.quantile_ci(0.5, method="cloglog"))
    statistic, p = logrank(t, e, t2, e2)
    ref_stat, ref_p = survdiff(np.r_[t, t2], np.r_[e, e2].astype(int), np.r_[np.zeros(80), np.ones(70)])
    assert (statistic, p) == pytest.approx((ref_stat, ref_p), rel=1e-10)


def test_band_contains_the_curve_and_stays_in_zero_one():
    rng = np.random.default_rng(9)
    curve = kaplan_meier(rng.integers(1, 30, 200), rng.random(200) < 0.5, confidence_level=0.99)
    assert ((curve.low <= curve.survival + 1e-12) & (curve.survival <= curve.high + 1e-12)).all()
    assert ((curve.low >= 0) & (curve.high <= 1)).all()


def test_a_curve_that_never_reaches_one_half_has_an_infinite_median():
    curve = kaplan_meier([1, 2, 3, 4, 5], [1, 0, 0, 0, 0])
    assert median_survival(curve)[0] == np.inf


def test_logrank_of_identical_groups_is_zero():
    assert logrank([1, 2, 3], [1, 1, 1], [1, 2, 3], [1, 1, 1]) == pytest.approx((0.0, 1.0))
    assert logrank([1, 2], [0, 0], [3, 4], [0, 0]) == (0.0, 1.0)
