"""Property tests on small random logs: row order does not matter, grouped equals alone, nesting and containment."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxkit import journey as J

STAGES = ["s1", "s2", "s3"]
events_strategy = st.lists(
    st.tuples(st.integers(0, 7), st.integers(0, 2000), st.sampled_from(STAGES), st.sampled_from(["g1", "g2"])),
    min_size=1, max_size=40)


def _log(rows):
    frame = pd.DataFrame(rows, columns=["customer", "minute", "stage", "group"])
    frame["customer_id"] = "c" + frame["customer"].astype(str)
    frame["group"] = frame.groupby("customer_id")["group"].transform("first")  # a customer attribute
    frame["timestamp"] = pd.Timestamp("2026-01-01") + pd.to_timedelta(frame["minute"], unit="min")
    return frame[["customer_id", "timestamp", "stage", "group"]]


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", J.JourneyOrderWarning)
        return call()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events_strategy, st.randoms(use_true_random=False))
def test_row_order_does_not_matter(rows, rnd):
    log = _log(rows)
    shuffled = log.sample(frac=1.0, random_state=rnd.randint(0, 10**6))
    for order in ("any", "time"):
        a = _quiet(lambda: J.funnel(log, stages=STAGES, duplicates="drop", order=order))
        b = _quiet(lambda: J.funnel(shuffled, stages=STAGES, duplicates="drop", order=order))
        pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(J.transitions(log, stages=STAGES, duplicates="drop"),
                                  J.transitions(shuffled, stages=STAGES, duplicates="drop"))
    pd.testing.assert_frame_equal(J.paths(log, stages=STAGES, duplicates="drop", top=None),
                                  J.paths(shuffled, stages=STAGES, duplicates="drop", top=None))


@settings(max_examples=20, deadline=None)
@given(events_strategy)
def test_grouped_funnel_equals_each_group_alone_and_is_nested(rows):
    log = _log(rows)
    grouped = _quiet(lambda: J.funnel(log, stages=STAGES, by="group", duplicates="drop"))
    for name, part in log.groupby("group"):
        alone = _quiet(lambda: J.funnel(part, stages=STAGES, duplicates="drop"))
        mine = grouped[grouped["group"] == name].drop(columns="group").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, alone, check_dtype=False)
    reached = grouped.groupby("group")["reached"].apply(list)
    assert all(all(np.diff(r) <= 0) for r in reached)
    ok = grouped["previous"] > 0
    assert ((grouped.loc[ok, "low"] <= grouped.loc[ok, "conversion"] + 1e-9)
            & (grouped.loc[ok, "conversion"] <= grouped.loc[ok, "high"] + 1e-9)).all()


@settings(max_examples=40, deadline=None)
@given(events_strategy)
def test_stage_time_intervals_contain_the_median(rows):
    log = _log(rows)
    for among in ("all", "reached"):
        table = J.stage_times(log, stages=STAGES, duplicates="drop", among=among)
        finite = table["median"].notna() & np.isfinite(table["median"])
        assert (table.loc[finite, "low"] <= table.loc[finite, "median"]).all()
        assert (table.loc[finite, "median"] <= table.loc[finite, "high"]).all()
        assert (table["n_reached"] <= table["n"] + table["n_out_of_order"]).all()
