"""The transaction table of the CLV functions, checked once.

A transaction table has one row per purchase (or purchase line): a customer
column, a date column that is already ``datetime64`` (cxkit never guesses how
text dates are written: parse them first with ``pd.to_datetime(...,
format=...)`` or :func:`cxkit.inputs.dates.parse_dates`), and an amount column
of finite numbers >= 0. Every problem is an error naming the offending rows by
their index label, e.g. ``amount has 3 negative values (rows 4, 17, 20); amounts
must be >= 0``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import require_column, require_frame

__all__ = ["check_transactions", "check_timestamp", "rows_text", "customer_totals", "days_since_epoch"]

#: How many row labels a message lists before "...".
SHOWN_ROWS = 5


def rows_text(labels) -> str:
    """``"rows 4, 17, 20"`` (at most :data:`SHOWN_ROWS` labels, then ``...``)."""
    labels = list(labels)
    shown = ", ".join(str(v) for v in labels[:SHOWN_ROWS])
    word = "row" if len(labels) == 1 else "rows"
    return f"{word} {shown}" + (", ..." if len(labels) > SHOWN_ROWS else "")


def check_timestamp(value, *, name: str) -> pd.Timestamp:
    """A single date given as a pandas Timestamp, datetime, numpy datetime64 or ISO text ``"1997-09-30"``.

    Text is accepted only in ISO 8601 form (YYYY-MM-DD, optionally with a time),
    which has one reading; anything else is an error.
    """
    if isinstance(value, str):
        try:
            stamp = pd.Timestamp.fromisoformat(value)
        except ValueError:
            raise CxkitValueError(f"{name} ({value!r}) must be a date: a Timestamp, datetime or ISO text "
                                  f"such as '1997-09-30'.") from None
    elif isinstance(value, (pd.Timestamp, np.datetime64)) or hasattr(value, "year"):
        try:
            stamp = pd.Timestamp(value)
        except (TypeError, ValueError):
            raise CxkitTypeError(f"{name} must be a date; got {type(value).__name__} {value!r}.") from None
    else:
        raise CxkitTypeError(f"{name} must be a date (a Timestamp, datetime or ISO text such as '1997-09-30'); "
                             f"got {type(value).__name__} {value!r}.")
    if pd.isna(stamp):
        raise CxkitValueError(f"{name} is missing (NaT); it must be a date such as '1997-09-30'.")
    if stamp.tzinfo is not None:
        raise CxkitValueError(f"{name} ({value!r}) has a time zone; give a date without time zone, "
                              f"like the transaction dates.")
    return stamp


def check_transactions(tx, *, customer, date, amount=None, name: str = "tx") -> pd.DataFrame:
    """The checked columns of a transaction table, renamed ``customer``, ``date`` (and ``amount``).

    Raises
    ------
    CxkitTypeError
        ``tx`` is not a DataFrame; the date column is not datetime64 (text
        dates must be parsed first); the amount column is not numeric.
    CxkitValueError
        A column is missing; missing customers or dates; dates with a time
        zone; missing, infinite or negative amounts; an empty table.
    """
    frame = require_frame(tx, name, columns=[customer, date, amount])
    cust = require_column(frame, customer, role="customer")
    when = require_column(frame, date, role="date")
    if len(frame) == 0:
        raise CxkitValueError(f"{name} has no rows; the CLV functions need at least one transaction.")
    missing = cust.isna().to_numpy()
    if missing.any():
        raise CxkitValueError(f"customer column {customer!r} has {int(missing.sum())} missing values "
                              f"({rows_text(frame.index[missing])}); every transaction needs a customer.")
    if isinstance(when.dtype, pd.DatetimeTZDtype):
        raise CxkitValueError(f"date column {date!r} has a time zone ({when.dtype}); convert it to local dates "
                              f"without time zone first, e.g. tx[{date!r}].dt.tz_localize(None).")
    if not pd.api.types.is_datetime64_dtype(when.dtype):
        kind = "text" if when.dtype == object or pd.api.types.is_string_dtype(when.dtype) else str(when.dtype)
        raise CxkitTypeError(f"date column {date!r} holds {kind}, not dates (datetime64); cxkit does not guess "
                             f"how dates are written: parse them first, e.g. pd.to_datetime(tx[{date!r}], "
                             f"format='%Y-%m-%d').")
    nat = when.isna().to_numpy()
    if nat.any():
        raise CxkitValueError(f"date column {date!r} has {int(nat.sum())} missing dates "
                              f"({rows_text(frame.index[nat])}); every transaction needs a date.")
    out = pd.DataFrame({"customer": cust.to_numpy(), "date": when.to_numpy()})
    if amount is not None:
        money = require_column(frame, amount, role="amount")
        if not (pd.api.types.is_numeric_dtype(money.dtype) and not pd.api.types.is_bool_dtype(money.dtype)):
            raise CxkitTypeError(f"amount column {amount!r} must hold numbers; it holds {money.dtype} "
                                 f"(e.g. {money.iloc[0]!r}).")
        values = money.to_numpy(dtype=float, na_value=np.nan)
        for bad, what, rule in ((np.isnan(values), "missing values", "every transaction needs an amount"),
                                (np.isinf(values), "infinite values", "amounts must be finite"),
                                (values < 0, "negative values", "amounts must be >= 0")):
            if bad.any():
                raise CxkitValueError(f"amount has {int(bad.sum())} {what} ({rows_text(frame.index[bad])}); "
                                      f"{rule}.")
        out["amount"] = values
    return out


def days_since_epoch(stamp: pd.Timestamp) -> float:
    """Whole days from 1970-01-01 to the day of ``stamp``."""
    return float((pd.Timestamp(stamp).normalize() - pd.Timestamp("1970-01-01")).days)


def customer_totals(tx, *, customer, date, amount):
    """Per customer (sorted): total revenue and first purchase day (days since 1970-01-01); and the last day.

    A lazy frame is checked and summed in its engine
    (:func:`cxkit.value.rfm_engine.engine_customer_totals`); only one row per
    customer comes back.
    """
    from ..tables.engines import frame_kind

    if not isinstance(tx, pd.DataFrame) and frame_kind(tx, name="tx") == "lazy":
        from .rfm_engine import engine_customer_totals

        return engine_customer_totals(tx, customer=customer, date=date, amount=amount)
    data = check_transactions(tx, customer=customer, date=date, amount=amount)
    grouped = data.assign(day=data["date"].dt.normalize()).groupby("customer", sort=True)
    first = (grouped["day"].min() - pd.Timestamp("1970-01-01")) / pd.Timedelta(days=1)
    return (grouped["amount"].sum().to_numpy(dtype=float), first.to_numpy(dtype=float),
            data["date"].max().normalize())
