"""rfm_summary inside the user's engine: the published CDNOW summary, with only per-customer rows collected."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import cxkit as cx
import cxkit.tables.engines as engines_module

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
dd = pytest.importorskip("dask.dataframe")
sqlframe_duckdb = pytest.importorskip("sqlframe.duckdb")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy connectable:UserWarning"),
]
OPTIONS = dict(customer="customer_id", date="date", amount="amount", calibration_end="1997-09-30")


@pytest.fixture(scope="module")
def tx():
    return cx.datasets.cdnow_transactions()


@pytest.fixture(scope="module")
def lazy(tx):
    session = sqlframe_duckdb.DuckDBSession(conn=duckdb.connect())
    session._conn.register("tx_view", tx)
    session._conn.execute("create or replace table tx as select * from tx_view")
    return {"polars-lazy": pl.from_pandas(tx).lazy(), "duckdb": duckdb.from_df(tx),
            "dask": dd.from_pandas(tx, npartitions=3), "sqlframe": session.table("tx")}


@pytest.fixture
def no_collect(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the transactions were collected")
    monkeypatch.setattr(engines_module, "local_frame", refuse)


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb", "dask", "sqlframe"])
def test_engines_rebuild_the_pandas_summary(tx, lazy, engine, no_collect):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cx.rfm_summary(lazy[engine], **OPTIONS, observation_end="1998-06-30")
    want = cx.rfm_summary(tx, **OPTIONS, observation_end="1998-06-30")
    got.index = got.index.astype(want.index.dtype)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)


def test_duckdb_summary_equals_the_published_calibration_summary(lazy):
    got = cx.rfm_summary(lazy["duckdb"], **OPTIONS)
    published = cx.datasets.cdnow_calibration_summary().set_index("ID")
    assert len(got) == len(published) == 2357 and got.index.tolist() == published.index.tolist()
    assert got["x"].tolist() == published["x"].tolist() and got["x"].sum() == 2457
    for ours, theirs in (("t_x", "t_x"), ("T", "T"), ("mean_spend", "zbar")):
        assert (got[ours] - published[theirs]).abs().max() <= 0.005 + 1e-9, ours


def test_bad_transactions_are_counted_in_the_engine(tx, no_collect):
    bad = tx.copy()
    bad.loc[[3, 9], "amount"] = -1.0
    with pytest.raises(cx.CxkitValueError, match=r"amount has 2 negative values; amounts must be >= 0"):
        cx.rfm_summary(duckdb.from_df(bad), **OPTIONS)
    text = tx.assign(date=tx["date"].dt.strftime("%d/%m/%Y"))
    with pytest.raises(cx.CxkitTypeError, match=r"date column 'date' holds String, not dates"):
        cx.rfm_summary(duckdb.from_df(text), **OPTIONS)
    with pytest.raises(cx.CxkitValueError, match=r"calibration_end \(1990-01-01\) is before the first transaction"):
        cx.rfm_summary(duckdb.from_df(tx), **dict(OPTIONS, calibration_end="1990-01-01"))


@pytest.mark.parametrize("engine", ["polars-lazy", "duckdb", "dask"])
def test_clv_from_transactions_sums_per_customer_in_the_engine(tx, lazy, engine, no_collect):
    options = dict(customer="customer_id", date="date", amount="amount", years=3.0, cac=20.0, n_resamples=500,
                   rng=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cx.clv_from_transactions(lazy[engine], **options)
    want = cx.clv_from_transactions(tx, **options)
    assert (got.value, got.low, got.high, got.n, got.customer_years) == \
        pytest.approx((want.value, want.low, want.high, want.n, want.customer_years), rel=1e-12)
