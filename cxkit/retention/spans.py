"""Customer spans aggregated where the data live: the small table churn rates and cohorts need.

Churn per period and cohort retention depend on each customer's start and
end date only through (a) the calendar month each falls in and (b) how far
into that month it falls. So one ``GROUP BY`` of ``by`` columns x start
month x end month, with ``count(*)`` and the sums of the two in-month
offsets (in days), holds everything :func:`cxkit.retention.churn_rate` and
:func:`cxkit.retention.cohort_retention` compute, exactly (the exposure of
``include_new`` is linear in the dates, so sums suffice). The table has at
most groups x months^2 rows, whatever the number of customers.

- pandas (and other in-memory frames) are checked row by row, so errors
  name the offending rows by index label (``checks.customer_dates``), then
  aggregated with numpy;
- lazy frames (DuckDB relations, Polars LazyFrames, Dask and PySpark
  DataFrames) run the checks and the aggregate as queries in their engine:
  the number of missing starts, of ends before starts and of repeated ids
  is counted there, and only a few example rows come back with an error.

Quarters are built from the months afterwards (a month's offset into its
quarter is its offset into the month plus the days of the quarter's earlier
months), so engines only ever extract year, month, day and time of day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import group_columns, require_columns
from ..tables.engines import column_list, frame_kind, local_frame
from .checks import customer_dates

START, END, COUNT, START_OFFSET, END_OFFSET = (
    "__cx_start_month", "__cx_end_month", "__cx_count", "__cx_start_offset", "__cx_end_offset")
_SHOWN = 5


@dataclass(frozen=True)
class Spans:
    """Customers by group, start month and end month (``END`` NaN while active).

    ``table`` columns: the ``by`` columns, ``START`` and ``END`` (pandas
    monthly Period ordinals, months since 1970-01), ``COUNT``, and the sums
    of the start and end offsets into their months in days (``START_OFFSET``,
    ``END_OFFSET``; 0 for active customers). ``earliest`` and ``latest`` are
    the first start and the latest start or end date.
    """

    table: pd.DataFrame
    by: list
    earliest: pd.Timestamp
    latest: pd.Timestamp

    @property
    def n_customers(self) -> int:
        return int(self.table[COUNT].sum())


def _offsets(dates: pd.Series) -> np.ndarray:
    """Days from the first of the month to each date (fractional; NaN for NaT)."""
    values = dates.to_numpy(dtype="datetime64[ns]")
    month_start = values.astype("datetime64[M]").astype("datetime64[ns]")
    delta = (values - month_start).astype(np.int64) / 86_400e9
    return np.where(np.isnat(values), np.nan, delta)


def _month_ordinals(dates: pd.Series) -> np.ndarray:
    values = dates.to_numpy(dtype="datetime64[ns]")
    months = values.astype("datetime64[M]").astype(np.int64).astype(float)
    return np.where(np.isnat(values), np.nan, months)


def _local_spans(frame: pd.DataFrame, *, start, end, by, customer_id) -> Spans:
    start_dates, end_dates = customer_dates(frame, start, end, customer_id)
    if len(start_dates) == 0:
        raise CxkitValueError("customers has no rows; churn and retention need at least one customer.")
    table = pd.DataFrame({c: frame[c].to_numpy() for c in by})
    table[START] = _month_ordinals(start_dates).astype(np.int64)
    table[END] = _month_ordinals(end_dates)
    table[START_OFFSET] = _offsets(start_dates)
    table[END_OFFSET] = np.nan_to_num(_offsets(end_dates))
    table[COUNT] = 1
    grouped = table.groupby(by + [START, END], dropna=False, sort=True, observed=True).agg(
        {COUNT: "sum", START_OFFSET: "sum", END_OFFSET: "sum"}).reset_index()
    latest = max(start_dates.max(), end_dates.max() if end_dates.notna().any() else start_dates.max())
    return Spans(grouped, list(by), pd.Timestamp(start_dates.min()), pd.Timestamp(latest))


def _is_date(dtype, nw) -> bool:
    return dtype == nw.Date or isinstance(dtype, nw.Datetime) or dtype == nw.Datetime


def _examples(frame, condition, columns) -> str:
    rows = frame.filter(condition).select(columns).head(_SHOWN).collect(backend="pandas").to_native()
    return "; ".join(", ".join(f"{c}={row[c]!r}" for c in columns) for _, row in rows.iterrows())


def _lazy_spans(data, *, start, end, by, customer_id) -> Spans:
    import narwhals as nw

    frame = nw.from_native(data)
    schema = frame.collect_schema()
    probe = pd.DataFrame(columns=pd.Index(list(schema.names()), dtype=object))
    require_columns(probe, [start], role="start")
    require_columns(probe, [end], role="end")
    for name, role in ((start, "start"), (end, "end")):
        if not _is_date(schema[name], nw):
            raise CxkitTypeError(
                f"{role} column {name!r} holds values of dtype {schema[name]}, not dates. Allowed: a date or "
                f"datetime column. Text dates are never guessed (is 01/02/2024 January or February?): parse "
                f"them first in the engine with an explicit format (e.g. strptime / CAST).")
    s, e = nw.col(start), nw.col(end)
    zoned = [c for c in (start, end) if isinstance(schema[c], nw.Datetime) and schema[c].time_zone]
    engine = str(frame.implementation).lower()
    if zoned and ("duckdb" in engine or "spark" in engine):
        raise CxkitTypeError(
            f"column(s) {', '.join(map(repr, zoned))} hold times with a time zone in a {type(data).__name__}, whose "
            f"engine keeps one zone per session, not per column, so the customers' own calendar months are lost "
            f"(a customer who started at 00:30 local time would fall in the previous month in UTC). Allowed: "
            f"local dates without a zone; convert them in the engine first, e.g. timezone('Europe/Riga', col) "
            f"in DuckDB.")
    if isinstance(schema[start], nw.Datetime) and schema[start].time_zone:
        s = s.dt.replace_time_zone(None)
    if isinstance(schema[end], nw.Datetime) and schema[end].time_zone:
        e = e.dt.replace_time_zone(None)
    frame = frame.with_columns(s.alias("__cx_s"), e.alias("__cx_e"))
    s, e = nw.col("__cx_s"), nw.col("__cx_e")

    checks = [s.is_null().cast(nw.Int64).sum().alias("missing"),
              ((e < s) & ~e.is_null()).cast(nw.Int64).sum().alias("before"), nw.len().alias("rows")]
    if customer_id is not None:
        require_columns(probe, [customer_id], role="customer_id")
        checks += [nw.col(customer_id).n_unique().alias("ids"),
                   nw.col(customer_id).is_null().cast(nw.Int64).sum().alias("no_id")]
    counts = frame.select(*checks).collect(backend="pandas").to_native().iloc[0]
    shown = [c for c in dict.fromkeys([customer_id, start, end]) if c is not None]
    if counts["rows"] == 0:
        raise CxkitValueError("customers has no rows; churn and retention need at least one customer.")
    if counts["missing"]:
        raise CxkitValueError(
            f"start column {start!r} is missing in {int(counts['missing'])} rows, such as "
            f"{_examples(frame, s.is_null(), shown)}. Allowed: a date in every row (every customer has a start "
            f"date); drop or fill those rows first.")
    if counts["before"]:
        raise CxkitValueError(
            f"{end} is before {start} in {int(counts['before'])} rows, such as "
            f"{_examples(frame, (e < s) & ~e.is_null(), shown)}. Allowed: an end date on or after the start "
            f"date, or a missing end date for a customer still active.")
    if customer_id is not None:
        if counts["no_id"]:
            raise CxkitValueError(f"customer_id column {customer_id!r} is missing in {int(counts['no_id'])} rows; "
                                  f"every customer needs an id.")
        repeated = int(counts["rows"]) - int(counts["ids"])
        if repeated:
            dupes = (frame.group_by(customer_id).agg(nw.len().alias("__cx_n")).filter(nw.col("__cx_n") > 1)
                     .select(customer_id).head(_SHOWN).collect(backend="pandas").to_native()[customer_id])
            raise CxkitValueError(
                f"customer_id column {customer_id!r} repeats ids ({repeated} rows more than distinct ids), such "
                f"as {', '.join(map(repr, dupes.tolist()))}. Allowed: one row per customer (combine repeated "
                f"subscriptions into one row first).")

    def month(col):
        return col.dt.year() * 12 + col.dt.month() - 1 - 1970 * 12

    def offset(col):
        return ((col.dt.day() - 1) + col.dt.hour() / 24 + col.dt.minute() / 1440 + col.dt.second() / 86400
                + col.dt.microsecond() / 86_400e6)

    frame = frame.with_columns(month(s).alias(START), month(e).alias(END), offset(s).alias(START_OFFSET),
                               offset(e).alias(END_OFFSET))
    grouped = frame.group_by(list(by) + [START, END], drop_null_keys=False).agg(
        nw.len().alias(COUNT), nw.col(START_OFFSET).sum(), nw.col(END_OFFSET).sum(),
        s.min().alias("__cx_first"), s.max().alias("__cx_last_start"), e.max().alias("__cx_last_end"))
    small = grouped.collect(backend="pandas").to_native()
    first = pd.Timestamp(small.pop("__cx_first").min())
    last_start, last_end = small.pop("__cx_last_start").max(), small.pop("__cx_last_end").max()
    latest = pd.Timestamp(last_start if pd.isna(last_end) else max(last_start, last_end))
    small[START] = small[START].astype(np.int64)
    small[END] = pd.to_numeric(small[END], errors="raise").astype(float)
    small[END_OFFSET] = small[END_OFFSET].astype(float).fillna(0.0)
    small[START_OFFSET] = small[START_OFFSET].astype(float)
    small[COUNT] = small[COUNT].astype(np.int64)
    small = small.sort_values(list(by) + [START, END], na_position="last", kind="stable").reset_index(drop=True)
    return Spans(small, list(by), first, latest)


def customer_spans(customers, *, start, end, by=None, customer_id=None) -> Spans:
    """Check one-row-per-customer data and aggregate it into :class:`Spans` in its own engine."""
    kind = frame_kind(customers, name="customers")
    if by is None:
        by = []
    if kind == "lazy":
        names = column_list(customers)
        by = group_columns(pd.DataFrame(columns=pd.Index(names, dtype=object)), by)
        return _lazy_spans(customers, start=start, end=end, by=by, customer_id=customer_id)
    if kind != "pandas":
        names = [start, end] + ([customer_id] if customer_id is not None else [])
        names += [by] if isinstance(by, str) else list(by or ())
        customers = local_frame(customers, names)
    by = group_columns(customers, by)
    return _local_spans(customers, start=start, end=end, by=by, customer_id=customer_id)
