"""Public behaviour of the five survey metrics: worked examples, answers, methods, warnings.

Interval *values* are checked against statsmodels/scipy elsewhere; here we
check definitions, details, input handling and the small-sample rules.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx

NPS_METHODS = ["adjusted-wald", "wald", "score", "bootstrap", "bayes"]
SHARE_METHODS = ["wilson", "jeffreys", "clopper-pearson", "agresti-coull", "wald"]
MEAN_METHODS = ["t", "bootstrap"]

# 100 answers: 50 promoters, 30 passives, 20 detractors, spread over each category's scores.
NPS_EXAMPLE = [10] * 25 + [9] * 25 + [8] * 15 + [7] * 15 + [6] * 5 + [3] * 5 + [0] * 10
CSAT_EXAMPLE = [1] * 5 + [2] * 10 + [3] * 15 + [4] * 30 + [5] * 40
CES_EXAMPLE = [1] * 2 + [2] * 8 + [3] * 15 + [4] * 18 + [5] * 7


@pytest.fixture
def strict():
    with warnings.catch_warnings():
        warnings.simplefilter("error", cx.SmallSampleWarning)
        yield


# --------------------------------------------------------------------------- worked examples


def test_nps_worked_example(strict):
    est = cx.nps(NPS_EXAMPLE)
    assert est.metric == "nps"
    assert est.value == pytest.approx(30.0)
    assert (est.promoters, est.passives, est.detractors) == (50, 30, 20)
    assert est.promoters_share == pytest.approx(50.0)
    assert est.passives_share == pytest.approx(30.0)
    assert est.detractors_share == pytest.approx(20.0)
    assert est.n == 100
    assert (est.n_missing, est.n_dropped) == (0, 0)
    assert est.method == "adjusted-wald"
    assert est.confidence_level == 0.95
    assert est.low < 30.0 < est.high


@pytest.mark.parametrize("score, nps", [(s, -100.0) for s in range(7)] + [(7, 0.0), (8, 0.0), (9, 100.0), (10, 100.0)])
def test_nps_category_boundaries(score, nps):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        assert cx.nps([score]).value == nps


def test_csat_worked_example(strict):
    assert cx.csat(CSAT_EXAMPLE, top=1).value == pytest.approx(40.0)
    top2 = cx.csat(CSAT_EXAMPLE)
    assert top2.value == pytest.approx(70.0)
    assert (top2.metric, top2.successes, top2.n, top2.top, top2.method) == ("csat", 70, 100, 2, "wilson")
    assert top2.unit == "% of answers"
    assert cx.csat(CSAT_EXAMPLE, top=3).value == pytest.approx(85.0)


def test_csat_other_scale_counts_the_top_answers_of_that_scale():
    answers = [1, 2, 3, 4, 5, 6, 7, 7, 6, 1] * 3
    assert cx.csat(answers, scale=(1, 7)).value == pytest.approx(40.0)  # 6 and 7
    assert cx.csat(answers, scale=(1, 7), top=1).value == pytest.approx(20.0)


def test_csi_is_share_of_4_and_5(strict):
    est = cx.csi(CSAT_EXAMPLE)
    assert (est.metric, est.value, est.successes) == ("csi", pytest.approx(70.0), 70)
    with pytest.raises(cx.InvalidAnswersError):
        cx.csi([6] + CSAT_EXAMPLE)  # always the 1-5 scale


def test_ces_mean_worked_example(strict):
    est = cx.ces(CES_EXAMPLE, statistic="mean")
    assert est.metric == "ces_mean"
    assert est.value == pytest.approx(170 / 50, abs=1e-12)
    assert est.sd == pytest.approx(np.std(CES_EXAMPLE, ddof=1))
    assert est.method == "t"
    assert est.low < 3.4 < est.high


def test_ces_share_is_share_of_4_and_5(strict):
    est = cx.ces(CES_EXAMPLE)
    assert (est.metric, est.successes, est.reverse) == ("ces", 25, False)
    assert est.value == pytest.approx(50.0)


def test_ces_reverse_counts_the_lowest_answers_as_easy(strict):
    est = cx.ces(CES_EXAMPLE, reverse=True)
    assert (est.successes, est.reverse) == (10, True)  # answers 1 and 2
    assert est.value == pytest.approx(20.0)
    mean = cx.ces(CES_EXAMPLE, statistic="mean", reverse=True)
    assert mean.value == pytest.approx(6 - 3.4)  # lowest + highest - answer


def test_ces_on_a_seven_point_scale():
    answers = [1, 2, 3, 4, 5, 6, 7] * 5
    assert cx.ces(answers, scale=(1, 7)).value == pytest.approx(100 * 2 / 7)
    assert cx.ces(answers, scale=(1, 7), reverse=True).successes == 10
    turned = cx.ces(answers[:-1] + [1], scale=(1, 7), statistic="mean", reverse=True)
    assert turned.value == pytest.approx(8 - np.mean(answers[:-1] + [1]))


# --------------------------------------------------------------------------- CLI

CLI_ITEMS = pd.DataFrame({
    "recommend": [10, 6, np.nan, 0],
    "keep_buying": [9, 7, np.nan, 2],
    "other_products": [8, np.nan, np.nan, 4],
    "elsewhere": [2, 5, None, 10],  # reverse-worded
})
# Respondent means after turning "elsewhere" (10 - answer):
#   (10 + 9 + 8 + 8) / 4 = 8.75,  (6 + 7 + 5) / 3 = 6.0,  (no answers),  (0 + 2 + 4 + 0) / 4 = 1.5
CLI_EXPECTED = (8.75 + 6.0 + 1.5) / 3


def test_cli_hand_computed_example():
    with pytest.warns(cx.SmallSampleWarning):
        est = cx.cli(CLI_ITEMS, reverse=["elsewhere"])
    assert est.metric == "cli"
    assert est.value == pytest.approx(CLI_EXPECTED)
    assert est.n == 3
    assert est.n_missing == 1  # the respondent without answers
    assert est.item_answers_missing == 5
    assert est.items == ("recommend", "keep_buying", "other_products", "elsewhere")
    assert est.reversed == ("elsewhere",)
    assert est.sd == pytest.approx(np.std([8.75, 6.0, 1.5], ddof=1))
    # Averaging respondents first differs from pooling all 11 answers (59 / 11).
    assert est.value != pytest.approx(59 / 11)


def test_cli_accepts_dataframe_dict_and_array_alike():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        from_frame = cx.cli(CLI_ITEMS, reverse=["elsewhere"])
        from_dict = cx.cli({k: list(v) for k, v in CLI_ITEMS.items()}, reverse=("elsewhere",))
        from_array = cx.cli(CLI_ITEMS.to_numpy(), reverse=[3])
        single_name = cx.cli(CLI_ITEMS, reverse="elsewhere")
    for other in (from_dict, from_array, single_name):
        assert (other.value, other.low, other.high, other.n) == (from_frame.value, from_frame.low,
                                                                  from_frame.high, from_frame.n)
    assert from_array.items == ("0", "1", "2", "3") and from_array.reversed == ("3",)


def test_cli_without_reverse_and_on_another_scale():
    items = {"q1": [5, 3] * 20, "q2": [2, 1] * 20}
    assert cx.cli(items, scale=(1, 5)).value == pytest.approx((3.5 + 2.0) / 2)
    assert cx.cli(items, scale=(1, 5), reverse=["q2"]).value == pytest.approx((4.5 + 4.0) / 2)  # q2 -> 6 - q2


def test_cli_drop_invalid_counts_item_answers():
    items = {"q1": [1, 11, 5] * 10, "q2": [2, 3, 7.5] * 10}
    est = cx.cli(items, drop_invalid=True)
    assert est.n_dropped == 20
    assert est.n == 30
    assert est.value == pytest.approx(np.mean([1.5, 3, 5]))


@pytest.mark.parametrize("method", MEAN_METHODS)
def test_cli_methods(method):
    rng = np.random.default_rng(1)
    items = pd.DataFrame(rng.integers(0, 11, size=(60, 4)), columns=list("abcd"))
    est = cx.cli(items, method=method, rng=2)
    assert est.method == method
    assert 0 <= est.low < est.value < est.high <= 10


# --------------------------------------------------------------------------- methods


@pytest.mark.parametrize("method", NPS_METHODS)
def test_every_nps_method_is_accepted(method, strict):
    est = cx.nps(NPS_EXAMPLE, method=method, n_resamples=2000, rng=0)
    assert est.method == method
    assert est.value == pytest.approx(30.0)
    assert -100 <= est.low < est.value < est.high <= 100


@pytest.mark.parametrize("method", SHARE_METHODS)
@pytest.mark.parametrize("metric", ["csat", "csi", "ces"])
def test_every_share_method_is_accepted(metric, method, strict):
    est = getattr(cx, metric)(CSAT_EXAMPLE, method=method)
    assert (est.method, est.value) == (method, pytest.approx(70.0))
    assert 0 <= est.low < est.value < est.high <= 100


@pytest.mark.parametrize("method", MEAN_METHODS)
def test_every_mean_method_is_accepted_for_ces(method, strict):
    est = cx.ces(CES_EXAMPLE, statistic="mean", method=method, rng=0)
    assert (est.method, est.value) == (method, pytest.approx(3.4))
    assert 1 <= est.low < est.value < est.high <= 5


def test_bootstrap_is_reproducible_with_a_seed():
    a = cx.nps(NPS_EXAMPLE, method="bootstrap", n_resamples=500, rng=42)
    b = cx.nps(NPS_EXAMPLE, method="bootstrap", n_resamples=500, rng=np.random.default_rng(42))
    assert a.interval == b.interval
    c = cx.ces(CES_EXAMPLE, statistic="mean", method="bootstrap", n_resamples=500, rng=7)
    assert c.interval == cx.ces(CES_EXAMPLE, statistic="mean", method="bootstrap", n_resamples=500, rng=7).interval


def test_higher_confidence_level_gives_a_wider_interval():
    narrow = cx.nps(NPS_EXAMPLE, confidence_level=0.8)
    wide = cx.nps(NPS_EXAMPLE, confidence_level=0.99)
    assert wide.low < narrow.low and narrow.high < wide.high
    assert (narrow.confidence_level, wide.confidence_level) == (0.8, 0.99)


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("container", [
    list, tuple, np.array, pd.Series,
    lambda x: pd.Series(x, dtype="float64"),
    lambda x: pd.Series(x, dtype="Int64"),
    lambda x: pd.Series(x, dtype="category"),
    lambda x: pd.Series([str(v) for v in x]),
    lambda x: [str(v) for v in x],
], ids=["list", "tuple", "ndarray", "series", "float", "Int64", "category", "string-series", "strings"])
def test_containers_give_the_same_estimate(container):
    reference = cx.nps(NPS_EXAMPLE)
    est = cx.nps(container(NPS_EXAMPLE))
    assert est.to_dict() == reference.to_dict()


@pytest.mark.parametrize("missing", [
    [np.nan, np.nan, np.nan],
    [None, None, None],
    [pd.NA, None, np.nan],
    [pd.NaT, float("nan"), np.float32("nan")],
    pd.Series([pd.NA] * 3, dtype="Int64"),
], ids=["nan", "none", "mixed", "nat", "Int64-NA"])
def test_missing_answers_are_excluded_and_counted(missing):
    scores = pd.concat([pd.Series(NPS_EXAMPLE, dtype="Int64"), pd.Series(missing, dtype="Int64")]) \
        if isinstance(missing, pd.Series) else NPS_EXAMPLE + list(missing)
    est = cx.nps(scores)
    assert (est.n, est.n_missing, est.n_dropped) == (100, 3, 0)
    assert est.value == pytest.approx(30.0)
    assert est.interval == cx.nps(NPS_EXAMPLE).interval


def test_missing_answers_in_every_metric():
    with_gaps = CES_EXAMPLE + [None, np.nan]
    for est in (cx.csat(with_gaps), cx.csi(with_gaps), cx.ces(with_gaps), cx.ces(with_gaps, statistic="mean")):
        assert (est.n, est.n_missing) == (50, 2)


def test_numeric_strings_are_read_as_numbers():
    est = cx.nps(["10", "9", "7", "0", " 8 ", "6.0"] * 5)
    assert (est.promoters, est.passives, est.detractors) == (10, 10, 10)


@pytest.mark.parametrize("bad", [11, -1, 7.5, "ten", True, "inf"])
def test_drop_invalid_drops_and_counts(bad):
    est = cx.nps(NPS_EXAMPLE + [bad, bad, None], drop_invalid=True)
    assert (est.n, est.n_dropped, est.n_missing) == (100, 2, 1)
    assert est.value == pytest.approx(30.0)


def test_drop_invalid_for_shares_and_means():
    scores = CES_EXAMPLE + [0, 6, 2.5]
    for fn in (cx.csat, cx.csi, cx.ces):
        assert fn(scores, drop_invalid=True).n_dropped == 3
    assert cx.ces(scores, statistic="mean", drop_invalid=True).value == pytest.approx(3.4)


# --------------------------------------------------------------------------- small samples


def test_small_sample_warning_below_threshold_only():
    mixed = [0, 7, 10]
    with pytest.warns(cx.SmallSampleWarning, match=r"only 29 answers.*under 30"):
        cx.nps((mixed * 10)[:29])
    with warnings.catch_warnings():
        warnings.simplefilter("error", cx.SmallSampleWarning)
        cx.nps(mixed * 10)
    assert cx.SMALL_SAMPLE_SIZE == 30


def test_warning_points_at_the_caller():
    with pytest.warns(cx.SmallSampleWarning) as record:
        cx.csat([1, 5, 4])
    assert record[0].filename == __file__


ONE_CATEGORY = {
    "nps": (cx.nps, [10] * 40, {}),
    "csat": (cx.csat, [5] * 40, {}),
    "csi": (cx.csi, [1] * 40, {}),
    "ces": (cx.ces, [4] * 40, {}),
    "ces_mean": (cx.ces, [3] * 40, {"statistic": "mean"}),
    "cli": (cx.cli, {"q1": [7] * 40, "q2": [7] * 40}, {}),
}


@pytest.mark.parametrize("name", ONE_CATEGORY)
@pytest.mark.parametrize("size", ["one answer", "all equal"])
def test_one_answer_or_all_equal_gives_a_usable_interval_and_a_warning(name, size):
    fn, scores, options = ONE_CATEGORY[name]
    if size == "one answer":
        scores = {k: v[:1] for k, v in scores.items()} if isinstance(scores, dict) else scores[:1]
    with pytest.warns(cx.SmallSampleWarning):
        est = fn(scores, **options)
    assert est.high > est.low
    assert est.low <= est.value <= est.high


@pytest.mark.parametrize("method", ["score", "bayes"])
def test_other_deterministic_nps_methods_do_not_collapse(method):
    with pytest.warns(cx.SmallSampleWarning, match="one category"):
        est = cx.nps([0] * 40, method=method)
    assert est.value == -100 and est.high > est.low == -100


@pytest.mark.parametrize("method", ["jeffreys", "clopper-pearson", "agresti-coull"])
def test_other_share_methods_do_not_collapse(method):
    with pytest.warns(cx.SmallSampleWarning):
        est = cx.csat([5], method=method)
    assert est.high > est.low


@pytest.mark.parametrize("call", [
    lambda: cx.nps([9] * 40, method="wald"),
    lambda: cx.csat([1] * 40, method="wald"),
    lambda: cx.ces([5] * 5, method="wald"),
    lambda: cx.nps([3] * 40, method="bootstrap", n_resamples=200, rng=0),
], ids=["nps-wald", "csat-wald", "ces-wald-small", "nps-bootstrap"])
def test_zero_width_interval_warns_that_it_is_not_certainty(call):
    with pytest.warns(cx.SmallSampleWarning, match=r"zero width; that is not certainty"):
        est = call()
    assert est.low == est.value == est.high


def test_mean_of_equal_answers_falls_back_to_hoeffding():
    with pytest.warns(cx.SmallSampleWarning, match="one category"):
        est = cx.ces([3] * 40, statistic="mean", method="bootstrap")
    assert est.method == "hoeffding"
    assert 1 < est.low < 3 < est.high < 5


# --------------------------------------------------------------------------- exact containment


@pytest.mark.parametrize("method", SHARE_METHODS)
@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
def test_share_interval_reaches_exactly_0_and_100(method, level):
    """A share of 0 % or 100 % lies inside its interval exactly, not only up to rounding."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        lows = {n: cx.csat([1] * n, method=method, confidence_level=level).low for n in range(1, 41)}
        highs = {n: cx.csat([5] * n, method=method, confidence_level=level).high for n in range(1, 41)}
    assert {n: low for n, low in lows.items() if low != 0.0} == {}
    assert {n: high for n, high in highs.items() if high != 100.0} == {}


def test_bootstrap_mean_interval_contains_the_estimate_exactly():
    with pytest.warns(cx.SmallSampleWarning):
        est = cx.ces([2, 2, 2, 2, 1, 2], statistic="mean", method="bootstrap", n_resamples=1000, rng=13,
                     confidence_level=0.8)
    assert est.low <= est.value <= est.high
