"""The bundled online-shoppers data and conversion rates on it, against counts made with pandas."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from cxkit.datasets.shoppers import ONLINE_SHOPPERS_FILE, online_shoppers
from cxkit.service import conversion_rate


@pytest.fixture(scope="module")
def shoppers():
    return online_shoppers()


def test_shape_types_and_totals(shoppers):
    assert shoppers.shape == (12_330, 18)
    assert shoppers["Revenue"].dtype == bool and shoppers["Weekend"].dtype == bool
    assert int(shoppers["Revenue"].sum()) == 1_908
    assert set(shoppers["VisitorType"]) == {"Returning_Visitor", "New_Visitor", "Other"}
    assert shoppers["ProductRelated"].dtype == "Int64" and shoppers["ProductRelated"].isna().sum() == 14
    assert online_shoppers() is not shoppers  # a fresh copy each call


def test_licence_note_ships_beside_the_data():
    folder = resources.files("cxkit.datasets").joinpath(ONLINE_SHOPPERS_FILE).parent
    note = folder.joinpath("README.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in note and "Sakar" in note and "468" in note


def test_overall_conversion(shoppers):
    est = conversion_rate(int(shoppers["Revenue"].sum()), len(shoppers))
    low, high = proportion_confint(1_908, 12_330, method="wilson")
    assert est.value == pytest.approx(100 * 1_908 / 12_330)  # 15.47 %
    assert (est.low, est.high) == pytest.approx((100 * low, 100 * high))


def test_conversion_by_visitor_type_matches_independent_pandas_counts():
    # Counted straight from the CSV with pandas, not through the loader.
    with resources.files("cxkit.datasets").joinpath(ONLINE_SHOPPERS_FILE).open("rb") as handle:
        raw = pd.read_csv(handle)
    counts = raw.groupby("VisitorType")["Revenue"].agg(["sum", "count"])
    assert counts["count"].sum() == 12_330 and counts["sum"].sum() == 1_908
    data = online_shoppers()
    for visitor_type, (converted, visitors) in counts.iterrows():
        rows = data[data["VisitorType"] == visitor_type]
        est = conversion_rate(int(rows["Revenue"].sum()), len(rows))
        assert est.n == visitors and est.details["converted"] == converted
        low, high = proportion_confint(converted, visitors, method="wilson")
        assert (est.value, est.low, est.high) == pytest.approx((100 * converted / visitors, 100 * low, 100 * high))
    # New visitors convert more often than returning ones in these data (24.9 % vs 13.9 %).
    new = counts.loc["New_Visitor"]
    returning = counts.loc["Returning_Visitor"]
    assert conversion_rate(int(new["sum"]), int(new["count"])).low > \
        conversion_rate(int(returning["sum"]), int(returning["count"])).high
