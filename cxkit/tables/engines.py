"""Where the aggregate runs: in memory with numpy, or in the user's engine through narwhals.

Every grouped table is "aggregate, then infer": one pass builds the group x
answer count table, and the interval maths runs on that small table. This
module decides where the pass runs:

- a pandas DataFrame stays as it is (the numpy path of :mod:`.counts`);
- other in-memory frames (Polars, PyArrow) hand over the columns the call
  needs as a pandas frame, without copying the rest;
- lazy frames (DuckDB relations, Polars LazyFrames, Dask and PySpark
  DataFrames, sqlframe's PySpark API) get ONE ``GROUP BY`` of the group
  columns, the month of the date and the answer, with ``count(*)`` (and the
  sums of the weights and of their squares) pushed down to the engine; only
  that small table comes back, and invalid answers are counted inside it
  (each distinct answer value is one row of it).

The frames are read through narwhals (https://narwhals-dev.github.io), a
small dataframe-agnostic layer, so the same expressions run on every engine.
Missing columns and non-date date columns are told with the same messages as
for pandas (:mod:`cxkit.inputs.columns`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import group_columns, require_columns

#: Column names of the pushed-down aggregate (chosen not to clash with user columns).
MONTH, ANSWER, COUNT, WEIGHT, WEIGHT_SQUARED, BAD_WEIGHTS = (
    "__cx_month", "__cx_answer", "__cx_count", "__cx_weight", "__cx_weight_squared", "__cx_bad_weights")
DATE = "__cx_date"

_SUPPORTED = ("pandas, Polars (eager or lazy), PyArrow tables, DuckDB relations, Dask DataFrames or "
              "PySpark (or sqlframe) DataFrames")


@dataclass(frozen=True)
class Aggregated:
    """The small table an engine returned: one row per group, month and answer value.

    ``table`` holds the ``by`` columns, :data:`DATE` (first day of the month)
    when a period was asked for, :data:`ANSWER`, :data:`COUNT` and, with
    weights, :data:`WEIGHT` and :data:`WEIGHT_SQUARED`.
    """

    table: pd.DataFrame
    engine: str


#: pandas frames at least this long with text group keys are counted by DuckDB (see ``prefer_duckdb``).
DUCKDB_MIN_ROWS = 1_000_000


def _is_text_dtype(dtype) -> bool:
    return isinstance(dtype, pd.StringDtype) or getattr(dtype, "name", "") == "str"


def _sample(column: pd.Series, size: int = 1_000) -> np.ndarray:
    values = column.to_numpy()
    return values[:: max(1, len(values) // size)]


def _looks_like_text(column: pd.Series) -> bool:
    """Text dtypes, or an object column whose sampled values are all text (or missing).

    The sample only picks the path; :func:`as_duckdb` and :func:`restore_keys`
    check every value before a DuckDB count is used.
    """
    if _is_text_dtype(column.dtype):
        return True
    return column.dtype == object and pd.api.types.infer_dtype(_sample(column), skipna=True) in ("string", "empty")


def prefer_duckdb(frame: pd.DataFrame, *, score, by, date, weights, metric: str) -> bool:
    """Whether to count a pandas frame with DuckDB instead of numpy.

    Hashing millions of text keys is pandas' slow part (single-threaded, one
    Python string at a time for object columns); DuckDB groups them in place,
    on every core, and returns the same small table (tests/tables/test_engines.py
    checks the two paths agree); on two or more cores it also beats numpy's
    single-threaded count for plain integer keys. Only for plain cases: at
    least :data:`DUCKDB_MIN_ROWS` rows, ``by`` columns that are all text or
    numpy integers (categorical keys stay with numpy, which counts their codes
    faster), a numeric answer column, weights absent or a column, a
    timezone-naive date, not the CLI.
    """
    if metric == "cli" or len(frame) < DUCKDB_MIN_ROWS or not isinstance(score, str):
        return False
    if weights is not None and not isinstance(weights, str):
        return False
    try:
        by = [by] if isinstance(by, str) else list(by)
        columns = [frame[c] for c in by] + [frame[score]]
        if date is not None and getattr(frame[date].dtype, "tz", None) is not None:
            return False
    except (KeyError, TypeError):
        return False  # let the numpy path name the problem
    if not pd.api.types.is_numeric_dtype(columns[-1]) or pd.api.types.is_bool_dtype(columns[-1]):
        return False
    try:
        import duckdb  # noqa: F401
    except ImportError:  # pragma: no cover - duckdb is a core dependency
        return False
    keys = columns[:-1]
    plain_integers = [c.dtype.kind in "iu" and isinstance(c.dtype, np.dtype) for c in keys]
    texts = [_looks_like_text(c) for c in keys]
    # Categorical keys (and nullable answers beside them) stay with numpy, which counts them faster.
    return bool(keys) and all(t or i for t, i in zip(texts, plain_integers))


_CONNECTION = None


class NotAllText(Exception):
    """An object key column holds values other than text: the numpy path counts it (internal signal)."""


def _object_addresses(column: pd.Series) -> np.ndarray | None:
    """The addresses of an object column's values as int64, without touching the values, or None.

    ``read_csv`` and most ways of building a text column reuse one string
    object for repeated text, so a column of a few hundred segment names
    holds a few hundred distinct objects. Grouping their addresses (int64)
    is several times faster in DuckDB than converting ten million Python
    strings; :func:`restore_keys` then turns each distinct address back into
    its value and checks that every one is text. None when the column's
    values are not shared (more than half of a sample distinct) or its
    memory is not one contiguous run: the caller then checks and converts
    the strings themselves. The view reads the column's own memory, so the
    column must stay alive while it is used (CPython: an object's address is
    its ``id``).
    """
    values = column.to_numpy()
    if values.dtype != object or values.ndim != 1 or values.strides != (values.itemsize,) or not len(values):
        return None
    import ctypes

    addresses = np.ctypeslib.as_array(ctypes.cast(values.ctypes.data, ctypes.POINTER(ctypes.c_int64)),
                                      shape=(len(values),))
    sample = addresses[:: max(1, len(addresses) // 10_000)]
    if len(np.unique(sample)) > len(sample) // 2:
        return None
    return addresses


def _value_at(address: int):
    import ctypes

    return ctypes.cast(address, ctypes.py_object).value


def as_duckdb(frame: pd.DataFrame, columns, by=()):
    """A DuckDB relation over the named columns of a pandas frame, and how to read its keys back.

    Returns ``(relation, keys)``: ``keys`` maps each object ``by`` column that
    is counted by the addresses of its values (see :func:`_object_addresses`)
    to its values, for :func:`restore_keys`. An object column whose values are
    not shared is checked to be all text here (DuckDB would silently turn the
    number 1 into the text "1"); NotAllText when it is not.

    One in-memory DuckDB database per process (opening one costs ~30 ms);
    each call gets its own cursor, so calls from several threads do not share
    a connection.
    """
    global _CONNECTION
    import duckdb

    if _CONNECTION is None:
        _CONNECTION = duckdb.connect()
    by = [by] if isinstance(by, str) else list(by)
    replaced, keys = {}, {}
    for name in dict.fromkeys(by):
        column = frame[name]
        if column.dtype != object:
            continue
        addresses = _object_addresses(column)
        if addresses is None:
            if pd.api.types.infer_dtype(column, skipna=True) not in ("string", "empty"):
                raise NotAllText(name)
            continue
        replaced[name], keys[name] = addresses, column.to_numpy()
    if replaced:
        # Only the columns the call reads, with the addressed keys swapped in (no copy of the others' values).
        frame = pd.DataFrame({c: replaced.get(c, frame[c]) for c in dict.fromkeys(columns)}, copy=False)
    # Otherwise the whole frame, not frame[columns]: a column selection can copy the frame's blocks,
    # while DuckDB reads only the columns the query names.
    return _CONNECTION.cursor().from_df(frame), keys


def restore_keys(small: pd.DataFrame, keys: dict) -> pd.DataFrame:
    """The count table of :func:`as_duckdb` with addressed key columns turned back into their values.

    Every distinct address is looked up once (the values are alive in
    ``keys``); missing values (None, NaN, pd.NA) become None, as DuckDB's
    NULL. Different objects with the same text stay separate rows of the
    small table; the count table adds their counts up. NotAllText when a
    value is neither text nor missing.
    """
    if not keys:
        return small
    small = small.copy()
    for name in keys:  # keys[name] keeps the values (and so their addresses) alive
        addresses = small[name].to_numpy(dtype=np.int64)
        distinct, where = np.unique(addresses, return_inverse=True)
        looked_up = np.empty(len(distinct), dtype=object)
        for i, address in enumerate(distinct.tolist()):
            value = _value_at(address)
            if isinstance(value, str):
                looked_up[i] = value
            elif value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
                looked_up[i] = None
            else:
                raise NotAllText(name)
        small[name] = pd.Series(looked_up[where], index=small.index, dtype=object)
    return small


def _narwhals(data):
    try:
        import narwhals as nw
    except ImportError as exc:  # pragma: no cover - narwhals is a core dependency
        raise CxkitTypeError(f"df must be a pandas DataFrame (narwhals, needed for other frames, is not "
                             f"installed: pip install narwhals); got {type(data).__name__}.") from exc
    return nw


def frame_kind(data, *, name: str = "df") -> str:
    """``"pandas"``, ``"eager"`` (another in-memory frame) or ``"lazy"``; CxkitTypeError otherwise."""
    if isinstance(data, pd.DataFrame):
        return "pandas"
    nw = _narwhals(data)
    frame = nw.from_native(data, pass_through=True)
    if isinstance(frame, nw.DataFrame):
        return "eager"
    if isinstance(frame, nw.LazyFrame):
        return "lazy"
    raise CxkitTypeError(f"{name} must be a pandas DataFrame; got {type(data).__name__}. Also accepted: "
                         f"{_SUPPORTED.removeprefix('pandas, ')}.")


def column_list(data) -> list:
    """The column names of any supported frame."""
    nw = _narwhals(data)
    return list(nw.from_native(data).collect_schema().names())


def _empty_like(names) -> pd.DataFrame:
    """An empty pandas frame with these column names, for the shared column checks."""
    return pd.DataFrame(columns=pd.Index(list(names), dtype=object))


def local_frame(data, columns) -> pd.DataFrame:
    """The named columns of a non-pandas frame as a pandas DataFrame.

    For an in-memory frame, the other columns are not copied; a lazy
    frame selects the columns in its engine and collects them (used only for
    the CLI, which averages each respondent's items row by row).
    """
    nw = _narwhals(data)
    frame = nw.from_native(data)
    present = set(frame.collect_schema().names())
    # Absent names are left out here: the pandas path then names them with its usual message.
    columns = [c for c in dict.fromkeys(columns) if c in present]
    if isinstance(frame, nw.LazyFrame):
        return frame.select(columns).collect(backend="pandas").to_native()
    out = {}
    for name in columns:
        series = frame[name]
        out[name] = series.to_numpy() if series.dtype != nw.String else np.asarray(series.to_list(), dtype=object)
    return pd.DataFrame(out)


def _is_date(dtype, nw) -> bool:
    return dtype == nw.Date or isinstance(dtype, nw.Datetime) or dtype == nw.Datetime


def aggregate(data, *, score: str, by, date: str | None, weights: str | None,
              booleans: bool = False, addressed: dict | None = None) -> Aggregated:
    """One GROUP BY in the frame's own engine; only the small table comes back.

    ``by`` are column names; ``date`` (a column of dates) adds the month of
    each answer; ``weights`` (a column name) adds the sums of the weights and
    of their squares, and counts weights that are missing or negative; with
    ``booleans`` a boolean answer column counts True as 1 (yes/no outcomes);
    ``addressed`` are the key columns :func:`as_duckdb` counts by address.
    """
    nw = _narwhals(data)
    frame = nw.from_native(data)
    schema = frame.collect_schema()
    names = list(schema.names())
    probe = _empty_like(names)
    by = group_columns(probe, by)
    require_columns(probe, [score], role="score")
    if weights is not None:
        if not isinstance(weights, str):
            raise CxkitTypeError(f"weights of a {type(data).__name__} must name its weight column; got "
                                 f"{type(weights).__name__}.")
        require_columns(probe, [weights], role="weights")
    keys = list(by)
    if date is not None:
        require_columns(probe, [date], role="date")
        if not _is_date(schema[date], nw):
            raise CxkitTypeError(f"date column {date!r} must hold dates (datetime64); got dtype {schema[date]}. "
                                 f"Parse it first in the engine (e.g. CAST or strptime).")
        frame = frame.with_columns((nw.col(date).dt.year() * 12 + nw.col(date).dt.month() - 1).alias(MONTH))
        keys.append(MONTH)
    # Derived columns first, then elementary aggregations only (what Dask and Spark push down).
    answer = nw.col(score)
    if booleans and schema[score] == nw.Boolean:
        answer = answer.cast(nw.Int8)
    derived = [answer.alias(ANSWER)]
    aggregations = [nw.len().alias(COUNT)]
    if weights is not None:
        w = nw.col(weights).cast(nw.Float64)
        bad = w.is_null() | (w < 0)
        if schema[weights].is_float():
            bad = bad | w.is_nan()
        derived += [w.alias(WEIGHT), (w * w).alias(WEIGHT_SQUARED), bad.cast(nw.Int64).alias(BAD_WEIGHTS)]
        aggregations += [nw.col(WEIGHT).sum(), nw.col(WEIGHT_SQUARED).sum(), nw.col(BAD_WEIGHTS).sum()]
    if date is not None:
        derived.append(nw.col(date).is_null().cast(nw.Int64).alias("__cx_missing_dates"))
        aggregations.append(nw.col("__cx_missing_dates").sum())
    frame = frame.with_columns(*derived)
    grouped = frame.group_by(keys + [ANSWER], drop_null_keys=False).agg(*aggregations)
    small = grouped.collect(backend="pandas").to_native() if isinstance(grouped, nw.LazyFrame) else \
        grouped.to_pandas()
    small = restore_keys(small, addressed or {})
    if date is not None:
        missing = int(small.pop("__cx_missing_dates").sum())
        if missing:
            raise CxkitValueError(f"date column {date!r} has {missing} missing dates; every answer needs one.")
        months = small.pop(MONTH).to_numpy(dtype=float)
        months = np.where(np.isnan(months), 0, months).astype(np.int64) - 1970 * 12
        small[DATE] = months.astype("datetime64[M]").astype("datetime64[ns]")
    if weights is not None:
        bad = int(small.pop(BAD_WEIGHTS).sum())
        if bad:
            raise CxkitValueError(f"weights must be finite numbers >= 0; {bad} are not (missing or negative "
                                  f"values in column {weights!r}).")
    return Aggregated(table=small.reset_index(drop=True), engine=str(frame.implementation).lower())
