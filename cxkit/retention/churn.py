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
from .checks import as_of_date, customer_dates, frequency, rows_text
from .rates import poisson_rate_interval

_PERIOD_WORDS = {"M": "month", "Q": "quarter"}
NO_BASE = "no customers active at the end of the previous period"
NO_EXPOSURE = "no customer active during the period"


def _days(values, origin: pd.Timestamp) -> np.ndarray:
    """Dates as float days since ``origin`` (NaT stays NaN)."""
    delta = (pd.DatetimeIndex(values) - origin).to_numpy().astype("timedelta64[ns]")
    return np.where(np.isnat(delta), np.nan, delta.astype(np.int64) / 86_400e9)


def _active_time_before(times: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """``A(T) = sum_i clip(min(stop_i, T) - start_i, 0)`` at each T: customer-days active before T."""
    starts, stops = np.sort(starts), np.sort(stops)
    cum_starts = np.concatenate([[0.0], np.cumsum(starts)])
    cum_stops = np.concatenate([[0.0], np.cumsum(stops)])
    k_start = np.searchsorted(starts, times, side="left")
    k_stop = np.searchsorted(stops, times, side="left")
    return (k_start * times - cum_starts[k_start]) - (k_stop * times - cum_stops[k_stop])


def churn_rate(customers, *, start="start_date", end="end_date", freq: str = "M", confidence_level: float = 0.95,
               method: str = "wilson", include_new: bool = False, as_of=None, customer_id=None) -> pd.DataFrame:
    """Churn rate per period, with its interval (see the module docstring for every definition).

    Parameters
    ----------
    customers : pandas DataFrame
        One row per customer with a start date and an end date (NaT while
        still active), both ``datetime64``. Text dates are refused, never guessed.
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

    Returns
    -------
    pandas DataFrame with ``period, base, churned, [exposure,] rate, low,
    high, n, method, confidence_level, unit, note``; ``rate``, ``low`` and
    ``high`` in percent (of the base, or per 100 customer-periods), ``n``
    the base (or, with ``include_new``, the customers active at some time in
    the period).
    """
    code = frequency(freq)
    cl = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    if not isinstance(include_new, (bool, np.bool_)):
        raise CxkitTypeError(f"include_new must be True or False; got {include_new!r}.")
    start_dates, end_dates = customer_dates(customers, start, end, customer_id)
    if len(start_dates) == 0:
        raise CxkitValueError("customers has no rows; a churn rate needs at least one customer.")
    as_of = as_of_date(as_of, start_dates, end_dates)
    data_end = as_of.normalize() + pd.Timedelta(days=1)

    periods = pd.period_range(start_dates.min().to_period(code), as_of.to_period(code), freq=code)
    origin = periods[0].start_time
    bounds = _days(pd.DatetimeIndex([p.start_time for p in periods] + [(periods[-1] + 1).start_time]), origin)
    period_start, period_end = bounds[:-1], bounds[1:]
    s = _days(start_dates, origin)
    e = _days(end_dates, origin)
    ended = ~np.isnan(e)
    # Period index of each start and each end date (bounds are increasing).
    start_index = np.searchsorted(bounds, s, side="right") - 1
    end_index = np.searchsorted(bounds, e[ended], side="right") - 1
    k = len(periods)
    starts_sorted, ends_sorted = np.sort(s), np.sort(e[ended])
    started_before = np.searchsorted(starts_sorted, period_start, side="left")
    ended_before = np.searchsorted(ends_sorted, period_start, side="left")
    base = (started_before - ended_before).astype(np.int64)
    churned_base = np.bincount(end_index[start_index[ended] < end_index], minlength=k).astype(np.int64)

    word = _PERIOD_WORDS[code]
    notes = [[] for _ in range(k)]
    data_end_days = _days(pd.DatetimeIndex([data_end]), origin)[0]
    if data_end_days < period_end[-1]:
        notes[-1].append(f"incomplete {word}: the data end on {as_of:%Y-%m-%d}")

    out = pd.DataFrame({"period": periods, "base": base})
    if not include_new:
        churned = churned_base
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(base > 0, churned / np.where(base > 0, base, 1), np.nan)
        low, high = proportion_interval(churned, base, confidence_level=cl, method=method)
        out["churned"] = churned
        n, used, unit = base, method, "% of base"
        for i in np.flatnonzero(base == 0):
            notes[i].insert(0, NO_BASE)
    else:
        churned = np.bincount(end_index, minlength=k).astype(np.int64)
        stops = np.where(ended, e, data_end_days)
        active = _active_time_before(period_end, s, stops) - _active_time_before(period_start, s, stops)
        exposure = np.clip(active, 0.0, None) / (period_end - period_start)
        low, high = poisson_rate_interval(churned, exposure, confidence_level=cl)
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(exposure > 0, churned / np.where(exposure > 0, exposure, 1.0), np.nan)
        # Customers active at some time in the period: started before its end, not ended before its start.
        n = (np.searchsorted(starts_sorted, period_end, side="left") - ended_before).astype(np.int64)
        out["churned"] = churned
        out["exposure"] = exposure
        used, unit = "poisson-exact", f"churn events per 100 customer-{word}s"
        for i in np.flatnonzero(~(exposure > 0)):
            notes[i].insert(0, NO_EXPOSURE)
    out["rate"] = 100.0 * rate
    out["low"] = 100.0 * np.asarray(low, dtype=float)
    out["high"] = 100.0 * np.asarray(high, dtype=float)
    out["n"] = np.asarray(n, dtype=np.int64)
    out["method"] = used
    out["confidence_level"] = cl
    out["unit"] = unit
    out["note"] = ["; ".join(items) for items in notes]
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
