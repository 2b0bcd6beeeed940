"""The journey report's parameters and data: every problem is a clear error before any notebook starts.

These tests call :func:`cxkit.reports.runner.plan_run` (what ``cxkit report``
and ``cxkit.reports.render`` do first): it checks the parameters and the data
and raises; no kernel is started, so they are fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CxkitValueError, DataFileError, DataFileNotFoundError
from cxkit.reports import journey_page, journey_sections, runner


@pytest.fixture(scope="module")
def small():
    """A small generated log (400 customers) and its customers table."""
    from cxkit.datasets import make_journeys

    return make_journeys(400, seed=3, start="2026-03-01", months=6)


def _write(frame: pd.DataFrame, path) -> str:
    frame.to_csv(path, index=False)
    return str(path)


def _plan(**parameters):
    return runner.plan_run("journey", parameters)


def test_the_sample_plans_the_latest_month_in_which_journeys_start():
    run = _plan()
    assert run.stem == "journey-2026-10"
    assert _plan(month="2026-08", language="ru").stem == "journey-2026-08-ru"


@pytest.mark.parametrize("parameters, match", [
    ({"month": "2026-5"}, r"month \('2026-5'\) must be a month written as YYYY-MM"),
    ({"month": "2026-12"}, r"has no journeys starting in 2026-12; journeys start from 2026-08 to 2026-10"),
    ({"language": "de"}, r"language \('de'\) must be one of 'en' or 'ru'"),
    ({"confidence_level": 95}, r"confidence_level"),
    ({"stages": "awareness,,interest"}, r"stage names separated by commas, none empty"),
    ({"stages": "awareness, awareness"}, r"names 'awareness' more than once"),
    ({"stages": "awareness"}, r"at least two stages"),
    ({"stages": "awareness, interest"}, r"has stage\(s\) not in stages: 'delivery', 'loyalty', 'purchase'"),
    ({"stages": "awareness, interest, purchase, delivery, support, loyalty, referral"},
     r"stages names 'referral', which the bundled sample journey log does not have"),
    ({"segment": "retail"}, r"segment \('retail'\) must be one of 'business', 'new', 'returning'"),
    ({"customers": "customers.csv"}, r"customers \('customers.csv'\) was given without events"),
    ({"month": "2026-05\n"}, r"month \('2026-05\\n'\) ends in a line break"),
    ({"mnth": "2026-05"}, r"unknown report parameter\(s\) 'mnth'"),
    ({"date_format": "dd.mm.yyyy"}, r"date_format \('dd.mm.yyyy'\) must be a strftime format"),
])
def test_bad_parameters_are_refused_before_the_notebook_runs(parameters, match):
    with pytest.raises(CxkitValueError, match=match):
        _plan(**parameters)


def test_bad_events_files_name_the_file_and_what_to_do(small, tmp_path):
    with pytest.raises(DataFileNotFoundError, match=r"does not exist"):
        _plan(events=str(tmp_path / "nope.csv"))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DataFileError, match=r"is empty \(0 bytes\)"):
        _plan(events=str(empty))
    no_stage = _write(small.events.drop(columns="stage"), tmp_path / "no_stage.csv")
    with pytest.raises(DataFileError, match=r"lacks column\(s\) 'stage'; it has .*'customer_id'"):
        _plan(events=no_stage)
    russian_dates = small.events.assign(timestamp=small.events["timestamp"].dt.strftime("%d.%m.%Y %H:%M"))
    path = _write(russian_dates, tmp_path / "dates.csv")
    with pytest.raises(DataFileError, match=r"do not read as ISO 8601 dates.*date_format"):
        _plan(events=path)
    stem = _plan(events=path, date_format="%d.%m.%Y %H:%M").stem
    assert stem.startswith("journey-2026-05-fmt-") and "-events-" in stem  # the file and the format named


def test_broken_logs_are_refused_with_the_journey_checks(small, tmp_path):
    events = small.events
    twice = _write(pd.concat([events, events.iloc[[0]]]), tmp_path / "twice.csv")
    with pytest.raises(DataFileError, match=r"1 duplicate events.*Allowed: one row per event; remove the repeated "
                                            r"rows from the events file\.$") as caught:
        _plan(events=twice, month=events["timestamp"].iloc[0].strftime("%Y-%m"))  # row 0: a first event
    assert "duplicates=" not in str(caught.value)  # the report takes no such argument
    off = events.copy()
    off.loc[off.index[0], "csat"] = 7
    first_month = off["timestamp"].iloc[0].strftime("%Y-%m")
    with pytest.raises(DataFileError, match=r"rating column 'csat': 1 ratings are off the 1-5 scale.*the report "
                                            r"reads its ratings on the 1–5 scale: correct them in the events file"):
        _plan(events=_write(off, tmp_path / "off.csv"), month=first_month)
    gap = events.copy()
    gap.loc[gap.index[3], "stage"] = None
    with pytest.raises(DataFileError, match=r"1 events have no stage"):
        _plan(events=_write(gap, tmp_path / "gap.csv"))
    split = events.copy()
    split.loc[split["customer_id"] == split["customer_id"].iloc[0], "segment"] = ["new", "business"] + \
        ["new"] * (int((split["customer_id"] == split["customer_id"].iloc[0]).sum()) - 2)
    with pytest.raises(DataFileError, match=r"1 customers have events in more than one segment"):
        _plan(events=_write(split, tmp_path / "split.csv"), segment="new")
    # without a segment filter too: the segment table groups customers, so the check runs before the notebook
    month = split["timestamp"].iloc[0].strftime("%Y-%m")
    with pytest.raises(DataFileError, match=r"1 customer has events in more than one group"):
        _plan(events=_write(split, tmp_path / "split.csv"), month=month)


def test_bad_customers_files_are_refused(small, tmp_path):
    events = _write(small.events, tmp_path / "events.csv")
    no_id = _write(small.customers.drop(columns="customer_id"), tmp_path / "no_id.csv")
    with pytest.raises(DataFileError, match=r"lacks column 'customer_id'"):
        _plan(events=events, customers=no_id)
    twice = _write(pd.concat([small.customers, small.customers.iloc[[0]]]), tmp_path / "twice.csv")
    with pytest.raises(DataFileError, match=r"1 rows repeat a customer_id"):
        _plan(events=events, customers=twice)
    bad_nps = small.customers.copy()
    in_may = small.events.groupby("customer_id")["timestamp"].min().dt.strftime("%Y-%m").eq("2026-05")
    bad_nps.loc[bad_nps["customer_id"] == in_may[in_may].index[0], "nps"] = 11
    with pytest.raises(DataFileError, match=r"column 'nps': 1 answers are not whole numbers from 0 to 10"):
        _plan(events=events, customers=_write(bad_nps, tmp_path / "nps.csv"))


def test_stage_order_is_inferred_from_median_first_reach_when_not_given(small, tmp_path):
    journeys = journey_page.load_journeys(_write(small.events, tmp_path / "events.csv"))
    assert journeys.stages_source == "inferred"
    assert journeys.stages == list(small.truth["stages"])
    given = journey_page.load_journeys(_write(small.events, tmp_path / "events.csv"),
                                       stages="awareness, interest, purchase, delivery, support, loyalty")
    assert given.stages_source == "given"


def test_the_cohort_is_the_customers_whose_first_event_is_in_the_month(small, tmp_path):
    path = _write(small.events, tmp_path / "events.csv")
    journeys = journey_page.load_journeys(path, month="2026-04", segment="returning")
    first = small.events.groupby("customer_id")["timestamp"].min().dt.strftime("%Y-%m")
    segment = small.events.groupby("customer_id")["segment"].first()
    expected = sorted(first[(first == "2026-04") & (segment == "returning")].index)
    assert sorted(journeys.events["customer_id"].unique()) == expected
    mine = small.events[small.events["customer_id"].isin(expected)]
    assert len(journeys.events) == len(mine)  # every later event of those customers, not only April's
    assert journeys.end == small.events["timestamp"].max().floor("s")


def test_drivers_kept_overlap_by_at_least_min_pair_and_the_rest_are_named():
    rng = np.random.default_rng(0)
    n = 400
    frame = pd.DataFrame({"a": rng.integers(1, 6, n).astype(float), "b": rng.integers(1, 6, n).astype(float),
                          "c": rng.integers(1, 6, n).astype(float)})
    frame.loc[:359, "c"] = np.nan          # 40 raters of c: below MIN_PAIR (50)
    frame.loc[200:, "b"] = np.nan          # b: 200 raters, overlapping a on 200
    kept, left_out = journey_sections.choose_drivers(frame, ["a", "b", "c"])
    assert kept == ["a", "b"] and left_out == ["c"]
    assert journey_sections.MIN_PAIR == 50
