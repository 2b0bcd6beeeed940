"""make_journeys: the shared contract (columns, types, order, determinism, planted truths present)."""

from __future__ import annotations

import pandas as pd
import pytest

import cxkit as cx
from cxkit.datasets import JourneyData, make_journeys


def test_contract_columns_and_types(journeys):
    assert isinstance(journeys, JourneyData)
    e = journeys.events
    assert list(e.columns) == ["customer_id", "timestamp", "stage", "touchpoint", "channel", "csat", "ces",
                               "segment", "matter_id"]
    assert e["timestamp"].dtype == "datetime64[ns]"
    assert e[["customer_id", "timestamp"]].equals(e.sort_values(["customer_id", "timestamp"])[
        ["customer_id", "timestamp"]].reset_index(drop=True))
    for column in ("csat", "ces"):
        rated = e[column].dropna()
        assert rated.between(1, 5).all() and (rated == rated.round()).all()
        assert e[column].isna().any()
    assert set(e["stage"]) == set(journeys.truth["stages"])
    assert all(t == t.lower() and t.isascii() for t in e["touchpoint"].unique())
    c = journeys.customers
    assert len(c) == 4000 and c["customer_id"].is_unique
    assert c["nps"].dropna().between(0, 10).all() and c["nps"].isna().any()
    for column in ("satisfied", "converted", "churned"):
        assert c[column].dtype == bool
    touchpoints = [t for ts in journeys.truth["touchpoints"].values() for t in ts]
    assert [f"rating_{t}" for t in touchpoints] == [x for x in c.columns if x.startswith("rating_")]
    # the wide rating equals the customer's mean CSAT at the touchpoint
    means = e.groupby(["customer_id", "touchpoint"])["csat"].mean()
    sample = means.dropna().sample(50, random_state=1)
    wide = c.set_index("customer_id")
    for (customer, touchpoint), value in sample.items():
        assert wide.loc[customer, f"rating_{touchpoint}"] == pytest.approx(value)
    # not used -> NaN
    used = e.groupby("customer_id")["touchpoint"].agg(set)
    never = [cid for cid, s in used.items() if "courier" not in s][:20]
    assert wide.loc[never, "rating_courier"].isna().all()


def test_truth_keys(journeys):
    truth = journeys.truth
    for key in ("stages", "drop_off_stage", "reach_probability", "driver_weights", "moments_of_truth",
                "non_drivers", "median_delay_days", "channel_switch_probability", "pain_points"):
        assert key in truth
    assert truth["stages"] == ["awareness", "interest", "purchase", "delivery", "support", "loyalty"]
    assert truth["drop_off_stage"] == "purchase"
    assert all(truth["driver_weights"][t] == 0 for t in truth["non_drivers"])
    weights = sorted(truth["driver_weights"].items(), key=lambda kv: -kv[1])
    assert {t for t, _ in weights[:3]} == set(truth["moments_of_truth"])


def test_deterministic_and_seed_dependent():
    a, b, c = make_journeys(300, seed=4), make_journeys(300, seed=4), make_journeys(300, seed=5)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.customers, b.customers)
    assert not a.events["timestamp"].equals(c.events["timestamp"]) or len(a.events) != len(c.events)


def test_window_bounds_the_events():
    data = make_journeys(500, seed=2, start="2025-03-01", months=2)
    assert data.events["timestamp"].min() >= pd.Timestamp("2025-03-01")
    assert data.events["timestamp"].max() < pd.Timestamp("2025-05-01")
    assert cx.datasets.make_journeys is make_journeys


@pytest.mark.parametrize("kwargs, match", [
    (dict(n_customers=0), r"n_customers \(0\) must be an integer >= 1"),
    (dict(months=0), r"months \(0\) must be an integer >= 1"),
    (dict(start="not a date"), r"start must be an ISO 8601 date"),
])
def test_bad_arguments(kwargs, match):
    with pytest.raises(cx.CxkitValueError, match=match):
        make_journeys(**kwargs)
