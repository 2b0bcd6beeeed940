"""Date arithmetic that runs inside every engine narwhals reaches.

Engines differ in which duration and epoch functions they offer (Spark-like
frames have no duration total, DuckDB no epoch timestamp through narwhals),
but all of them extract year, month, day and time of day. These
expressions build elapsed seconds from those parts alone, in float64 (so
small integer dtypes cannot overflow), exactly for dates of the proleptic
Gregorian calendar.

Source: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013),
``days_from_civil``: days since 1970-01-01 of a year, month and day.
"""

from __future__ import annotations

import datetime as _dt

import narwhals as nw

_EPOCH = _dt.datetime(1970, 1, 1)


def civil_days(col):
    """Days since 1970-01-01 of the date part of a datetime expression (float; null stays null)."""
    y, m, d = (part.cast(nw.Float64) for part in (col.dt.year(), col.dt.month(), col.dt.day()))
    y = y - (m <= 2).cast(nw.Float64)
    era = y // 400
    year_of_era = y - era * 400
    shifted_month = nw.when(m > 2).then(m - 3).otherwise(m + 9)
    day_of_year = (153 * shifted_month + 2) // 5 + d - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def day_seconds(col):
    """Seconds since midnight of a datetime expression (float, microseconds kept)."""
    h, mi, s, us = (part.cast(nw.Float64) for part in
                    (col.dt.hour(), col.dt.minute(), col.dt.second(), col.dt.microsecond()))
    return h * 3600 + mi * 60 + s + us / 1e6


def seconds_between(earlier, later):
    """``later - earlier`` in seconds; whole days and time of day are differenced apart, so no precision is lost."""
    return (civil_days(later) - civil_days(earlier)) * 86400 + (day_seconds(later) - day_seconds(earlier))


def seconds_until(col, moment: _dt.datetime):
    """Seconds from each value of ``col`` to a fixed naive ``moment`` (a Python constant, not a column)."""
    delta = moment - _EPOCH
    moment_days = float(delta.days)
    moment_seconds = delta.seconds + delta.microseconds / 1e6
    return (moment_days - civil_days(col)) * 86400 + (moment_seconds - day_seconds(col))
