"""churn_rate and cohort_retention in the user's engine, and churn_rate by group.

Every engine gives the pandas result exactly; lazy engines are aggregated in
place (the columns are never collected: ``local_frame`` is made to fail);
bad data is found by counting inside the engine.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
import cxkit.retention.spans as spans_module
import cxkit.tables.engines as engines_module

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
dd = pytest.importorskip("dask.dataframe")
sqlframe_duckdb = pytest.importorskip("sqlframe.duckdb")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy connectable:UserWarning"),
]
AS_OF = pd.Timestamp("2026-10-20")


@pytest.fixture(scope="module")
def customers():
    rng = np.random.default_rng(21)
    n = 600
    start = pd.Timestamp("2025-11-01") + pd.to_timedelta(rng.uniform(0, 330, n), unit="D")
    start = start.floor("min")
    end = start + pd.to_timedelta(rng.exponential(150, n), unit="D").floor("s")
    end = end.where(end <= AS_OF)
    return pd.DataFrame({"customer_id": [f"c{i}" for i in range(n)], "start_date": start, "end_date": end,
                         "plan": rng.choice(["basic", "pro", "team"], n), "region": rng.choice(["N", "S"], n)})


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
    if engine == "sqlframe":
        name = f"customers_{abs(hash(tuple(frame.columns)))}_{len(frame)}"
        session._conn.register(name + "_view", frame)
        session._conn.execute(f"create or replace table {name} as select * from {name}_view")
        return session.table(name)
    raise AssertionError(engine)


@pytest.fixture
def no_collect(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a lazy frame's columns were collected")
    monkeypatch.setattr(spans_module, "local_frame", refuse)
    monkeypatch.setattr(engines_module, "local_frame", refuse)


LAZY = ["polars-lazy", "duckdb", "dask", "sqlframe"]
CASES = [dict(), dict(include_new=True), dict(freq="Q"), dict(freq="Q", include_new=True),
         dict(by="plan"), dict(by=["plan", "region"], include_new=True)]


@pytest.mark.parametrize("engine", LAZY)
@pytest.mark.parametrize("case", range(len(CASES)))
def test_lazy_engines_give_the_pandas_table(customers, session, engine, case, no_collect):
    options = dict(CASES[case], as_of=AS_OF, customer_id="customer_id")
    want = cx.churn_rate(customers, **options)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cx.churn_rate(_convert(customers, engine, session), **options)
    for key in [c for c in want.columns if c in ("plan", "region")]:
        assert got.pop(key).astype(str).tolist() == want.pop(key).astype(str).tolist()
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9)


@pytest.mark.parametrize("engine", LAZY)
def test_cohort_retention_in_the_engine(customers, session, engine, no_collect):
    want = cx.cohort_retention(customers, as_of=AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cx.cohort_retention(_convert(customers, engine, session), as_of=AS_OF)
    pd.testing.assert_frame_equal(got, want)


def test_by_gives_each_group_its_own_table_over_the_shared_periods(customers):
    table = cx.churn_rate(customers, by="plan", as_of=AS_OF)
    assert list(table.columns[:2]) == ["plan", "period"]
    periods = cx.churn_rate(customers, as_of=AS_OF)["period"]
    for plan, rows in table.groupby("plan"):
        alone = cx.churn_rate(customers[customers["plan"] == plan], as_of=AS_OF)
        rows = rows.reset_index(drop=True)
        assert rows["period"].tolist() == periods.tolist()
        # The group's own table starts at its first start; earlier periods have no base.
        offset = len(rows) - len(alone)
        assert (rows["base"][:offset] == 0).all() and (rows["note"][:offset].str.startswith("no customers")).all()
        shared = rows.iloc[offset:].reset_index(drop=True)
        pd.testing.assert_frame_equal(shared[alone.columns], alone)
    # The groups add up to the whole.
    whole = cx.churn_rate(customers, as_of=AS_OF)
    summed = table.groupby("period", sort=True)[["base", "churned"]].sum().reset_index(drop=True)
    pd.testing.assert_frame_equal(summed, whole[["base", "churned"]])


def test_by_may_not_name_a_column_of_the_result(customers):
    with pytest.raises(cx.CxkitValueError, match=r"by names column\(s\) 'base'"):
        cx.churn_rate(customers.assign(base=1), by="base")


def test_bad_dates_are_counted_in_the_engine_and_examples_named(customers, no_collect):
    bad = customers.copy()
    bad.loc[[3, 8], "end_date"] = bad.loc[[3, 8], "start_date"] - pd.Timedelta(days=2)
    with pytest.raises(cx.CxkitValueError, match=r"end_date is before start_date in 2 rows, such as "
                                                 r"customer_id='c3'.*Allowed: an end date on or after"):
        cx.churn_rate(duckdb.from_df(bad), customer_id="customer_id")
    repeated = pd.concat([customers, customers.iloc[[5]]], ignore_index=True)
    with pytest.raises(cx.CxkitValueError, match=r"repeats ids \(1 rows more than distinct ids\), such as 'c5'"):
        cx.churn_rate(duckdb.from_df(repeated), customer_id="customer_id")
    missing = customers.copy()
    missing.loc[7, "start_date"] = pd.NaT
    with pytest.raises(cx.CxkitValueError, match=r"start column 'start_date' is missing in 1 rows"):
        cx.churn_rate(pl.from_pandas(missing).lazy())
    text = customers.assign(start_date=customers["start_date"].dt.strftime("%d.%m.%Y"))
    with pytest.raises(cx.CxkitTypeError, match=r"start column 'start_date' holds values of dtype String, not "
                                                r"dates.*never guessed"):
        cx.churn_rate(duckdb.from_df(text))
    with pytest.raises(cx.CxkitValueError, match=r"end.*'finish'"):
        cx.churn_rate(duckdb.from_df(customers), end="finish")


def test_zoned_dates_keep_local_months_or_are_refused_where_the_engine_loses_the_zone():
    # Started at 00:30 Riga time on 1 January: January locally, December in UTC.
    frame = pd.DataFrame({"start_date": pd.to_datetime(["2024-01-01 00:30", "2024-01-15 00:00"]).tz_localize("Europe/Riga"),
                          "end_date": pd.to_datetime(["2024-03-01 00:30", None], format="%Y-%m-%d %H:%M").tz_localize("Europe/Riga")})
    as_of = pd.Timestamp("2024-03-31")
    want = cx.churn_rate(frame, as_of=as_of)
    assert [str(p) for p in want["period"]] == ["2024-01", "2024-02", "2024-03"]
    pd.testing.assert_frame_equal(cx.churn_rate(pl.from_pandas(frame).lazy(), as_of=as_of), want)
    with pytest.raises(cx.CxkitTypeError, match=r"engine keeps one zone per session.*timezone\('Europe/Riga', col\)"):
        cx.churn_rate(duckdb.from_df(frame), as_of=as_of)
