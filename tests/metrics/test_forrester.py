"""Forrester's CX dimensions as registry metrics: single sample, grouped, compared."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxkit as cx
from cxkit.metrics.forrester import FUNCTIONS, cx_ease, cx_enjoyability, cx_index, cx_usefulness
from cxkit.metrics.registry import resolve

ITEMS = {"cx_usefulness": ["met_need"], "cx_ease": ["easy_find", "hard_use"],
         "cx_enjoyability": ["felt_good"]}


def survey(n=400, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({c: rng.integers(1, 6, n).astype(float)
                          for c in ("met_need", "easy_find", "hard_use", "felt_good")})
    frame["channel"] = rng.choice(["app", "store", "web"], n)
    frame.loc[frame["channel"] == "app", "felt_good"] = np.clip(frame["felt_good"] + 1, 1, 5)
    frame.loc[rng.random(n) < 0.1, "easy_find"] = np.nan
    return frame


def by_hand(frame, items, reverse=()):
    """Respondent means (reverse-coded items turned as 6 - answer), then their mean with the t interval."""
    turned = frame[items].copy()
    for item in reverse:
        turned[item] = 6 - turned[item]
    means = turned.mean(axis=1, skipna=True).dropna()
    low, high = stats.t.interval(0.95, len(means) - 1, loc=means.mean(), scale=stats.sem(means))
    return means.mean(), low, high, len(means)


def test_each_dimension_is_the_mean_of_respondent_item_means_with_a_t_interval():
    frame = survey()
    for function, items, reverse in ((cx_usefulness, ["met_need"], ()), (cx_ease, ["easy_find", "hard_use"],
                                     ("hard_use",)), (cx_enjoyability, ["felt_good"], ())):
        estimate = function(frame[items], reverse=reverse)
        value, low, high, n = by_hand(frame, items, reverse)
        assert (estimate.value, estimate.low, estimate.high, estimate.n) == pytest.approx((value, low, high, n))
        assert estimate.metric == function.__name__ and estimate.kind == "mean"


def test_composite_is_the_mean_of_the_dimension_scores_with_one_item_each():
    frame = survey().dropna()
    items = ["met_need", "easy_find", "felt_good"]
    composite = cx_index(frame[items])
    dimension_means = np.mean([frame[c].mean() for c in items])
    assert composite.value == pytest.approx(dimension_means)
    assert composite.metric == "cx_index" and composite.low < composite.value < composite.high


def test_registry_entries_take_scale_and_reverse():
    spec = resolve("cx_ease", {"scale": (1, 7), "reverse": ("hard_use",)})
    assert spec.scale == (1, 7) and spec.reverse == ("hard_use",) and spec.kind == "mean"
    with pytest.raises(TypeError, match="unknown option"):
        resolve("cx_ease", {"top": 2})
    with pytest.raises(ValueError, match="answers? .*scale|outside|off"):
        cx_usefulness(pd.DataFrame({"q": [1, 2, 9]}))


def test_summarize_groups_each_dimension_like_the_single_sample_function():
    frame = survey()
    for metric, items in ITEMS.items():
        reverse = ("hard_use",) if metric == "cx_ease" else ()
        table = cx.summarize(frame, metric=metric, score=items, by="channel", reverse=reverse)
        assert list(table["metric"].unique()) == [metric]
        for _, row in table.iterrows():
            alone = FUNCTIONS[metric](
                frame.loc[frame["channel"] == row["channel"], items], reverse=reverse)
            assert (row["value"], row["low"], row["high"], row["n"]) == pytest.approx(
                (alone.value, alone.low, alone.high, alone.n))
    everything = sum(ITEMS.values(), [])
    composite = cx.summarize(frame, metric="cx_index", score=everything, reverse=("hard_use",))
    assert composite["value"].iloc[0] == pytest.approx(by_hand(frame, everything, ("hard_use",))[0])


def test_compare_groups_and_compare_find_the_planted_enjoyability_gap():
    frame = survey(n=900, seed=1)
    table = cx.compare_groups(frame, metric="cx_enjoyability", score=["felt_good"], by="channel",
                              reference="store")
    app = table.set_index("channel").loc["app"]
    assert app["difference"] > 0.5 and app["significant"] and app["method"] == "welch"
    comparison = cx.compare(frame.loc[frame["channel"] == "store", ["felt_good"]],
                            frame.loc[frame["channel"] == "app", ["felt_good"]], metric="cx_enjoyability")
    assert comparison.difference == pytest.approx(app["difference"])
    assert comparison.metric == "cx_enjoyability"


def test_summarize_counts_refuses_item_metrics():
    counts = pd.DataFrame({"answer": [1, 2], "count": [3, 4]})
    with pytest.raises(ValueError, match="cannot compute the cx_ease: it averages each respondent's items"):
        cx.summarize_counts(counts, metric="cx_ease")
