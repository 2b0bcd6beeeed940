"""sla_compliance: met, missed, pending by hand; the promise's spellings; errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.service import parse_within, sla_compliance
from cxkit.stats.proportion import proportion_interval

NOW = pd.Timestamp("2024-03-10 00:00")


def frame(rows):
    """rows: (created, first response or None)."""
    return pd.DataFrame({"created_at": pd.to_datetime([r[0] for r in rows]),
                         "first_response_at": pd.to_datetime([r[1] for r in rows])},
                        index=[f"T{i}" for i in range(len(rows))])


TICKETS = frame([
    ("2024-03-01 09:00", "2024-03-01 10:00"),   # 1 h: met
    ("2024-03-01 09:00", "2024-03-02 09:00"),   # exactly 24 h: met (at most within)
    ("2024-03-02 09:00", "2024-03-03 09:01"),   # 24 h 1 min: missed
    ("2024-03-03 09:00", "2024-03-03 20:00"),   # 11 h: met
    ("2024-03-05 09:00", None),                 # unanswered, 4.6 days old: missed
    ("2024-03-09 12:00", None),                 # unanswered, 12 h old: pending
    ("2024-03-09 10:00", "2024-03-09 11:00"),   # answered but 14 h old: pending by default
])


def test_counts_and_wilson_by_hand():
    est = sla_compliance(TICKETS, within="24h", now=NOW)
    # decided: T0..T4 -> met 3 of 5; pending T5 (unanswered) and T6 (young, answered).
    assert (est.n, est.n_pending, est.details["met"], est.details["missed"]) == (5, 2, 3, 2)
    assert est.details["missed_unanswered"] == 1 and est.details["pending_answered"] == 1
    low, high = proportion_interval(3, 5)
    assert (est.value, est.low, est.high) == pytest.approx((60.0, 100 * low, 100 * high))
    # Wilson 3/5 at 95 %: centre (0.6 + z^2/10) / (1 + z^2/5), hand value 0.2307-0.8824.
    assert (est.low, est.high) == pytest.approx((23.07, 88.24), abs=0.01)
    assert est.unit == "%" and est.method == "wilson" and "2 pending" in repr(est)


def test_young_answered_can_be_counted_as_met():
    est = sla_compliance(TICKETS, within="24h", now=NOW, young_answered="count")
    assert (est.n, est.n_pending, est.details["met"]) == (6, 1, 4)


def test_all_answered_needs_no_now_and_promise_spellings_agree():
    answered = TICKETS.dropna()  # T0-T3 and T6: T2 alone misses 24 h
    results = {w: sla_compliance(answered, within=w).value
               for w in ("24h", "1440min", "1d", "86400s", "1.0d", pd.Timedelta(hours=24), dt.timedelta(days=1),
                         np.timedelta64(24, "h"))}
    assert set(results.values()) == {100 * 4 / 5}
    assert sla_compliance(answered, within="30min").value == 0.0
    assert sla_compliance(answered, within="2d").value == 100.0


def test_other_interval_methods_and_levels():
    est = sla_compliance(TICKETS, within="24h", now=NOW, method="clopper-pearson", confidence_level=0.9)
    low, high = proportion_interval(3, 5, confidence_level=0.9, method="clopper-pearson")
    assert (est.low, est.high) == pytest.approx((100 * low, 100 * high))


@pytest.mark.parametrize("within, match", [
    ("24hours", r"within \('24hours'\) must be a number followed by one of 's', 'min', 'h', 'd'"),
    ("24 m", "within"), ("h", "within"), ("-2h", "within"),
])
def test_unknown_promise_spellings(within, match):
    with pytest.raises(CxkitValueError, match=match):
        sla_compliance(TICKETS, within=within, now=NOW)


@pytest.mark.parametrize("within", ["0h", pd.Timedelta(0), pd.Timedelta(hours=-3)])
def test_promise_must_be_positive(within):
    with pytest.raises(CxkitValueError, match="must be a positive time"):
        parse_within(within)


def test_promise_type_and_errors_of_the_ticket_data():
    with pytest.raises(CxkitTypeError, match="within must be"):
        sla_compliance(TICKETS, within=24, now=NOW)
    with pytest.raises(CxkitValueError, match=r"now must be given.*rows 'T4', 'T5'"):
        sla_compliance(TICKETS, within="24h")
    with pytest.raises(CxkitValueError, match=r"must not be before any ticket's created.*rows 'T5', 'T6'"):
        sla_compliance(TICKETS, within="24h", now=pd.Timestamp("2024-03-09 09:00"))
    with pytest.raises(CxkitValueError, match="no ticket is decided yet"):
        sla_compliance(TICKETS.loc[["T5", "T6"]], within="24h", now=NOW)
    with pytest.raises(CxkitValueError, match=r"young_answered \('drop'\) must be one of 'pending' or 'count'"):
        sla_compliance(TICKETS, within="24h", now=NOW, young_answered="drop")
    with pytest.raises(CxkitValueError, match=r"method \('wilsn'\) must be one of 'wilson'"):
        sla_compliance(TICKETS, within="24h", now=NOW, method="wilsn")
    bad = TICKETS.copy()
    bad.loc["T1", "first_response_at"] = pd.Timestamp("2024-02-28")
    with pytest.raises(CxkitValueError, match=r"not be before created.*row 'T1'"):
        sla_compliance(bad, within="24h", now=NOW)
    with pytest.raises(CxkitTypeError, match="datetime64"):
        sla_compliance(TICKETS.assign(created_at=TICKETS.created_at.astype(str)), within="24h", now=NOW)
