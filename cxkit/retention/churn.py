"""Churn rate per month or quarter, with an interval: ``churn_rate`` and ``churn_rate_counts``.

Definitions
-----------
Periods are calendar months (``freq="M"``) or quarters (``"Q"``), from the
period of the first start date to the period that holds ``as_of`` (the last
day the data cover; by default the latest start or end date). The data end
at the end of that day: a customer without an end date (NaT) is still active
then (right-censored).

``base`` of a period
    Customers active at the end of the previous period: started before the
    period began and not ended before it began.
``churned`` (default, ``include_new=False``)
    Of the base, the customers whose end date falls within the period.
``rate`` (default)
    ``100 * churned / base``: the sources' monthly churn, "customers lost in
    the month / customers at the end of the previous month" (source [000]).
    Given the base, ``churned`` is binomial, so the interval is a binomial one: Wilson's score interval by default (Wilson 1927), or any
    method of :func:`cxkit.stats.proportion.proportion_interval`.

``include_new=True`` also counts customers who joined *and* left within the
period. There is no fixed base for them, so the rate becomes a rate per unit
of exposure:

``exposure``
    Customer-periods at risk: each customer contributes the fraction of the
    period's length (in days, so a 28-day February counts like a 31-day March)
    they were active in it, from ``max(start, period start)`` to
    ``min(end, period end, data end)``. A customer active the whole month
    adds 1 customer-month; one who joined on the 16th of a 30-day month and
    stayed adds 0.5.
``churned``
    Every end date within the period, new customers included.
``rate``
    ``100 * churned / exposure``: churn events per 100 customer-months (or
    customer-quarters), with Garwood's exact Poisson interval (Garwood 1936,
    chi-square form; method ``"poisson-exact"``), the interval for a count of
    events from a constant hazard over a known exposure.

The ``unit`` column says which of the two rates a row holds. A period
without a base (or without exposure) gives NaN with a ``note`` saying why;
the last period, when the data end before it does, is kept with a note
(its rate counts only part of the period: ``as_of`` decides).

Sources
-------
- Wilson, E. B. (1927). Probable inference, the law of succession, and
  statistical inference. JASA 22, 209-212.
- Garwood, F. (1936). Fiducial limits for the Poisson distribution.
  Biometrika 28, 437-442.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..options import check_choice, check_confidence_level
from ..stats.proportion import SHARE_METHODS, proportion_interval
from .checks import as_of_date, frequency, rows_text
from .rates import poisson_rate_interval
from .spans import COUNT, END, END_OFFSET, START, START_OFFSET, Spans, customer_spans

_PERIOD_WORDS = {"M": "month", "Q": "quarter"}
NO_BASE = "no customers active at the end of the previous period"
NO_EXPOSURE = "no customer active during the period"
_OUTPUT_COLUMNS = ("period", "base", "churned", "exposure", "rate", "low", "high", "n", "method",
                   "confidence_level", "unit", "note")


def _bins(spans: Spans, code: str, first: int, k: int):
    """Per group: start and end period index (0..k-1; -1 while active), counts and offsets in days."""
    table = spans.table
    start_month = table[START].to_numpy(dtype=np.int64)
    end_month = table[END].to_numpy(dtype=float)
    ended = ~np.isnan(end_month)
    end_month_int = np.where(ended, end_month, 0).astype(np.int64)
    start_off = table[START_OFFSET].to_numpy(dtype=float)
    end_off = table[END_OFFSET].to_numpy(dtype=float)
    if code == "Q":  # offset into the quarter = offset into the month + days of the quarter's earlier months
        def before_in_quarter(months):
            month_start = months.astype("datetime64[M]")
            quarter_start = (months - months % 3).astype("datetime64[M]")
            return (month_start.astype("datetime64[D]") - quarter_start.astype("datetime64[D]")).astype(float)
        count = table[COUNT].to_numpy(dtype=float)
        start_off = start_off + count * before_in_quarter(start_month)
        end_off = end_off + np.where(ended, count * before_in_quarter(end_month_int), 0.0)
        start_bin, end_bin = start_month // 3 - first, end_month_int // 3 - first
    else:
        start_bin, end_bin = start_month - first, end_month_int - first
    return start_bin, np.where(ended, end_bin, -1), start_off, end_off


def _group_codes(spans: Spans):
    if not spans.by:
        return np.zeros(len(spans.table), dtype=np.int64), pd.DataFrame(index=[0])
    keys = spans.table[spans.by]
    codes, uniques = pd.MultiIndex.from_frame(keys).factorize(sort=True) if len(spans.by) > 1 else \
        pd.factorize(keys.iloc[:, 0], sort=True, use_na_sentinel=False)
    if len(spans.by) > 1:
        labels = pd.DataFrame(list(uniques), columns=spans.by)
    else:
        labels = pd.DataFrame({spans.by[0]: uniques})
    return np.asarray(codes, dtype=np.int64), labels


def churn_rate(customers, *, start="start_date", end="end_date", freq: str = "M", confidence_level: float = 0.95,
               method: str = "wilson", include_new: bool = False, as_of=None, customer_id=None,
               by=None) -> pd.DataFrame:
    """Churn rate per period, with its interval (see the module docstring for every definition).

    Parameters
    ----------
    customers : DataFrame of any supported engine
        One row per customer with a start date and an end date (missing
        while still active), both dates (``datetime64``). Text dates are
        refused, never guessed. pandas, Polars, Arrow, DuckDB relations, Dask
        and PySpark frames are accepted; lazy ones are checked and
        aggregated inside their engine (:mod:`cxkit.retention.spans`): only
        a table of groups x start month x end month comes back.
    start, end : column names
    freq : ``"M"`` (calendar months) or ``"Q"`` (quarters)
    confidence_level : float
    method : str
        Binomial interval of the default rate: ``"wilson"`` (Wilson 1927, the
        default), ``"jeffreys"``, ``"clopper-pearson"``, ``"agresti-coull"``
        or ``"wald"``. With ``include_new=True`` the interval is always
        Garwood's exact Poisson interval (``"poisson-exact"``).
    include_new : bool
        False: the sources' rate, churned / base. True: every churn event of
        the period per customer-period of exposure.
    as_of : date, optional
        The last day the data cover (default: the latest start or end date).
    customer_id : column name, optional
        When given, each id must appear once.
    by : column name or list of names, optional
        One churn table per group (segment, plan, contract ...), the group
        columns first. Every group gets the same periods, from the first
        start in the data to ``as_of``.

    Returns
    -------
    pandas DataFrame with ``[by...,] period, base, churned, [exposure,] rate,
    low, high, n, method, confidence_level, unit, note``; ``rate``, ``low``
    and ``high`` in percent (of the base, or per 100 customer-periods),
    ``n`` the base (or, with ``include_new``, the customers active at some
    time in the period).
    """
    code = frequency(freq)
    cl = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    if not isinstance(include_new, (bool, np.bool_)):
        raise CxkitTypeError(f"include_new must be True or False; got {include_new!r}.")
    spans = customer_spans(customers, start=start, end=end, by=by, customer_id=customer_id)
    clashing = [c for c in spans.by if c in _OUTPUT_COLUMNS]
    if clashing:
        raise CxkitValueError(f"by names column(s) {', '.join(map(repr, clashing))}, which the churn table uses "
                              f"for its own columns ({', '.join(_OUTPUT_COLUMNS)}); rename it first.")
    as_of = as_of_date(as_of, pd.Series([spans.earliest]), pd.Series([spans.latest]))
    data_end = as_of.normalize() + pd.Timedelta(days=1)

    periods = pd.period_range(spans.earliest.to_period(code), as_of.to_period(code), freq=code)
    k = len(periods)
    origin = periods[0].start_time
    bounds = np.array([(p.start_time - origin) / pd.Timedelta(days=1) for p in periods]
                      + [((periods[-1] + 1).start_time - origin) / pd.Timedelta(days=1)])
    period_start, period_end = bounds[:-1], bounds[1:]
    start_bin, end_bin, start_off, end_off = _bins(spans, code, periods[0].ordinal, k)
    group, labels = _group_codes(spans)
    g = len(labels)
    count = spans.table[COUNT].to_numpy(dtype=np.int64)
    ended = end_bin >= 0

    def per_bin(index, weights):
        out = np.zeros((g, k))
        np.add.at(out, (group, index), weights)
        return out

    starts = per_bin(start_bin, count)
    start_offsets = per_bin(start_bin, start_off)
    ends = per_bin(np.where(ended, end_bin, 0), np.where(ended, count, 0))
    end_offsets = per_bin(np.where(ended, end_bin, 0), np.where(ended, end_off, 0.0))
    started_before = np.cumsum(starts, axis=1) - starts  # start period < j
    ended_before = np.cumsum(ends, axis=1) - ends
    base = (started_before - ended_before).astype(np.int64)
    churned_base = per_bin(np.where(ended, end_bin, 0),
                           np.where(ended & (start_bin < end_bin), count, 0)).astype(np.int64)

    word = _PERIOD_WORDS[code]
    data_end_days = (data_end - origin) / pd.Timedelta(days=1)
    incomplete = data_end_days < period_end[-1]
    notes = np.full((g, k), "", dtype=object)
    if not include_new:
        churned, n = churned_base, base
        low, high = proportion_interval(churned, base, confidence_level=cl, method=method)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(base > 0, churned / np.where(base > 0, base, 1), np.nan)
        used, unit, exposure = method, "% of base", None
        notes[base == 0] = NO_BASE
    else:
        churned = ends.astype(np.int64)
        # Customer-days active before each boundary T: sum over starts < T of (T - start) minus the same over
        # stops < T (stop = end date, or the data end for customers still active).
        active_count = starts.sum(axis=1) - ends.sum(axis=1)

        def active_before(j_bound):
            t = bounds[j_bound]
            upto = np.arange(k) < j_bound
            from_starts = (starts * (t - period_start) - start_offsets)[:, upto].sum(axis=1)
            from_ends = (ends * (t - period_start) - end_offsets)[:, upto].sum(axis=1)
            still_active = active_count * max(t - data_end_days, 0.0)
            return from_starts - from_ends - still_active

        cumulative = np.stack([active_before(j) for j in range(k + 1)], axis=1)
        exposure = np.clip(np.diff(cumulative, axis=1), 0.0, None) / (period_end - period_start)
        exposure = np.where(exposure < 1e-9, 0.0, exposure)
        low, high = poisson_rate_interval(churned, exposure, confidence_level=cl)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(exposure > 0, churned / np.where(exposure > 0, exposure, 1.0), np.nan)
        n = (np.cumsum(starts, axis=1) - ended_before).astype(np.int64)
        used, unit = "poisson-exact", f"churn events per 100 customer-{word}s"
        notes[~(exposure > 0)] = NO_EXPOSURE
    if incomplete:
        last = f"incomplete {word}: the data end on {as_of:%Y-%m-%d}"
        notes[:, -1] = [f"{x}; {last}" if x else last for x in notes[:, -1]]

    out = labels.loc[labels.index.repeat(k)].reset_index(drop=True) if spans.by else pd.DataFrame()
    out["period"] = np.tile(periods, g) if g > 1 else periods
    out["base"] = base.ravel()
    out["churned"] = np.asarray(churned, dtype=np.int64).ravel()
    if exposure is not None:
        out["exposure"] = exposure.ravel()
    out["rate"] = 100.0 * rate.ravel()
    out["low"] = 100.0 * np.asarray(low, dtype=float).ravel()
    out["high"] = 100.0 * np.asarray(high, dtype=float).ravel()
    out["n"] = np.asarray(n, dtype=np.int64).ravel()
    out["method"] = used
    out["confidence_level"] = cl
    out["unit"] = unit
    out["note"] = notes.ravel()
    return out


def _count_values(values, role: str) -> pd.Series:
    if isinstance(values, pd.Series):
        series = values
    else:
        array = np.asarray(values)
        if array.ndim > 1:
            raise CxkitTypeError(f"{role} must be a number or one column of numbers; got shape {array.shape}.")
        series = pd.Series(np.atleast_1d(array))
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise CxkitTypeError(f"{role} must be counts (whole numbers >= 0); got values of dtype {series.dtype}, "
                             f"such as {', '.join(repr(v) for v in series.head(5))}.")
    x = series.to_numpy(dtype=float)
    bad = ~(np.isfinite(x) & (x >= 0) & (x == np.round(x)))
    if bad.any():
        raise CxkitValueError(f"{role} must be whole numbers >= 0; it is not in {rows_text(series.index[bad])}, "
                              f"such as {', '.join(repr(v) for v in x[bad][:5].tolist())}.")
    return series


def churn_rate_counts(churned, base, *, confidence_level: float = 0.95, method: str = "wilson") -> pd.DataFrame:
    """Churn rate from counts already at hand: ``100 * churned / base`` with a binomial interval.

    Vectorised: ``churned`` and ``base`` are numbers or equal-length columns
    (one may be a scalar). ``method`` as in :func:`churn_rate` (Wilson 1927
    by default). A base of 0 gives NaN with a ``note``.

    Returns
    -------
    pandas DataFrame with ``churned, base, rate, low, high, n, method,
    confidence_level, unit, note`` (the index of a Series argument is kept).
    """
    cl = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    x, b = _count_values(churned, "churned"), _count_values(base, "base")
    index = x.index if isinstance(churned, pd.Series) else b.index if isinstance(base, pd.Series) else None
    if len(x) != len(b) and 1 not in (len(x), len(b)):
        raise CxkitValueError(f"churned has {len(x)} values and base has {len(b)}; give equal lengths "
                              f"(or one number for either).")
    xs, bs = np.broadcast_arrays(x.to_numpy(dtype=float), b.to_numpy(dtype=float))
    if index is None or len(index) != len(xs):
        index = pd.RangeIndex(len(xs))
    over = xs > bs
    if over.any():
        raise CxkitValueError(f"churned is larger than base in {rows_text(index[over])}. Allowed: churned <= "
                              f"base (the churned customers are part of the base).")
    low, high = proportion_interval(xs, bs, confidence_level=cl, method=method)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(bs > 0, xs / np.where(bs > 0, bs, 1.0), np.nan)
    return pd.DataFrame({
        "churned": xs.astype(np.int64), "base": bs.astype(np.int64), "rate": 100.0 * rate,
        "low": 100.0 * low, "high": 100.0 * high, "n": bs.astype(np.int64), "method": method,
        "confidence_level": cl, "unit": "% of base", "note": np.where(bs > 0, "", NO_BASE),
    }, index=index)
