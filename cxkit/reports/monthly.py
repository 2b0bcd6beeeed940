"""What the monthly report computes: the month's metrics, their change, the NPS trend."""

from __future__ import annotations

import warnings

import pandas as pd

from ..compare.periods_groups import compare_periods
from ..errors import CxkitValueError, SmallSampleWarning
from ..tables.engines import column_list
from ..tables.summarize import summarize
from .data import DATE_COLUMN, check_month
from .readouts import readout

#: (metric, answer column, options) shown in the monthly report, in order.
MONTHLY_METRICS = (
    ("nps", "nps_score", {}),
    ("csat", "csat_score", {"top": 2}),
    ("csi", "csi_score", {}),
    ("ces", "ces_score", {"statistic": "share"}),
)


def prepare_monthly(values: dict) -> dict:
    """The runner's check before the notebook starts: the data is read and checked (DataFileError, or a
    CxkitValueError for a month without answers), and an empty ``month`` becomes the latest month of the
    data; returns the values the report is named by."""
    from .data import check_report_data, latest_month

    chosen = check_report_data(values["data"], month=values["month"], segment=values["segment"],
                               date_format=values["date_format"], metrics=MONTHLY_METRICS)
    if not values["month"]:
        values = {**values, "month": latest_month(chosen)}
    return values


def shift_month(month: str, months: int) -> str:
    """``month`` moved by ``months`` (negative: back in time)."""
    return str(pd.Period(check_month(month), freq="M") + months)


def month_range(last: str, months: int) -> list[str]:
    """The ``months`` months ending with ``last``, oldest first."""
    return [shift_month(last, -k) for k in range(months - 1, -1, -1)]


def _columns(frame) -> list:
    return list(frame.columns) if isinstance(frame, pd.DataFrame) else column_list(frame)


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return call()


def _by_month(frame, metric: str, column: str, options: dict, confidence_level: float) -> pd.DataFrame:
    """The metric for every month the data covers (one GROUP BY wherever the data lives)."""
    table = _quiet(lambda: summarize(frame, metric=metric, score=column, period="M", date=DATE_COLUMN,
                                     confidence_level=confidence_level, **options))
    return table.set_index("period")


def monthly_kpis(frame, *, month: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """One row per metric: the month's value and interval, the change from the previous month.

    Built on :func:`cxkit.summarize` and :func:`cxkit.compare_periods` with
    ``period="M"``, so it runs on a pandas frame or a lazy DuckDB relation
    (:func:`cxkit.read`) alike. Columns: ``metric, column, value, low, high,
    n, previous, previous_n, change, change_low, change_high, p_value,
    significant, small_sample, readout``; ``p_value`` and ``significant`` are
    the month's own test (not adjusted across months). Metrics whose answer
    column is absent are left out; a month without answers raises a
    CxkitValueError naming the months the data covers.
    """
    month = check_month(month)
    previous = shift_month(month, -1)
    columns = _columns(frame)
    rows = []
    for metric, column, options in MONTHLY_METRICS:
        if column not in columns:
            continue
        months = _by_month(frame, metric, column, options, confidence_level)
        covered = [m for m in months.index if months.at[m, "n"] > 0]
        for m in (month, previous):
            if m not in covered:
                span = f"{covered[0]} to {covered[-1]}" if covered else "no months"
                raise CxkitValueError(f"the data has no answers in {m}; it covers {span}.")
        changes = _quiet(lambda: compare_periods(frame, metric=metric, score=column, date=DATE_COLUMN, period="M",
                                                 confidence_level=confidence_level, **options))
        change = changes.set_index("period").loc[month]
        now, before = months.loc[month], months.loc[previous]
        rows.append({
            "metric": metric, "column": column,
            "value": now["value"], "low": now["low"], "high": now["high"], "n": int(now["n"]),
            "previous": before["value"], "previous_n": int(before["n"]),
            "change": change["difference"], "change_low": change["low"], "change_high": change["high"],
            "p_value": change["p_value"], "significant": bool(change["p_value"] < 1 - confidence_level),
            "small_sample": bool(now["small_sample"] or before["small_sample"]),
            "readout": readout(metric, now["value"], now["low"], now["high"]),
        })
    return pd.DataFrame(rows)


def nps_trend(frame, *, month: str, months: int = 12, confidence_level: float = 0.95) -> pd.DataFrame:
    """NPS with interval for each of the ``months`` months ending with ``month``.

    One :func:`cxkit.summarize` call with ``period="M"``; months without
    answers appear with ``n = 0`` and NaN.
    """
    by_month = _by_month(frame, "nps", "nps_score", {}, confidence_level)
    window = month_range(month, months)
    trend = by_month.reindex(window)[["value", "low", "high", "n"]]
    trend["n"] = trend["n"].fillna(0).astype(int)
    return trend.rename_axis("month").reset_index()


def drop_alerts(kpis: pd.DataFrame) -> pd.DataFrame:
    """The metrics that fell significantly against the previous month."""
    return kpis[kpis["significant"] & (kpis["change"] < 0)]
