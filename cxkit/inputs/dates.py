"""Reading answer dates: ISO 8601, or an explicit format, never a guess.

Rules (the data boundary for dates):

- Text in ISO 8601 extended form is read without being asked: a date
  (``2026-10-05``), a date and time with ``T`` or a space (``2026-10-05T14:30``,
  ``2026-10-05 14:30:15.250``), with or without a UTC offset (``Z``,
  ``+03:00``, ``+0300``, ``+03``). Anything else, such as ``01.11.2024``,
  ``11/01/2024``, ``2026-10`` or ``20261005``, is refused unless the caller
  names its format with ``date_format`` (a strftime format, ``"%d.%m.%Y"``),
  which is then applied exactly. Day and month are never guessed, so a file
  of day-first dates can not be read month-first.
- Time zones: answers are counted in the month of the clock time they were
  given at. When every value carries the same UTC offset, that offset is
  dropped and the clock time kept (``2026-10-31T23:30+03:00`` stays on
  31 October). Values with different offsets, or some with an offset and
  some without, are refused: convert them to one time zone first.
  Already-parsed timezone-aware values (one zone per column) keep their
  clock time the same way.
- Values that are already dates (``datetime``, ``date``, ``numpy.datetime64``)
  are taken as they are; numbers, booleans and other objects are not dates.
- Missing values (NaN, None, NaT, empty or blank text) are refused with their
  count and positions: every answer needs a date.
"""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError

_EXAMPLES = 5

#: ISO 8601 extended form: full date, optional time, optional UTC offset.
ISO_8601 = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?"
)


def _examples(values) -> str:
    """A few of the offending values, each once (a column of day-first dates repeats the same day
    hundreds of times), and how many other distinct values there are."""
    values = list(values)
    try:
        distinct = list(dict.fromkeys(values))
    except TypeError:  # unhashable values: shown as they come
        distinct = values
    shown = ", ".join(repr(v) for v in distinct[:_EXAMPLES])
    more = len(distinct) - _EXAMPLES
    return shown + (f" and {more} other value{'s' if more > 1 else ''}" if more > 0 else "")


def _positions(index) -> str:
    shown = ", ".join(str(i) for i in list(index)[:_EXAMPLES])
    return shown + (", ..." if len(index) > _EXAMPLES else "")


def check_date_format(date_format) -> str | None:
    """A strftime format for :func:`parse_dates`; None for empty (ISO 8601 only)."""
    if date_format is None or date_format == "":
        return None
    if not isinstance(date_format, str):
        raise CxkitTypeError(
            f"date_format must be text such as '%d.%m.%Y'; got {date_format!r} of type {type(date_format).__name__}."
        )
    if "%" not in date_format or any(ch in date_format for ch in "\n\r\t"):
        raise CxkitValueError(
            f"date_format ({date_format!r}) must be a strftime format with % directives, "
            f"such as '%d.%m.%Y' for 01.11.2024 or '%m/%d/%Y %H:%M' for 11/01/2024 09:30."
        )
    return date_format


def _normal_offset(offset: str | None) -> str | None:
    """'+03' / '+0300' / '+03:00' -> '+03:00'; 'Z' -> '+00:00'; None stays None."""
    if offset is None or (isinstance(offset, float) and np.isnan(offset)):
        return None
    if offset == "Z":
        return "+00:00"
    digits = offset[1:].replace(":", "")
    return f"{offset[0]}{digits[:2]}:{(digits[2:] or '00')}"


def _refuse_mixed_offsets(offsets: pd.Series, values: pd.Series, column: str, source: str) -> None:
    kinds = offsets.fillna("no offset")
    if kinds.nunique() > 1:
        firsts = values.groupby(kinds.to_numpy(), sort=False).head(1)
        raise CxkitValueError(
            f"{source}: column {column!r} mixes UTC offsets ({', '.join(kinds.unique()[:_EXAMPLES])}), "
            f"for example {_examples(firsts)}; the month of an answer would depend on the time zone. "
            f"Allowed: one offset for the whole column (or none). Convert the dates to one time zone first."
        )


