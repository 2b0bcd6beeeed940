"""Answer dates: ISO 8601 or an explicit format, never guessed (cxkit/inputs/dates.py)."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.inputs.dates import parse_dates


def _stamps(*texts):
    return [pd.Timestamp(t) for t in texts]


def test_iso_dates_and_timestamps_are_accepted():
    parsed = parse_dates(pd.Series(["2026-10-05", "2026-10-05 14:30", "2026-10-05T14:30:15",
                                    "2026-10-05T14:30:15.250"], index=[10, 11, 12, 13]))
    assert pd.api.types.is_datetime64_dtype(parsed.dtype)
    assert list(parsed.index) == [10, 11, 12, 13]
    assert list(parsed) == _stamps("2026-10-05 00:00", "2026-10-05 14:30", "2026-10-05 14:30:15",
                                   "2026-10-05 14:30:15.250")


@pytest.mark.parametrize("offset", ["+03:00", "+0300", "+03"])
def test_one_utc_offset_keeps_the_clock_time(offset):
    # 23:30 at +03:00 on 31 October is an October answer (20:30 UTC would be too, but
    # 00:30 on 1 November at +03:00 is 21:30 UTC on 31 October: the clock time decides).
    parsed = parse_dates([f"2026-10-31T23:30:00{offset}", f"2026-11-01T00:30:00{offset}"])
    assert list(parsed) == _stamps("2026-10-31 23:30", "2026-11-01 00:30")
    assert parsed.dt.tz is None


def test_utc_written_as_z_or_plus_zero_is_one_offset():
    parsed = parse_dates(["2026-10-31T23:30:00Z", "2026-10-01T08:00:00+00:00"])
    assert list(parsed) == _stamps("2026-10-31 23:30", "2026-10-01 08:00")


def test_timezone_aware_column_keeps_its_clock_time():
    aware = pd.Series(pd.to_datetime(["2026-11-01T00:30:00+03:00"]))
    assert list(parse_dates(aware)) == _stamps("2026-11-01 00:30")


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        (["2026-10-31T23:30:00+03:00", "2026-10-05T14:30:00+05:00"], r"\+03:00, \+05:00"),
        (["2026-10-31T23:30:00Z", "2026-10-05T14:30:00"], r"\+00:00, no offset"),
    ],
)
def test_mixed_utc_offsets_are_refused(values, shown):
    with pytest.raises(cx.CxkitValueError, match=rf"column 'answered_at' mixes UTC offsets \({shown}\).*"
                                                 r"Convert the dates to one time zone first"):
        parse_dates(values)


def test_day_first_text_is_refused_without_a_format_and_read_with_one():
    with pytest.raises(cx.CxkitValueError, match=r"data: 1 of 1 values of column 'answered_at' are not dates "
                                                 r"as allowed, such as '01.11.2024'.*pass date_format "
                                                 r"\(--date-format on the command line\)"):
        parse_dates(["01.11.2024"])
    assert list(parse_dates(["01.11.2024"], date_format="%d.%m.%Y")) == _stamps("2024-11-01")


def test_file_whose_days_are_all_twelve_or_less_is_refused_without_a_format():
    # pandas alone would read these month-first (January 11, February 11, ...): a wrong report.
    days = [f"{d:02d}.{m:02d}.2024" for m in (10, 11) for d in range(1, 13)]
    with pytest.raises(cx.CxkitValueError, match=r"24 of 24 values .* such as '01.10.2024', '02.10.2024'"):
        parse_dates(days)
    parsed = parse_dates(days, date_format="%d.%m.%Y")
    assert parsed.dt.month.tolist() == [10] * 12 + [11] * 12
    assert parsed.dt.day.tolist() == list(range(1, 13)) * 2


@pytest.mark.parametrize("text", ["11/01/2024", "2026", "2026-10", "20261005", "2026-10-5", " 2026-10-05",
                                  "2026-10-05\n", "2026-02-30", "5 Oct 2026"])
def test_text_that_is_not_iso_8601_extended_is_refused(text):
    with pytest.raises(cx.CxkitValueError, match=r"are not dates as allowed, such as " + re.escape(repr(text))):
        parse_dates(["2026-10-01", text], source="answers.csv")


def test_mixed_formats_are_refused_also_with_a_format():
    with pytest.raises(cx.CxkitValueError, match=r"1 of 3 values .* such as '2024-11-03'. Allowed: every value "
                                                 r"must match date_format '%d.%m.%Y' exactly"):
        parse_dates(["01.11.2024", "02.11.2024", "2024-11-03"], date_format="%d.%m.%Y")
    with pytest.raises(cx.CxkitValueError, match=r"1 of 2 values .* such as '02.11.2024'"):
        parse_dates(["2024-11-01", "02.11.2024"])


@pytest.mark.parametrize("missing", ["", "   ", None, np.nan, pd.NaT])
def test_empty_and_missing_dates_are_refused_with_their_rows(missing):
    values = pd.Series(["2026-10-01", missing, "2026-10-03"], dtype=object)
    with pytest.raises(cx.CxkitValueError, match=r"answers.csv: 1 rows have no date in column 'answered_at' "
                                                 r"\(empty or missing; rows 1\). Every answer needs a date"):
        parse_dates(values, source="answers.csv")


def test_missing_dates_in_a_parsed_column_are_refused():
    with pytest.raises(cx.CxkitValueError, match=r"2 rows have no date in column 'when' \(empty or missing; rows 0, 2\)"):
        parse_dates(pd.Series(pd.to_datetime([None, "2026-10-02", None])), column="when")


def test_numbers_are_not_dates():
    with pytest.raises(cx.CxkitValueError, match=r"column 'answered_at' holds numbers \(20261005, 20261006\), "
                                                 r"not dates.*'%Y%m%d' for 20261005"):
        parse_dates(pd.Series([20261005, 20261006]))
    with pytest.raises(cx.CxkitValueError, match=r"1 values of column 'answered_at' are neither text nor dates, "
                                                 r"such as 1.5"):
        parse_dates(["2026-10-05", 1.5])


def test_date_objects_are_taken_as_they_are():
    parsed = parse_dates([dt.date(2026, 10, 5), dt.datetime(2026, 10, 6, 12, 30), np.datetime64("2026-10-07")])
    assert list(parsed) == _stamps("2026-10-05", "2026-10-06 12:30", "2026-10-07")


def test_aware_date_objects_mixed_with_others_are_refused():
    aware = dt.datetime(2026, 10, 6, 12, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    with pytest.raises(cx.CxkitValueError, match=r"mixes timezone-aware dates with other dates"):
        parse_dates([aware, dt.datetime(2026, 10, 7)])


@pytest.mark.parametrize("fmt", ["dd.mm.yyyy", "%d.%m.%Y\n"])
def test_date_format_must_be_a_strftime_format(fmt):
    with pytest.raises(cx.CxkitValueError, match=r"date_format \(.*\) must be a strftime format with % directives"):
        parse_dates(["01.11.2024"], date_format=fmt)


def test_date_format_must_be_text_and_values_one_column():
    with pytest.raises(cx.CxkitTypeError, match=r"date_format must be text such as '%d.%m.%Y'; got 5 of type int"):
        parse_dates(["01.11.2024"], date_format=5)
    with pytest.raises(cx.CxkitTypeError, match=r"answered_at must be one column of dates; got str"):
        parse_dates("2026-10-05")


def test_format_with_offsets_refuses_mixed_offsets():
    with pytest.raises(cx.CxkitValueError, match=r"mixes UTC offsets \(read with date_format '%Y-%m-%d %H:%M %z'"):
        parse_dates(["2026-10-31 23:30 +0300", "2026-10-05 14:30 +0500"], date_format="%Y-%m-%d %H:%M %z")
    parsed = parse_dates(["2026-10-31 23:30 +0300"], date_format="%Y-%m-%d %H:%M %z")
    assert list(parsed) == _stamps("2026-10-31 23:30")


def test_empty_column_gives_an_empty_date_column():
    parsed = parse_dates(pd.Series([], dtype=object))
    assert len(parsed) == 0 and pd.api.types.is_datetime64_dtype(parsed.dtype)


def test_grouped_tables_read_text_dates_by_the_same_rules():
    """cx.summarize and cx.compare_periods: ISO text is read, day-first text needs date_format."""
    import warnings

    import cxkit as cx

    answers = cx.datasets.sample_survey(months=3, start="2026-08")
    day_first = answers.assign(answered_at=answers["answered_at"].dt.strftime("%d.%m.%Y"))
    with pytest.raises(cx.CxkitTypeError, match=r"date column 'answered_at' must hold dates \(datetime64\) or ISO 8601 "
                                                r"text dates; none of its values is one \(e.g. '01.08.2026'.*pass date_format"):
        cx.summarize(day_first, score="nps_score", period="M", date="answered_at")
    mixed = answers.assign(answered_at=answers["answered_at"].dt.strftime("%Y-%m-%d"))
    mixed.loc[5, "answered_at"] = "05.08.2026"
    with pytest.raises(cx.CxkitValueError, match=r"1 of 2400 values of column 'answered_at' are not dates"):
        cx.summarize(mixed, score="nps_score", period="M", date="answered_at")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        read = cx.summarize(day_first, score="nps_score", period="M", date="answered_at", date_format="%d.%m.%Y")
        iso = cx.compare_periods(answers.assign(answered_at=answers["answered_at"].dt.strftime("%Y-%m-%dT%H:%M")),
                                 score="nps_score")
        expected = cx.summarize(answers, score="nps_score", period="M", date="answered_at")
    assert read["period"].tolist() == ["2026-08", "2026-09", "2026-10"]
    assert read["value"].tolist() == pytest.approx(expected["value"].tolist())
    assert iso["period"].tolist() == ["2026-09", "2026-10"]
    with pytest.raises(cx.CxkitTypeError, match=r"date column 'nps_score' must hold dates \(datetime64\) or text dates"):
        cx.summarize(answers, score="nps_score", period="M", date="nps_score")
