"""Durations with a stated unit, and the elapsed times of tickets.

Units are ``"s"``, ``"min"``, ``"h"`` and ``"d"`` and nothing else: ``"m"``
(minutes or months?) and spelled-out forms (``"hours"``) are refused rather
than guessed. A duration is either a pandas/numpy/``datetime`` timedelta
(its unit is known) or a plain number with its unit stated.

Ticket times must already be ``datetime64`` columns (timezone-aware or not,
the same in both columns): text is an error, never parsed by guessing a
format. Tickets not answered yet (first response missing) are *censored* at
``now``: they waited at least ``now - created``.
"""

from __future__ import annotations

import datetime as _dt
import numbers
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import require_column, require_frame
from ..options import check_choice

#: Seconds in each unit, the units cxkit accepts.
UNIT_SECONDS = {"s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0}
UNITS = tuple(UNIT_SECONDS)
_WITHIN = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(s|min|h|d)\s*$")
_SHOWN = 5  # offending rows named in a message


def check_unit(unit, *, name: str = "unit") -> str:
    """One of ``"s"``, ``"min"``, ``"h"``, ``"d"``."""
    return check_choice(name, unit, UNITS)


def rows_text(labels) -> str:
    """The first few row labels of a problem, for a message: ``rows 3, 7 (2 rows)``."""
    labels = list(labels)
    shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in labels[:_SHOWN])
    more = f" and {len(labels) - _SHOWN} more" if len(labels) > _SHOWN else ""
    return f"row{'s' if len(labels) != 1 else ''} {shown}{more} ({len(labels)} row{'s' if len(labels) != 1 else ''})"


def parse_within(within, *, name: str = "within") -> pd.Timedelta:
    """A promised time: ``"24h"``, ``"30min"``, ``"2d"``, ``"90s"``, ``"1.5h"`` or a timedelta, > 0."""
    allowed = ("a number followed by one of 's', 'min', 'h', 'd' (such as '24h', '30min', '2d') "
               "or a pandas Timedelta")
    if isinstance(within, str):
        match = _WITHIN.match(within)
        if not match:
            raise CxkitValueError(f"{name} ({within!r}) must be {allowed}.")
        value = pd.Timedelta(float(match.group(1)) * UNIT_SECONDS[match.group(2)], unit="s")
    elif isinstance(within, (pd.Timedelta, _dt.timedelta, np.timedelta64)):
        value = pd.Timedelta(within)
    else:
        raise CxkitTypeError(f"{name} must be {allowed}; got {type(within).__name__} {within!r}.")
    if pd.isna(value) or value <= pd.Timedelta(0):
        raise CxkitValueError(f"{name} ({within!r}) must be a positive time, such as '24h'; got {value}.")
    return value


@dataclass(frozen=True, repr=False)
class Durations:
    """Durations as floats in ``unit`` (NaN where missing)."""

    values: np.ndarray
    unit: str

    def to(self, unit: str) -> "Durations":
        """The same durations in another unit."""
        unit = check_unit(unit)
        return Durations(self.values * UNIT_SECONDS[self.unit] / UNIT_SECONDS[unit], unit)

    def __len__(self) -> int:
        return len(self.values)

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.values, dtype=dtype)

    def __repr__(self) -> str:
        return f"Durations({len(self)} values in {self.unit!r}: {np.array2string(self.values[:5], precision=3)}" + (
            " ...)" if len(self) > 5 else ")")


def _is_timedelta(values) -> bool:
    if isinstance(values, (pd.Timedelta, _dt.timedelta, np.timedelta64)):
        return True
    dtype = getattr(values, "dtype", None)
    return dtype is not None and pd.api.types.is_timedelta64_dtype(dtype)


