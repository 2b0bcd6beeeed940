"""What the monthly report computes: the month's metrics, their change, the NPS trend."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..compare.two_samples import compare
from ..errors import CxkitValueError, SmallSampleWarning
from ..metrics.registry import SMALL_SAMPLE_SIZE
from .data import check_month, months_of
from .readouts import readout

#: (metric, answer column, options) shown in the monthly report, in order.
MONTHLY_METRICS = (
    ("nps", "nps_score", {}),
    ("csat", "csat_score", {"top": 2}),
    ("csi", "csi_score", {}),
    ("ces", "ces_score", {"statistic": "share"}),
)


def shift_month(month: str, months: int) -> str:
    """``month`` moved by ``months`` (negative: back in time)."""
    return str(pd.Period(check_month(month), freq="M") + months)


def month_range(last: str, months: int) -> list[str]:
    """The ``months`` months ending with ``last``, oldest first."""
    return [shift_month(last, -k) for k in range(months - 1, -1, -1)]


def monthly_kpis(frame: pd.DataFrame, *, month: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """One row per metric: the month's value and interval, the change from the previous month.

    Columns: ``metric, column, value, low, high, n, previous, previous_n,
    change, change_low, change_high, p_value, significant, small_sample,
    readout``. Metrics whose answer column is absent are left out; months
    without answers raise a ValueError naming the months the data covers.
    """
    month = check_month(month)
    previous = shift_month(month, -1)
    by_month = months_of(frame)
    for m in (month, previous):
        if not (by_month == m).any():
            covered = sorted(by_month.unique())
            span = f"{covered[0]} to {covered[-1]}" if covered else "no months"
            raise CxkitValueError(f"the data has no answers in {m}; it covers {span}.")
    rows = []
    for metric, column, options in MONTHLY_METRICS:
        if column not in frame.columns:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", SmallSampleWarning)
            cmp = compare(frame.loc[by_month == previous, column], frame.loc[by_month == month, column],
                          metric=metric, confidence_level=confidence_level, **options)
        now, before = cmp.b, cmp.a
        rows.append({
            "metric": metric, "column": column,
            "value": now.value, "low": now.low, "high": now.high, "n": now.n,
            "previous": before.value, "previous_n": before.n,
            "change": cmp.difference, "change_low": cmp.low, "change_high": cmp.high,
            "p_value": cmp.p_value, "significant": cmp.significant,
            "small_sample": bool(caught) or min(now.n, before.n) < SMALL_SAMPLE_SIZE,
            "readout": readout(metric, now.value, now.low, now.high),
        })
    return pd.DataFrame(rows)


def nps_trend(frame: pd.DataFrame, *, month: str, months: int = 12, confidence_level: float = 0.95) -> pd.DataFrame:
    """NPS with interval for each of the ``months`` months ending with ``month``.

    Months without answers appear with ``n = 0`` and NaN.
    """
    from ..metrics.nps import nps

    by_month = months_of(frame)
    rows = []
    for m in month_range(month, months):
        scores = frame.loc[by_month == m, "nps_score"]
        row = {"month": m, "value": np.nan, "low": np.nan, "high": np.nan, "n": 0}
        if scores.notna().any():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SmallSampleWarning)
                est = nps(scores, confidence_level=confidence_level)
            row.update(value=est.value, low=est.low, high=est.high, n=est.n)
        rows.append(row)
    return pd.DataFrame(rows)


def drop_alerts(kpis: pd.DataFrame) -> pd.DataFrame:
    """The metrics that fell significantly against the previous month."""
    return kpis[kpis["significant"] & (kpis["change"] < 0)]
