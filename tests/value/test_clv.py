"""CLV: the source formula, the transaction estimate with its bootstrap interval, and BG/NBD + Gamma-Gamma CLV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxkit.datasets.cdnow import cdnow_calibration_summary, cdnow_transactions
from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.value.bgnbd import fit_bgnbd
from cxkit.value.clv import bgnbd_clv, bgnbd_clv_interval, clv, clv_from_transactions, ratio_bootstrap_interval
from cxkit.value.gamma_gamma import fit_gamma_gamma


def test_clv_formula():
    assert clv(1200.0, 3, 500.0) == 3100.0  # 1200 x 3 - 500
    np.testing.assert_array_equal(clv(np.array([100.0, 200.0]), 2, np.array([50.0, 0.0])), [150.0, 400.0])
    assert clv(0.0, 0.0, 0.0) == 0.0
    assert isinstance(clv(1, 1, 0), float)
    with pytest.raises(CxkitValueError, match=r"years has 1 negative values \(row 1\); years must be >= 0"):
        clv([1.0, 2.0], [1.0, -1.0], 0.0)
    with pytest.raises(CxkitValueError, match=r"cac has 1 missing or infinite values \(row 0\)"):
        clv(1.0, 1.0, np.inf)
    with pytest.raises(CxkitTypeError, match=r"annual_revenue must be numbers .* got str"):
        clv("100", 1.0, 0.0)
    with pytest.raises(CxkitValueError, match=r"must have shapes that broadcast"):
        clv([1.0, 2.0], [1.0, 2.0, 3.0], 0.0)


def _small_tx():
    # Customer a: 100 on 2024-01-01 and 50 on 2024-12-30; b: 30 on 2024-07-01 (2024 is a leap year).
    return pd.DataFrame({"c": ["a", "a", "b"],
                         "d": pd.to_datetime(["2024-01-01", "2024-12-30", "2024-07-01"]),
                         "v": [100.0, 50.0, 30.0]})


def test_clv_from_transactions_by_hand():
    # Observation ends 2024-12-30 (the last transaction). Exposure, days inclusive / 365.25:
    # a: 365 days, b: 183 days -> 548 / 365.25 customer-years; revenue 180.
    est = clv_from_transactions(_small_tx(), customer="c", date="d", amount="v", years=2, cac=40.0,
                                n_resamples=2000, rng=0)
    rate = 180.0 / (548 / 365.25)
    assert est.annual_revenue == pytest.approx(rate)
    assert est.value == pytest.approx(rate * 2 - 40.0)
    assert est.n == 2 and est.method == "bca" and est.confidence_level == 0.95
    assert est.low <= est.value <= est.high
    assert est.to_dict()["value"] == est.value and "clv=" in repr(est) and "<table" in est._repr_html_()
    later = clv_from_transactions(_small_tx(), customer="c", date="d", amount="v", years=2,
                                  observation_end="2025-12-30", n_resamples=200, rng=0)
    assert later.customer_years == pytest.approx((730 + 548) / 365.25)


def test_bca_ratio_interval_agrees_with_scipy_bootstrap():
    rng = np.random.default_rng(7)
    revenue = rng.gamma(2.0, 50.0, size=60)
    exposure = rng.uniform(0.2, 2.0, size=60)
    ours = ratio_bootstrap_interval(revenue, exposure, confidence_level=0.95, n_resamples=20_000, method="bca",
                                    rng=np.random.default_rng(1))
    ref = stats.bootstrap((revenue, exposure), lambda r, e, axis=-1: r.sum(axis=axis) / e.sum(axis=axis),
                          paired=True, vectorized=True, n_resamples=20_000, method="BCa",
                          random_state=np.random.default_rng(2)).confidence_interval
    np.testing.assert_allclose(ours, (ref.low, ref.high), rtol=0.02)
    pct = ratio_bootstrap_interval(revenue, exposure, confidence_level=0.95, n_resamples=20_000,
                                   method="percentile", rng=np.random.default_rng(1))
    ref = stats.bootstrap((revenue, exposure), lambda r, e, axis=-1: r.sum(axis=axis) / e.sum(axis=axis),
                          paired=True, vectorized=True, n_resamples=20_000, method="percentile",
                          random_state=np.random.default_rng(2)).confidence_interval
    np.testing.assert_allclose(pct, (ref.low, ref.high), rtol=0.02)


def test_bca_interval_coverage_by_simulation():
    # Seeded simulation: 200 samples of 80 customers with true rate 100 per year; nominal 90 %.
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(200):
        exposure = rng.uniform(0.1, 3.0, size=80)
        revenue = rng.gamma(0.5, 200.0 * exposure)  # mean 100 x exposure
        low, high = ratio_bootstrap_interval(revenue, exposure, confidence_level=0.9, n_resamples=1000,
                                             method="bca", rng=rng)
        hits += low <= 100.0 <= high
    assert 0.83 <= hits / 200 <= 0.96


def test_cdnow_clv_from_transactions():
    est = clv_from_transactions(cdnow_transactions(), customer="customer_id", date="date", amount="amount",
                                years=3, cac=10.0, rng=1)
    # Total revenue of the sample and its customer-years up to 1998-06-30, by hand from the data.
    assert est.total_revenue == pytest.approx(cdnow_transactions()["amount"].sum())
    assert est.annual_revenue == pytest.approx(75.20, abs=0.01)
    assert est.low < est.value < est.high and est.n == 2357
    wider = clv_from_transactions(cdnow_transactions(), customer="customer_id", date="date", amount="amount",
                                  years=3, cac=10.0, confidence_level=0.99, rng=1)
    assert wider.low < est.low and wider.high > est.high


def test_clv_from_transactions_errors():
    with pytest.raises(CxkitValueError, match=r"years \(-1.0\) must be a finite number >= 0"):
        clv_from_transactions(_small_tx(), customer="c", date="d", amount="v", years=-1.0)
    with pytest.raises(TypeError, match=r"missing 1 required keyword-only argument: 'years'"):
        clv_from_transactions(_small_tx(), customer="c", date="d", amount="v")
    kw = dict(customer="c", date="d", amount="v", years=1.0)
    with pytest.raises(CxkitValueError, match=r"method \('bootstrap'\) must be one of 'bca' or 'percentile'"):
        clv_from_transactions(_small_tx(), **kw, method="bootstrap")
    with pytest.raises(CxkitValueError, match=r"observation_end \(2024-06-01\) is before the last transaction"):
        clv_from_transactions(_small_tx(), **kw, observation_end="2024-06-01")
    with pytest.raises(CxkitValueError, match=r"at least 2 customers .* got 1"):
        clv_from_transactions(_small_tx().iloc[:2], **kw)
    with pytest.raises(CxkitValueError, match=r"amount has 1 negative values \(row 2\)"):
        clv_from_transactions(_small_tx().assign(v=[1.0, 2.0, -3.0]), **kw)
    with pytest.raises(CxkitValueError, match=r"confidence_level \(95\) must be strictly between 0 and 1"):
        clv_from_transactions(_small_tx(), **kw, confidence_level=95)


@pytest.fixture(scope="module")
def fits():
    s = cdnow_calibration_summary()
    return s, fit_bgnbd(s["x"], s["t_x"], s["T"]), fit_gamma_gamma(s["x"], s["zbar"])


def test_bgnbd_clv_by_hand(fits):
    s, bg, gg = fits
    x, t_x, T, z = 2, 30.43, 38.86, 22.35
    step = 30 / 7  # 30-day months in weeks
    spend = gg.conditional_expected_spend(x, z)
    # horizon 1: E[Y(L)] x E[Z] / 1.01
    assert bgnbd_clv(bg, gg, x, t_x, T, z, horizon=1, discount_rate=0.01) == pytest.approx(
        bg.expected_purchases(step, x, t_x, T) * spend / 1.01)
    # horizon 2, explicit sum of the two months
    e1, e2 = bg.expected_purchases(step, x, t_x, T), bg.expected_purchases(2 * step, x, t_x, T)
    assert bgnbd_clv(bg, gg, x, t_x, T, z, horizon=2, discount_rate=0.01) == pytest.approx(
        e1 * spend / 1.01 + (e2 - e1) * spend / 1.01**2)
    # no discounting telescopes to E[Y(12 L)] x E[Z]
    assert bgnbd_clv(bg, gg, x, t_x, T, z, horizon=12, discount_rate=0.0) == pytest.approx(
        bg.expected_purchases(12 * step, x, t_x, T) * spend)
    values = bgnbd_clv(bg, gg, s["x"], s["t_x"], s["T"], s["zbar"], horizon=12, discount_rate=0.01)
    assert values.shape == (2357,) and (values >= 0).all()
    with pytest.raises(CxkitTypeError, match=r"bgnbd must be a BgNbdFit .* got GammaGammaFit"):
        bgnbd_clv(gg, gg, x, t_x, T, z)
    with pytest.raises(CxkitValueError, match=r"horizon \(0\) must be an integer >= 1"):
        bgnbd_clv(bg, gg, x, t_x, T, z, horizon=0)


def test_bgnbd_clv_parameter_interval(fits):
    s, bg, gg = fits
    args = (s["x"], s["t_x"], s["T"], s["zbar"])
    point = bgnbd_clv(bg, gg, *args)
    low, high = bgnbd_clv_interval(bg, gg, *args, n_draws=300, rng=3)
    assert low.shape == point.shape == (2357,)
    assert (low <= point).all() and (point <= high).all() and (high > low).any()
    # Same seed, same interval; a higher level is at least as wide for every customer.
    again = bgnbd_clv_interval(bg, gg, *args, n_draws=300, rng=3)
    np.testing.assert_array_equal(low, again[0])
    wide = bgnbd_clv_interval(bg, gg, *args, n_draws=300, rng=3, confidence_level=0.99)
    assert (wide[0] <= low + 1e-12).all() and (wide[1] >= high - 1e-12).all()
    one = bgnbd_clv_interval(bg, gg, 2, 30.43, 38.86, 22.35, n_draws=300, rng=3)
    assert one[0] < bgnbd_clv(bg, gg, 2, 30.43, 38.86, 22.35) < one[1]
    # Customer 1 (x = 2): the interval is a few dollars either side of about 35.9.
    assert 30 < one[0] < 35.8 and 36 < one[1] < 42
    with pytest.raises(CxkitValueError, match=r"n_draws \(1\) must be an integer >= 2"):
        bgnbd_clv_interval(bg, gg, *args, n_draws=1)
