"""SLA shares and response times measured inside the user's engine.

The engine computes each wait from date parts (cxkit.tables.engine_time),
counts every data problem, and returns one row per distinct (wait, answered,
young); the results equal the pandas ones exactly.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cxkit as cx
import cxkit.tables.engines as engines_module
from cxkit.tables.engine_time import civil_days, seconds_between, seconds_until

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
dd = pytest.importorskip("dask.dataframe")
sqlframe_duckdb = pytest.importorskip("sqlframe.duckdb")
nw = pytest.importorskip("narwhals")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy connectable:UserWarning"),
]
LAZY = ["polars-lazy", "duckdb", "dask", "sqlframe"]
NOW = pd.Timestamp("2026-10-08 12:00:00")


@pytest.fixture(scope="module")
def tickets():
    rng = np.random.default_rng(8)
    n = 400
    created = pd.Timestamp("2026-10-01") + pd.to_timedelta(rng.integers(0, 7 * 24 * 3600, n), unit="s")
    wait = pd.to_timedelta(np.round(rng.lognormal(2.0, 1.2, n) * 3600, 3), unit="s")
    answered = created + wait
    answered = answered.where(answered <= NOW)
    return pd.DataFrame({"created_at": created, "first_response_at": answered})


@pytest.fixture(scope="module")
def session():
    return sqlframe_duckdb.DuckDBSession(conn=duckdb.connect())


def _convert(frame, engine, session):
    if engine == "polars-lazy":
        return pl.from_pandas(frame).lazy()
    if engine == "duckdb":
        return duckdb.from_df(frame)
    if engine == "dask":
        return dd.from_pandas(frame, npartitions=3)
    name = f"tickets_{len(frame)}_{abs(hash(tuple(frame.columns)))}"
    session._conn.register(name + "_view", frame)
    session._conn.execute(f"create or replace table {name} as select * from {name}_view")
    return session.table(name)


@pytest.fixture
def no_collect(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a lazy frame's rows were collected")
    monkeypatch.setattr(engines_module, "local_frame", refuse)


@pytest.mark.parametrize("engine", LAZY)
def test_sla_and_response_times_equal_pandas(tickets, session, engine, no_collect):
    native = _convert(tickets, engine, session)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for young in ("pending", "count"):
            got = cx.sla_compliance(native, within="24h", now=NOW, young_answered=young)
            want = cx.sla_compliance(tickets, within="24h", now=NOW, young_answered=young)
            assert (got.value, got.low, got.high, got.n, got.n_pending) == \
                pytest.approx((want.value, want.low, want.high, want.n, want.n_pending), rel=1e-12)
            assert got.details == want.details
        if engine == "sqlframe":  # sqlglot compiles each query slowly: the SLA share is enough here
            return
        got = cx.first_response_time(native, now=NOW)
        want = cx.first_response_time(tickets, now=NOW)
        assert (got.value, got.low, got.high, got.n, got.n_censored) == \
            pytest.approx((want.value, want.low, want.high, want.n, want.n_censored), rel=1e-9)
        answered = tickets.dropna()
        native = _convert(answered, engine, session)
        for statistic in ("median", "geometric-mean"):
            got = cx.first_response_time(native, statistic=statistic, unit="min")
            want = cx.first_response_time(answered, statistic=statistic, unit="min")
            assert (got.value, got.low, got.high) == pytest.approx((want.value, want.low, want.high), rel=1e-9)
            assert got.method == want.method


@pytest.mark.filterwarnings("ignore::cxkit.SmallSampleWarning")
def test_time_zone_aware_waits_are_real_elapsed_time_across_a_dst_change():
    created = pd.to_datetime(["2026-03-29 00:30", "2026-10-25 01:30"]).tz_localize("Europe/Riga")
    answered = created + pd.Timedelta(hours=3)
    tickets = pd.DataFrame({"created_at": created, "first_response_at": answered})
    got = cx.first_response_time(duckdb.from_df(tickets), statistic="mean", method="bca", n_resamples=200)
    assert got.value == pytest.approx(3.0)


def test_problems_are_counted_in_the_engine(tickets, no_collect):
    bad = tickets.copy()
    bad.loc[[1, 4], "first_response_at"] = bad.loc[[1, 4], "created_at"] - pd.Timedelta(minutes=5)
    with pytest.raises(cx.CxkitValueError, match=r"must not be before created \('created_at'\); it is in 2 "
                                                 r"tickets, such as created_at="):
        cx.sla_compliance(duckdb.from_df(bad), now=NOW)
    with pytest.raises(cx.CxkitValueError, match=r"now must be given when some tickets are not answered yet: "
                                                 r"\d+ tickets have no first_response"):
        cx.first_response_time(duckdb.from_df(tickets))
    with pytest.raises(cx.CxkitValueError, match=r"statistic='mean' cannot be estimated while \d+ of 400 tickets "
                                                 r"are not answered yet \(\d+ tickets\)"):
        cx.first_response_time(duckdb.from_df(tickets), statistic="mean", now=NOW)
    with pytest.raises(cx.CxkitValueError, match=r"now \(2026-10-01 00:00:00\) must not be before any ticket's"):
        cx.sla_compliance(duckdb.from_df(tickets), now=pd.Timestamp("2026-10-01"))
    text = tickets.assign(created_at=tickets["created_at"].astype(str))
    with pytest.raises(cx.CxkitTypeError, match=r"created column 'created_at' must hold datetime64 times"):
        cx.sla_compliance(duckdb.from_df(text), now=NOW)


DATES = st.datetimes(min_value=dt.datetime(1700, 1, 1), max_value=dt.datetime(2300, 12, 31))


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(DATES, DATES), min_size=1, max_size=40), DATES)
def test_engine_date_arithmetic_is_exact(pairs, moment):
    a, b = zip(*pairs)
    frame = duckdb.from_df(pd.DataFrame({"a": pd.to_datetime(list(a)), "b": pd.to_datetime(list(b))}))
    rows = nw.from_native(frame).select(
        civil_days(nw.col("a")).alias("days"), seconds_between(nw.col("a"), nw.col("b")).alias("between"),
        seconds_until(nw.col("a"), moment).alias("until")).collect(backend="pandas").to_native()
    assert rows["days"].tolist() == [(x.date() - dt.date(1970, 1, 1)).days for x in a]
    np.testing.assert_allclose(rows["between"], [(y - x).total_seconds() for x, y in pairs], rtol=0, atol=1e-6)
    np.testing.assert_allclose(rows["until"], [(moment - x).total_seconds() for x in a], rtol=0, atol=1e-6)
