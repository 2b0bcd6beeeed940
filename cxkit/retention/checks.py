"""The data boundary of churn and retention: customer dates, durations, event flags.

One message per kind of problem, each naming what is wrong, what is allowed,
what was given and the offending rows (by the data's index labels, the first
five shown): ``end_date is before start_date in 3 rows (rows 4, 17, 20)``.

Dates must already be ``datetime64`` (timezone-aware columns keep their clock
time). Text dates are refused, never guessed: ``01/02/2024`` is 1 February or
2 January depending on who wrote it. Read them first with
:func:`cxkit.inputs.dates.parse_dates` (ISO 8601, or an explicit
``date_format``) or ``pandas.to_datetime(..., format=...)``.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import require_column, require_frame

_SHOWN = 5

#: Period lengths accepted as ``freq`` and their pandas Period codes.
FREQUENCIES = {"M": "M", "Q": "Q"}


def rows_text(labels) -> str:
    """``"3 rows (rows 4, 17, 20)"``: a count and the first few row labels."""
    labels = list(labels)
    shown = ", ".join(str(label) for label in labels[:_SHOWN]) + (", ..." if len(labels) > _SHOWN else "")
    return f"{len(labels)} row{'s' if len(labels) != 1 else ''} (row{'s' if len(labels) != 1 else ''} {shown})"


def _examples(values) -> str:
    return ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in list(values)[:_SHOWN])


def date_column(frame: pd.DataFrame, name, *, role: str, allow_missing: bool) -> pd.Series:
    """Column ``name`` as naive ``datetime64[ns]``; text, numbers or (unless allowed) missing values raise."""
    series = require_column(frame, name, role=role)
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)
    elif not pd.api.types.is_datetime64_dtype(dtype):
        present = series[series.notna()]
        is_text = present.map(lambda v: isinstance(v, str)) if len(present) else present
        what = "text" if len(present) and bool(is_text.any()) else f"values of dtype {dtype}"
        bad = present[is_text] if what == "text" else present
        raise CxkitTypeError(
            f"{role} column {name!r} holds {what}, not datetime64 dates, in {rows_text(bad.index)}, such as "
            f"{_examples(bad)}. Allowed: a datetime64 column. Text dates are never guessed (is 01/02/2024 "
            f"January or February?): read them first with cxkit.inputs.dates.parse_dates(values, "
            f"date_format='%d.%m.%Y') or pandas.to_datetime(values, format=...)."
        )
    series = series.astype("datetime64[ns]")
    missing = series.isna()
    if missing.any() and not allow_missing:
        raise CxkitValueError(
            f"{role} column {name!r} is missing in {rows_text(series.index[missing])}. Allowed: a date in "
            f"every row (every customer has a start date); drop or fill those rows first."
        )
    return series


def customer_dates(customers, start, end, customer_id=None) -> tuple[pd.Series, pd.Series]:
    """Start and end dates of one row per customer; end NaT = still active (censored)."""
    frame = require_frame(customers, "customers", columns=[start, end, customer_id])
    start_dates = date_column(frame, start, role="start", allow_missing=False)
    end_dates = date_column(frame, end, role="end", allow_missing=True)
    before = end_dates.notna() & (end_dates < start_dates)
    if before.any():
        raise CxkitValueError(
            f"{end} is before {start} in {rows_text(frame.index[before.to_numpy()])}. Allowed: an end date on "
            f"or after the start date, or a missing end date (NaT) for a customer still active."
        )
    if customer_id is not None:
        ids = require_column(frame, customer_id, role="customer_id")
        repeated = ids.duplicated(keep=False) & ids.notna()
        if repeated.any():
            raise CxkitValueError(
                f"customer_id column {customer_id!r} repeats {ids[repeated].nunique()} ids in "
                f"{rows_text(frame.index[repeated.to_numpy()])}, such as {_examples(ids[repeated].unique())}. "
                f"Allowed: one row per customer (combine repeated subscriptions into one row first)."
            )
        absent = ids.isna()
        if absent.any():
            raise CxkitValueError(f"customer_id column {customer_id!r} is missing in "
                                  f"{rows_text(frame.index[absent.to_numpy()])}; every customer needs an id.")
    return start_dates, end_dates


def as_of_date(as_of, start_dates: pd.Series, end_dates: pd.Series) -> pd.Timestamp:
    """The date the data were taken: ``as_of``, or by default the latest start or end date."""
    latest = max(start_dates.max(), end_dates.max() if end_dates.notna().any() else start_dates.max())
    if as_of is None:
        return pd.Timestamp(latest)
    if isinstance(as_of, str) or not isinstance(as_of, (pd.Timestamp, np.datetime64, type(latest.to_pydatetime()))):
        raise CxkitTypeError(f"as_of must be a date (pandas.Timestamp, datetime or numpy.datetime64), not text "
                             f"or a number; got {as_of!r}. Use pandas.Timestamp('2024-06-30').")
    as_of = pd.Timestamp(as_of)
    if as_of.tz is not None:
        as_of = as_of.tz_localize(None)
    if as_of < latest:
        raise CxkitValueError(f"as_of ({as_of}) is before the latest date in the data ({latest}). Allowed: the "
                              f"date the data were taken, on or after every start and end date.")
    return as_of


def durations_array(values, *, role: str = "durations") -> np.ndarray:
    """Finite durations >= 0 as floats; text, NaN, infinite or negative values raise naming the rows."""
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values).ravel() if np.ndim(values)
                                                                      else [values])
    if np.ndim(values) > 1:
        raise CxkitTypeError(f"{role} must be one column of numbers; got an array of shape {np.shape(values)}.")
    if pd.api.types.is_bool_dtype(series.dtype) or not pd.api.types.is_numeric_dtype(series.dtype):
        raise CxkitTypeError(
            f"{role} must be numbers (time until churn or until the data end, in one unit such as months); "
            f"got values of dtype {series.dtype}, such as {_examples(series.head(_SHOWN))}."
        )
    t = series.to_numpy(dtype=float)
    if t.size == 0:
        raise CxkitValueError(f"{role} is empty; a retention curve needs at least one customer.")
    for problem, mask in (("missing (NaN)", np.isnan(t)), ("infinite", np.isinf(t)), ("negative", t < 0)):
        if mask.any():
            raise CxkitValueError(
                f"{role} is {problem} in {rows_text(series.index[mask])}, such as {_examples(t[mask])}. "
                f"Allowed: finite durations >= 0 (a customer still active has the time observed so far)."
            )
    return t


def observed_array(values, n: int, *, role: str = "observed") -> np.ndarray:
    """Event flags as bool: True (or 1) = churned, False (or 0) = still active (censored)."""
    series = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values).ravel() if np.ndim(values)
                                                                      else [values])
    if len(series) != n:
        raise CxkitValueError(f"{role} has {len(series)} values but durations has {n}; give one flag per customer.")
    hint = ("Allowed: True/False or 1/0 (True = churned, False = still active); for text such as 'Yes'/'No' "
            "convert it first, e.g. df['Churn'].eq('Yes').")
    if pd.api.types.is_bool_dtype(series.dtype) and not series.isna().any():
        return series.to_numpy(dtype=bool)
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        present = series.map(lambda v: isinstance(v, (bool, np.bool_, numbers.Real)) and not pd.isna(v))
        if not present.all():
            raise CxkitTypeError(f"{role} is not boolean-like in {rows_text(series.index[~present.to_numpy()])}, "
                                 f"such as {_examples(series[~present.to_numpy()])}. {hint}")
        series = series.astype(float)
    flags = series.to_numpy(dtype=float)
    bad = ~np.isin(flags, (0.0, 1.0))
    if bad.any():
        raise CxkitValueError(f"{role} is not boolean-like in {rows_text(series.index[bad])}, such as "
                              f"{_examples(flags[bad])}. {hint}")
    return flags == 1.0


def frequency(freq) -> str:
    """``"M"`` (months) or ``"Q"`` (quarters)."""
    if not isinstance(freq, str) or freq not in FREQUENCIES:
        raise CxkitValueError(f"freq ({freq!r}) must be one of 'M' (months) or 'Q' (quarters).")
    return FREQUENCIES[freq]
