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
    gaps = published_gaps(company)
    for metric, part in gaps.groupby("metric"):
        assert part["p_adjusted"].to_numpy() == pytest.approx(
            cx.adjust_p_values(part["p_value"].to_numpy(), method="holm"))
    assert set(gaps["metric"]) == {"nps", "churn"}
    # Holm over the 15 NPS rows: the grocery 2023 row (gap 0) keeps p_adjusted 1, SurveyMonkey's 32 is not rejected.
    nps = gaps[gaps["metric"] == "nps"]
    assert len(nps) == 15


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
