"""Cohort retention tables: ``cohort_retention``.

Customers are grouped into cohorts by the month (or quarter) they started.
For each cohort and each number of periods since its start ``k = 0, 1, 2, ...``
the table gives the share of the cohort still active at the end of period
``cohort + k`` (so ``k = 0`` is the share that did not leave within the
period they joined in): a customer counts as active there when their end date
is missing (NaT) or falls after that period.

Right-censoring: the data end at the end of ``as_of``'s day (by default the
latest start or end date). A cohort has a value at ``k`` only when period
``cohort + k`` is complete by then; the denominator ``n`` is then the whole
cohort (every member is observable that long: censoring here is only the end
of the data). Later cells are NaN with ``n = 0`` and a ``note`` -- never 0,
which would read as "everyone left". The interval is a binomial one on
(active, n): Wilson's score interval by default (Wilson 1927).

The table is long (tidy); the usual triangle is one pivot away::

    table.pivot(index="cohort", columns="periods_since_start", values="value")

Source
------
- Wilson, E. B. (1927). Probable inference, the law of succession, and
  statistical inference. JASA 22, 209-212.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..options import check_choice, check_confidence_level
from ..stats.proportion import SHARE_METHODS, proportion_interval
from .checks import as_of_date, frequency
from .spans import COUNT, END, START, customer_spans

NOT_OBSERVED = "not observed yet: the period ends after the data do"


def cohort_retention(customers, *, start="start_date", end="end_date", freq: str = "M",
                     confidence_level: float = 0.95, method: str = "wilson", as_of=None,
                     customer_id=None) -> pd.DataFrame:
    """Share of each start cohort still active 0, 1, 2, ... periods after its start, with intervals.

    Parameters
    ----------
    customers : DataFrame of any supported engine
        One row per customer; ``start`` and ``end`` name date columns (end
        missing = still active). Lazy frames (DuckDB, Polars lazy, Dask,
        PySpark) are checked and aggregated in their engine
        (:mod:`cxkit.retention.spans`).
    freq : ``"M"`` (monthly cohorts and steps) or ``"Q"`` (quarterly)
    confidence_level, method
        Binomial interval (see :func:`cxkit.stats.proportion.proportion_interval`;
        Wilson 1927 by default).
    as_of, customer_id
        As for :func:`cxkit.retention.churn_rate`.

    Returns
    -------
    pandas DataFrame ``cohort, periods_since_start, cohort_size, active, value,
    low, high, n, method, confidence_level, note``; ``value``, ``low``,
    ``high`` in percent of the cohort. One row per cohort and ``k`` from 0 to
    the number of periods between the first cohort and the data end.
    """
    code = frequency(freq)
    cl = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    spans = customer_spans(customers, start=start, end=end, customer_id=customer_id)
    as_of = as_of_date(as_of, pd.Series([spans.earliest]), pd.Series([spans.latest]))
    data_end = as_of.normalize() + pd.Timedelta(days=1)

    first = spans.earliest.to_period(code)
    last = as_of.to_period(code)
    table = spans.table
    count = table[COUNT].to_numpy(dtype=np.int64)
    start_month = table[START].to_numpy(dtype=np.int64)
    end_month = table[END].to_numpy(dtype=float)
    ended = ~np.isnan(end_month)
    step = 3 if code == "Q" else 1
    start_k = start_month // step - first.ordinal
    end_k = np.where(ended, end_month, 0).astype(np.int64) // step - first.ordinal
    lost_after = end_k[ended] - start_k[ended]  # periods since start in which they left

    cohorts = np.unique(start_k)
    width = (last - first).n + 1  # k = 0 .. width - 1
    row = np.searchsorted(cohorts, start_k)
    size = np.bincount(row, weights=count, minlength=len(cohorts)).astype(np.int64)
    lost = np.zeros((len(cohorts), width), dtype=np.int64)
    np.add.at(lost, (row[ended], lost_after), count[ended])
    active = size[:, None] - np.cumsum(lost, axis=1)

    k = np.arange(width)
    period_end = np.array([(first + int(c) + k + 1).start_time for c in cohorts for k in range(width)],
                          dtype="datetime64[ns]").reshape(len(cohorts), width)
    observable = period_end <= np.datetime64(data_end)
    n = np.where(observable, size[:, None], 0)
    x = np.where(observable, active, 0)
    low, high = proportion_interval(x, n, confidence_level=cl, method=method)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > 0, x / np.where(n > 0, n, 1), np.nan)

    out = pd.DataFrame({
        "cohort": pd.PeriodIndex([first + int(c) for c in cohorts], freq=code).repeat(width),
        "periods_since_start": np.tile(k, len(cohorts)),
        "cohort_size": np.repeat(size, width).astype(np.int64),
        "active": pd.array(np.where(observable, active, 0).ravel(), dtype="Int64"),
        "value": 100.0 * value.ravel(),
        "low": 100.0 * np.asarray(low).ravel(),
        "high": 100.0 * np.asarray(high).ravel(),
        "n": n.ravel().astype(np.int64),
    })
    out.loc[~observable.ravel(), "active"] = pd.NA
    out["method"] = method
    out["confidence_level"] = cl
    out["note"] = np.where(observable.ravel(), "", NOT_OBSERVED)
    return out
