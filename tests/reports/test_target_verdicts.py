"""One rule for "is the target met?": the monthly traffic lights and the benchmark page's threshold verdicts.

Both read the metric's whole interval (same method, same confidence level)
through :func:`cxkit.reports.targets.interval_verdict`; Holm-adjusted p-values
stay beside the benchmark verdicts as a column, they do not decide them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.reports import benchmark as bm, monthly
from cxkit.reports.benchmark_display import threshold_display, threshold_note
from cxkit.reports.benchmark_labels import benchmark_labels
from cxkit.reports.published import THRESHOLDS
from cxkit.reports.targets import Target, default_targets, interval_verdict, light

LIGHT_TO_VERDICT = {"met": "holds", "missed": "does_not_hold", "unclear": "cannot_tell"}


@pytest.mark.parametrize(("low", "high", "relation", "reference", "expected"), [
    (1.0, 5.0, ">", 0.0, "met"), (0.0, 5.0, ">", 0.0, "unclear"), (-3.0, 0.0, ">", 0.0, "missed"),
    (-3.0, -1.0, ">", 0.0, "missed"), (-1.0, 1.0, ">", 0.0, "unclear"),
    (75.0, 80.0, ">=", 75.0, "met"), (70.0, 75.0, ">=", 75.0, "unclear"), (70.0, 74.9, ">=", 75.0, "missed"),
    (70.0, 79.9, "<", 80.0, "met"), (70.0, 80.0, "<", 80.0, "unclear"), (80.0, 85.0, "<", 80.0, "missed"),
    (1.0, 5.0, "<=", 5.0, "met"), (1.0, 5.1, "<=", 5.0, "unclear"), (5.0, 6.0, "<=", 5.0, "unclear"),
    (5.1, 6.0, "<=", 5.0, "missed"),
    (50.0, 59.9, "between", 60.0, "met"), (55.0, 60.0, "between", 60.0, "unclear"), (60.0, 70.0, "between", 60.0, "missed"),
    (math.nan, 5.0, ">", 0.0, "none"), (None, None, ">=", 1.0, "none"),
])
def test_interval_verdict_reads_the_whole_interval_with_the_relations_edge(low, high, relation, reference, expected):
    assert interval_verdict(low, high, relation, reference) == expected


def test_interval_verdict_refuses_an_unknown_relation():
    with pytest.raises(cx.CxkitValueError, match=r"relation \('=>'\) must be one of '>', '>=', '<', '<=' or 'between'"):
        interval_verdict(1.0, 2.0, "=>", 0.0)
    with pytest.raises(cx.CxkitValueError, match=r"relation \('between'\) must be one of"):
        Target("nps", 0.0, "at_least", "test", relation="between")


def test_default_targets_state_the_sources_relations():
    relations = {m: (t.relation, t.value) for m, t in default_targets().items()}
    # NPS is good above 0 (an NPS of exactly 0 is "as many detractors as promoters"); CSAT normal at 75 % or more.
    assert relations["nps"] == (">", 0.0) and relations["csat"] == (">=", 75.0) and relations["churn"] == ("<=", 5.0)
    assert light(0.0, 10.0, default_targets()["nps"]) == "unclear"  # 0 itself is not "above 0"
    assert light(75.0, 80.0, default_targets()["csat"]) == "met"  # 75 itself is "at least 75"


def _target_for(threshold) -> Target:
    """The monthly target that states a threshold's condition."""
    relation = "<" if threshold.relation == "between" else threshold.relation
    value = threshold.upper if threshold.relation == "between" else threshold.value
    return Target(threshold.metric, float(value), "at_least" if relation.startswith(">") else "at_most", "test",
                  relation=relation)


def _check_agreement(frame, month):
    company = bm.company_metrics(frame, month=month)
    gaps = bm.threshold_gaps(company)
    present = [t for t in THRESHOLDS if t.metric in set(company["metric"])]  # the sample has no churn column
    assert len(gaps) == len(present) == 7
    for i, t in enumerate(present):
        headline = monthly.headline(frame, month=month, targets={t.metric: _target_for(t)}).set_index("metric")
        row = gaps.iloc[i]
        # The same interval on both pages: same method, same level.
        assert (row["low"], row["high"]) == pytest.approx((headline.loc[t.metric, "low"], headline.loc[t.metric, "high"]),
                                                          rel=1e-12)
        assert row["verdict"] == LIGHT_TO_VERDICT[headline.loc[t.metric, "light"]], (month, t)
    return gaps


@pytest.mark.parametrize("month", ["2024-11", "2025-06", "2026-10"])
def test_monthly_light_and_benchmark_verdict_agree_on_the_sample(month):
    gaps = _check_agreement(cx.datasets.sample_survey(), month)
    # The verdict is the unadjusted test at the report's level: p below 0.05 exactly when it is not "cannot tell".
    assert ((gaps["p_value"] < 0.05) == (gaps["verdict"] != "cannot_tell")).all()


def test_they_agree_where_the_interval_excludes_the_threshold_but_holm_does_not():
    # One month of 600 answers, built by hand: NPS 20 (far from 50 and 70, its p-values tiny), CSI 76.5 %
    # (Wilson interval just below 80 %), CSAT 78 %, CES 63 %: Holm over seven thresholds lifts CSI's p above 0.05.
    n = 600
    nps = np.repeat([10, 8, 3], [270, 180, 150])  # 45 % promoters, 30 % passives, 25 % detractors
    csi = np.repeat([5, 2], [459, n - 459])
    csat = np.repeat([4, 3], [468, n - 468])
    ces = np.repeat([5, 1], [378, n - 378])
    frame = pd.DataFrame({"answered_at": pd.date_range("2026-10-01", periods=n, freq="h"), "nps_score": nps,
                          "csi_score": csi, "csat_score": csat, "ces_score": ces})
    gaps = _check_agreement(frame, "2026-10").set_index(["metric", "relation"])
    csi_row = gaps.loc[("csi", "<")]
    assert csi_row["p_value"] < 0.05 < csi_row["p_adjusted"]  # the case the brief asks about
    assert csi_row["high"] < 80 and csi_row["verdict"] == "holds" and not csi_row["significant"]
    assert csi_row["side"] == "cannot_tell"  # the adjusted test alone could not place it
    own = monthly.headline(frame, month="2026-10", targets=default_targets()).set_index("metric")
    assert own.loc["csi", "light"] == "missed"  # CSI >= 80 missed <=> "CSI < 80: work to do" holds


@pytest.mark.parametrize("language", ["en", "ru"])
def test_threshold_table_shows_both_p_values_and_the_note_says_what_decides(language):
    company = bm.company_metrics(cx.datasets.sample_survey(), month="2024-11")
    gaps = bm.threshold_gaps(company, language=language)
    words = benchmark_labels(language)
    shown = threshold_display(gaps, words, language)
    assert words["p_value"] in shown.columns and words["p_adjusted"] in shown.columns
    note = threshold_note(gaps, words, language, 0.95)
    if language == "en":
        assert "whole interval at 95% confidence" in note and "headline cards" in note
        assert "below 0.05 exactly when the interval leaves the threshold out" in note and "the 7 rows" in note
    else:
        assert "с уровнем доверия 95\u00a0%" in note and "карточках ежемесячного отчёта" in note
        assert "ниже 0,05 ровно тогда" in note and "их 7" in note
