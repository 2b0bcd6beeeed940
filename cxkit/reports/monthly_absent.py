"""What the monthly page leaves out, and why: one line for each card, table or chart it cannot show.

A metric whose columns the data lacks is named by
:func:`cxkit.reports.monthly.present_metrics`. Two more gaps are found here:
a metric whose columns are there but hold no answer in the report month
(:func:`unanswered_metrics`), and a segment, channel or region table that
cannot be made, because the data has no such column or fewer than two of its
groups have answers in the month (:func:`missing_group_tables`).
"""

from __future__ import annotations

import pandas as pd

from .monthly import DIMENSIONS, SERVICE_COLUMNS, columns_of, present_metrics, report_frame

NO_COLUMN, FEWER_THAN_TWO = "no_column", "fewer_than_two"


def unanswered_metrics(frame, headline: pd.DataFrame) -> list[str]:
    """Metrics whose columns the data has but which have no card (no answer in the report month), in card order."""
    present, _missing = present_metrics(report_frame(frame))
    columns = set(columns_of(report_frame(frame)))
    expected = [metric for metric, _score, _options in present]
    expected += [metric for metric, needed in SERVICE_COLUMNS.items() if all(c in columns for c in needed)]
    shown = set(headline["metric"])
    return [metric for metric in expected if metric not in shown]


def missing_group_tables(frame, groups: pd.DataFrame) -> dict[str, str]:
    """{dimension: why it has no table} for each of segment, channel and region the page does not break down by:
    :data:`NO_COLUMN` (the data has no such column) or :data:`FEWER_THAN_TWO` (fewer than two of its groups have
    answers in the month: nothing to compare). ``groups``: :func:`cxkit.reports.monthly.group_tables`."""
    columns = set(columns_of(report_frame(frame)))
    shown = set(groups["dimension"])
    return {d: NO_COLUMN if d not in columns else FEWER_THAN_TWO for d in DIMENSIONS if d not in shown}
