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


def _is_text(column: pd.Series) -> bool:
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) or getattr(dtype, "name", "") == "str":
        return True
    return dtype == object and pd.api.types.infer_dtype(column, skipna=True) == "string"


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
    texts = [_is_text(c) for c in keys]
    # Categorical keys (and nullable answers beside them) stay with numpy, which counts them faster.
    return bool(keys) and all(t or i for t, i in zip(texts, plain_integers))


_CONNECTION = None


def as_duckdb(frame: pd.DataFrame, columns):
    """A DuckDB relation over the named columns of a pandas frame (scanned in place).

    One in-memory DuckDB database per process (opening one costs ~30 ms);
    each call gets its own cursor, so calls from several threads do not share
    a connection.
    """
    global _CONNECTION
    import duckdb

    if _CONNECTION is None:
        _CONNECTION = duckdb.connect()
    # The whole frame, not frame[columns]: a column selection can copy the frame's blocks,
    # while DuckDB reads only the columns the query names.
    return _CONNECTION.cursor().from_df(frame)


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
              booleans: bool = False) -> Aggregated:
    """One GROUP BY in the frame's own engine; only the small table comes back.

    ``by`` are column names; ``date`` (a column of dates) adds the month of
    each answer; ``weights`` (a column name) adds the sums of the weights and
    of their squares, and counts weights that are missing or negative; with
    ``booleans`` a boolean answer column counts True as 1 (yes/no outcomes).
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
