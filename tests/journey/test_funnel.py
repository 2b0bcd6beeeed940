"""funnel: planted drop-off recovered, intervals equal the foundation's Wilson shares, the promised errors."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.journey import JourneyOrderWarning, funnel, funnel_differences, funnel_from_counts
from cxkit.stats.proportion import proportion_interval


def _log(rows):
    return pd.DataFrame(rows, columns=["customer_id", "timestamp", "stage", "touchpoint"]).assign(
        timestamp=lambda t: pd.to_datetime(t["timestamp"]))


def test_planted_drop_off_is_the_largest_significant_drop(events, stages, journeys):
    table = funnel(events, stages=stages)
    assert list(table.columns) == ["stage", "step", "reached", "previous", "conversion", "low", "high", "from_start",
                                   "from_start_low", "from_start_high", "drop_off", "drop_off_low", "drop_off_high",
                                   "method", "confidence_level"]
    worst = table.loc[table["drop_off"].idxmax()]
    assert worst["stage"] == journeys.truth["drop_off_stage"]
    others = table[table["stage"] != worst["stage"]]
    assert worst["drop_off_low"] > others["drop_off_high"].max()  # separated from every other drop
    # planted reach probabilities inside the intervals (interest->purchase carries the returning lift)
    truth = journeys.truth["reach_probability"]
    for row in table.iloc[1:].itertuples():
        p = truth[f"{stages[row.step - 2]}->{row.stage}"]
        if row.stage == "purchase":
            p += journeys.truth["returning_purchase_lift"] * (events.groupby("customer_id")["segment"].first()
                                                             == "returning").mean()
        assert row.low - 3 <= 100 * p <= row.high + 3  # windows censor a few late journeys


def test_intervals_equal_the_foundation_wilson_shares(events, stages):
    table = funnel(events, stages=stages, confidence_level=0.9)
    low, high = proportion_interval(table["reached"], table["previous"], confidence_level=0.9, method="wilson")
    np.testing.assert_allclose(table["low"], 100 * low, rtol=1e-12)
    np.testing.assert_allclose(table["high"], 100 * high, rtol=1e-12)
    # and equal to cxkit.csat's share interval of the same counts (top-2 box of 0/5 answers)
    row = table.iloc[2]
    answers = np.r_[np.full(int(row.reached), 5), np.full(int(row.previous - row.reached), 1)]
    est = cx.csat(answers, confidence_level=0.9)
    assert est.value == pytest.approx(row.conversion) and est.low == pytest.approx(row.low)
    assert est.high == pytest.approx(row.high)
    np.testing.assert_allclose(table["drop_off"], 100 - table["conversion"])
    assert (table["from_start_low"] <= table["from_start"]).all()


def test_by_segment_and_differences_find_the_planted_lift(events, stages):
    table = funnel(events, stages=stages, by="segment")
    assert list(table.columns[:2]) == ["segment", "stage"]
    assert table.groupby("segment")["reached"].first().sum() == events["customer_id"].nunique()
    diffs = funnel_differences(events, stages=stages, by="segment")
    flagged = diffs[diffs["significant"]]
    assert set(flagged["stage"]) == {"purchase"}
    assert set(flagged["group_b"]) == {"returning"} and (flagged["difference"] > 0).all()
    assert (diffs["p_adjusted"] >= diffs["p_value"]).all()


def test_out_of_time_order_any_versus_time():
    log = _log([("a", "2026-01-01", "s1", "x"), ("a", "2026-01-02", "s2", "x"), ("a", "2026-01-03", "s3", "x"),
                ("b", "2026-01-05", "s1", "x"), ("b", "2026-01-02", "s2", "x"),  # s2 before s1
                ("c", "2026-01-01", "s2", "x")])  # never reached s1
    with pytest.warns(JourneyOrderWarning, match="1 customers reached a later stage before an earlier one"):
        anyway = funnel(log, stages=["s1", "s2", "s3"])
    assert anyway["reached"].tolist() == [2, 2, 1] and anyway["previous"].tolist() == [3, 2, 2]
    timed = funnel(log, stages=["s1", "s2", "s3"], order="time")
    assert timed["reached"].tolist() == [2, 1, 1] and timed.attrs["n_out_of_order"] == 1


def test_customers_without_events_enter_and_reach_nothing():
    log = _log([("a", "2026-01-01", "s1", "x"), ("a", "2026-01-02", "s2", "x")])
    table = funnel(log, stages=["s1", "s2"], customers=["a", "b", "c"])
    assert table["previous"].tolist() == [3, 1] and table.attrs["n_without_events"] == 2
    with pytest.raises(cx.CxkitValueError, match=r"1 customers of the events are not in customers"):
        funnel(log, stages=["s1", "s2"], customers=["b"])


def test_infer_stages_warns_and_orders_by_first_reach(events, stages):
    shuffled = events.sample(frac=1.0, random_state=3)
    with pytest.warns(JourneyOrderWarning, match="stages inferred"):
        table = funnel(shuffled, stages="infer")
    assert table.attrs["stages"] == stages


def test_funnel_from_counts():
    table = funnel_from_counts([100, 40, 10], stages=["a", "b", "c"], start=120)
    assert table["previous"].tolist() == [120, 100, 40]
    assert table["conversion"].tolist() == pytest.approx([100 * 100 / 120, 40.0, 25.0])
    with pytest.raises(cx.CxkitValueError, match="never increase"):
        funnel_from_counts([10, 20], stages=["a", "b"])


def test_unknown_stages_are_listed(events, stages):
    with pytest.raises(cx.CxkitValueError, match=r"stage\(s\) not in stages: 'loyalty' \(\d+ events\)"):
        funnel(events, stages=stages[:-1])


def test_duplicates_error_names_rows_or_are_dropped(events, stages):
    doubled = pd.concat([events, events.iloc[[5, 9]]], ignore_index=False)
    with pytest.raises(cx.CxkitValueError, match=r"2 duplicate events .*e\.g\. rows \[5, 9, 5, 9\]"):
        funnel(doubled, stages=stages, touchpoint="touchpoint")
    dropped = funnel(doubled, stages=stages, touchpoint="touchpoint", duplicates="drop")
    assert dropped.attrs["n_duplicates"] == 2
    pd.testing.assert_frame_equal(dropped, funnel(events, stages=stages))


def test_timestamps_follow_the_date_rule():
    log = _log([("a", "2026-01-01", "s1", "x"), ("a", "2026-01-02", "s2", "x")])
    iso = log.assign(timestamp=log["timestamp"].dt.strftime("%Y-%m-%d %H:%M"))
    assert funnel(iso, stages=["s1", "s2"])["reached"].tolist() == [1, 1]
    dotted = log.assign(timestamp=log["timestamp"].dt.strftime("%d.%m.%Y"))
    with pytest.raises(cx.CxkitValueError, match="day and month are never guessed"):
        funnel(dotted, stages=["s1", "s2"])
    assert funnel(dotted, stages=["s1", "s2"], date_format="%d.%m.%Y")["reached"].tolist() == [1, 1]
    with pytest.raises(cx.CxkitValueError, match=r"1 rows have no date"):
        funnel(log.assign(timestamp=[pd.NaT, pd.Timestamp("2026-01-01")]), stages=["s1", "s2"])


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(stages=["s1"]), cx.CxkitValueError, "at least two stages"),
    (dict(stages=["s1", "s1"]), cx.CxkitValueError, "more than once"),
    (dict(stages="s1"), cx.CxkitValueError, "or 'infer'"),
    (dict(stages=["s1", "s2"], customer="client"), cx.CxkitValueError, r"customer names column\(s\) 'client'"),
    (dict(stages=["s1", "s2"], order="strict"), cx.CxkitValueError, r"order \('strict'\) must be one of"),
    (dict(stages=["s1", "s2"], duplicates="keep"), cx.CxkitValueError, r"duplicates \('keep'\) must be one of"),
    (dict(stages=["s1", "s2"], confidence_level=95), cx.CxkitValueError, "did you mean 0.95"),
])
def test_bad_options(kwargs, error, match):
    log = _log([("a", "2026-01-01", "s1", "x"), ("a", "2026-01-02", "s2", "x")])
    with pytest.raises(error, match=match):
        funnel(log, **kwargs)


def test_by_must_be_constant_within_a_customer():
    log = _log([("a", "2026-01-01", "s1", "x"), ("a", "2026-01-02", "s2", "y")])
    with pytest.raises(cx.CxkitValueError, match="must be a customer attribute"):
        funnel(log, stages=["s1", "s2"], by="touchpoint")


def test_missing_customer_ids_and_empty_logs():
    log = _log([(None, "2026-01-01", "s1", "x"), ("a", "2026-01-02", "s2", "x")])
    with pytest.raises(cx.CxkitValueError, match="1 events have no customer id"):
        funnel(log, stages=["s1", "s2"])
    with pytest.raises(cx.CxkitValueError, match="has no events"):
        funnel(log.iloc[:0], stages=["s1", "s2"])
    with pytest.raises(cx.CxkitTypeError, match="events must be a pandas DataFrame"):
        funnel([1, 2], stages=["s1", "s2"])


def test_differences_from_start_and_bh(events, stages):
    diffs = funnel_differences(events, stages=stages, by="segment", measure="from_start", adjust="bh")
    assert (diffs["measure"] == "from_start").all() and (diffs["adjustment"] == "bh").all()
    purchase = diffs[(diffs["stage"] == "purchase") & (diffs["group_b"] == "returning")]
    assert purchase["significant"].all()
    with pytest.raises(cx.CxkitValueError, match="needs by"):
        funnel_differences(events, stages=stages, by=[])
    with pytest.raises(cx.CxkitValueError, match="at least two groups"):
        funnel_differences(events[events["segment"] == "new"], stages=stages, by="segment")


def test_settled_rows_stay_out_of_the_holm_family():
    """The first stage is 100 % against 100 % by construction: p = 1 whatever the data, so it is left out of the
    family (Tarone 1990) and the 15 other rows are adjusted among themselves."""
    import cxkit as cx
    from cxkit.journey.funnel import funnel_differences

    j = cx.datasets.make_journeys(2000, seed=1)
    stages = ["awareness", "interest", "purchase", "delivery", "support", "loyalty"]
    d = funnel_differences(j.events, stages=stages, by="segment")
    first = d["stage"] == "awareness"
    assert first.sum() == 3 and (d.loc[first, "value_a"] == 100).all() and (d.loc[first, "value_b"] == 100).all()
    assert (d.loc[first, "p_value"] == 1).all() and (d.loc[first, "p_adjusted"] == 1).all()
    assert not d.loc[first, "significant"].any()
    rest = d[~first]
    assert rest["p_adjusted"].to_numpy() == pytest.approx(cx.adjust_p_values(rest["p_value"].to_numpy()))
