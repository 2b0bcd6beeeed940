"""Holm families of the benchmark page: published values are adjusted within each metric."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.reports.benchmark import company_metrics, published_gaps
from cxkit.reports.published import published_table

MONTH = "2026-10"


@pytest.fixture(scope="module")
def company():
    data = cx.datasets.sample_survey()
    data["churned"] = np.random.default_rng(3).random(len(data)) < 0.05
    return company_metrics(data, month=MONTH)


def test_published_family_is_each_metric(company):
    gaps = published_gaps(company, adjust="holm")
    for metric, part in gaps.groupby("metric"):
        assert part["p_adjusted"].to_numpy() == pytest.approx(
            cx.adjust_p_values(part["p_value"].to_numpy(), method="holm"))
    assert set(gaps["metric"]) == {"nps", "churn"}
    nps = gaps[gaps["metric"] == "nps"]
    assert len(nps) == 15


def test_published_values_of_one_metric_need_no_adjustment(company):
    """The company's NPS equals at most one of the 15 published NPS values (Shaffer 1986): each verdict is its
    own interval's. Plain Holm over the 15 turned SurveyMonkey's 32 (gap -6.0, interval -11.8 to -0.4,
    p = 0.036) into "cannot tell yet"."""
    gaps = published_gaps(company)
    assert (gaps["adjustment"] == "shaffer").all()
    assert gaps["p_adjusted"].to_numpy() == pytest.approx(gaps["p_value"].to_numpy(), rel=0, abs=0)
    survey_monkey = gaps[(gaps["metric"] == "nps") & (gaps["reference"] == 32.0)].iloc[0]
    assert survey_monkey["gap_high"] < 0 and 0.03 < survey_monkey["p_value"] < 0.04
    assert survey_monkey["side"] == "below"
    holm = published_gaps(company, adjust="holm")
    assert holm.loc[holm["reference"] == 32.0, "side"].tolist() == ["cannot_tell"]
    # each verdict agrees with its interval: above when it is wholly above 0, below when wholly below
    for r in gaps.itertuples():
        expected = "above" if r.gap_low > 0 else "below" if r.gap_high < 0 else "cannot_tell"
        assert r.side == expected, r


def test_thresholds_are_holm_with_shaffers_constraint(company):
    from cxkit.reports.benchmark import threshold_gaps
    from cxkit.stats.multiple_testing import adjust_point_nulls

    gaps = threshold_gaps(company)
    assert gaps["p_adjusted"].to_numpy() == pytest.approx(adjust_point_nulls(
        gaps["p_value"].to_numpy(), parameters=gaps["metric"], values=gaps["reference"]))
    both = gaps[(gaps["metric"] == "nps") & (gaps["reference"] == 0.0)]  # "< 0" and "> 0": one null, one p
    assert len(both) == 2 and both["p_adjusted"].nunique() == 1
    assert (gaps["p_adjusted"] <= cx.adjust_p_values(gaps["p_value"].to_numpy()) + 1e-15).all()


def test_a_row_of_another_metric_does_not_change_a_rows_adjusted_p(company):
    table = published_table("en")
    nps_only = table[table["metric"] == "nps"].reset_index(drop=True)
    alone = published_gaps(company, published=nps_only)
    extra = pd.concat([nps_only, table[table["metric"] == "churn"].head(1)], ignore_index=True)
    extra.loc[len(extra) - 1, "value"] = 20.0  # a far-off churn figure with a tiny p-value
    together = published_gaps(company, published=extra)
    assert len(together) == len(alone) + 1 and together["p_value"].iloc[-1] < 1e-6
    mine = together[together["metric"] == "nps"].reset_index(drop=True)
    assert mine["p_adjusted"].to_numpy() == pytest.approx(alone["p_adjusted"].to_numpy(), rel=0, abs=0)
    # With one family over every row (the old page), the extra row would have shifted the NPS verdicts' p.
    pooled = cx.adjust_p_values(together["p_value"].to_numpy(), method="holm")[: len(alone)]
    assert not np.allclose(pooled, alone["p_adjusted"].to_numpy(), rtol=1e-9, atol=0)


def test_shaffer_is_refused_where_rows_do_not_test_fixed_values():
    from cxkit.errors import CxkitValueError
    from cxkit.reports.benchmark import group_gaps, period_gaps

    data = cx.datasets.sample_survey()
    for table in (period_gaps, group_gaps):
        with pytest.raises(CxkitValueError, match=r"adjust \('shaffer'\) must be one of 'holm', 'bh' or 'none'"):
            table(data, month=MONTH, adjust="shaffer")
