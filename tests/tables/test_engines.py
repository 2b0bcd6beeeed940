"""The grouped tables on every engine equal the pandas result, row by row.

Polars (eager and lazy), PyArrow, DuckDB relations, sqlframe's PySpark API on
DuckDB (the Spark code path without a JVM) and Dask on a
``distributed.LocalCluster`` with two workers. Lazy engines get one GROUP BY
pushed down; invalid answers are counted inside the engine.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx

duckdb = pytest.importorskip("duckdb")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
sqlframe_duckdb = pytest.importorskip("sqlframe.duckdb")

pytestmark = [
    # narwhals announces that its Dask support moves to a package not yet released;
    # sqlframe collects through pandas.read_sql with a DuckDB connection.
    pytest.mark.filterwarnings("ignore:Dask support is moving out of Narwhals:FutureWarning"),
    pytest.mark.filterwarnings("ignore:pandas only supports SQLAlchemy connectable:UserWarning"),
]

CLI_ITEMS = ["cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere"]
CASES = {
    "nps": dict(metric="nps", score="nps_score"),
    "csat": dict(metric="csat", score="csat_score"),
    "csat_top1": dict(metric="csat", score="csat_score", top=1),
    "csi": dict(metric="csi", score="csi_score"),
    "ces": dict(metric="ces", score="ces_score"),
    "ces_mean": dict(metric="ces", score="ces_score", statistic="mean"),
    "cli": dict(metric="cli", score=CLI_ITEMS, reverse=("cli_buy_elsewhere",)),
}
COMPARED = ["value", "low", "high", "n", "n_missing", "n_dropped"]


@pytest.fixture(scope="module")
def answers():
    frame = cx.datasets.sample_survey(start="2026-07", months=4, responses_per_month=300, seed=11)
    frame = frame.drop(columns=["customer_id"], errors="ignore")
    frame["weight"] = np.random.default_rng(5).uniform(0.5, 2.0, len(frame))
    return frame.reset_index(drop=True)


@pytest.fixture(scope="module")
def dask_client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                           dashboard_address=None)
        client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def spark_session():
    return sqlframe_duckdb.DuckDBSession(conn=duckdb.connect())


def _sqlframe(frame, session):
    name = f"answers_{id(frame)}"
    session._conn.register(name + "_view", frame)
    session._conn.execute(f"create or replace table {name} as select * from {name}_view")
    return session.table(name)


@pytest.fixture(scope="module")
def engines(answers, dask_client, spark_session):
    def convert(frame, engine):
        if engine == "polars":
            return pl.from_pandas(frame)
        if engine == "polars-lazy":
            return pl.from_pandas(frame).lazy()
        if engine == "arrow":
            return pa.Table.from_pandas(frame, preserve_index=False)
        if engine == "duckdb":
            return duckdb.from_df(frame)
        if engine == "dask":
            return dd.from_pandas(frame, npartitions=3)
        if engine == "sqlframe":
            return _sqlframe(frame, spark_session)
        raise AssertionError(engine)
    return convert


ENGINES = ["polars", "polars-lazy", "arrow", "duckdb", "dask", "sqlframe"]


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        return call()


def assert_same_table(got: pd.DataFrame, expected: pd.DataFrame, keys):
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    got = got.sort_values(keys, key=lambda c: c.astype(str)).reset_index(drop=True)
    expected = expected.sort_values(keys, key=lambda c: c.astype(str)).reset_index(drop=True)
    for key in keys:
        assert got[key].astype(str).tolist() == expected[key].astype(str).tolist()
    numeric = [c for c in expected.columns if c not in keys and (
        pd.api.types.is_numeric_dtype(expected[c]) or pd.api.types.is_bool_dtype(expected[c]))]
    np.testing.assert_allclose(got[numeric].to_numpy(dtype=float), expected[numeric].to_numpy(dtype=float),
                               rtol=1e-9, atol=1e-9, equal_nan=True)
    for column in expected.columns.difference(numeric + list(keys)):
        assert got[column].astype(str).tolist() == expected[column].astype(str).tolist(), column


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", list(CASES))
def test_summarize_by_segment_and_month_equals_pandas(answers, engines, engine, case):
    options = dict(CASES[case], by="segment", period="M", date="answered_at")
    expected = _quiet(lambda: cx.summarize(answers, **options))
    got = _quiet(lambda: cx.summarize(engines(answers, engine), **options))
    assert_same_table(got, expected, ["segment", "period"])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", ["nps", "csat", "ces_mean", "cli"])
def test_weighted_summarize_equals_pandas(answers, engines, engine, case):
    options = dict(CASES[case], by=["region"], weights="weight")
    expected = _quiet(lambda: cx.summarize(answers, **options))
    got = _quiet(lambda: cx.summarize(engines(answers, engine), **options))
    assert "se" in got.columns and "n_effective" in got.columns
    assert_same_table(got, expected, ["region"])


@pytest.mark.parametrize("engine", ENGINES)
def test_comparisons_equal_pandas(answers, engines, engine):
    native = engines(answers, engine)
    for call, keys in (
        (lambda data: cx.compare_periods(data, score="nps_score", date="answered_at", by="segment"),
         ["segment", "period"]),
        (lambda data: cx.compare_groups(data, metric="csat", score="csat_score", by="channel"), ["channel"]),
    ):
        assert_same_table(_quiet(lambda: call(native)), _quiet(lambda: call(answers)), keys)


@pytest.fixture(scope="module")
def with_invalid(answers):
    frame = answers.copy()
    frame["nps_score"] = frame["nps_score"].astype(float)
    frame.loc[[3, 50, 51, 400], "nps_score"] = [11.0, -1.0, 7.5, 12.0]
    return frame


@pytest.mark.parametrize("engine", ENGINES)
def test_invalid_answers_are_counted_inside_the_engine(with_invalid, engines, engine):
    native = engines(with_invalid, engine)
    with pytest.raises(cx.InvalidAnswersError, match=r"nps_score: 4 of 1200 answers are not valid on the 0-10 scale"):
        cx.summarize(native, score="nps_score", by="segment")
    got = _quiet(lambda: cx.summarize(native, score="nps_score", by="segment", drop_invalid=True))
    expected = _quiet(lambda: cx.summarize(with_invalid, score="nps_score", by="segment", drop_invalid=True))
    assert got["n_dropped"].sum() == 4
    assert_same_table(got, expected, ["segment"])


@pytest.mark.parametrize("engine", ENGINES)
def test_missing_column_reads_as_for_pandas(answers, engines, engine):
    native = engines(answers, engine)
    for kwargs, role in ((dict(score="nps_scor"), "score"), (dict(score="nps_score", by="regoin"), "by"),
                         (dict(score="nps_score", weights="wieght"), "weights")):
        with pytest.raises(cx.CxkitValueError) as pandas_error:
            cx.summarize(answers, **kwargs)
        with pytest.raises(cx.CxkitValueError) as engine_error:
            cx.summarize(native, **kwargs)
        assert str(engine_error.value).split("; it has")[0] == str(pandas_error.value).split("; it has")[0]
        assert str(engine_error.value).startswith(f"{role} names column")


@pytest.mark.parametrize("engine", ["duckdb", "polars-lazy", "dask", "sqlframe"])
def test_a_date_column_of_text_is_refused_by_every_engine(answers, engines, engine):
    frame = answers.assign(answered_at=answers["answered_at"].dt.strftime("%d.%m.%Y"))
    with pytest.raises(cx.CxkitTypeError, match=r"date column 'answered_at' must hold dates"):
        cx.summarize(engines(frame, engine), score="nps_score", period="M", date="answered_at")


def test_bad_weights_are_found_inside_the_engine(answers):
    frame = answers.copy()
    frame.loc[[1, 2], "weight"] = [-1.0, np.nan]
    with pytest.raises(cx.CxkitValueError, match=r"weights must be finite numbers >= 0; 2 are not"):
        cx.summarize(duckdb.from_df(frame), score="nps_score", weights="weight")


def test_lazy_engines_return_only_the_small_table(answers):
    """The pushed-down query groups by the keys and the answer: one row per group and answer value."""
    from cxkit.tables.engines import aggregate

    small = aggregate(duckdb.from_df(answers), score="nps_score", by=["segment"], date="answered_at",
                      weights=None).table
    assert len(small) <= 3 * 4 * 12  # segments x months x (11 answers + missing)
    assert small["__cx_count"].sum() == len(answers)


def test_unsupported_input_names_what_is_accepted():
    with pytest.raises(cx.CxkitTypeError, match=r"df must be a pandas DataFrame; got dict. Also accepted: Polars"):
        cx.summarize({"nps_score": [1, 2]}, score="nps_score")


@pytest.mark.parametrize("engine", ENGINES)
def test_summarize_counts_takes_a_count_table_from_any_engine(engines, engine):
    counts = pd.DataFrame({"segment": ["a", "a", "a", "b", "b"], "answer": [0, 9, 10, 7, 10],
                           "count": [3, 5, 6, 2, 8]})
    got = cx.summarize_counts(engines(counts, engine), by="segment")
    want = cx.summarize_counts(counts, by="segment")
    assert_same_table(got, want, ["segment"])


@pytest.mark.parametrize("key_dtype", ["object", "string", "str"])
def test_large_pandas_frames_with_text_keys_counted_by_duckdb_equal_the_numpy_path(answers, monkeypatch, key_dtype):
    from cxkit.tables import engines as engine_module

    frame = answers.assign(segment=answers["segment"].astype(key_dtype), region=answers["region"].astype(key_dtype))
    frame.loc[[5, 9], "segment"] = None
    options = dict(metric="nps", score="nps_score", by=["segment", "region"], period="M", date="answered_at",
                   weights="weight")
    numpy_path = _quiet(lambda: cx.summarize(frame, **options))
    monkeypatch.setattr(engine_module, "DUCKDB_MIN_ROWS", 0)
    assert engine_module.prefer_duckdb(frame, score="nps_score", by=["segment", "region"], date="answered_at",
                                       weights="weight", metric="nps")
    duckdb_path = _quiet(lambda: cx.summarize(frame, **options))
    assert_same_table(duckdb_path, numpy_path, ["segment", "region", "period"])


def _object_keys(values, shared: bool, copies=()) -> pd.Series:
    """An object column of these texts: one object per distinct text (as read_csv gives) or one per row.

    The rows in ``copies`` get a text object of their own either way.
    """
    canonical = {}
    fresh = lambda v: ("x" + v)[1:] if isinstance(v, str) else v  # noqa: E731 - a new object, same text
    column = [canonical.setdefault(v, v) if shared and isinstance(v, str) else fresh(v) for v in values]
    for row in copies:
        column[row] = fresh(column[row])
    return pd.Series(np.asarray(column, dtype=object), dtype=object)


@pytest.mark.parametrize("shared", [True, False], ids=["shared-strings", "one-string-per-row"])
def test_object_keys_counted_by_duckdb_equal_the_numpy_path(answers, monkeypatch, shared):
    from cxkit.tables import engines as engine_module

    segment = answers["segment"].astype(object).tolist()
    segment[3], segment[8], segment[13] = None, np.nan, pd.NA  # every kind of missing key
    # Rows with the same text in different objects: the count table adds their counts up.
    frame = answers.assign(segment=_object_keys(segment, shared, copies=range(20, 30)))
    options = dict(metric="nps", score="nps_score", by="segment", period="M", date="answered_at", weights="weight")
    numpy_path = _quiet(lambda: cx.summarize(frame, **options))
    monkeypatch.setattr(engine_module, "DUCKDB_MIN_ROWS", 0)
    relation, addressed = engine_module.as_duckdb(frame, ["segment", "nps_score", "answered_at", "weight"], "segment")
    assert list(addressed) == (["segment"] if shared else [])  # shared strings are grouped by their addresses
    duckdb_path = _quiet(lambda: cx.summarize(frame, **options))
    assert_same_table(duckdb_path, numpy_path, ["segment", "period"])
    assert duckdb_path["n"].sum() + duckdb_path["n_missing"].sum() == numpy_path["n"].sum() + numpy_path["n_missing"].sum()


@pytest.mark.parametrize("shared", [True, False], ids=["shared-strings", "one-string-per-row"])
def test_object_keys_mixing_text_and_numbers_keep_them_apart_as_numpy_does(answers, monkeypatch, shared):
    """DuckDB would read the number 1 as the text "1"; such columns are counted by numpy instead."""
    from cxkit.tables import engines as engine_module

    region = answers["region"].astype(object).tolist()
    region[:40] = ["1"] * 20 + [1] * 20
    frame = answers.assign(region=_object_keys(region, shared))
    numpy_path = _quiet(lambda: cx.summarize(frame, score="nps_score", by="region"))
    assert list(map(repr, numpy_path["region"])).count("'1'") == 1 and 1 in set(numpy_path["region"])
    monkeypatch.setattr(engine_module, "DUCKDB_MIN_ROWS", 0)
    with pytest.raises(engine_module.NotAllText):
        relation, addressed = engine_module.as_duckdb(frame, ["region", "nps_score"], "region")
        engine_module.aggregate(relation, score="nps_score", by=["region"], date=None, weights=None,
                                addressed=addressed)
    duckdb_attempt = _quiet(lambda: cx.summarize(frame, score="nps_score", by="region"))
    assert_same_table(duckdb_attempt, numpy_path, ["region"])
    number = duckdb_attempt[duckdb_attempt["region"].map(repr) == "1"]
    assert number["n"].item() + number["n_missing"].item() == 20
