"""conversion_rate, cac, average_handle_time and the durations helper: hand values and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.service import average_handle_time, cac, conversion_rate, durations


# --- conversion ---------------------------------------------------------------------------

def test_conversion_rate_wilson_matches_statsmodels():
    est = conversion_rate(5, 100)
    low, high = proportion_confint(5, 100, alpha=0.05, method="wilson")
    assert (est.value, est.low, est.high) == pytest.approx((5.0, 100 * low, 100 * high))
    assert est.unit == "%" and est.n == 100 and est.details["converted"] == 5
    est = conversion_rate(74, 100, method="clopper-pearson", confidence_level=0.9)  # source 003: Prime 74 %
    low, high = proportion_confint(74, 100, alpha=0.1, method="beta")
    assert (est.low, est.high) == pytest.approx((100 * low, 100 * high))


def test_conversion_edges():
    assert conversion_rate(0, 10).low == 0.0 and conversion_rate(10, 10).high == 100.0


@pytest.mark.parametrize("args, error, match", [
    ((11, 10), CxkitValueError, r"converted \(11\) must be at most visitors \(10\)"),
    ((1, 0), CxkitValueError, r"visitors \(0\) must be a whole number >= 1"),
    ((-1, 10), CxkitValueError, r"converted \(-1\) must be a whole number >= 0"),
    ((2.5, 10), CxkitValueError, "whole number"),
    (("3", 10), CxkitTypeError, "converted must be a whole number >= 0; got str '3'"),
    ((True, 10), CxkitTypeError, "converted must be a whole number"),
])
def test_conversion_errors(args, error, match):
    with pytest.raises(error, match=match):
        conversion_rate(*args)


def test_conversion_bad_method():
    with pytest.raises(CxkitValueError, match=r"method \('normal'\) must be one of 'wilson'"):
        conversion_rate(1, 2, method="normal")


# --- CAC ----------------------------------------------------------------------------------

def test_cac_inverts_the_garwood_interval():
    est = cac(10_000, 40)
    # Garwood: lambda in [chi2(.025; 80)/2, chi2(.975; 82)/2]; CAC = spend / lambda, bounds swap.
    lam_low, lam_high = stats.chi2.ppf(0.025, 80) / 2, stats.chi2.ppf(0.975, 82) / 2
    assert est.value == 250.0
    assert (est.low, est.high) == pytest.approx((10_000 / lam_high, 10_000 / lam_low), rel=1e-10)
    assert est.unit == "per customer" and est.method == "garwood exact poisson"
    assert cac(0, 3).value == cac(0, 3).low == cac(0, 3).high == 0.0


@pytest.mark.parametrize("args, error, match", [
    ((100, 0), CxkitValueError, r"acquired \(0\) must be at least 1"),
    ((-5, 3), CxkitValueError, r"spend \(-5\) must be a finite number >= 0"),
    ((float("inf"), 3), CxkitValueError, "finite"),
    (("100", 3), CxkitTypeError, "spend must be a number"),
    ((100, 2.5), CxkitValueError, r"acquired \(2.5\) must be a whole number"),
])
def test_cac_errors(args, error, match):
    with pytest.raises(error, match=match):
        cac(*args)


# --- average handle time -------------------------------------------------------------------

def test_aht_totals_is_the_source_formula_without_interval():
    # (total talk + total hold) / calls: (600 min + 60 min) / 60 calls = 11 min.
    est = average_handle_time(pd.Timedelta("10h"), pd.Timedelta("1h"), 60)
    assert est.value == 11.0 and np.isnan(est.low) and np.isnan(est.high) and est.n == 60
    assert "no interval from totals" in est.note and est.method == "none (totals)"
    # One total per agent: summed first, then divided (not a mean of ratios).
    est = average_handle_time([300, 120], [30, 0], [20, 10], input_unit="min")
    assert est.value == pytest.approx(450 / 30)
    assert average_handle_time(3600, 0, 6, input_unit="s", unit="min").value == 10.0


def test_aht_per_call_t_interval():
    talk = pd.to_timedelta([5, 6, 7, 9], unit="min")
    hold = pd.to_timedelta([1, 0, 2, 0], unit="min")
    est = average_handle_time(talk, hold)
    handle = np.array([6, 6, 9, 9.0])
    low, high = stats.t.interval(0.95, 3, loc=handle.mean(), scale=stats.sem(handle))
    assert (est.value, est.low, est.high) == pytest.approx((7.5, low, high))
    assert est.unit == "min" and est.n == 4 and est.method == "t"
    assert average_handle_time(talk, hold, unit="s").value == 450.0


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(talk=[5, 6], hold=[1, 1]), CxkitValueError, "unit must be stated for plain numbers"),
    (dict(talk=[5, 6], hold=[1], input_unit="min"), CxkitValueError, "same length"),
    (dict(talk=[5, -6], hold=[1, 1], input_unit="min"), CxkitValueError, r"talk must be durations >= 0; row 1"),
    (dict(talk=[5, np.nan], hold=[1, 1], input_unit="min"), CxkitValueError, "missing at row 1"),
    (dict(talk=[5], hold=[1], input_unit="min"), CxkitValueError, "at least 2 calls"),
    (dict(talk=[5, 6], hold=[1, 1], calls=[1], input_unit="min"), CxkitValueError, "one count per total"),
    (dict(talk=[5, 6], hold=[1, 1], calls=[0, 2], input_unit="min"), CxkitValueError, "calls is 0 where"),
    (dict(talk=5, hold=1, calls=0, input_unit="min"), CxkitValueError, "at least 1"),
    (dict(talk=["5"], hold=[1], input_unit="min"), CxkitTypeError, "talk must be numbers"),
    (dict(talk=[5, 6], hold=[1, 1], input_unit="hours"), CxkitValueError, r"unit \('hours'\) must be one of"),
    (dict(talk=[5, 6], hold=[1, 1], input_unit="min", unit="m"), CxkitValueError, r"unit \('m'\) must be one of"),
])
def test_aht_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        average_handle_time(**kwargs)


# --- durations helper ------------------------------------------------------------------------

def test_durations_convert_and_keep_the_unit():
    d = durations([30, 90, np.nan], unit="min", to="h")
    assert d.unit == "h" and np.allclose(d.values[:2], [0.5, 1.5]) and np.isnan(d.values[2])
    assert durations(2, unit="d").to("h").values.tolist() == [48.0]
    td = durations(pd.Series(pd.to_timedelta(["1h", "30min", None])))
    assert td.unit == "h" and np.allclose(td.values[:2], [1.0, 0.5]) and np.isnan(td.values[2])
    assert durations(np.array([90], dtype="timedelta64[s]"), to="min").values.tolist() == [1.5]
    assert durations(pd.Timedelta(days=2), to="d").values.tolist() == [2.0]
    assert "in 'h'" in repr(td) and len(td) == 3 and np.asarray(td).shape == (3,)


def test_durations_errors():
    with pytest.raises(CxkitValueError, match=r"unit \('24hours'\) must be one of 's', 'min', 'h' or 'd'"):
        durations([1], unit="24hours")
    with pytest.raises(CxkitValueError, match="must be None for timedeltas"):
        durations(pd.to_timedelta(["1h"]), unit="h")
    with pytest.raises(CxkitValueError, match=r"values must be durations >= 0; rows 'b', 'c' \(2 rows\)"):
        durations(pd.Series([1, -2, -3], index=["a", "b", "c"]), unit="s")
    with pytest.raises(CxkitValueError, match="infinite"):
        durations([1, np.inf], unit="s")
    with pytest.raises(CxkitTypeError, match="must be numbers or timedeltas"):
        durations("3h", unit="h")
