"""The data boundary (cxkit.inputs): columns, weights, answers and limits, the same in every entry point."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.inputs.answers import clean_answers, answer_counts, count_scores
from cxkit.inputs.columns import RESERVED_COLUMNS
from cxkit.options import MAX_RESAMPLES, check_positive_int

# Valid on 0-10 and on 1-5 (so every metric takes them; for NPS they are all detractors).
GOOD = [1, 2, 3, 4, 5] * 8
pytestmark = pytest.mark.filterwarnings("ignore::cxkit.SmallSampleWarning")
N = len(GOOD)


def _good(scores):
    """Valid answers as many as ``scores``, for the other side of a two-column call."""
    return (GOOD * 2)[:len(scores)]


def _frame(scores):
    """A frame with a group, a date and the answers (numpy masked arrays become NaN, as pandas does)."""
    return pd.DataFrame({"g": ["a", "b"] * (len(scores) // 2),
                         "when": pd.date_range("2026-01-01", periods=len(scores), freq="5D"),
                         "s": scores})


# Every entry point that reads answers, called on one column of answers.
ENTRY_POINTS = {
    "nps": lambda s, **kw: cx.nps(s, **kw),
    "csat": lambda s, **kw: cx.csat(s, **kw),
    "csi": lambda s, **kw: cx.csi(s, **kw),
    "ces": lambda s, **kw: cx.ces(s, **kw),
    "ces-mean": lambda s, **kw: cx.ces(s, statistic="mean", **kw),
    "cli": lambda s, **kw: cx.cli({"a": s, "b": _good(s)}, **kw),
    "compare": lambda s, **kw: cx.compare(GOOD, s, **kw),
    "paired": lambda s, **kw: cx.paired_nps_change(_good(s), s, **kw),
    "summarize": lambda s, **kw: cx.summarize(_frame(s), score="s", by="g", **kw),
    "summarize-cli": lambda s, **kw: cx.summarize(_frame(s).assign(t=_good(s)), metric="cli", score=["s", "t"], **kw),
    "summarize_counts": lambda s, **kw: cx.summarize_counts(pd.DataFrame({"answer": s, "count": 1}), **kw),
    "compare_periods": lambda s, **kw: cx.compare_periods(_frame(s), score="s", date="when", **kw),
    "compare_groups": lambda s, **kw: cx.compare_groups(_frame(s), score="s", by="g", **kw),
    "df.cx.nps": lambda s, **kw: _frame(s).cx.nps("s", **kw),
    "df.cx.summarize": lambda s, **kw: _frame(s).cx.summarize(score="s", by="g", **kw),
}
SINGLE = ["nps", "csat", "csi", "ces", "ces-mean", "cli", "compare", "paired", "df.cx.nps"]


def _calls(names=None):
    names = list(ENTRY_POINTS) if names is None else names
    return pytest.mark.parametrize("call", [ENTRY_POINTS[n] for n in names], ids=names)


# --------------------------------------------------------------------------- answers


@_calls()
@pytest.mark.parametrize("big", [
    [10**400], np.array([10**400], dtype=object), pd.Series([10**400], dtype=object),
    np.array([2**64 - 1], dtype=np.uint64), pd.Series([2**64 - 1], dtype=np.uint64),
], ids=["python-int", "object-array", "object-series", "uint64-array", "uint64-series"])
def test_integers_too_large_for_a_float_are_invalid_answers(call, big):
    column = np.concatenate([np.asarray(GOOD[:-1], dtype=getattr(big, "dtype", object)), np.asarray(big)])
    scores = pd.Series(column) if isinstance(big, pd.Series) else (list(column) if isinstance(big, list) else column)
    with pytest.raises(cx.InvalidAnswersError, match=r"1 of 40 answers are not valid .*: 1(8446744073709551615|0{400})"):
        call(scores)


def test_uint64_beyond_int64_is_not_wrapped_into_a_scale_with_negative_points():
    # 2**64 - 3 wrapped to int64 is -3, a valid point of a -5..5 scale; it must be invalid instead.
    scores = np.array([0, 5, 2**64 - 3], dtype=np.uint64)
    with pytest.raises(cx.InvalidAnswersError, match=r"1 of 3 answers .*: 18446744073709551613"):
        cx.csat(scores, scale=(-5, 5))
    with pytest.raises(cx.InvalidAnswersError, match=r"1 of 3 answers .*: 18446744073709551613"):
        cx.summarize(pd.DataFrame({"s": scores}), metric="csat", score="s", scale=(-5, 5))
    table = cx.summarize(pd.DataFrame({"s": scores}), metric="csat", score="s", scale=(-5, 5), drop_invalid=True)
    assert (table.loc[0, "n"], table.loc[0, "n_dropped"]) == (2, 1)


@_calls()
@pytest.mark.filterwarnings("ignore::cxkit.SmallSampleWarning")
def test_masked_answers_are_missing(call):
    """Masked entries of a numpy masked array are missing answers (here 99, which would be invalid)."""
    data = np.array(GOOD + [99, 99])
    masked = np.ma.masked_array(data, mask=[False] * N + [True, True])
    assert _same(call(masked), call(np.array(GOOD + [np.nan, np.nan])))
    with pytest.raises(cx.InvalidAnswersError, match=r"2 of 42 answers .*99, 99"):
        call(data)


def _same(a, b) -> bool:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
        return True
    return a == b


@pytest.mark.parametrize("dtype", [np.int8, np.float64, object])
def test_masked_answers_count_as_missing(dtype):
    masked = np.ma.masked_array(np.array([10, 9, 3, 42, 0], dtype=dtype), mask=[0, 0, 0, 1, 1])
    with pytest.warns(cx.SmallSampleWarning):
        est = cx.nps(masked)
    assert (est.n, est.n_missing, est.promoters, est.detractors) == (3, 2, 2, 1)


@_calls()
@pytest.mark.parametrize("flag", ["yes", 1, 0, None, "False", 1.0])
def test_drop_invalid_must_be_a_bool(call, flag):
    with pytest.raises(cx.CxkitTypeError, match=re.escape(f"drop_invalid must be True or False; got {flag!r} of "
                                                          f"type {type(flag).__name__}.")):
        call(GOOD, drop_invalid=flag)


def test_numpy_bool_drop_invalid_is_accepted():
    assert cx.nps(GOOD + [11], drop_invalid=np.True_).n_dropped == 1
    table = cx.summarize(_frame(GOOD[:-1] + [11]), score="s", drop_invalid=np.True_)
    assert table.loc[0, "n_dropped"] == 1


@_calls(["nps", "csat", "cli", "compare", "paired", "summarize", "summarize_counts", "compare_groups", "df.cx.nps"])
@pytest.mark.parametrize("drop_invalid", [False, True])
@pytest.mark.parametrize("values, what", [
    (pd.date_range("2026-01-01", periods=N), "dates"),
    (pd.date_range("2026-01-01", periods=N, tz="UTC"), "dates"),
    (pd.to_timedelta(GOOD, unit="D"), "durations"),
], ids=["datetime", "datetime-tz", "timedelta"])
def test_dates_are_not_answers(call, drop_invalid, values, what):
    with pytest.raises(cx.CxkitTypeError, match=rf"holds {what} \(dtype .*\), not answers; answers must be numbers"):
        call(pd.Series(values), drop_invalid=drop_invalid)


# --------------------------------------------------------------------------- counting straight from the buffers


def _reference(values, scale, drop_invalid):
    answers = clean_answers(values, scale=scale, drop_invalid=drop_invalid)
    return answer_counts(answers.values, scale).tolist(), answers.n_missing, answers.n_dropped


@pytest.mark.parametrize("kind", ["int8", "int64", "uint8", "uint64", "float64", "Int8", "Float64", "masked", "list"])
@pytest.mark.parametrize("scale", [(0, 10), (1, 5), (-3, 3)])
def test_counting_from_buffers_equals_the_general_reader(kind, scale, monkeypatch):
    import cxkit.inputs.answers as answers_module

    monkeypatch.setattr(answers_module, "ANSWER_CHUNK_ROWS", 7)  # many chunks, examples across chunks
    rng = np.random.default_rng(5)
    raw = rng.integers(-4, 13, 200)
    if kind.startswith("uint"):
        raw = np.abs(raw)
    missing = rng.random(200) < 0.1
    if kind in ("int8", "int64", "uint8", "uint64"):
        values = raw.astype(kind)
    elif kind == "float64":
        values = np.where(missing, np.nan, raw + np.where(rng.random(200) < 0.05, 0.5, 0.0))
    elif kind in ("Int8", "Float64"):
        values = pd.Series(pd.array(np.where(missing, None, raw).tolist(), dtype=kind))
    elif kind == "masked":
        values = np.ma.masked_array(raw, mask=missing)
    else:
        values = [None if m else int(v) for v, m in zip(raw, missing)]
    expected = _reference(values, scale, drop_invalid=True)
    got = count_scores(values, scale=scale, drop_invalid=True)
    assert (got.counts.tolist(), got.n_missing, got.n_dropped) == expected
    if expected[2]:
        with pytest.raises(cx.InvalidAnswersError) as fast:
            count_scores(values, scale=scale)
        with pytest.raises(cx.InvalidAnswersError) as general:
            clean_answers(values, scale=scale)
        assert fast.value.count == general.value.count
        assert [float(v) for v in fast.value.examples] == [float(v) for v in general.value.examples]


def test_int_answers_are_shown_as_given():
    with pytest.raises(cx.InvalidAnswersError, match=r"2 of 4 answers .*: 11, -1\.") as info:
        cx.nps(np.array([11, 3, -1, 9], dtype=np.int16))
    assert info.value.examples == (11, -1)


# --------------------------------------------------------------------------- memory


@pytest.mark.parametrize("make", [
    lambda a: a, lambda a: pd.Series(a), lambda a: pd.Series(a, dtype="Int8"),
], ids=["ndarray", "series", "nullable-Int8"])
@pytest.mark.parametrize("metric, highest", [(cx.nps, 10), (cx.csat, 5)], ids=["nps", "csat"])
def test_counting_int8_answers_needs_little_memory(make, metric, highest):
    """Peak memory of a single-sample metric on 2 million int8 answers: at most twice the input (+1 MiB)."""
    import tracemalloc

    rng = np.random.default_rng(1)
    scores = make(rng.integers(1, highest + 1, 2_000_000).astype(np.int8))
    size = scores.nbytes
    expected = metric(np.asarray(scores, dtype=float))
    tracemalloc.start()
    try:
        estimate = metric(scores)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert estimate == expected
    assert peak <= 2 * size + (1 << 20), f"peak {peak:,} bytes for {size:,} bytes of answers"


# --------------------------------------------------------------------------- columns


def _small_survey():
    rng = np.random.default_rng(3)
    n = 600
    return pd.DataFrame({
        "region": rng.choice(["north", "south"], n),
        "segment": rng.choice(["consumer", "enterprise"], n),
        "answered_at": pd.Timestamp("2026-01-01") + pd.to_timedelta(rng.integers(0, 180, n), unit="D"),
        "nps_score": rng.integers(0, 11, n),
        "csat_score": rng.integers(1, 6, n),
    })


def test_missing_by_column_suggests_the_close_one():
    df = _small_survey()
    with pytest.raises(cx.CxkitValueError, match=re.escape(
            "by names column(s) 'regoin' that the data does not have; it has 'region', 'segment', 'answered_at', "
            "'nps_score', 'csat_score' (did you mean 'region'?).")):
        cx.summarize(df, score="nps_score", by="regoin")
    with pytest.raises(cx.CxkitValueError, match=re.escape("(did you mean 'region' for 'regoin', 'segment' for "
                                                           "'segmnt'?)")):
        cx.compare_groups(df, score="nps_score", by=["regoin", "segmnt"])
    with pytest.raises(cx.CxkitValueError, match=re.escape("date names column(s) 'answered' that the data does not "
                                                           "have; it has 'region'")):
        cx.compare_periods(df, score="nps_score", date="answered")


@pytest.mark.parametrize("by, message", [
    ([["region", "segment"]], "by must be a column name or a flat list of column names; item 0 is a list "
                              "(['region', 'segment'])"),
    (["region", {"segment"}], "item 1 is a set"),
    (None, "by must be a column name or a list of column names; got None."),
    (pd.Series(["north"] * 600), "by must name columns of the data (a name or a list of names), not hold values; "
                                 "got a Series"),
    ({"region": 1}, "by must be a column name or a list of column names; got dict"),
], ids=["list-of-lists", "set-item", "None", "Series", "dict"])
def test_by_must_be_column_names(by, message):
    df = _small_survey()
    for call in (lambda: cx.summarize(df, score="nps_score", by=by),
                 lambda: cx.compare_groups(df, score="nps_score", by=by),
                 lambda: cx.summarize_counts(df.rename(columns={"nps_score": "answer"}).assign(count=1), by=by)):
        with pytest.raises(cx.CxkitTypeError, match=re.escape(message)):
            call()


def test_score_weights_and_accessor_columns_share_the_message():
    df = _small_survey()
    for call, role in [(lambda: cx.summarize(df, score="nps_scor"), "score"),
                       (lambda: cx.summarize(df, score="nps_score", weights="wieght"), "weights"),
                       (lambda: cx.summarize(df, metric="cli", score=["nps_score", "csat"]), "score"),
                       (lambda: df.cx.nps("nps_scor"), "df.cx.nps"),
                       (lambda: df.cx.cli(["nps_score", "csat"]), "df.cx.cli")]:
        with pytest.raises(cx.CxkitValueError, match=rf"^{re.escape(role)} names column\(s\) '(nps_scor|wieght|csat)' "
                                                      rf"that the data does not have; it has 'region', 'segment', "):
            call()
    with pytest.raises(cx.CxkitValueError, match=re.escape("(did you mean 'nps_score'?)")):
        df.cx.nps("nps_scor")
    with pytest.raises(cx.CxkitTypeError, match=r"score must be the name of one column of the data; got list"):
        cx.summarize(df, score=["nps_score"])


def test_by_column_named_twice():
    df = _small_survey()
    with pytest.raises(cx.CxkitValueError, match=re.escape("by names column(s) 'region' more than once "
                                                           "(by=['region', 'region']); name each group column once.")):
        cx.summarize(df, score="nps_score", by=["region", "region"])


@pytest.mark.parametrize("name", ["n", "value", "metric", "promoters_share", "successes", "sd", "se", "n_effective",
                                  "small_sample", "difference", "p_value", "p_adjusted", "reference",
                                  "previous_period"])
@pytest.mark.parametrize("call", [
    lambda df, by: cx.summarize(df, score="nps_score", by=by),
    lambda df, by: cx.summarize_counts(df.rename(columns={"nps_score": "answer"}).assign(count=1), by=by),
    lambda df, by: cx.compare_groups(df, score="nps_score", by=by),
    lambda df, by: cx.compare_periods(df, score="nps_score", date="answered_at", by=by),
    lambda df, by: df.cx.summarize(score="nps_score", by=["region", by]),
], ids=["summarize", "summarize_counts", "compare_groups", "compare_periods", "df.cx"])
def test_by_column_named_like_an_output_column(call, name):
    df = _small_survey().assign(**{name: "x"})
    with pytest.raises(cx.CxkitValueError, match=rf"by names column\(s\) '{name}', which the result table uses for "
                                                  rf"its own columns; rename it first .*Reserved names: 'metric', "
                                                  rf"'value', 'low', 'high', 'n', "):
        call(df, name)


def test_reserved_names_cover_every_output_column():
    df = _small_survey().assign(w=1.0, t=3)
    by = ["region"]
    tables = [cx.summarize(df, metric=m, score=s, by=by, **kw)
              for m, s, kw in [("nps", "nps_score", {}), ("csat", "csat_score", {}), ("ces", "csat_score",
                               {"statistic": "mean"}), ("cli", ["nps_score", "t"], {})]]
    tables += [cx.summarize(df, metric="nps", score="nps_score", by=by, weights="w"),
               cx.summarize_counts(df.rename(columns={"nps_score": "answer"}).assign(count=1), by=by),
               cx.compare_groups(df, score="nps_score", by=by),
               cx.compare_periods(df, score="nps_score", date="answered_at", by=by)]
    outputs = set().union(*(t.columns for t in tables)) - {"region", "period"}
    assert outputs <= set(RESERVED_COLUMNS), sorted(outputs - set(RESERVED_COLUMNS))


@pytest.mark.parametrize("date", [["answered_at"], None, ("answered_at",)])
def test_date_must_name_one_column(date):
    df = _small_survey()
    with pytest.raises(cx.CxkitTypeError, match=r"date must be the name of one column of the data; got (list|tuple)"):
        cx.summarize(df, score="nps_score", period="M", date=date or ("answered_at",))


def test_an_empty_frame_without_columns():
    with pytest.raises(cx.CxkitValueError, match=r"score names column\(s\) 's' that the data does not have; "
                                                 r"it has no columns\."):
        cx.summarize(pd.DataFrame(), score="s")
    with pytest.raises(cx.CxkitValueError, match=r"by names column\(s\) 'g' that the data does not have; "
                                                 r"it has no columns\."):
        cx.summarize(pd.DataFrame(), score="s", by="g")
    with pytest.raises(cx.CxkitValueError, match=r"by names column\(s\) 'g' that the data does not have; "
                                                 r"it has no columns\."):
        cx.compare_groups(pd.DataFrame(), score="s", by="g")


@pytest.mark.parametrize("call", [
    lambda df: cx.summarize(df, score="nps_score", by="region"),
    lambda df: cx.compare_groups(df, score="nps_score", by="region"),
], ids=["summarize", "compare_groups"])
def test_an_empty_frame_with_columns_gives_an_empty_table(call):
    assert len(call(_small_survey().head(0))) == 0


# --------------------------------------------------------------------------- weights


def _weighted(df, weights, **kw):
    return cx.summarize(df, score="nps_score", by="region", weights=weights, **kw)


def test_weights_series_is_aligned_by_label():
    df = _small_survey().set_index(pd.RangeIndex(1000, 1600))
    w = pd.Series(np.random.default_rng(2).uniform(0.5, 2, len(df)), index=df.index)
    expected = _weighted(df, w.to_numpy())
    shuffled = w.sample(frac=1.0, random_state=4)
    pd.testing.assert_frame_equal(_weighted(df, shuffled), expected)
    pd.testing.assert_frame_equal(_weighted(df, w), expected)
    pd.testing.assert_frame_equal(_weighted(df.assign(w=w), "w"), expected)
    pd.testing.assert_frame_equal(_weighted(df, list(w)), expected)
    cli = cx.summarize(df.assign(t=3), metric="cli", score=["nps_score", "t"], weights=shuffled)
    pd.testing.assert_frame_equal(cli, cx.summarize(df.assign(t=3), metric="cli", score=["nps_score", "t"],
                                                    weights=w.to_numpy()))


@pytest.mark.parametrize("change, message", [
    (lambda w: w.iloc[:-2], r"2 row label\(s\) of the data have no weight \(598, 599\)"),
    (lambda w: pd.concat([w, pd.Series([1.0], index=[7000])]), r"1 weight label\(s\) are not rows of the data "
                                                                 r"\(7000\)"),
    (lambda w: w.set_axis(list(range(1, 601))), r"1 row label\(s\) of the data have no weight \(0\) and 1 weight "
                                                  r"label\(s\) are not rows of the data \(600\)"),
    (lambda w: w.set_axis([0, 0] + list(range(2, 600))), r"the weights' index repeats label\(s\) 0"),
], ids=["missing", "extra", "shifted", "duplicated"])
def test_weights_series_with_other_labels_is_an_error(change, message):
    df = _small_survey()
    w = pd.Series(1.0, index=df.index)
    with pytest.raises(cx.CxkitValueError, match=r"weights \(a Series\) .*" + message + r".*weights\.to_numpy\(\)"):
        _weighted(df, change(w))


def test_weights_series_on_data_with_repeated_labels():
    df = _small_survey().set_axis([0] * 600)
    with pytest.raises(cx.CxkitValueError, match=r"the data's index repeats label\(s\) 0"):
        _weighted(df, pd.Series(1.0, index=range(600)))
    same = pd.Series(1.0, index=df.index)  # the very same index is matched row by row
    assert _weighted(df, same)["n"].sum() == 600


@pytest.mark.parametrize("weights, message", [
    (np.ones(600, dtype=bool), "weights must be numbers; got dtype bool."),
    (pd.Series([True, False] * 300), "weights must be numbers; got dtype bool."),
    (pd.Series([True, None] * 300, dtype="boolean"), "weights must be numbers; got dtype boolean."),
    ([True, 1.0] * 300, "weights must be numbers; got 300 that are not (e.g. True, True, True, True, True and 295 more)."),
    (["1.0"] * 600, "weights must be numbers; got 600 that are not (e.g. '1.0', '1.0'"),
    (pd.Series(["high", 1.0] * 300), "weights must be numbers; got 300 that are not (e.g. 'high'"),
    (np.array(["1"] * 600), "weights must be numbers; got dtype <U1."),
    (pd.Series(pd.date_range("2026-01-01", periods=600)), "weights must be numbers; got dtype datetime64"),
    (pd.DataFrame({"w": np.ones(600)}), "weights must be one column of weights (a name, Series, array or list), "
                                        "not a table with columns ['w']."),
    ([object()] * 600, "weights must be numbers; got values such as <object object"),
], ids=["bool-array", "bool-series", "nullable-boolean", "list-with-bools", "list-of-str", "object-str",
        "str-array", "dates", "frame", "objects"])
def test_weights_of_the_wrong_type(weights, message):
    with pytest.raises(cx.CxkitTypeError, match=re.escape(message)):
        _weighted(_small_survey(), weights)


@pytest.mark.parametrize("value, message", [
    (-1.0, r"weights must be finite numbers >= 0; 1 are not \(e\.g\. -1\.0\)"),
    (np.nan, r"weights must be finite numbers >= 0; 1 are not \(e\.g\. nan\)"),
    (np.inf, r"weights must be finite numbers >= 0; 1 are not \(e\.g\. inf\)"),
])
@pytest.mark.parametrize("metric", ["nps", "cli"])
def test_weights_negative_or_not_finite(value, message, metric):
    df = _small_survey().assign(t=3)
    w = np.ones(len(df))
    w[5] = value
    score = ["nps_score", "t"] if metric == "cli" else "nps_score"
    with pytest.raises(cx.CxkitValueError, match=message):
        cx.summarize(df, metric=metric, score=score, weights=w)


@pytest.mark.parametrize("metric", ["nps", "cli"])
def test_weights_all_zero(metric):
    df = _small_survey().assign(t=3)
    score = ["nps_score", "t"] if metric == "cli" else "nps_score"
    with pytest.raises(cx.CxkitValueError, match=r"weights are all zero \(600 rows\); a weighted estimate needs "
                                                 r"some weight > 0\."):
        cx.summarize(df, metric=metric, score=score, weights=np.zeros(len(df)))


@pytest.mark.parametrize("scale_by, message", [
    (1e200, r"weights are so large that their sums overflow \(sum .*, sum of squares inf; .*Rescale the weights"),
    (1e155, r"weights are so large that their sums overflow \(sum 6e\+157, sum of squares inf"),
    (1e-200, r"weights must be 0 or large enough that their squares are floating-point numbers \(>= 1\.49e-154\); "
             r"600 are smaller \(e\.g\. 1e-200, .*Rescale the weights"),
])
def test_weights_whose_sums_overflow_or_vanish(scale_by, message):
    df = _small_survey()
    with pytest.raises(cx.CxkitValueError, match=message):
        _weighted(df, np.full(len(df), scale_by))
    # the same weights rescaled give the unweighted estimates
    plain = cx.summarize(df, score="nps_score", by="region")
    np.testing.assert_allclose(_weighted(df, np.ones(len(df)))["value"], plain["value"])


@pytest.mark.parametrize("metric", ["nps", "cli"])
def test_group_whose_weights_are_all_zero(metric):
    df = _small_survey().assign(t=3)
    w = np.where(df["region"] == "south", 0.0, 1.0)
    score = ["nps_score", "t"] if metric == "cli" else "nps_score"
    n_south = int((df["region"] == "south").sum())
    with pytest.raises(cx.CxkitValueError, match=rf"weights are zero for every answer of 1 group\(s\): "
                                                  rf"region='south' \({n_south} answers\)\. Such a group has answers "
                                                  rf"but no weight"):
        cx.summarize(df, metric=metric, score=score, by="region", weights=w)
    with pytest.raises(cx.CxkitValueError, match=rf"weights are zero for every answer of 1 group\(s\): all {n_south} "
                                                 r"answers"):
        cx.summarize(df.assign(nps_score=np.where(w > 0, np.nan, df["nps_score"])), metric="nps", score="nps_score",
                     weights=w)
    # zero weights on some rows of a group are fine: they leave those rows out of the weighted estimate
    some = np.where((df["region"] == "south") & (np.arange(len(df)) % 2 == 0), 0.0, 1.0)
    assert cx.summarize(df, metric=metric, score=score, by="region", weights=some)["value"].notna().all()


def test_masked_weights():
    df = _small_survey()
    w = np.ma.masked_array(np.ones(len(df)), mask=np.arange(len(df)) < 3)
    with pytest.raises(cx.CxkitValueError, match=r"weights has 3 masked value\(s\); every row needs a weight"):
        _weighted(df, w)
    pd.testing.assert_frame_equal(_weighted(df, np.ma.masked_array(np.ones(len(df)))), _weighted(df, np.ones(len(df))))


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize("call", [
    lambda r: cx.nps(GOOD, method="bootstrap", n_resamples=r),
    lambda r: cx.ces(GOOD, statistic="mean", n_resamples=r),
    lambda r: cx.cli({"a": GOOD}, n_resamples=r),
    lambda r: cx.compare(GOOD, GOOD, n_resamples=r),
    lambda r: cx.summarize(_frame(GOOD), score="s", method="bootstrap", n_resamples=r),
    lambda r: cx.summarize_counts(pd.DataFrame({"answer": GOOD, "count": 1}), n_resamples=r),
], ids=["nps", "ces-mean", "cli", "compare", "summarize", "summarize_counts"])
def test_n_resamples_beyond_the_limit(call):
    with pytest.raises(cx.CxkitValueError, match=re.escape(
            "n_resamples (10000001) must be at most 10,000,000 (a limit that keeps memory and run time bounded); "
            "10,000 is the usual choice.")):
        call(MAX_RESAMPLES + 1)


def test_n_resamples_at_the_limit_is_allowed():
    assert check_positive_int("n_resamples", MAX_RESAMPLES) == MAX_RESAMPLES
    assert check_positive_int("top", 10**9) == 10**9  # only n_resamples has a limit


@pytest.mark.parametrize("call", [
    lambda s: cx.csat(GOOD, scale=s),
    lambda s: cx.ces(GOOD, scale=s, statistic="mean"),
    lambda s: cx.cli({"a": GOOD}, scale=s),
    lambda s: cx.summarize(_frame(GOOD), metric="csat", score="s", scale=s),
    lambda s: cx.summarize_counts(pd.DataFrame({"answer": GOOD, "count": 1}), metric="csat", scale=s),
    lambda s: cx.compare(GOOD, GOOD, metric="csat", scale=s),
], ids=["csat", "ces", "cli", "summarize", "summarize_counts", "compare"])
def test_scales_with_too_many_points(call):
    with pytest.raises(cx.CxkitValueError, match=re.escape(
            "scale ((0, 1000000000)) has 1,000,000,001 points; a rating scale may have at most 1,001")):
        call((0, 10**9))


def test_widest_scale_is_allowed():
    assert cx.csat(GOOD, scale=(0, 1000)).n == N