def durations(values, unit: str | None = None, *, to: str | None = None, name: str = "values") -> Durations:
    """Durations in a stated unit.

    Parameters
    ----------
    values : timedelta(s) or number(s)
        pandas ``Timedelta``/timedelta Series or Index, numpy ``timedelta64``
        arrays, ``datetime.timedelta``; or numbers (a scalar, list, array or
        Series) whose unit ``unit`` states. NaN / NaT stay missing (NaN).
    unit : {"s", "min", "h", "d"}
        The unit of plain numbers; required for numbers, not allowed with
        timedeltas (their unit is known). ``"m"`` is refused: write ``"min"``.
    to : {"s", "min", "h", "d"}, optional
        The output unit; default ``unit`` (for timedeltas: ``"h"``).

    Returns
    -------
    Durations
        ``.values`` (float array) in ``.unit``.

    Negative durations are an error naming their positions.
    """
    if _is_timedelta(values):
        if unit is not None:
            raise CxkitValueError(f"unit ({unit!r}) must be None for timedeltas, whose unit is known; "
                                  f"pass unit only with plain numbers.")
        out_unit = check_unit("h" if to is None else to, name="to")
        seconds = pd.to_timedelta(pd.Series(np.atleast_1d(np.asarray(values)))
                                  if not isinstance(values, (pd.Series, pd.Index)) else values)
        seconds = np.asarray(seconds / pd.Timedelta(seconds=1), dtype=float)
        labels = values.index if isinstance(values, pd.Series) else np.arange(len(seconds))
    else:
        if unit is None:
            raise CxkitValueError(f"unit must be stated for plain numbers: one of 's', 'min', 'h' or 'd' "
                                  f"(such as durations(values, unit='min')); got unit=None.")
        unit = check_unit(unit)
        out_unit = check_unit(unit if to is None else to, name="to")
        seconds, labels = _numbers(values, name)
        seconds = seconds * UNIT_SECONDS[unit]
    negative = np.flatnonzero(seconds < 0)
    if negative.size:
        raise CxkitValueError(f"{name} must be durations >= 0; {rows_text(np.asarray(labels)[negative])} "
                              f"are negative, e.g. {seconds[negative[0]] / UNIT_SECONDS[out_unit]:g} {out_unit}.")
    return Durations(seconds / UNIT_SECONDS[out_unit], out_unit)


def _numbers(values, name: str) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(values, (bool, np.bool_)) or isinstance(values, (str, bytes)):
        raise CxkitTypeError(f"{name} must be numbers or timedeltas; got {type(values).__name__} {values!r}.")
    if isinstance(values, numbers.Real):
        return np.array([float(values)]), np.arange(1)
    series = values if isinstance(values, pd.Series) else pd.Series(list(values) if not isinstance(
        values, np.ndarray) else values)
    if pd.api.types.is_bool_dtype(series) or not (pd.api.types.is_numeric_dtype(series) or series.isna().all()):
        bad = [v for v in series if not (isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_)))
               and not pd.isna(v)]
        raise CxkitTypeError(f"{name} must be numbers (with unit stated) or timedeltas; got "
                             f"{len(bad)} value(s) that are not, e.g. {bad[:3]!r}.")
    out = np.asarray(series, dtype=float)
    infinite = np.flatnonzero(np.isinf(out))
    if infinite.size:
        raise CxkitValueError(f"{name} must be finite durations; {rows_text(series.index[infinite])} are infinite.")
    return out, np.asarray(series.index)


# --------------------------------------------------------------------------- tickets


@dataclass(frozen=True)
class TicketTimes:
    """Elapsed times of tickets in seconds: to the first response, or (censored) to ``now``."""

    seconds: np.ndarray       # response time, or age at ``now`` where not answered
    answered: np.ndarray      # bool
    index: pd.Index | None    # row labels (None when an engine returned counts)
    counts: np.ndarray | None = None  # tickets per entry, when an engine aggregated them
    young: np.ndarray | None = None   # created less than ``young_within`` before ``now``

    def rows(self, mask) -> str:
        """The tickets where ``mask`` holds: row labels, or their number for an engine's counts."""
        if self.counts is None:
            return rows_text(self.index[mask])
        return f"{int(self.counts[mask].sum())} tickets"

    def expanded(self) -> "TicketTimes":
        """One entry per ticket (counts repeated out), for statistics that need every wait."""
        if self.counts is None:
            return self
        return TicketTimes(np.repeat(self.seconds, self.counts), np.repeat(self.answered, self.counts),
                           pd.RangeIndex(int(self.counts.sum())))


def _datetime_column(frame: pd.DataFrame, name, role: str) -> pd.Series:
    column = require_column(frame, name, role=role)
    if not pd.api.types.is_datetime64_any_dtype(column):
        examples = [v for v in column.dropna().head(3)]
        raise CxkitTypeError(
            f"{role} column {name!r} must hold datetime64 times (convert it first, e.g. with "
            f"pd.to_datetime(df[{name!r}], format=...)); it has dtype {column.dtype}, e.g. {examples!r}. "
            f"cxkit does not guess date formats."
        )
    return column


