"""cohort_retention: cohort x periods since start, right-censored cells NaN (never 0)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import proportion_confint

from cxkit.retention import cohort_retention


def _customers():
    return pd.DataFrame({
        "start_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10", "2024-03-01",
                                      "2024-03-15"]),
        "end_date": pd.to_datetime(["2024-02-10", None, "2024-02-20", "2024-04-01", None, "2024-03-30"]),
    })


def test_shares_by_hand_and_censored_cells_are_nan():
    table = cohort_retention(_customers())
    assert list(table.columns) == ["cohort", "periods_since_start", "cohort_size", "active", "value", "low", "high",
                                   "n", "method", "confidence_level", "note"]
    grid = table.pivot(index="cohort", columns="periods_since_start", values="value")
    # January: both active at the end of January, one left 02-10; February: one left 02-20, the other stays
    # through March; March: one left 03-30. The data end on 2024-04-01: April is not complete.
    expected = [[100, 50, 50, np.nan], [50, 50, np.nan, np.nan], [50, np.nan, np.nan, np.nan]]
    np.testing.assert_array_equal(grid.to_numpy(), expected)
    assert [str(c) for c in grid.index] == ["2024-01", "2024-02", "2024-03"]
    censored = table["value"].isna()
    assert (table.loc[censored, "n"] == 0).all() and table.loc[censored, "active"].isna().all()
    assert (table.loc[censored, "note"] == "not observed yet: the period ends after the data do").all()
    assert (table.loc[~censored, "n"] == 2).all()


def test_a_later_as_of_opens_the_next_cells_and_intervals_are_wilson():
    table = cohort_retention(_customers(), as_of=pd.Timestamp("2024-04-30"))
    grid = table.pivot(index="cohort", columns="periods_since_start", values="value")
    np.testing.assert_array_equal(grid.iloc[0].to_numpy(), [100, 50, 50, 50])
    assert grid.iloc[1].tolist()[:3] == [50, 50, 0]  # the February customer left on 04-01
    seen = table[table["n"] > 0]
    low, high = proportion_confint(seen["active"].astype(int), seen["n"], method="wilson")
    np.testing.assert_allclose(seen["low"], 100 * low, atol=1e-12)
    np.testing.assert_allclose(seen["high"], 100 * high)


def test_quarterly_cohorts():
    table = cohort_retention(_customers(), freq="Q", as_of=pd.Timestamp("2024-06-30"))
    assert [str(c) for c in table["cohort"].unique()] == ["2024Q1"]
    # Of six Q1 starters, 2, 5 and 4 are active at the end of Q1 (4 leaves in Q2), only 2 and 5 at the end of Q2.
    assert table["active"].tolist() == [3, 2]
    np.testing.assert_allclose(table["value"], [50.0, 100 / 3])
