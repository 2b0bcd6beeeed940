"""Retention curves, median lifetimes and log-rank tests from an engine's GROUP BY counts.

Kaplan-Meier and the log-rank test are exact functions of the counts per
(group, duration, flag), so a lazy frame returns only that table; the results
equal the row-by-row pandas ones.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit as cx
import cxkit.tables.engines as engines_module
from cxkit.stats.survival import kaplan_meier, logrank

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
dd = pytest.importorskip("dask.dataframe")
sqlframe_duckdb = pytest.importorskip("sqlframe.duckdb")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy connectable:UserWarning"),
]
LAZY = ["polars-lazy", "duckdb", "dask", "sqlframe"]


@pytest.fixture(scope="module")
def telco():
    return cx.datasets.telco_churn()[["tenure", "churned", "Contract"]].rename(columns={"Contract": "contract"})


@pytest.fixture(scope="module")
def lazy(telco):
    session = sqlframe_duckdb.DuckDBSession(conn=duckdb.connect())
    session._conn.register("telco_view", telco)
    session._conn.execute("create or replace table telco as select * from telco_view")
    return {"polars-lazy": pl.from_pandas(telco).lazy(), "duckdb": duckdb.from_df(telco),
            "dask": dd.from_pandas(telco, npartitions=3), "sqlframe": session.table("telco")}


@pytest.fixture
def no_collect(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a lazy frame's rows were collected")
    monkeypatch.setattr(engines_module, "local_frame", refuse)


@pytest.mark.parametrize("engine", LAZY)
def test_every_retention_function_equals_pandas_from_the_engine_counts(telco, lazy, engine, no_collect):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for function in (cx.retention_curve, cx.median_lifetime, cx.compare_retention):
            got = function("tenure", "churned", by="contract", data=lazy[engine])
            want = function("tenure", "churned", by="contract", data=telco)
            pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12)
        got = cx.retention_curve("tenure", "churned", data=lazy[engine])
    pd.testing.assert_frame_equal(got, cx.retention_curve("tenure", "churned", data=telco))


def test_month_to_month_median_lifetime_on_telco_from_duckdb(lazy):
    table = cx.median_lifetime("tenure", "churned", by="contract", data=lazy["duckdb"]).set_index("contract")
    assert table.loc["Month-to-month", ["value", "low", "high"]].tolist() == [35.0, 32.0, 38.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.booleans(), st.integers(1, 4)), min_size=1, max_size=30),
       st.lists(st.tuples(st.integers(0, 12), st.booleans(), st.integers(1, 4)), min_size=1, max_size=30))
def test_counts_give_the_same_curve_and_test_as_the_expanded_rows(a, b):
    def split(rows):
        t, e, w = (np.array(x) for x in zip(*rows))
        return t.astype(float), e, w, np.repeat(t, w).astype(float), np.repeat(e, w)
    ta, ea, wa, ta_rows, ea_rows = split(a)
    tb, eb, wb, tb_rows, eb_rows = split(b)
    weighted, expanded = kaplan_meier(ta, ea, counts=wa), kaplan_meier(ta_rows, ea_rows)
    for field in ("time", "at_risk", "events", "survival", "low", "high"):
        np.testing.assert_allclose(getattr(weighted, field), getattr(expanded, field))
    assert (weighted.n, weighted.n_events) == (expanded.n, expanded.n_events)
    np.testing.assert_allclose(logrank(ta, ea, tb, eb, counts_a=wa, counts_b=wb),
                               logrank(ta_rows, ea_rows, tb_rows, eb_rows), rtol=1e-12, atol=1e-15)


def test_bad_values_are_counted_in_the_engine(telco, no_collect):
    bad = telco.assign(tenure=telco["tenure"].astype(float))
    bad.loc[[2, 5, 9], "tenure"] = -1.0
    with pytest.raises(cx.CxkitValueError, match=r"durations is negative in 3 rows, such as -1.0. Allowed"):
        cx.retention_curve("tenure", "churned", data=duckdb.from_df(bad))
    flags = telco.assign(churned=np.where(telco["churned"], 2, 0))
    with pytest.raises(cx.CxkitValueError, match=r"observed is not boolean-like in \d+ rows, such as 2"):
        cx.median_lifetime("tenure", "churned", data=duckdb.from_df(flags))
    with pytest.raises(cx.CxkitTypeError, match=r"durations column 'contract' holds values of dtype String"):
        cx.retention_curve("contract", "churned", data=duckdb.from_df(telco))
    with pytest.raises(cx.CxkitTypeError, match=r"with a lazy data frame \(DuckDBPyRelation\), durations must name"):
        cx.retention_curve(telco["tenure"], "churned", data=duckdb.from_df(telco))
    with pytest.raises(cx.CxkitValueError, match=r"tenur"):
        cx.retention_curve("tenur", "churned", data=duckdb.from_df(telco))
