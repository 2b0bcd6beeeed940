"""Fuzzing every public entry point with hypothesis.

Whatever the input -- answers of any type, any option value -- a public cxkit
function either raises a clear cxkit error (the CxkitError family) or
returns a result whose intervals contain their estimates and whose counts
account for every input row: ``n + n_missing + n_dropped == len(input)``.
Any other exception (a numpy error, a KeyError, cxkit's own "this is a bug")
fails the test.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxkit as cx

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLACK = 1e-9

answer = st.one_of(
    st.integers(-3, 13),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([None, np.nan, pd.NA, "7", "ten", "", True, False, 7.5, 10.0, b"9", (1, 2)]),
)
answers = st.lists(answer, min_size=0, max_size=40)
clean_nps = st.lists(st.one_of(st.integers(0, 10), st.none()), min_size=0, max_size=40)
level = st.one_of(st.sampled_from([0.95, 0.5, 0.05, 0.999999, 0.0, 1.0, 95, -0.1, 1e-9, 1 - 1e-12,
                                   math.nan, math.inf, "0.95", None, True]),
                  st.floats(0.001, 0.999))
drop = st.sampled_from([False, True, "yes", 1, None, np.bool_(True)])
nps_method = st.sampled_from(["adjusted-wald", "wald", "score", "bootstrap", "bayes", "wilson", None, 3])
share_method = st.sampled_from(["wilson", "jeffreys", "clopper-pearson", "agresti-coull", "wald", "t", None])
mean_method = st.sampled_from(["t", "bootstrap", "wilson", None])
scale = st.sampled_from([(1, 5), (0, 10), (1, 7), (0, 1), (5, 1), (1, 1), "1-5", (1.0, 5), None, (0, 10**12)])
top = st.sampled_from([1, 2, 3, 0, 11, 2.0, True, "2"])
resamples = st.sampled_from([50, 0, -1, 2.5, 10**15])


def _quiet():
    context = warnings.catch_warnings()
    context.__enter__()
    warnings.simplefilter("ignore")
    return context


def run(call):
    """The result of ``call()``, or None where it raised a cxkit error; any other exception fails."""
    context = _quiet()
    try:
        return call()
    except cx.CxkitError:
        return None
    finally:
        context.__exit__(None, None, None)


def check_estimate(est, total: int) -> None:
    assert isinstance(est, cx.Estimate)
    assert est.n + est.n_missing + est.n_dropped == total
    assert est.low - SLACK <= est.value <= est.high + SLACK, est
    assert all(math.isfinite(x) for x in (est.value, est.low, est.high)), est


def check_table(table: pd.DataFrame, total: int) -> None:
    assert int((table["n"] + table["n_missing"] + table["n_dropped"]).sum()) == total
    rows = table[table["n"] > 0]
    assert (rows["low"] <= rows["value"] + SLACK).all() and (rows["value"] <= rows["high"] + SLACK).all(), rows
    assert np.isfinite(rows[["value", "low", "high"]].to_numpy(dtype=float)).all(), rows


@FUZZ
@given(answers, level, nps_method, drop, resamples)
def test_nps(scores, confidence_level, method, drop_invalid, n_resamples):
    est = run(lambda: cx.nps(scores, confidence_level=confidence_level, method=method,
                             drop_invalid=drop_invalid, n_resamples=n_resamples, rng=1))
    if est is not None:
        check_estimate(est, len(scores))


@FUZZ
@given(answers, level, share_method, drop, scale, top)
def test_csat_and_csi(scores, confidence_level, method, drop_invalid, scale, top):
    est = run(lambda: cx.csat(scores, scale=scale, top=top, confidence_level=confidence_level,
                              method=method, drop_invalid=drop_invalid))
    if est is not None:
        check_estimate(est, len(scores))
    est = run(lambda: cx.csi(scores, confidence_level=confidence_level, method=method, drop_invalid=drop_invalid))
    if est is not None:
        check_estimate(est, len(scores))


@FUZZ
@given(answers, level, st.sampled_from(["share", "mean", "median"]), st.one_of(share_method, mean_method),
       drop, scale, st.sampled_from([False, True, "no"]))
def test_ces(scores, confidence_level, statistic, method, drop_invalid, scale, reverse):
    est = run(lambda: cx.ces(scores, scale=scale, statistic=statistic, reverse=reverse, method=method,
                             confidence_level=confidence_level, drop_invalid=drop_invalid,
                             n_resamples=50, rng=2))
    if est is not None:
        check_estimate(est, len(scores))


@FUZZ
@given(st.lists(st.tuples(answer, answer, answer), min_size=0, max_size=25), level, drop,
       st.sampled_from([(), ("c",), "c", ("d",), True, 0]))
def test_cli(rows, confidence_level, drop_invalid, reverse):
    items = pd.DataFrame(rows, columns=["a", "b", "c"], dtype=object) if rows else pd.DataFrame(
        {"a": [], "b": [], "c": []})
    est = run(lambda: cx.cli(items, reverse=reverse, confidence_level=confidence_level, drop_invalid=drop_invalid))
    if est is not None:
        assert est.n + est.n_missing == len(rows)
        assert est.low - SLACK <= est.value <= est.high + SLACK


@FUZZ
@given(answers, answers, st.sampled_from(["nps", "csat", "csi", "ces"]), level, drop,
       st.sampled_from([None, "adjusted-wald", "wald", "newcombe", "welch"]))
def test_compare(a, b, metric, confidence_level, drop_invalid, method):
    result = run(lambda: cx.compare(a, b, metric=metric, confidence_level=confidence_level, method=method,
                                    drop_invalid=drop_invalid))
    if result is not None:
        check_estimate(result.a, len(a))
        check_estimate(result.b, len(b))
        assert result.low - SLACK <= result.difference <= result.high + SLACK
        assert 0.0 <= result.p_value <= 1.0


@FUZZ
@given(clean_nps, clean_nps, level)
def test_paired_nps_change(before, after, confidence_level):
    result = run(lambda: cx.paired_nps_change(before, after, confidence_level=confidence_level))
    if result is not None:
        assert len(before) == len(after)
        assert result.a.n + result.a.n_missing == len(before)
        assert result.low - SLACK <= result.difference <= result.high + SLACK


frames = st.lists(
    st.tuples(st.sampled_from(["a", "b", "Розница", None]), st.sampled_from(["2026-09-03", "2026-10-15"]),
              answer, st.one_of(st.floats(0, 5), st.sampled_from([0.0, -1.0, np.nan, 1e300, True]))),
    min_size=0, max_size=40,
).map(lambda rows: pd.DataFrame(rows, columns=["segment", "date", "score", "w"]).assign(
    date=lambda f: pd.to_datetime(f["date"]) if len(f) else pd.to_datetime(pd.Series([], dtype=str))))


@FUZZ
@given(frames, st.sampled_from(["nps", "csat", "csi", "ces"]), level, drop,
       st.sampled_from([(), "segment", ["segment", "segment"], "value", "missing"]),
       st.sampled_from([None, "w"]))
def test_summarize(frame, metric, confidence_level, drop_invalid, by, weights):
    table = run(lambda: cx.summarize(frame, metric=metric, score="score", by=by, weights=weights,
                                     confidence_level=confidence_level, drop_invalid=drop_invalid))
    if table is not None:
        check_table(table, len(frame))
        result = run(lambda: cx.compare_benchmark(table, 30))
        if result is not None:
            assert result["p_value"].dropna().between(0, 1).all()


@FUZZ
@given(frames, st.sampled_from(["nps", "csat", "ces"]), level, drop)
def test_compare_periods_and_groups(frame, metric, confidence_level, drop_invalid):
    for call in (
        lambda: cx.compare_periods(frame, metric=metric, score="score", date="date",
                                   confidence_level=confidence_level, drop_invalid=drop_invalid),
        lambda: cx.compare_groups(frame, metric=metric, score="score", by="segment",
                                  confidence_level=confidence_level, drop_invalid=drop_invalid),
    ):
        table = run(call)
        if table is not None:
            rows = table[table["p_value"].notna()]
            assert (rows["low"] <= rows["difference"] + SLACK).all()
            assert (rows["difference"] <= rows["high"] + SLACK).all()
            assert rows["p_adjusted"].between(0, 1).all()


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(["x", "y"]), answer,
                          st.one_of(st.integers(-2, 50), st.floats(allow_nan=True), st.none())),
                min_size=0, max_size=30), level, drop)
def test_summarize_counts(rows, confidence_level, drop_invalid):
    counts = pd.DataFrame(rows, columns=["segment", "answer", "count"])
    table = run(lambda: cx.summarize_counts(counts, by="segment", confidence_level=confidence_level,
                                            drop_invalid=drop_invalid))
    if table is not None:
        total = int(pd.to_numeric(counts["count"]).sum())
        check_table(table, total)


number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**6),
                   st.sampled_from([None, "5", True]))


@FUZZ
@given(st.sampled_from(["nps", "csat", "share", "mean", "cli", "x"]), number, number, level, number)
def test_planning(metric, margin, expected, confidence_level, power):
    size = run(lambda: cx.sample_size(metric=metric, margin=margin, expected=expected,
                                      confidence_level=confidence_level))
    if size is not None:
        assert isinstance(size, int) and size >= 1
    moe = run(lambda: cx.margin_of_error(metric=metric, n=1000, expected=expected,
                                         confidence_level=confidence_level))
    if moe is not None:
        assert math.isfinite(moe) and moe >= 0
    per_group = run(lambda: cx.sample_size_per_group(metric=metric, difference=margin, power=power,
                                                     expected=expected, confidence_level=confidence_level))
    if per_group is not None:
        assert isinstance(per_group, int) and per_group >= 2


@FUZZ
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-1, 2)), max_size=20),
       st.sampled_from(["holm", "bh", "none", "bonferroni"]))
def test_adjust_p_values(p_values, method):
    adjusted = run(lambda: cx.adjust_p_values(p_values, method=method))
    if adjusted is not None:
        given = np.asarray(p_values, dtype=float)
        assert np.array_equal(np.isnan(adjusted), np.isnan(given))
        ok = ~np.isnan(adjusted)
        assert ((adjusted[ok] >= given[ok] - SLACK) & (adjusted[ok] <= 1)).all()


@pytest.mark.parametrize("call", [
    lambda df: df.cx.nps("score"),
    lambda df: df.cx.csat("score"),
    lambda df: df.cx.summarize(metric="nps", score="score", by="segment"),
])
@FUZZ
@given(frame=frames)
def test_accessor(call, frame):
    result = run(lambda: call(frame))
    if isinstance(result, cx.Estimate):
        check_estimate(result, len(frame))
    elif result is not None:
        check_table(result, len(frame))
