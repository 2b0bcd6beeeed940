"""cx.compare: the difference b - a of one metric between two independent samples."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx


def nps_answers(promoters, passives, detractors):
    return [10, 9] * (promoters // 2) + [10] * (promoters % 2) + [8] * passives + [0, 6] * (detractors // 2) \
        + [3] * (detractors % 2)


NPS_50 = nps_answers(300, 150, 50)     # n = 500, NPS 60 - 10 = 50
NPS_MINUS_20 = nps_answers(100, 200, 200)  # n = 500, NPS 20 - 40 = -20
RATINGS_A = [1] * 10 + [2] * 10 + [3] * 20 + [4] * 30 + [5] * 30
RATINGS_B = [1] * 5 + [2] * 5 + [3] * 15 + [4] * 35 + [5] * 40
ITEMS_A = pd.DataFrame({"recommend": [9, 10, 6, 8, 7] * 8, "elsewhere": [2, 1, 8, 3, 5] * 8})
ITEMS_B = pd.DataFrame({"recommend": [10, 10, 8, 9, 5] * 8, "elsewhere": [0, 1, 4, 2, 6] * 8})

PAIRS = {
    "nps": (NPS_MINUS_20[:200], NPS_50[::3], {}),
    "csat": (RATINGS_A, RATINGS_B, {}),
    "csat-top1": (RATINGS_A, RATINGS_B, {"top": 1}),
    "csi": (RATINGS_A, RATINGS_B, {}),
    "ces": (RATINGS_A, RATINGS_B, {"reverse": True}),
    "ces-mean": (RATINGS_A, RATINGS_B, {"statistic": "mean"}),
    "cli": (ITEMS_A, ITEMS_B, {"reverse": ["elsewhere"]}),
}


def run(name, swap=False, **extra):
    a, b, options = PAIRS[name]
    if swap:
        a, b = b, a
    return cx.compare(a, b, metric=name.split("-")[0], **options, **extra)


@pytest.mark.parametrize("name", PAIRS)
def test_difference_is_b_minus_a_with_a_valid_p_value(name):
    c = run(name)
    assert c.difference == pytest.approx(c.b.value - c.a.value, abs=1e-9)
    assert c.low <= c.difference <= c.high
    assert 0.0 <= c.p_value <= 1.0
    assert c.metric == c.a.metric == c.b.metric
    assert c.confidence_level == c.a.confidence_level == c.b.confidence_level == 0.95


@pytest.mark.parametrize("name", PAIRS)
def test_swapping_a_and_b_negates_the_difference_and_mirrors_the_interval(name):
    c, swapped = run(name), run(name, swap=True)
    assert swapped.difference == pytest.approx(-c.difference, abs=1e-9)
    assert swapped.low == pytest.approx(-c.high, abs=1e-9)
    assert swapped.high == pytest.approx(-c.low, abs=1e-9)
    assert swapped.p_value == pytest.approx(c.p_value, abs=1e-12)
    assert (swapped.a.value, swapped.b.value) == (c.b.value, c.a.value)


@pytest.mark.parametrize("name", PAIRS)
def test_identical_samples_differ_by_zero_with_p_one(name):
    a, _, options = PAIRS[name]
    c = cx.compare(a, a, metric=name.split("-")[0], **options)
    assert c.difference == 0.0
    assert c.p_value == pytest.approx(1.0)
    assert c.low < 0 < c.high
    assert not c.significant


@pytest.mark.parametrize("metric, options", [
    ("nps", {}), ("csat", {}), ("ces", {"statistic": "mean"}), ("cli", {}),
])
def test_identical_one_category_samples_differ_by_zero_with_p_one(metric, options):
    """Also when every answer is the same (zero spread): no NaN difference, interval or p-value."""
    data = {"q1": [4] * 40, "q2": [4] * 40} if metric == "cli" else [4] * 40
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        c = cx.compare(data, data, metric=metric, **options)
    assert c.difference == 0.0
    assert c.p_value == pytest.approx(1.0)
    assert not np.isnan(c.low) and not np.isnan(c.high)
    assert not c.significant


def test_clearly_different_nps_is_significant():
    c = cx.compare(NPS_50, NPS_MINUS_20)
    assert (c.a.value, c.b.value, c.a.n, c.b.n) == (pytest.approx(50.0), pytest.approx(-20.0), 500, 500)
    assert c.difference == pytest.approx(-70.0)
    assert c.high < 0
    assert c.p_value < 1e-6
    assert c.significant
    assert c.method == "adjusted-welch"  # the default NPS difference method


def test_similar_small_samples_are_not_significant():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        c = cx.compare(nps_answers(5, 3, 2), nps_answers(4, 4, 2))
    assert c.low < 0 < c.high
    assert c.p_value > 0.5
    assert not c.significant


@pytest.mark.parametrize("method", ["adjusted-wald", "wald"])
def test_nps_significance_agrees_with_the_interval(method):
    pairs = [(nps_answers(p, 20, 20), nps_answers(20, 20, d)) for p in (10, 20, 30, 40) for d in (5, 15, 25, 35)]
    outcomes = set()
    for a, b in pairs:
        c = cx.compare(a, b, method=method)
        assert c.method == method
        assert c.significant == (c.low > 0 or c.high < 0)
        outcomes.add(c.significant)
    assert outcomes == {True, False}


def test_confidence_level_is_used_for_both_samples_and_the_difference():
    narrow = cx.compare(RATINGS_A, RATINGS_B, metric="csat", confidence_level=0.8)
    wide = cx.compare(RATINGS_A, RATINGS_B, metric="csat", confidence_level=0.99)
    assert wide.low < narrow.low and narrow.high < wide.high
    assert narrow.p_value == pytest.approx(wide.p_value)
    assert (narrow.a.confidence_level, wide.b.confidence_level) == (0.8, 0.99)


def test_csat_options_are_forwarded():
    c = run("csat-top1")
    assert (c.a.top, c.b.top) == (1, 1)
    assert (c.a.value, c.b.value) == (pytest.approx(30.0), pytest.approx(40.0))
    assert c.difference == pytest.approx(10.0)
    assert c.method == "newcombe"
    other_scale = cx.compare([1, 7] * 20, [7] * 30 + [1] * 10, metric="csat", scale=(1, 7))
    assert other_scale.difference == pytest.approx(25.0)


def test_ces_mean_uses_welch():
    c = run("ces-mean")
    assert (c.metric, c.method) == ("ces_mean", "welch")
    assert c.difference == pytest.approx(np.mean(RATINGS_B) - np.mean(RATINGS_A))
    assert "+0.40" in repr(c)  # means keep two decimals


def test_ces_share_reverse_is_forwarded():
    c = run("ces")
    assert (c.a.reverse, c.b.reverse) == (True, True)
    assert (c.a.value, c.b.value) == (pytest.approx(20.0), pytest.approx(10.0))  # answers 1-2


def test_cli_compares_item_tables():
    c = run("cli")
    assert (c.metric, c.method) == ("cli", "welch")
    assert c.a.reversed == c.b.reversed == ("elsewhere",)
    expected_a = np.mean((ITEMS_A["recommend"] + 10 - ITEMS_A["elsewhere"]) / 2)
    assert c.a.value == pytest.approx(expected_a)


def test_drop_invalid_is_forwarded():
    c = cx.compare(RATINGS_A + [0, 9], RATINGS_B + [6], metric="csi", drop_invalid=True)
    assert (c.a.n_dropped, c.b.n_dropped) == (2, 1)
    assert (c.a.n, c.b.n) == (100, 100)


def test_compare_warns_about_small_samples_at_the_caller():
    with pytest.warns(cx.SmallSampleWarning) as record:
        cx.compare([10, 9, 0], [7, 8, 10, 10])
    assert len(record) == 2
    assert all(w.filename == __file__ for w in record)
