"""funnel, stage_times, transitions, paths and the scorecard on every engine equal the pandas result."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit import journey as J
from cxkit.datasets import make_journeys

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
dd = pytest.importorskip("dask.dataframe")
sqlframe_duckdb = pytest.importorskip("sqlframe.duckdb")

pytestmark = [
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy connectable:UserWarning"),
]
ENGINES = ["polars", "polars-lazy", "duckdb", "dask", "sqlframe"]


@pytest.fixture(scope="module")
def small():
    return make_journeys(600, seed=3)


@pytest.fixture(scope="module")
def convert():
    session = sqlframe_duckdb.DuckDBSession(conn=duckdb.connect())

    def to(frame, engine):
        if engine == "polars":
            return pl.from_pandas(frame)
        if engine == "polars-lazy":
            return pl.from_pandas(frame).lazy()
        if engine == "duckdb":
            return duckdb.from_df(frame)
        if engine == "dask":
            return dd.from_pandas(frame, npartitions=3)
        name = f"events_{id(frame)}"
        session._conn.register(name + "_view", frame)
        session._conn.execute(f"create or replace table {name} as select * from {name}_view")
        return session.table(name)
    return to


def same(got, expected):
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns:
        if pd.api.types.is_numeric_dtype(expected[column]) and not pd.api.types.is_bool_dtype(expected[column]):
            np.testing.assert_allclose(got[column].to_numpy(dtype=float), expected[column].to_numpy(dtype=float),
                                       rtol=1e-9, equal_nan=True, err_msg=column)
        else:
            assert got[column].astype(str).tolist() == expected[column].astype(str).tolist(), column


CALLS = {
    "funnel": lambda data, stages: J.funnel(data, stages=stages, by="segment", touchpoint="touchpoint"),
    "funnel_time": lambda data, stages: J.funnel(data, stages=stages, order="time", duplicates="drop"),
    "stage_times": lambda data, stages: J.stage_times(data, stages=stages),
    "transitions": lambda data, stages: J.transitions(data, stages=stages, by_step=True),
    "paths": lambda data, stages: J.paths(data, stages=stages, top=None),
    "scorecard": lambda data, stages: J.touchpoint_scorecard(data),
    "emotion_curve": lambda data, stages: J.emotion_curve(data, stages=stages),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("call", list(CALLS))
def test_every_journey_table_equals_pandas(small, convert, engine, call):
    events, stages = small.events, small.truth["stages"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        same(CALLS[call](convert(events, engine), stages), CALLS[call](events, stages))


@pytest.mark.parametrize("engine", ["duckdb", "polars-lazy", "dask", "sqlframe"])
def test_engine_log_errors(small, convert, engine):
    events, stages = small.events, small.truth["stages"]
    with pytest.raises(cx.CxkitValueError, match=r"stage\(s\) not in stages: 'loyalty'"):
        J.funnel(convert(events, engine), stages=stages[:-1])
    doubled = pd.concat([events, events.iloc[[4]]], ignore_index=True)
    with pytest.raises(cx.CxkitValueError, match="1 duplicate events"):
        J.funnel(convert(doubled, engine), stages=stages, touchpoint="touchpoint")
    texts = events.assign(timestamp=events["timestamp"].dt.strftime("%Y-%m-%d"))
    with pytest.raises(cx.CxkitTypeError, match="timestamp column 'timestamp' must hold datetimes"):
        J.funnel(convert(texts, engine), stages=stages)


def test_lazy_funnel_returns_only_the_small_table(small):
    from cxkit.journey.log import first_reaches

    table, _stages, info = first_reaches(duckdb.from_df(small.events), stages=small.truth["stages"], by="segment")
    assert info["lazy"] and len(table) <= 3 * 7 * 7  # groups x depth (any) x depth (time)


@pytest.mark.parametrize("engine", ["duckdb", "dask"])
def test_engine_by_must_be_a_customer_attribute(small, convert, engine):
    events = small.events
    with pytest.raises(cx.CxkitValueError, match=r"must be a customer attribute.*; \d+ customers have events in more"):
        J.funnel(convert(events, engine), stages=small.truth["stages"], by="touchpoint")
    nulls = events.assign(timestamp=events["timestamp"].where(events.index != 7))
    with pytest.raises(cx.CxkitValueError, match="1 events have no timestamp"):
        J.funnel(convert(nulls, engine), stages=small.truth["stages"])


def test_inferred_stages_on_a_lazy_frame(small):
    shuffled = small.events.sample(frac=1.0, random_state=2)
    with pytest.warns(J.JourneyOrderWarning, match="stages inferred"):
        lazy = J.funnel(duckdb.from_df(shuffled), stages="infer")
    assert lazy.attrs["stages"] == small.truth["stages"]
    with pytest.warns(J.JourneyOrderWarning):
        same(lazy, J.funnel(shuffled, stages="infer"))
