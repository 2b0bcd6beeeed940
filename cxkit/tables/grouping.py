"""Group codes and the group x answer count table, built in one pass.

Every discrete-scale metric is a function of its answer counts, so a grouped
summary needs only the table of how many answers each group gave at each
point of the scale. This module turns the ``by`` columns into integer codes
(cheaply: categorical codes as they are, small-range integers by offset,
anything else by ``pandas.factorize``), then walks the rows once, in chunks
so that memory stays bounded, adding ``numpy.bincount`` of
``group * (points + 2) + answer code`` into the table. The two extra columns
count missing and invalid answers, so nothing is silently dropped.

Groups are the full product of the levels of the ``by`` columns (a region
with no answers in a month still gets its row, with ``n = 0``), and a derived
period runs through every month or quarter from the first to the last.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.dates import ISO_8601, parse_dates
from ..options import check_choice
from ..errors import CxkitValueError, CxkitTypeError
from ..inputs.columns import group_columns, require_column

PERIODS = ("M", "Q")
#: Rows per chunk of the counting pass: bounds the temporaries to a few MB.
CHUNK_ROWS = 1 << 20
#: Above this many combinations only observed combinations become rows.
MAX_FULL_PRODUCT = 1_000_000


@dataclass(frozen=True)
class Groups:
    """Integer codes of each ``by`` column and the levels they stand for."""

    names: tuple[str, ...]
    codes: tuple[np.ndarray, ...]
    levels: tuple[pd.Index, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(level) for level in self.levels)

    @property
    def count(self) -> int:
        return int(np.prod(self.sizes, dtype=np.int64)) if self.names else 1


def _codes_of(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes 0..k-1 of a column and its k levels (missing keys are a level too)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        levels = pd.Index(column.cat.categories)
        if len(codes) and codes.min() < 0:
            codes = np.where(codes < 0, len(levels), codes)
            levels = levels.append(pd.Index([np.nan]))
        return codes, levels
    if getattr(column.dtype, "kind", "O") in "iu" and len(column):
        values = column.to_numpy()
        low, high = values.min(), values.max()
        if int(high) - int(low) < 4 * len(values) + 1024:
            return _offset_codes(values, int(low), int(high))
    # Text keys: factorize as stored (no object copy of a string column), then add
    # missing keys as a last level only if there are any (cheaper than use_na_sentinel=False).
    codes, uniques = pd.factorize(column, sort=True)
    levels = pd.Index(uniques)
    if len(codes) and codes.min() < 0:
        codes = np.where(codes < 0, len(levels), codes)
        levels = levels.append(pd.Index([np.nan]))
    return codes, levels


def _offset_codes(values: np.ndarray, low: int, high: int) -> tuple[np.ndarray, pd.Index]:
    """Codes of small-range integers: offset, then squeeze out values that never occur."""
    offset = values.astype(np.int64) - low
    present = np.bincount(offset, minlength=high - low + 1) > 0
    if present.all():
        return offset, pd.Index(np.arange(low, high + 1))
    remap = np.cumsum(present) - 1
    return remap[offset], pd.Index(np.flatnonzero(present) + low)


def _period_codes(dates: pd.Series, period: str, date_format: str | None = None) -> tuple[np.ndarray, pd.Index]:
    """Month or quarter of each date, as codes over every period from the first to the last.

    Text dates are read by :func:`cxkit.inputs.dates.parse_dates`: ISO 8601,
    or exactly ``date_format``; day and month are never guessed.
    """
    if not pd.api.types.is_datetime64_any_dtype(dates):
        if not (pd.api.types.is_string_dtype(dates) or dates.dtype == object):
            raise CxkitTypeError(
                f"date column {dates.name!r} must hold dates (datetime64) or text dates; got dtype {dates.dtype}."
            )
        if date_format is None and not dates.dropna().astype(str).str.strip().str.fullmatch(ISO_8601).any():
            examples = ", ".join(repr(v) for v in dates.dropna().head(3))
            raise CxkitTypeError(
                f"date column {dates.name!r} must hold dates (datetime64) or ISO 8601 text dates; none of its "
                f"values is one (e.g. {examples}). For another form of text pass date_format, such as "
                f"'%d.%m.%Y' (day and month are never guessed)."
            )
        dates = pd.Series(parse_dates(dates, date_format=date_format, column=str(dates.name)), name=dates.name)
    if dates.isna().any():
        raise CxkitValueError(f"date column {dates.name!r} has {int(dates.isna().sum())} missing dates; every answer needs one.")
    values = dates.dt.tz_localize(None).to_numpy() if getattr(dates.dt, "tz", None) else dates.to_numpy()
    months = values.astype("datetime64[M]").astype(np.int64) if len(values) else np.zeros(0, np.int64)
    index = months if period == "M" else np.floor_divide(months, 3)
    first, last = (int(index.min()), int(index.max())) if len(index) else (0, -1)
    codes = index - first
    steps = np.arange(first, last + 1)
    if period == "M":
        labels = [f"{1970 + m // 12:04d}-{m % 12 + 1:02d}" for m in steps]
    else:
        labels = [f"{1970 + q // 4:04d}Q{q % 4 + 1}" for q in steps]
    return codes, pd.Index(labels)


def group_codes(frame: pd.DataFrame, by=(), *, period: str | None = None, date: str | None = None,
                date_format: str | None = None) -> Groups:
    """Codes of the ``by`` columns, plus a ``period`` column derived from ``date``."""
    by = group_columns(frame, by)
    names, codes, levels = [], [], []
    for name in by:
        c, lv = _codes_of(frame[name])
        names.append(str(name))
        codes.append(c)
        levels.append(lv)
    if period is not None or date is not None:
        if period is None or date is None:
            raise CxkitValueError("period and date go together: period='M' or 'Q' with date='<date column>'.")
        check_choice("period", period, PERIODS)
        dates = require_column(frame, date, role="date")
        if "period" in names:
            raise CxkitValueError("by already has a column named 'period'; rename it to derive a period from date.")
        c, lv = _period_codes(dates, period, date_format)
        names.append("period")
        codes.append(c)
        levels.append(lv)
    return Groups(tuple(names), tuple(codes), tuple(levels))


def combined_codes(groups: Groups, rows: slice) -> np.ndarray:
    """One int64 code per row in ``rows`` (a slice with explicit start and stop):
    the row-major index into the product of the groups' levels."""
    if not groups.codes:
        return np.zeros(rows.stop - rows.start, dtype=np.int64)
    key = groups.codes[0][rows].astype(np.int64)
    for codes, size in zip(groups.codes[1:], groups.sizes[1:]):
        key *= size
        key += codes[rows]
    return key


def group_table(groups: Groups, observed: np.ndarray | None = None) -> pd.DataFrame:
    """The group columns for every combination (or only ``observed`` combination codes)."""
    if not groups.names:
        return pd.DataFrame(index=range(1))
    combos = np.arange(groups.count) if observed is None else observed
    positions = np.unravel_index(combos, groups.sizes)
    return pd.DataFrame({name: level.take(pos) for name, level, pos in zip(groups.names, groups.levels, positions)})


def with_columns(frame: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """``frame`` (a fresh RangeIndex) with ``columns`` added after its own, in order, as ``frame[k] = v`` would.

    Scalars are broadcast with the same dtype inference as an assignment; the new columns are built as one
    frame and joined once, where assigning them one at a time inserts a block each (the result tables of
    summarize and compare_* add about twenty columns per call).
    """
    frame = frame.reset_index(drop=True)
    added = pd.DataFrame(columns, index=frame.index)
    return pd.concat([frame, added], axis=1) if len(frame.columns) else added