def _timestamp(now, tz) -> pd.Timestamp:
    if isinstance(now, str) or not isinstance(now, (pd.Timestamp, _dt.datetime, np.datetime64)):
        raise CxkitTypeError(f"now must be a time (pandas Timestamp, datetime or numpy datetime64), not text "
                             f"or numbers; got {type(now).__name__} {now!r}.")
    stamp = pd.Timestamp(now)
    if pd.isna(stamp):
        raise CxkitValueError("now must be a time; got NaT.")
    if (stamp.tz is None) != (tz is None):
        raise CxkitValueError(f"now ({stamp}) and the ticket times must both carry a time zone or both not; "
                              f"the tickets' time zone is {tz}.")
    return stamp


def ticket_times(tickets, *, created, first_response, now=None, young_within=None) -> TicketTimes:
    """Check ticket times and measure each ticket's wait (censored at ``now`` where not answered).

    ``young_within`` (seconds) also flags tickets created less than that
    before ``now``. A lazy frame (DuckDB, Polars lazy, Dask, PySpark) is
    checked and measured in its engine, which returns one row per distinct
    (wait, answered, young) with its count (:mod:`cxkit.service.engine`).
    """
    from ..tables.engines import frame_kind

    if not isinstance(tickets, pd.DataFrame) and frame_kind(tickets, name="tickets") == "lazy":
        from .engine import engine_ticket_times

        return engine_ticket_times(tickets, created=created, first_response=first_response,
                                   now=None if now is None else _timestamp(now, _engine_tz(tickets, created)),
                                   young_within=young_within)
    frame = require_frame(tickets, "tickets", columns=[created, first_response])
    start = _datetime_column(frame, created, "created")
    answer = _datetime_column(frame, first_response, "first_response")
    tz_start, tz_answer = getattr(start.dt, "tz", None), getattr(answer.dt, "tz", None)
    if (tz_start is None) != (tz_answer is None):
        raise CxkitValueError(f"created ({created!r}, time zone {tz_start}) and first_response ({first_response!r}, "
                              f"time zone {tz_answer}) must both carry a time zone or both not.")
    if len(frame) == 0:
        raise CxkitValueError("tickets has no rows; at least one ticket is needed.")
    missing_start = start.isna().to_numpy()
    if missing_start.any():
        raise CxkitValueError(f"created ({created!r}) must be given for every ticket; it is missing (NaT) in "
                              f"{rows_text(frame.index[missing_start])}.")
    answered = answer.notna().to_numpy()
    seconds = np.asarray((answer - start) / pd.Timedelta(seconds=1), dtype=float)
    negative = answered & (seconds < 0)
    if negative.any():
        raise CxkitValueError(
            f"first_response ({first_response!r}) must not be before created ({created!r}); it is in "
            f"{rows_text(frame.index[negative])} (response times cannot be negative)."
        )
    if now is None:
        if not answered.all():
            raise CxkitValueError(
                f"now must be given when some tickets are not answered yet: {rows_text(frame.index[~answered])} "
                f"have no first_response ({first_response!r}); they are censored at now (waited at least "
                f"now - created), not dropped. Pass now=pd.Timestamp(...), the time the data were extracted."
            )
    else:
        stamp = _timestamp(now, tz_start)
        early = (start > stamp).to_numpy()
        if early.any():
            raise CxkitValueError(f"now ({stamp}) must not be before any ticket's created time; it is before "
                                  f"created in {rows_text(frame.index[early])}.")
        late = (answered & (answer > stamp)).to_numpy()
        if late.any():
            raise CxkitValueError(f"now ({stamp}) must not be before any first response; it is before "
                                  f"first_response in {rows_text(frame.index[late])}.")
        age = np.asarray((stamp - start) / pd.Timedelta(seconds=1), dtype=float)
        seconds = np.where(answered, seconds, age)
    young = None
    if young_within is not None and now is not None:
        young = np.asarray((pd.Timestamp(now) - start) / pd.Timedelta(seconds=1), dtype=float) < young_within
    return TicketTimes(seconds=seconds, answered=answered, index=frame.index, young=young)


def _engine_tz(tickets, created):
    """The time zone of a lazy frame's ``created`` column (None when naive or absent)."""
    import narwhals as nw

    schema = nw.from_native(tickets).collect_schema()
    dtype = schema.get(created)
    return getattr(dtype, "time_zone", None) if isinstance(dtype, nw.Datetime) else None