def parse_dates(values, *, date_format: str | None = None, column: str = "answered_at",
                source: str = "data") -> pd.Series:
    """Read answer dates as naive ``datetime64`` values, or raise a CxkitValueError.

    Parameters
    ----------
    values : pandas Series, list or numpy array
        Dates as ISO 8601 text, as text in ``date_format``, or as date objects.
    date_format : str, optional
        strftime format every text value must match exactly, e.g. ``"%d.%m.%Y"``.
        Without it, only ISO 8601 (see the module docstring) is accepted.
    column, source : str
        Names used in error messages (the column and the file or table).

    Returns
    -------
    pandas Series of dtype datetime64, with the index of ``values`` when it is
    a Series. Timezone offsets are dropped after checking there is only one.
    """
    fmt = check_date_format(date_format)
    if isinstance(values, (str, bytes)) or np.ndim(values) != 1:
        raise CxkitTypeError(f"{column} must be one column of dates; got {type(values).__name__}.")
    series = values if isinstance(values, pd.Series) else pd.Series(values)
    hint = "pass date_format (--date-format on the command line), e.g. '%d.%m.%Y' for 01.11.2024"

    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        series = series.dt.tz_localize(None)  # one zone per column: keep its clock time
        dtype = series.dtype
    if pd.api.types.is_datetime64_dtype(dtype):
        _refuse_missing(series.isna(), series, column, source)
        return series
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
        present = series[series.notna()]
        raise CxkitValueError(
            f"{source}: column {column!r} holds numbers ({_examples(present)}), not dates. "
            f"Allowed: ISO 8601 text such as '2026-10-05' or '2026-10-05 14:30', or text in a "
            f"format you name; {hint}, or '%Y%m%d' for 20261005."
        )

    objects = series.astype(object)
    is_text = objects.map(lambda v: isinstance(v, str))
    text = objects.where(is_text)
    blank = is_text & (text.str.strip() == "")
    missing = (objects.isna() & ~is_text) | blank
    _refuse_missing(missing, objects, column, source)
    is_date = objects.map(lambda v: isinstance(v, (_dt.date, np.datetime64)) and not pd.isna(v))
    other = ~(is_text | is_date | missing)
    if other.any():
        raise CxkitValueError(
            f"{source}: {int(other.sum())} values of column {column!r} are neither text nor dates, "
            f"such as {_examples(objects[other])}. Allowed: ISO 8601 text such as '2026-10-05', "
            f"text in a format you name ({hint}), or date objects."
        )

    strings = text[is_text].astype(str)
    if fmt is None:
        shape = strings.str.fullmatch(ISO_8601.pattern)
        offsets = strings.str.extract(f"^(?:{ISO_8601.pattern})$")["offset"].map(_normal_offset)
        _refuse_mixed_offsets(offsets[shape], strings[shape], column, source)
    else:
        shape = pd.Series(True, index=strings.index)
    try:
        parsed = pd.to_datetime(strings.where(shape), format=fmt or "ISO8601", errors="coerce")
    except ValueError as exc:  # a format with %z met different offsets
        raise CxkitValueError(
            f"{source}: column {column!r} mixes UTC offsets (read with date_format {fmt!r}: {exc}). "
            f"Allowed: one offset for the whole column. Convert the dates to one time zone first."
        ) from exc
    bad = parsed.isna()
    if bad.any():
        allowed = (f"every value must match date_format {fmt!r} exactly" if fmt else
                   f"ISO 8601 dates such as '2026-10-05', '2026-10-05 14:30' or '2026-10-05T14:30:00+03:00'; "
                   f"for any other form {hint} (day and month are never guessed)")
        raise CxkitValueError(
            f"{source}: {int(bad.sum())} of {len(strings)} values of column {column!r} are not dates "
            f"as allowed, such as {_examples(strings[bad])}. Allowed: {allowed}."
        )
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        parsed = parsed.dt.tz_localize(None)

    if is_date.any():
        dates = objects[is_date]
        aware = dates.map(lambda v: getattr(v, "utcoffset", lambda: None)() is not None)
        date_offsets = dates.map(lambda v: str(v.utcoffset()) if getattr(v, "utcoffset", lambda: None)() is not None else None)
        if aware.any():
            if not aware.all() or date_offsets.nunique() > 1 or len(strings):
                raise CxkitValueError(
                    f"{source}: column {column!r} mixes timezone-aware dates with other dates, such as "
                    f"{_examples(dates[aware])}. Allowed: one time zone for the whole column. "
                    f"Convert the dates to one time zone first."
                )
            dates = dates.map(lambda v: v.replace(tzinfo=None))
        parsed_dates = pd.to_datetime(dates.map(pd.Timestamp))
        parsed = pd.concat([parsed, parsed_dates]) if len(parsed) else parsed_dates
    return parsed.reindex(series.index) if len(parsed) else pd.Series(pd.to_datetime([]), index=series.index)


def _refuse_missing(missing: pd.Series, values: pd.Series, column: str, source: str) -> None:
    if missing.any():
        raise CxkitValueError(
            f"{source}: {int(missing.sum())} rows have no date in column {column!r} "
            f"(empty or missing; rows {_positions(values.index[missing.to_numpy()])}). "
            f"Every answer needs a date: fill them in or remove those rows."
        )
