"""The later table functions (churn, retention, response times, CLV) take any engine's frame too."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")


def _engines(frame):
    return {"polars": pl.from_pandas(frame), "duckdb": duckdb.from_df(frame)}


@pytest.fixture(scope="module")
def telco():
    return cx.datasets.telco_churn()


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_retention_on_any_engine_equals_pandas(telco, engine):
    native = _engines(telco[["tenure", "churned", "Contract"]])[engine]
    got = cx.median_lifetime("tenure", "churned", by="Contract", data=native)
    want = cx.median_lifetime("tenure", "churned", by="Contract", data=telco)
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_churn_rate_and_response_times_on_any_engine(engine):
    rng = np.random.default_rng(4)
    start = pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 200, 300), unit="D")
    end = start + pd.to_timedelta(rng.integers(10, 400, 300), unit="D")
    customers = pd.DataFrame({"start_date": start, "end_date": end.where(end < pd.Timestamp("2026-11-01"))})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        as_of = pd.Timestamp("2026-10-31")
        want = cx.churn_rate(customers, as_of=as_of)
        got = cx.churn_rate(_engines(customers)[engine], as_of=as_of)
    pd.testing.assert_frame_equal(got, want)
    created = pd.Timestamp("2026-10-01") + pd.to_timedelta(rng.integers(0, 1000, 200), unit="min")
    tickets = pd.DataFrame({"created_at": created,
                            "first_response_at": created + pd.to_timedelta(rng.lognormal(1, 1, 200), unit="h")})
    assert cx.first_response_time(_engines(tickets)[engine]).value == pytest.approx(
        cx.first_response_time(tickets).value)


def test_unsupported_tables_still_name_what_is_accepted():
    with pytest.raises(cx.CxkitTypeError, match=r"customers must be a pandas DataFrame; got list. Also accepted"):
        cx.churn_rate([1, 2])


@pytest.mark.parametrize("engine", ["polars", "duckdb"])
def test_rfm_summary_from_any_engine_equals_pandas(engine):
    tx = cx.datasets.cdnow_transactions()
    options = dict(customer="customer_id", date="date", amount="amount", calibration_end=pd.Timestamp("1997-09-30"))
    pd.testing.assert_frame_equal(cx.rfm_summary(_engines(tx)[engine], **options), cx.rfm_summary(tx, **options))
