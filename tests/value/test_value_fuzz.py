"""Fuzzing the CLV entry points: any input gives a cxkit error or a sound result, never another exception."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxkit.value as cv
from cxkit.errors import CxkitError

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
number = st.one_of(st.integers(-3, 50), st.floats(allow_nan=True, allow_infinity=True, width=32),
                   st.sampled_from([None, "7", True, 0.5, 1e300, -0.0]))
numbers = st.lists(number, min_size=0, max_size=12)


def run(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return call()
        except CxkitError:
            return None


@FUZZ
@given(numbers, numbers, numbers)
def test_fit_bgnbd_fuzz(x, t_x, T):
    fit = run(lambda: cv.fit_bgnbd(x, t_x, T))
    if fit is not None:
        assert all(v > 0 for v in fit.params.values()) and math.isfinite(fit.log_likelihood)


@FUZZ
@given(numbers, numbers)
def test_fit_gamma_gamma_fuzz(x, spend):
    fit = run(lambda: cv.fit_gamma_gamma(x, spend))
    if fit is not None:
        assert all(v > 0 for v in fit.params.values())


@FUZZ
@given(st.lists(st.one_of(st.integers(-2, 2000), st.floats(allow_nan=True, allow_infinity=True, width=32),
                          st.sampled_from(["5", None])), min_size=0, max_size=9))
def test_fit_sbg_fuzz(survivors):
    fit = run(lambda: cv.fit_sbg(survivors))
    if fit is not None:
        assert all(v > 0 for v in fit.params.values())
        assert 0 < fit.survival(3) <= 1


@FUZZ
@given(number, number, number)
def test_clv_fuzz(revenue, years, cac):
    value = run(lambda: cv.clv(revenue, years, cac))
    if value is not None:
        assert np.isfinite(value).all() or np.isinf(value).any()  # huge but finite inputs may overflow


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]),
                          st.one_of(st.integers(0, 400).map(lambda d: pd.Timestamp("2024-01-01") + pd.Timedelta(days=d)),
                                    st.just(pd.NaT)),
                          st.one_of(st.floats(-5, 500), st.just(float("nan")))), min_size=0, max_size=15),
       st.sampled_from(["2023-12-01", "2024-06-30", "2025-12-31", "31/12/2024", None, 5]))
def test_rfm_and_clv_from_transactions_fuzz(rows, end):
    tx = pd.DataFrame(rows, columns=["c", "d", "v"])
    tx["d"] = pd.to_datetime(tx["d"])
    tx["v"] = tx["v"].astype(float)
    out = run(lambda: cv.rfm_summary(tx, customer="c", date="d", amount="v", calibration_end=end))
    if out is not None:
        assert (out["t_x"] <= out["T"]).all() and (out["x"] >= 0).all()
    est = run(lambda: cv.clv_from_transactions(tx, customer="c", date="d", amount="v", years=2,
                                               n_resamples=50, rng=0))
    if est is not None:
        assert est.low <= est.value <= est.high
