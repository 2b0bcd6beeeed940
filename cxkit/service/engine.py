"""Ticket waits measured inside the user's engine: only a table of distinct waits and counts comes back.

For a lazy frame (DuckDB relation, Polars LazyFrame, Dask or PySpark
DataFrame) every check of :func:`cxkit.service.durations.ticket_times` is a
count in the engine (missing creation times, answers before creation,
unanswered tickets without ``now``, ``now`` before a ticket), and the waits
are computed there with :mod:`cxkit.tables.engine_time` (whole days and
time of day differenced apart, exact to the microsecond). The engine then
groups by (wait, answered, young) with ``count(*)``: SLA shares are sums of
those counts; response-time statistics use the distribution of waits, which
the table is (each distinct wait once, with its count).

Time-zone-aware columns are converted to UTC first, so a wait across a
daylight-saving change is the real elapsed time, as for pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import require_columns
from ..tables.engine_time import seconds_between, seconds_until

WAIT, ANSWERED, YOUNG, COUNT = "__cx_wait", "__cx_answered", "__cx_young", "__cx_count"
_SHOWN = 5


def _naive_utc(expr, dtype, nw):
    if isinstance(dtype, nw.Datetime) and dtype.time_zone:
        if dtype.time_zone not in ("UTC", "Etc/UTC"):  # DuckDB keeps its zone in the connection: already UTC
            expr = expr.dt.convert_time_zone("UTC")
        return expr.dt.replace_time_zone(None)
    return expr


def _examples(frame, condition, columns) -> str:
    rows = frame.filter(condition).select(columns).head(_SHOWN).collect(backend="pandas").to_native()
    return "; ".join(", ".join(f"{c}={row[c]}" for c in columns) for _, row in rows.iterrows())


def engine_ticket_times(tickets, *, created, first_response, now=None, young_within=None):
    """:class:`~cxkit.service.durations.TicketTimes` with counts, computed in the frame's engine."""
    import narwhals as nw

    from .durations import TicketTimes

    frame = nw.from_native(tickets)
    schema = frame.collect_schema()
    probe = pd.DataFrame(columns=pd.Index(list(schema.names()), dtype=object))
    require_columns(probe, [created], role="created")
    require_columns(probe, [first_response], role="first_response")
    for name, role in ((created, "created"), (first_response, "first_response")):
        if not isinstance(schema[name], nw.Datetime):
            raise CxkitTypeError(
                f"{role} column {name!r} must hold datetime64 times (parse it first in the engine with an "
                f"explicit format); it has dtype {schema[name]}. cxkit does not guess date formats.")
    zones = [getattr(schema[c], "time_zone", None) for c in (created, first_response)]
    if (zones[0] is None) != (zones[1] is None):
        raise CxkitValueError(f"created ({created!r}, time zone {zones[0]}) and first_response ({first_response!r}, "
                              f"time zone {zones[1]}) must both carry a time zone or both not.")
    start = _naive_utc(nw.col(created), schema[created], nw)
    answer = _naive_utc(nw.col(first_response), schema[first_response], nw)
    frame = frame.with_columns(start.alias("__cx_c"), answer.alias("__cx_r"))
    start, answer = nw.col("__cx_c"), nw.col("__cx_r")
    wait = seconds_between(start, answer)
    moment = None
    if now is not None:
        stamp = pd.Timestamp(now)
        moment = (stamp.tz_convert("UTC").tz_localize(None) if stamp.tz is not None else stamp).to_pydatetime()
        age = seconds_until(start, moment)
    shown = [created, first_response]

    checks = [nw.len().alias("rows"), start.is_null().cast(nw.Int64).sum().alias("missing"),
              (~answer.is_null() & (wait < 0)).cast(nw.Int64).sum().alias("negative"),
              answer.is_null().cast(nw.Int64).sum().alias("unanswered")]
    if moment is not None:
        checks += [(age < 0).cast(nw.Int64).sum().alias("early"),
                   (~answer.is_null() & (seconds_until(answer, moment) < 0)).cast(nw.Int64).sum().alias("late")]
    counts = frame.select(*checks).collect(backend="pandas").to_native().iloc[0]
    if counts["rows"] == 0:
        raise CxkitValueError("tickets has no rows; at least one ticket is needed.")
    if counts["missing"]:
        raise CxkitValueError(f"created ({created!r}) must be given for every ticket; it is missing (NaT) in "
                              f"{int(counts['missing'])} tickets.")
    if counts["negative"]:
        raise CxkitValueError(
            f"first_response ({first_response!r}) must not be before created ({created!r}); it is in "
            f"{int(counts['negative'])} tickets, such as {_examples(frame, ~answer.is_null() & (wait < 0), shown)} "
            f"(response times cannot be negative).")
    if moment is None and counts["unanswered"]:
        raise CxkitValueError(
            f"now must be given when some tickets are not answered yet: {int(counts['unanswered'])} tickets have "
            f"no first_response ({first_response!r}); they are censored at now (waited at least now - created), "
            f"not dropped. Pass now=pd.Timestamp(...), the time the data were extracted.")
    if moment is not None and counts["early"]:
        raise CxkitValueError(f"now ({now}) must not be before any ticket's created time; it is before created in "
                              f"{int(counts['early'])} tickets.")
    if moment is not None and counts["late"]:
        raise CxkitValueError(f"now ({now}) must not be before any first response; it is before first_response "
                              f"in {int(counts['late'])} tickets.")

    derived = [(~answer.is_null()).alias(ANSWERED),
               (wait if moment is None else nw.when(answer.is_null()).then(age).otherwise(wait)).alias(WAIT)]
    keys = [WAIT, ANSWERED]
    if young_within is not None and moment is not None:
        derived.append((age < float(young_within)).alias(YOUNG))
        keys.append(YOUNG)
    small = (frame.with_columns(*derived).group_by(keys).agg(nw.len().alias(COUNT))
             .collect(backend="pandas").to_native().sort_values(keys, kind="stable"))
    return TicketTimes(
        seconds=small[WAIT].to_numpy(dtype=float), answered=small[ANSWERED].to_numpy(dtype=bool), index=None,
        counts=small[COUNT].to_numpy(dtype=np.int64),
        young=small[YOUNG].to_numpy(dtype=bool) if YOUNG in small else None)
