"""Intervals for skewed positive data against hand computations, scipy and R."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.special import bdtr

from cxkit.stats import skewed
from cxkit.stats.skewed import (bca_mean_interval, cox_interval, geometric_mean_interval, median_interval,
                                poisson_interval)


# --- exact order-statistic median interval ---------------------------------------------------

def test_median_interval_n20_by_hand():
    # P(Bin(20, 1/2) <= 5) = 21700 / 2^20 = 0.020695 <= 0.025 < P(<= 6) = 0.057659, so r = 6:
    # [x_(6), x_(15)] with coverage 1 - 2 * 0.020695 = 0.958611.
    x = np.arange(20, 0, -1) * 1.5  # order does not matter
    median, low, high, achieved = median_interval(x)
    assert (median, low, high) == (15.75, 9.0, 22.5)
    assert achieved == pytest.approx(1 - 2 * 21700 / 2**20, abs=1e-12)


def test_median_interval_small_samples():
    # n = 6: [x_(1), x_(6)] covers 1 - 2 / 64 = 0.96875 >= 0.95.
    assert median_interval([3, 1, 2, 6, 5, 4]) == (3.5, 1.0, 6.0, 0.96875)
    # n = 5: even [x_(1), x_(5)] covers only 1 - 2/32 = 0.9375 < 0.95: no order statistic bounds it.
    assert median_interval([1, 2, 3, 4, 5], lowest=0.0) == (3.0, 0.0, np.inf, 1.0)
    assert median_interval([1, 2, 3, 4, 5], confidence_level=0.9)[1:3] == (1.0, 5.0)


@pytest.mark.parametrize("n", [6, 7, 10, 31, 50, 101, 400])
@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
def test_median_interval_matches_scipy_quantile_test(n, level):
    x = np.random.default_rng(n).lognormal(size=n)
    reference = stats.quantile_test(x, q=np.median(x), p=0.5).confidence_interval(level)
    _, low, high, achieved = median_interval(x, confidence_level=level)
    if np.isnan(reference.low):  # scipy: no order statistics reach the level (n = 6, 7 at 0.99)
        assert (low, high, achieved) == (-np.inf, np.inf, 1.0)
        return
    assert (low, high) == (reference.low, reference.high)
    assert achieved >= level
    # The next order statistic inwards would fall short of the level.
    r = int(np.flatnonzero(np.sort(x) == low)[0]) + 1
    assert 1 - 2 * bdtr(r, n, 0.5) < level


# --- BCa for a mean of raw values ----------------------------------------------------------

def test_bca_acceleration_closed_form_equals_the_jackknife():
    x = np.random.default_rng(3).lognormal(size=40)
    jack = np.array([np.delete(x, i).mean() for i in range(x.size)])
    d = jack.mean() - jack
    a_jackknife = (d**3).sum() / (6 * ((d**2).sum()) ** 1.5)
    dev = x - x.mean()
    assert (dev**3).sum() / (6 * ((dev**2).sum()) ** 1.5) == pytest.approx(a_jackknife, rel=1e-10)


def test_bca_matches_scipy_bootstrap():
    x = np.random.default_rng(11).lognormal(0, 1, 60)
    reference = stats.bootstrap((x,), np.mean, method="BCa", n_resamples=40_000, random_state=1).confidence_interval
    mean, low, high = bca_mean_interval(x, n_resamples=40_000, rng=2)
    assert mean == x.mean()
    # Both are Monte Carlo: agree to within about 2 % of the interval width.
    width = reference.high - reference.low
    assert abs(low - reference.low) < 0.03 * width and abs(high - reference.high) < 0.03 * width


def test_bca_is_reproducible_chunked_and_degenerate(monkeypatch):
    x = np.random.default_rng(5).exponential(size=30)
    assert bca_mean_interval(x, rng=7) == bca_mean_interval(x, rng=7)
    monkeypatch.setattr(skewed, "_CELLS_PER_CHUNK", 77)  # many small chunks: same draws, same interval
    assert bca_mean_interval(x, rng=7) == pytest.approx(bca_mean_interval(x, rng=np.random.default_rng(7)))
    assert bca_mean_interval([2.0, 2.0, 2.0], rng=1) == (2.0, 2.0, 2.0)
    assert bca_mean_interval([4.0], rng=1) == (4.0, 4.0, 4.0)


def test_bca_wider_at_higher_level_and_contains_mean():
    x = np.random.default_rng(8).lognormal(0, 1.5, 25)
    _, l90, h90 = bca_mean_interval(x, confidence_level=0.9, rng=3)
    m, l99, h99 = bca_mean_interval(x, confidence_level=0.99, rng=3)
    assert l99 <= l90 <= m <= h90 <= h99
    m, low, high = bca_mean_interval(x, confidence_level=1e-6, rng=3)
    assert low <= m <= high


# --- modified Cox and geometric mean ----------------------------------------------------------

def test_cox_by_hand():
    # x = e^0, e^1, e^2, e^3: y = 0..3, ybar = 1.5, s^2 = 5/3, n = 4.
    # centre = 1.5 + 5/6; se = sqrt(5/12 + (25/9)/6); t(3, 0.975) = 3.182446.
    x = np.exp([0.0, 1.0, 2.0, 3.0])
    centre = 1.5 + 5 / 6
    se = np.sqrt(5 / 12 + (25 / 9) / 6)
    t = 3.182446305284263
    estimate, low, high = cox_interval(x)
    assert estimate == pytest.approx(np.exp(centre), rel=1e-12)
    assert low == pytest.approx(np.exp(centre - t * se), rel=1e-9)
    assert high == pytest.approx(np.exp(centre + t * se), rel=1e-9)


def test_geometric_mean_is_the_exponentiated_t_interval_of_logs():
    x = np.random.default_rng(4).lognormal(1, 0.8, 35)
    y = np.log(x)
    low, high = stats.t.interval(0.9, y.size - 1, loc=y.mean(), scale=stats.sem(y))
    estimate, lo, hi = geometric_mean_interval(x, confidence_level=0.9)
    assert estimate == pytest.approx(stats.gmean(x), rel=1e-12)
    assert (lo, hi) == pytest.approx((np.exp(low), np.exp(high)), rel=1e-10)


# --- Garwood exact Poisson ---------------------------------------------------------------------

def test_poisson_interval_matches_r_poisson_test():
    # R: poisson.test(10)$conf.int -> 4.795389 18.390356
    assert poisson_interval(10) == pytest.approx((4.795389, 18.390356), abs=1e-6)
    # R: poisson.test(0)$conf.int -> 0.000000 3.688879
    assert poisson_interval(0) == pytest.approx((0.0, 3.688879), abs=1e-6)
    low, high = poisson_interval([1, 40], confidence_level=0.9)
    assert low == pytest.approx([stats.chi2.ppf(0.05, 2) / 2, stats.chi2.ppf(0.05, 80) / 2], rel=1e-10)
    assert high == pytest.approx([stats.chi2.ppf(0.95, 4) / 2, stats.chi2.ppf(0.95, 82) / 2], rel=1e-10)
