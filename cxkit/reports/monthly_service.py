"""First response time in the monthly report, when the data has ``created_at`` and ``first_response_at``.

Each row then also describes a support ticket: when it was opened and when it
was first answered (empty while unanswered). The month of a ticket is the
month it was opened. The median wait and its interval come from
:func:`cxkit.first_response_time` (exact order-statistic interval, or
Kaplan-Meier when some tickets are still unanswered: they are censored at the
latest time in the data, never dropped). The service functions are not
grouped tables, so the report asks for each month it shows (the report month,
the previous month, the same month last year, and the twelve months of the
trend); each call is an order statistic over one month's tickets.

A change of medians (against the previous month and the same month last
year) has the Bonett & Price (2002) interval and Wald test
(:func:`cxkit.stats.medians.median_difference`), from each month's median
standard error (``details["se"]`` of :func:`cxkit.first_response_time`); its
p-values join the monthly report's Holm family like every other change. A
month whose SE is undefined (one ticket, a Kaplan-Meier median with an
infinite bound) gives the plain difference and no test.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import CxkitValueError, SmallSampleWarning
from ..service.response_times import first_response_time
from ..stats.medians import median_difference
from .data import DATE_COLUMN
from .targets import light

CREATED, ANSWERED = "created_at", "first_response_at"
METRIC = "first_response_time"


def has_tickets(columns) -> bool:
    return CREATED in columns and ANSWERED in columns


def _local(frame) -> pd.DataFrame:
    """The ticket columns as pandas datetimes (lazy data: one query of two columns)."""
    if isinstance(frame, pd.DataFrame):
        tickets = frame[[CREATED, ANSWERED]]
    else:
        tickets = frame.project(f'"{CREATED}", "{ANSWERED}"').df()
    for column in (CREATED, ANSWERED):
        if not pd.api.types.is_datetime64_any_dtype(tickets[column]):
            raise CxkitValueError(f"column {column!r} must hold times (ISO 8601 text in a CSV file); "
                                  f"got {tickets[column].dtype}.")
    return tickets[tickets[CREATED].notna()]


def _estimate(tickets: pd.DataFrame, month: str, now, confidence_level: float):
    period = pd.Period(month, freq="M")
    rows = tickets[(tickets[CREATED] >= period.start_time) & (tickets[CREATED] < (period + 1).start_time)]
    if rows.empty:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return first_response_time(rows, created=CREATED, first_response=ANSWERED, unit="h",
                                   confidence_level=confidence_level, now=now)


def _now(frame, tickets: pd.DataFrame):
    """When the data was taken: the latest time in it (answers, tickets opened, first answers)."""
    latest = [tickets[CREATED].max(), tickets[ANSWERED].max()]
    if isinstance(frame, pd.DataFrame):
        latest.append(frame[DATE_COLUMN].max())
    else:
        latest.append(frame.aggregate(f"max({DATE_COLUMN})").fetchall()[0][0])
    return max(pd.Timestamp(t) for t in latest if t is not None and not pd.isna(t))


def service_rows(frame, *, month: str, previous: str, year_ago: str, confidence_level: float,
                 targets: dict) -> list[dict]:
    """Headline rows (the columns of :func:`cxkit.reports.monthly.headline`) for the first response time."""
    tickets = _local(frame)
    now = _now(frame, tickets)
    this = _estimate(tickets, month, now, confidence_level)
    if this is None:
        return []
    before, year = (_estimate(tickets, m, now, confidence_level) for m in (previous, year_ago))
    target = targets.get(METRIC)

    def change(other) -> tuple:
        """(difference, low, high, p) of this month's median against ``other``'s."""
        if other is None:
            return (np.nan,) * 4
        difference, low, high, p = median_difference(this.value, this.details.get("se", np.nan), other.value,
                                                     other.details.get("se", np.nan),
                                                     confidence_level=confidence_level)
        return this.value - other.value, low, high, p

    (d, d_low, d_high, d_p), (y, y_low, y_high, y_p) = change(before), change(year)
    return [{
        "metric": METRIC, "value": this.value, "low": this.low, "high": this.high, "n": int(this.n),
        "method": this.method, "unit": "hours", "small_sample": bool(this.n < 30),
        "previous_month": previous, "previous_value": before.value if before else np.nan,
        "previous_n": int(before.n) if before else 0, "change": d, "change_low": d_low,
        "change_high": d_high, "change_p": d_p,
        "year_ago_month": year_ago, "yoy_value": year.value if year else np.nan, "yoy_n": int(year.n) if year else 0,
        "yoy_change": y, "yoy_low": y_low, "yoy_high": y_high, "yoy_p": y_p,
        "target": target.value if target else np.nan, "target_direction": target.direction if target else "",
        "target_relation": target.relation if target else "",
        "target_source": target.source if target else "", "light": light(this.low, this.high, target),
    }]


def finite_or_none(row: dict) -> tuple[dict, list[str]]:
    """``row`` for metrics.json (which holds no infinity) and the names of its infinite numbers, now None.

    Only a first response time has them: a median beyond the longest wait observed (fewer than half of the
    month's tickets answered), an interval without an upper bound, and the changes of such a median. The
    names go into the metric's ``extra`` as ``"infinite"``, so a reader of the file knows a None there
    means "no upper bound", not "not available".
    """
    shown, infinite = {}, []
    for key, value in row.items():
        if isinstance(value, (int, float, np.floating)) and not isinstance(value, bool) and np.isinf(value):
            shown[key] = None
            infinite.append(key)
        else:
            shown[key] = value
    return shown, infinite


def service_trend(frame, *, window: list[str], confidence_level: float) -> pd.DataFrame:
    """The first response time of each month of ``window``: ``metric, month, value, low, high, n``."""
    tickets = _local(frame)
    now = _now(frame, tickets)
    rows = []
    for month in window:
        estimate = _estimate(tickets, month, now, confidence_level)
        rows.append({"metric": METRIC, "month": month,
                     "value": estimate.value if estimate else np.nan, "low": estimate.low if estimate else np.nan,
                     "high": estimate.high if estimate else np.nan, "n": int(estimate.n) if estimate else 0})
    return pd.DataFrame(rows)
