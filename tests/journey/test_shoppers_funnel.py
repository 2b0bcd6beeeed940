"""The real online-shoppers funnel: sessions -> product pages -> purchase, by visitor type and month."""

from __future__ import annotations

import cxkit as cx
from cxkit.journey import shoppers_funnel
from cxkit.stats.proportion import proportion_interval


def test_real_counts():
    table = shoppers_funnel()
    assert table["reached"].tolist() == [12_330, 12_287, 1_908]
    assert table.attrs["n_purchase_without_product_pages"] == 6
    raw = cx.datasets.online_shoppers()
    assert int(raw["Revenue"].sum()) == 1_908 and len(raw) == 12_330
    low, high = proportion_interval(1908, 12287)
    assert table.loc[2, "low"] == 100 * low and table.loc[2, "high"] == 100 * high


def test_by_visitor_type_and_month_add_up():
    table = shoppers_funnel(by=["VisitorType", "Month"])
    assert list(table.columns[:3]) == ["VisitorType", "Month", "stage"]
    assert table.loc[table["stage"] == "session", "reached"].sum() == 12_330
    assert table.loc[table["stage"] == "purchase", "reached"].sum() == 1_908
    new = shoppers_funnel(by="VisitorType").set_index(["VisitorType", "stage"])
    assert new.loc[("New_Visitor", "purchase"), "conversion"] > new.loc[("Returning_Visitor", "purchase"),
                                                                         "conversion"]
