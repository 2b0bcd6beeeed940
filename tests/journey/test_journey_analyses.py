"""stage_times, touchpoint_scorecard, emotion_curve, paths, transitions and the principles."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxkit as cx
from cxkit import journey as J
from cxkit.stats.skewed import median_interval
from cxkit.stats.survival import kaplan_meier, median_survival


def _log(rows, columns=("customer_id", "timestamp", "stage")):
    return pd.DataFrame(rows, columns=list(columns)).assign(timestamp=lambda t: pd.to_datetime(t["timestamp"]))


def test_planted_delays_recovered_within_intervals(events, stages, journeys):
    table = J.stage_times(events, stages=stages, among="reached")
    assert (table["unit"] == "days").all() and (table["method"] == "order-statistic").all()
    for row in table.itertuples():
        planted = journeys.truth["median_delay_days"][f"{row.from_stage}->{row.to_stage}"]
        if planted <= 10:  # longer delays are cut by the 6-month window (only fast movers observed)
            assert row.low <= planted <= row.high, row


def test_stage_times_censoring_uses_kaplan_meier():
    log = _log([("a", "2026-01-01", "s1"), ("a", "2026-01-03", "s2"), ("b", "2026-01-01", "s1"),
                ("b", "2026-01-02", "s2"), ("c", "2026-01-01", "s1"), ("d", "2026-01-01", "s1"),
                ("d", "2026-01-05", "s2")])
    table = J.stage_times(log, stages=["s1", "s2"], end="2026-01-10")
    row = table.iloc[0]
    assert (row.n, row.n_reached, row.n_censored, row.method) == (4, 3, 1, "kaplan-meier")
    curve = kaplan_meier([2.0, 1.0, 9.0, 4.0], [True, True, False, True])
    assert (row["median"], row.low, row.high) == pytest.approx(median_survival(curve))
    reached = J.stage_times(log, stages=["s1", "s2"], among="reached", unit="hours").iloc[0]
    median, low, high, _ = median_interval([48.0, 24.0, 96.0], lowest=0.0)
    assert (reached["median"], reached.low, reached.high) == (median, low, high)
    assert reached.unit == "hours"
    with pytest.raises(cx.CxkitValueError, match=r"end .* is before some first reaches"):
        J.stage_times(log, stages=["s1", "s2"], end="2025-12-01")
    with pytest.raises(cx.CxkitValueError, match=r"unit \('weeks'\) must be one of"):
        J.stage_times(log, stages=["s1", "s2"], unit="weeks")


def test_planted_pain_points_are_flagged(events, journeys):
    card = J.touchpoint_scorecard(events)
    assert set(card.loc[card["pain_point"], "touchpoint"]) == set(journeys.truth["pain_points"])
    assert card["rank"].tolist() == sorted(card["rank"].tolist())
    # mean, t interval and Welch test against scipy on the raw ratings
    row = card[card["touchpoint"] == "email"].iloc[0]
    mine = events.loc[events["touchpoint"] == "email", "csat"].dropna()
    rest = events.loc[events["touchpoint"] != "email", "csat"].dropna()
    low, high = stats.t.interval(0.95, len(mine) - 1, loc=mine.mean(), scale=stats.sem(mine))
    assert (row["mean"], row.low, row.high) == pytest.approx((mine.mean(), low, high), rel=1e-12)
    assert row.p_value == pytest.approx(stats.ttest_ind(mine, rest, equal_var=False).pvalue, rel=1e-9)
    assert row.n_missing == events.loc[events["touchpoint"] == "email", "csat"].isna().sum()
    assert row.top2 == pytest.approx(100 * (mine >= 4).mean())
    by_channel = J.touchpoint_scorecard(events, by="channel")
    assert by_channel.loc[by_channel["pain_point"], "channel"].tolist() == ["phone"]


def test_scorecard_refuses_off_scale_ratings(events):
    bad = events.assign(csat=events["csat"].where(events.index != 3, 7.0))
    with pytest.raises(cx.CxkitValueError, match=r"1 ratings are off the 1-5 scale, such as \[7.0\]"):
        J.touchpoint_scorecard(bad)
    with pytest.raises(cx.CxkitValueError, match=r"rating names column\(s\) 'nps'"):
        J.touchpoint_scorecard(events, rating="nps")


def test_emotion_curve_in_journey_order(events, stages):
    curve = J.emotion_curve(events, stages=stages)
    assert curve["stage"].tolist() == stages and curve["step"].tolist() == list(range(1, 7))
    purchase = events.loc[events["stage"] == "purchase", "csat"].dropna()
    assert curve.loc[2, "mean"] == pytest.approx(purchase.mean())
    assert curve.loc[2, "n"] == len(purchase)
    short = J.emotion_curve(events[events["stage"] != "support"], stages=stages)
    assert short.loc[4, "n"] == 0 and np.isnan(short.loc[4, "mean"])
    with pytest.raises(cx.CxkitValueError, match=r"stage\(s\) not in stages: \['loyalty'\]"):
        J.emotion_curve(events, stages=stages[:-1])


def test_paths_and_transitions_by_hand():
    log = _log([("a", "2026-01-01", "s1"), ("a", "2026-01-02", "s1"), ("a", "2026-01-03", "s2"),
                ("a", "2026-01-04", "s1"), ("b", "2026-01-01", "s1"), ("b", "2026-01-01", "s2"),
                ("c", "2026-01-01", "s1")])
    p = J.paths(log, stages=["s1", "s2"])
    assert p["path"].tolist() == ["s1", "s1 > s2", "s1 > s2 > s1"]
    assert p["customers"].tolist() == [1, 1, 1] and p["steps"].tolist() == [1, 2, 3]
    assert p.attrs["n_customers"] == 3
    t = J.transitions(log, stages=["s1", "s2"])
    got = {(r.from_stage, r.to_stage): r.count for r in t.itertuples()}
    assert got == {(J.START, "s1"): 3, ("s1", "s2"): 2, ("s1", J.END): 2, ("s2", "s1"): 1, ("s2", J.END): 1}
    steps = J.transitions(log, stages=["s1", "s2"], by_step=True)
    assert steps.loc[(steps["step"] == 2) & (steps["from_stage"] == "s2"), "to_stage"].tolist() == ["s1", J.END]


def test_flows_conserve_customers(events, stages):
    t = J.transitions(events, stages=stages, by_step=True)
    n = events["customer_id"].nunique()
    assert t.loc[t["from_stage"] == J.START, "count"].sum() == n
    assert t.loc[t["to_stage"] == J.END, "count"].sum() == n
    p = J.paths(events, stages=stages, top=None)
    assert p["customers"].sum() == n and p.attrs["n_variants"] == len(p)
    assert p["share"].iloc[0] >= p["share"].iloc[-1]


def test_seamlessness_recovers_the_planted_channel_switching(events, journeys):
    table = J.seamlessness(events[events["stage"] == "support"], within="7d").set_index("metric")
    switch = table.loc["channel_switch_rate"]
    assert switch.low <= 100 * journeys.truth["channel_switch_probability"] <= switch.high
    repeat = table.loc["repeat_contact_rate"]
    assert repeat.low - 3 <= 100 * journeys.truth["repeat_contact_probability"] <= repeat.high + 1


def test_seamlessness_by_hand():
    log = pd.DataFrame({"customer_id": ["a", "a", "a", "b"], "matter_id": ["m1", "m1", "m2", "m3"],
                        "timestamp": pd.to_datetime(["2026-01-01", "2026-01-03", "2026-01-04", "2026-01-01"]),
                        "channel": ["chat", "phone", "chat", "chat"]})
    table = J.seamlessness(log, within="3d").set_index("metric")
    assert table.loc["repeat_contact_rate", "value"] == pytest.approx(100 / 3)
    assert table.loc["channel_switch_rate", "value"] == 100.0
    assert table.loc["channel_switches_per_journey", "value"] == 0.5
    assert J.seamlessness(log, within="1d").set_index("metric").loc["repeat_contact_rate", "value"] == 0.0


def test_consistency_tests_match_references(events):
    kw = J.consistency(events, by="channel").iloc[0]
    groups = [g.dropna().to_numpy() for _, g in events.groupby("channel")["csat"]]
    reference = stats.kruskal(*groups)
    assert kw.statistic == pytest.approx(reference.statistic, rel=1e-9)
    assert kw.lowest_group == "phone" and kw.df1 == 7
    good = events[~events["touchpoint"].isin(["call_centre", "support_call"])]
    welch = J.consistency(good, by="channel", method="welch").iloc[0]
    anova = J.consistency(good, by="channel", method="anova").iloc[0]
    oneway = pytest.importorskip("statsmodels.stats.oneway")
    data = [g.dropna().to_numpy() for _, g in good.groupby("channel")["csat"]]
    ref = oneway.anova_oneway(data, use_var="unequal")
    assert (welch.statistic, welch.df2, welch.p_value) == pytest.approx((ref.statistic, ref.df[1], ref.pvalue),
                                                                        rel=1e-9)
    assert anova.statistic == pytest.approx(stats.f_oneway(*data).statistic, rel=1e-9)
    with pytest.raises(cx.CxkitValueError, match=r"method \('levene'\) must be one of"):
        J.consistency(events, method="levene")


def test_reliability_reuses_sla_compliance(events, stages):
    tickets = J.promise_times(events, stages=stages, from_stage="purchase", to_stage="delivery")
    now = events["timestamp"].max()
    table = J.reliability(tickets, within="5d", now=now)
    single = cx.sla_compliance(tickets, within="5d", now=now)
    assert (table.loc[0, "value"], table.loc[0, "low"], table.loc[0, "high"]) == (single.value, single.low,
                                                                                    single.high)
    assert table.loc[0, "n"] + table.loc[0, "n_pending"] == len(tickets)
    with pytest.raises(cx.CxkitValueError, match="must come after"):
        J.promise_times(events, stages=stages, from_stage="delivery", to_stage="purchase")


def test_scorecard_keeps_a_missing_touchpoint_as_its_own_group():
    log = pd.DataFrame({"touchpoint": ["a", "a", None, "b", "b", None], "csat": [5, 4, 3, 2, np.nan, 1.0]})
    card = J.touchpoint_scorecard(log)  # ranked: a (4.5), then b and the missing one (2.0), by name
    assert card["n"].tolist() == [2, 1, 2] and card["n_missing"].tolist() == [0, 1, 0]
    assert card["mean"].iloc[2] == 2.0
    assert card["method"].tolist() == ["t", "hoeffding", "t"]


def test_two_equal_ratings_are_not_a_certain_pain_point():
    # Welch would treat a touchpoint rated 4 twice as known exactly; Hoeffding's bound keeps it uncertain.
    import numpy as np
    import pandas as pd

    import cxkit.journey as J

    rng = np.random.default_rng(0)
    n = 900
    events = pd.DataFrame({"customer_id": [f"c{i}" for i in range(n + 2)],
                           "timestamp": pd.Timestamp("2026-01-01"), "stage": "interest",
                           "touchpoint": list(rng.choice(["web", "app", "call"], n)) + ["bot", "bot"],
                           "csat": list(rng.choice([4.0, 5.0], n, p=[0.6, 0.4])) + [4.0, 4.0]})
    card = J.touchpoint_scorecard(events).set_index("touchpoint")
    assert card.loc["bot", "n"] == 2
    assert card.loc["bot", "p_adjusted"] > 0.5 and not card.loc["bot", "pain_point"]
