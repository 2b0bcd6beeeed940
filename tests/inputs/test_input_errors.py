"""Every input error: right exception type, and a message that says what is wrong and what is allowed."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import cxkit as cx

GOOD_NPS = [0, 7, 10] * 10
GOOD_5 = [1, 2, 3, 4, 5] * 6
ITEMS = {"recommend": [9, 10, 7] * 10, "stay": [8, 6, 10] * 10}

# --------------------------------------------------------------------------- invalid answers


@pytest.mark.parametrize("bad, shown", [
    (11, "11"), (-1, "-1"), (7.5, "7.5"), ("ten", "'ten'"), (True, "True"), ("nan", "'nan'"), (float("inf"), "inf"),
])
def test_invalid_answer_raises_invalid_answers_error(bad, shown):
    with pytest.raises(cx.InvalidAnswersError) as info:
        cx.nps(GOOD_NPS + [bad])
    err = info.value
    assert isinstance(err, ValueError)
    assert err.count == 1
    assert len(err.examples) == 1 and str(err.examples[0]) == str(bad)
    message = str(err)
    assert "1 of 31 answers" in message
    assert "0-10 scale" in message and "whole numbers from 0 to 10" in message
    assert shown in message
    assert "drop_invalid=True" in message


def test_objects_that_are_not_numbers_are_invalid():
    marker = object()
    with pytest.raises(cx.InvalidAnswersError, match=r"2 of 32 answers .*\(9\+0j\)") as info:
        cx.nps(GOOD_NPS + [complex(9, 0), marker])
    assert info.value.examples == (complex(9, 0), marker)


def test_invalid_answers_message_shows_at_most_five():
    bad = [11, 12, 13, 14, 15, 16, 17]
    with pytest.raises(cx.InvalidAnswersError, match=r"7 of 37 answers .*: 11, 12, 13, 14, 15\b") as info:
        cx.nps(GOOD_NPS + bad)
    assert info.value.count == 7
    assert info.value.examples == (11, 12, 13, 14, 15)
    assert "16" not in str(info.value)


@pytest.mark.parametrize("call, scale", [
    (lambda: cx.csat(GOOD_5 + [0]), "1-5"),
    (lambda: cx.csat(GOOD_5 + [8], scale=(1, 7)), "1-7"),
    (lambda: cx.csi(GOOD_5 + [6]), "1-5"),
    (lambda: cx.ces(GOOD_5 + [2.5], statistic="mean"), "1-5"),
    (lambda: cx.ces(GOOD_5 + ["easy"]), "1-5"),
], ids=["csat", "csat-1-7", "csi", "ces-mean", "ces-share"])
def test_every_metric_names_its_scale(call, scale):
    lowest, highest = scale.split("-")
    with pytest.raises(cx.InvalidAnswersError, match=f"{scale} scale .*whole numbers from {lowest} to {highest}"):
        call()


def test_invalid_answers_in_a_numeric_array():
    with pytest.raises(cx.InvalidAnswersError, match=r"2 of 4 answers .*7\.5") as info:
        cx.nps(np.array([7.5, 8, 9, 12.0]))
    assert info.value.count == 2


def test_invalid_cli_item_answer_names_the_item():
    with pytest.raises(cx.InvalidAnswersError, match=r"items\['stay'\]: 1 of 31 answers .*'x'"):
        cx.cli({"recommend": ITEMS["recommend"] + [5], "stay": ITEMS["stay"] + ["x"]})


# A boolean column is as invalid as a boolean answer: the same ValueError subclass,
# so that `except ValueError` (and `except cx.InvalidAnswersError`) catches both.
@pytest.mark.parametrize("scores", [[True, False] * 20, np.array([True, False] * 20), pd.Series([True, False] * 20)],
                         ids=["list", "ndarray", "series"])
def test_booleans_are_invalid_answers(scores):
    with pytest.raises(cx.InvalidAnswersError, match=r"40 of 40 answers .*True"):
        cx.nps(scores)


# --------------------------------------------------------------------------- nothing to compute on


@pytest.mark.parametrize("scores, counts", [
    ([], "0 missing and 0 dropped"),
    ([None, np.nan], "2 missing and 0 dropped"),
    (pd.Series([pd.NA, pd.NA], dtype="Int64"), "2 missing and 0 dropped"),
])
def test_no_valid_answers(scores, counts):
    with pytest.raises(ValueError, match=f"scores: no valid answers to compute on \\(got {counts}\\)"):
        cx.nps(scores)


def test_no_valid_answers_after_dropping():
    with pytest.raises(ValueError, match=r"no valid answers .*0 missing and 2 dropped"):
        cx.csat([0, 9], drop_invalid=True)


def test_cli_without_any_answered_respondent():
    with pytest.raises(ValueError, match=r"items: no respondent has a valid answer \(2 rows, 3 missing and 1 dropped"):
        cx.cli({"a": [None, np.nan], "b": [None, 99]}, drop_invalid=True)


# --------------------------------------------------------------------------- wrong kind of input


@pytest.mark.parametrize("scores, kind", [
    ("9", "str"), (b"9", "bytes"), ({9: 1}, "dict"), ({9, 10}, "set"), (7, "int"), (7.0, "float"),
    (np.int64(7), "int64"), (None, "NoneType"), ((x for x in [9]), "generator"),
])
def test_not_a_sequence_of_answers(scores, kind):
    with pytest.raises(TypeError, match=f"scores must be a sequence of answers .*got {kind}"):
        cx.nps(scores)


def test_zero_dimensional_array_is_not_a_sequence():
    with pytest.raises(TypeError, match="scores must be a sequence of answers"):
        cx.nps(np.array(7))


def test_dataframe_where_one_column_is_expected():
    df = pd.DataFrame({"nps": GOOD_NPS, "region": ["n", "s", "e"] * 10})
    with pytest.raises(TypeError, match=re.escape("not a table with columns ['nps', 'region']; pass df['column']")):
        cx.nps(df)
    with pytest.raises(TypeError, match="one column of answers"):
        cx.compare(df, df, metric="csat")


@pytest.mark.parametrize("scores", [[[9, 10], [0, 5]], np.array([[9, 10], [0, 5]], dtype=object),
                                    np.array([[9, 10], [0, 5]])], ids=["nested-list", "object-2d", "int-2d"])
def test_two_dimensional_input_is_rejected(scores):
    with pytest.raises(TypeError, match=r"scores must be one-dimensional; got an array of shape \(2, 2\)"):
        cx.nps(scores)


# --------------------------------------------------------------------------- method


@pytest.mark.parametrize("call, allowed", [
    (lambda m: cx.nps(GOOD_NPS, method=m), "'adjusted-wald', 'wald', 'score', 'bootstrap' or 'bayes'"),
    (lambda m: cx.csat(GOOD_5, method=m), "'wilson', 'jeffreys', 'clopper-pearson', 'agresti-coull' or 'wald'"),
    (lambda m: cx.csi(GOOD_5, method=m), "'wilson', 'jeffreys', 'clopper-pearson', 'agresti-coull' or 'wald'"),
    (lambda m: cx.ces(GOOD_5, method=m), "'wilson', 'jeffreys', 'clopper-pearson', 'agresti-coull' or 'wald'"),
    (lambda m: cx.ces(GOOD_5, statistic="mean", method=m), "'t' or 'bootstrap'"),
    (lambda m: cx.cli(ITEMS, method=m), "'t' or 'bootstrap'"),
], ids=["nps", "csat", "csi", "ces", "ces-mean", "cli"])
@pytest.mark.parametrize("bad", ["wilsn", "Wilson", 1])
def test_unknown_method_lists_the_allowed_ones(call, allowed, bad):
    with pytest.raises(ValueError, match=re.escape(f"method ({bad!r}) must be one of {allowed}.")):
        call(bad)


def test_method_none_is_only_a_default_where_documented():
    with pytest.raises(ValueError, match=re.escape("method (None) must be one of 'adjusted-wald'")):
        cx.nps(GOOD_NPS, method=None)
    with pytest.raises(ValueError, match=re.escape("method (None) must be one of 'wilson'")):
        cx.csat(GOOD_5, method=None)
    assert cx.ces(GOOD_5, method=None).method == "wilson"
    assert cx.ces(GOOD_5, statistic="mean", method=None).method == "t"


def test_method_of_another_statistic_is_rejected():
    with pytest.raises(ValueError, match=r"method \('t'\) must be one of 'wilson'"):
        cx.ces(GOOD_5, method="t")
    with pytest.raises(ValueError, match=r"method \('wilson'\) must be one of 't' or 'bootstrap'"):
        cx.ces(GOOD_5, statistic="mean", method="wilson")


# --------------------------------------------------------------------------- confidence_level

METRIC_CALLS = {
    "nps": lambda **kw: cx.nps(GOOD_NPS, **kw),
    "csat": lambda **kw: cx.csat(GOOD_5, **kw),
    "csi": lambda **kw: cx.csi(GOOD_5, **kw),
    "ces": lambda **kw: cx.ces(GOOD_5, **kw),
    "ces_mean": lambda **kw: cx.ces(GOOD_5, statistic="mean", **kw),
    "cli": lambda **kw: cx.cli(ITEMS, **kw),
    "compare": lambda **kw: cx.compare(GOOD_NPS, GOOD_NPS, **kw),
}


@pytest.mark.parametrize("call", METRIC_CALLS.values(), ids=METRIC_CALLS.keys())
def test_confidence_level_in_percent_suggests_a_fraction(call):
    with pytest.raises(ValueError, match=r"confidence_level \(95\) must be strictly between 0 and 1, "
                                         r"such as 0\.95 \(did you mean 0\.95\?\)"):
        call(confidence_level=95)


@pytest.mark.parametrize("level", [0, 1, 1.0, -0.5, 100, 250, float("nan")])
def test_confidence_level_out_of_range(level):
    with pytest.raises(ValueError, match=r"must be strictly between 0 and 1, such as 0\.95\.$"):
        cx.nps(GOOD_NPS, confidence_level=level)


@pytest.mark.parametrize("call", METRIC_CALLS.values(), ids=METRIC_CALLS.keys())
@pytest.mark.parametrize("level, kind", [(True, "bool"), ("0.95", "str"), (None, "NoneType"), (np.True_, "bool")])
def test_confidence_level_of_the_wrong_type(call, level, kind):
    with pytest.raises(TypeError, match=f"confidence_level must be a number .*such as 0.95; got .* of type {kind}"):
        call(confidence_level=level)


def test_confidence_level_accepts_numpy_floats():
    assert cx.nps(GOOD_NPS, confidence_level=np.float64(0.9)).confidence_level == 0.9


# --------------------------------------------------------------------------- scale, top, statistic, reverse


@pytest.mark.parametrize("scale", [(5, 1), (3, 3), (1, 5.0), (1, 2, 3), "1-5", 5, (True, 5), None])
@pytest.mark.parametrize("fn", [cx.csat, cx.ces, cx.cli])
def test_bad_scale(fn, scale):
    data = ITEMS if fn is cx.cli else GOOD_5
    with pytest.raises(ValueError, match=re.escape(f"scale ({scale!r}) must be a pair of integers (lowest, highest) "
                                                   "with lowest < highest, such as (1, 5) or (0, 10).")):
        fn(data, scale=scale)


def test_numpy_integer_scale_is_accepted():
    assert cx.csat(GOOD_5, scale=(np.int64(1), np.int64(5))).value == pytest.approx(40.0)


@pytest.mark.parametrize("top, scale, points", [(5, (1, 5), 4), (6, (1, 5), 4), (11, (0, 10), 10), (2, (0, 1), 1)])
def test_top_must_leave_at_least_one_answer_below(top, scale, points):
    message = f"top ({top}) must be from 1 to {points} for the {scale[0]}-{scale[1]} scale"
    with pytest.raises(ValueError, match=re.escape(message)):
        cx.csat([scale[0], scale[1]] * 15, scale=scale, top=top)


@pytest.mark.parametrize("top", [0, -1])
def test_top_below_one(top):
    with pytest.raises(ValueError, match=re.escape(f"top ({top}) must be an integer >= 1.")):
        cx.csat(GOOD_5, top=top)


@pytest.mark.parametrize("top", [1.5, 2.0, "2", True])
def test_top_must_be_an_integer(top):
    with pytest.raises(TypeError, match=re.escape(f"top must be an integer >= 1; got {top!r}.")):
        cx.csat(GOOD_5, top=top)


@pytest.mark.parametrize("statistic", ["median", "Mean", None])
def test_bad_ces_statistic(statistic):
    with pytest.raises(ValueError, match=re.escape(f"statistic ({statistic!r}) must be one of 'share' or 'mean'.")):
        cx.ces(GOOD_5, statistic=statistic)


@pytest.mark.parametrize("reverse", ["yes", 1, None, "False"])
def test_ces_reverse_must_be_bool(reverse):
    with pytest.raises(TypeError, match=re.escape(f"reverse must be True or False; got {reverse!r}.")):
        cx.ces(GOOD_5, reverse=reverse)


@pytest.mark.parametrize("call", [
    lambda v: cx.nps(GOOD_NPS, method="bootstrap", n_resamples=v),
    lambda v: cx.ces(GOOD_5, statistic="mean", n_resamples=v),
    lambda v: cx.cli(ITEMS, n_resamples=v),
], ids=["nps", "ces-mean", "cli"])
def test_bad_n_resamples(call):
    with pytest.raises(ValueError, match=re.escape("n_resamples (0) must be an integer >= 1.")):
        call(0)
    with pytest.raises(TypeError, match=re.escape("n_resamples must be an integer >= 1; got 100.5.")):
        call(100.5)
    with pytest.raises(TypeError, match="n_resamples must be an integer >= 1; got True"):
        call(True)


# --------------------------------------------------------------------------- CLI items


def test_cli_unknown_reverse_name_lists_the_items():
    with pytest.raises(ValueError, match=re.escape("reverse names an unknown item ('elsewhere'); "
                                                   "the items are 'recommend', 'stay'.")):
        cx.cli(ITEMS, reverse=["elsewhere"])
    with pytest.raises(ValueError, match=re.escape("unknown item ('stai'); the items are 'recommend', 'stay'.")):
        cx.cli(pd.DataFrame(ITEMS), reverse="stai")


@pytest.mark.parametrize("reverse", [2, -1, "1", (0, 5)])
def test_cli_unknown_reverse_position_gives_the_range(reverse):
    bad = reverse[1] if isinstance(reverse, tuple) else reverse
    with pytest.raises(ValueError, match=re.escape(f"unknown item ({bad!r}); the items are positions 0 to 1.")):
        cx.cli(np.array([[1, 2], [3, 4]]), reverse=reverse)


# reverse=True (natural for someone used to ces(reverse=True)) must not silently
# reverse-code item 1 of an array because True == 1.
@pytest.mark.parametrize("items", [np.array([[1, 2], [3, 4], [5, 9]]), {"a": [1, 3, 5], "b": [2, 4, 9]}],
                         ids=["array", "dict"])
def test_cli_reverse_true_is_rejected(items):
    with pytest.raises((TypeError, ValueError), match=r"reverse.*True"):
        cx.cli(items, reverse=True)


def test_cli_items_of_unequal_lengths():
    with pytest.raises(ValueError, match=re.escape("items must all have the same number of respondents; "
                                                   "got lengths [2, 3].")):
        cx.cli({"a": [1, 2, 3], "b": [4, 5]})


@pytest.mark.parametrize("items", [{}, pd.DataFrame(), np.empty((3, 0))], ids=["dict", "frame", "array"])
def test_cli_without_items(items):
    with pytest.raises(ValueError, match=re.escape("items has no columns; the CLI needs at least one question.")):
        cx.cli(items)


@pytest.mark.parametrize("items, shape", [([1, 2, 3], "(3,)"), ([[1, 2], [3]], "(2,)"), (np.ones((2, 2, 2)), "(2, 2, 2)")])
def test_cli_items_must_be_a_table(items, shape):
    with pytest.raises(TypeError, match=re.escape(f"items must be a DataFrame (one column per question), a dict of "
                                                  f"columns or a 2-D array (rows = respondents); got an array of "
                                                  f"shape {shape}.")):
        cx.cli(items)


# --------------------------------------------------------------------------- compare


@pytest.mark.parametrize("metric", ["NPS", "csat_top", None])
def test_compare_unknown_metric(metric):
    with pytest.raises(ValueError, match=re.escape(f"metric ({metric!r}) must be one of "
                                                   "'nps', 'csat', 'csi', 'ces', 'cli', 'cx_usefulness', "
                                                   "'cx_ease', 'cx_enjoyability' or 'cx_index'.")):
        cx.compare(GOOD_NPS, GOOD_NPS, metric=metric)


@pytest.mark.parametrize("metric, option, accepted", [
    ("nps", {"scale": (0, 10)}, "'n_resamples', 'rng', 'drop_invalid'"),
    ("csat", {"statistic": "mean"}, "'scale', 'top', 'drop_invalid'"),
    ("csi", {"top": 1}, "'drop_invalid'"),
    ("ces", {"topp": 1, "colour": "red"}, "'scale', 'statistic', 'reverse', 'n_resamples', 'rng', 'drop_invalid'"),
    ("cli", {"items": 4}, "'scale', 'reverse', 'n_resamples', 'rng', 'drop_invalid'"),
])
def test_compare_unknown_metric_option_lists_accepted_options(metric, option, accepted):
    unknown = ", ".join(repr(k) for k in sorted(option))
    with pytest.raises(TypeError, match=re.escape(f"compare(metric={metric!r}) got unknown option(s) {unknown}; "
                                                  f"{metric} accepts {accepted}.")):
        cx.compare(GOOD_5, GOOD_5, metric=metric, **option)


@pytest.mark.parametrize("metric, options, method, allowed", [
    ("nps", {}, "newcombe", "'adjusted-welch', 'adjusted-wald' or 'wald'"),
    ("nps", {}, "welch", "'adjusted-welch', 'adjusted-wald' or 'wald'"),
    ("csat", {}, "welch", "'newcombe'"),
    ("csi", {}, "adjusted-wald", "'newcombe'"),
    ("ces", {}, "welch", "'newcombe'"),
    ("ces", {"statistic": "mean"}, "newcombe", "'welch'"),
    ("cli", {}, "t", "'welch'"),
])
def test_compare_wrong_difference_method_for_the_metric(metric, options, method, allowed):
    data = ITEMS if metric == "cli" else GOOD_5
    with pytest.raises(ValueError, match=re.escape(f"method ({method!r}) must be one of {allowed}.")):
        cx.compare(data, data, metric=metric, method=method, **options)


def test_compare_reports_invalid_answers_of_either_sample():
    with pytest.raises(cx.InvalidAnswersError, match=r"1 of 31 answers .*11"):
        cx.compare(GOOD_NPS, GOOD_NPS + [11])
    with pytest.raises(ValueError, match="statistic \\('median'\\) must be one of"):
        cx.compare(GOOD_5, GOOD_5, metric="ces", statistic="median")
