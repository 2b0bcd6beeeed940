"""Problems with a report's data are found before the notebook starts (cxkit/reports/data.py).

Every case: a DataFileError naming the file and what to do, nothing written
to the output folder, and on the command line one line on stderr with exit code 2.
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import cxkit as cx
from cxkit.command_line import main
from cxkit.reports import data as report_data
from cxkit.reports.runner import render_monthly_report


@pytest.fixture(scope="module")
def three_months():
    """Three months of sample answers, 2026-08 to 2026-10."""
    return cx.datasets.sample_survey(months=3, start="2026-08")


def _write(path, frame, **kwargs):
    frame.to_csv(path, index=False, **kwargs)
    return path


def _bad_files(tmp_path, three_months):
    """name -> (path, reason, message pattern after "data file '<path>' ")."""
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.csv"
    blank.write_text("\n\n")
    header = tmp_path / "header.csv"
    _write(header, three_months.head(0))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(200))
    cp1251 = tmp_path / "cp1251.csv"
    _write(cp1251, three_months.assign(segment="Розница"), encoding="cp1251")
    semicolons = tmp_path / "semicolons.csv"
    _write(semicolons, three_months, sep=";")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("answered_at,nps_score\n2026-10-01,9\n2026-10-02,8,7,6\n")
    no_nps = tmp_path / "no_nps.csv"
    _write(no_nps, three_months.drop(columns="nps_score"))
    off_scale = tmp_path / "off_scale.csv"
    _write(off_scale, three_months.assign(nps_score=three_months["nps_score"].replace({10: 11})))
    csat_off = tmp_path / "csat_off.csv"
    _write(csat_off, three_months.assign(csat_score=three_months["csat_score"].astype("Float64") + 0.5))
    day_first = tmp_path / "day_first.csv"
    _write(day_first, three_months.assign(answered_at=three_months["answered_at"].dt.strftime("%d.%m.%Y")))
    only_september = tmp_path / "only_september.csv"  # the report month (2026-10) has no answers
    _write(only_september, three_months[(three_months["answered_at"] >= "2026-09-01")
                                        & (three_months["answered_at"] < "2026-10-01")])
    short = tmp_path / "short.csv"  # two rows cut after the region: pandas would pad them with missing answers
    text = _write(tmp_path / "whole.csv", three_months).read_text().splitlines()
    cut = [line if i not in (5, 9) else ",".join(line.split(",")[:4]) for i, line in enumerate(text)]
    short.write_text("\n".join(cut) + "\n")
    long_rows = tmp_path / "long_rows.csv"  # a trailing comma on every row: pandas made column 1 the index
    long_rows.write_text("\n".join([text[0]] + [line + "," for line in text[1:]]) + "\n")
    twice = tmp_path / "twice.csv"  # the last 40 answers exported twice
    _write(twice, pd.concat([three_months, three_months.tail(40)]))
    not_available = tmp_path / "not_available.csv"  # "#N/A" is not a missing answer: pandas' default reads it so
    _write(not_available, three_months.assign(nps_score=three_months["nps_score"].astype(object).where(
        three_months.index % 7 != 0, "#N/A")))
    scientific = tmp_path / "scientific.csv"  # pandas alone reads "1e1" and "+9" as 10 and 9 in a numeric column
    _write(scientific, three_months.assign(nps_score=three_months["nps_score"].astype(object).where(
        ~three_months.index.isin([5, 9]), pd.Series({5: "1e1", 9: "+9"}))))
    xlsx = tmp_path / "answers.xlsx"
    xlsx.write_bytes(b"PK\x03\x04")
    fake_parquet = tmp_path / "answers.parquet"
    fake_parquet.write_text("answered_at,nps_score\n")
    return {
        "folder": (folder, "folder", r"is a folder with no .csv or .parquet files in it; give a CSV or Parquet file, or a folder of them"),
        "empty": (empty, "empty", r"is empty \(0 bytes\); export the answers again"),
        "blank": (blank, "empty", r"has no header and no answers \(only blank lines\)"),
        "header": (header, "empty", r"has a header but no answers"),
        "binary": (binary, "binary", r"is not text \(it looks like an Excel or zip file\); save it as CSV "
                                     r"\(UTF-8, comma-separated\) or Parquet"),
        "encoding": (cp1251, "encoding", r"is not UTF-8 text \(byte b'\\xd0' at position \d+\); save it as CSV UTF-8"),
        "separator": (semicolons, "separator", r"is separated by semicolons \(its header 'response_id;customer_id;"
                                               r".*reads as one column\); cxkit reads comma-separated CSV: save it with commas"),
        "ragged": (ragged, "unreadable", r"is not a well-formed CSV \(.*Expected 2 fields in line 3, saw 4\)"),
        "columns": (no_nps, "columns", r"lacks column\(s\) 'nps_score'; it has \['response_id', .*\]. A report needs "
                                       r"'answered_at' .* and 'nps_score' \(0-10\): add or rename the column\(s\)"),
        "answers": (off_scale, "answers", r", column 'nps_score': \d+ of 2400 answers are not valid on the 0-10 scale"
                                          r" \(allowed: whole numbers from 0 to 10; a missing answer as an empty cell\): 11.0, 11.0.*"
                                          r"and \d+ more. Correct or remove those answers in the data.$"),
        "csat answers": (csat_off, "answers", r", column 'csat_score': \d+ of \d+ answers are not valid on the 1-5 scale"),
        "dates": (day_first, "dates", r": 2400 of 2400 values of column 'answered_at' are not dates as allowed, such as "
                                      r"'01.08.2026'.*pass date_format \(--date-format on the command line\)"),
        "month": (only_september, "months", r"has no answers in 2026-10; it covers 2026-09 to 2026-09. "
                                            r"Pick a month in that range"),
        "short rows": (short, "unreadable", r"has 2 row\(s\) with more or fewer fields than its header's \d+ \(line 6 has 4; "
                                            r"line 10 has 4\): a row was cut short, lost a separator or has one too many"),
        "long rows": (long_rows, "unreadable", r"has 2400 row\(s\) with more or fewer fields than its header's "
                                               r"\d+ \(line 2 has \d+; "),
        "duplicates": (twice, "duplicates", r"holds 40 response_id\(s\) more than once \(80 rows; e.g. "),
        "text missing": (not_available, "answers", r", column 'nps_score': \d+ of 2400 answers are not valid on the "
                                                   r"0-10 scale \(allowed: whole numbers from 0 to 10; a missing "
                                                   r"answer as an empty cell\): '#N/A'"),
        "plain numbers": (scientific, "answers", r", column 'nps_score': 2 of 2400 answers are not valid on the 0-10 "
                                                 r"scale .*: '1e1', '\+9'"),
        "suffix": (xlsx, "suffix", r"must end in .csv or .parquet; got '.xlsx'; save it as CSV"),
        "parquet": (fake_parquet, "binary", r"is not a Parquet file \(it does not start with PAR1\)"),
    }


CASES = ["folder", "empty", "blank", "header", "binary", "encoding", "separator", "ragged", "columns", "answers",
         "csat answers", "dates", "month", "suffix", "parquet", "short rows", "duplicates", "text missing",
         "plain numbers", "long rows"]


@pytest.mark.parametrize("case", CASES)
def test_data_file_problems_are_found_before_the_notebook(tmp_path, three_months, case):
    path, reason, message = _bad_files(tmp_path, three_months)[case]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(cx.DataFileError, match=rf"^data file '{path}'\s?{message}") as caught:
        render_monthly_report(month="2026-10", data=str(path), output_dir=out)
    assert (caught.value.path, caught.value.reason) == (str(path), reason)
    assert "\n" not in str(caught.value)  # one line
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("case", ["folder", "encoding", "dates", "month"])
def test_command_line_tells_data_problems_in_one_line_with_exit_code_2(tmp_path, three_months, capsys, case):
    path, _reason, message = _bad_files(tmp_path, three_months)[case]
    code = main(["report", "monthly", "--month", "2026-10", "--data", str(path), "--output-dir", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert re.match(rf"cxkit: error: data file '{path}'\s?{message}", err)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_missing_month_names_the_months_the_file_covers(tmp_path, three_months):
    path = _write(tmp_path / "answers.csv", three_months)
    with pytest.raises(cx.DataFileError, match=rf"^data file '{path}' has no answers in 2020-01; it covers "
                                               r"2026-08 to 2026-10. Pick a month in that range.$"):
        render_monthly_report(month="2020-01", data=str(path), output_dir=tmp_path / "out")


def test_months_are_checked_within_the_segment(tmp_path, three_months):
    frame = three_months[~((three_months["segment"] == "enterprise") & (three_months["answered_at"] >= "2026-10-01"))]
    path = _write(tmp_path / "answers.csv", frame)
    with pytest.raises(cx.DataFileError, match=r"\(segment 'enterprise'\) has no answers in 2026-10; it covers "
                                               r"2026-08 to 2026-09"):
        render_monthly_report(month="2026-10", data=str(path), segment="enterprise", output_dir=tmp_path / "out")
    # A segment's first month (no answers in the month before) is reported, with no change to show.
    first = three_months[~((three_months["segment"] == "enterprise") & (three_months["answered_at"] < "2026-10-01"))]
    chosen = report_data.check_report_data(str(_write(tmp_path / "first.csv", first)), month="2026-10",
                                           segment="enterprise")
    assert sorted(report_data.months_of(chosen).unique()) == ["2026-10"]


def test_day_first_file_is_read_with_its_date_format(tmp_path, three_months):
    path = _write(tmp_path / "answers.csv", three_months.assign(answered_at=three_months["answered_at"].dt.strftime("%d.%m.%Y %H:%M:%S")))
    frame = report_data.check_report_data(str(path), month="2026-10", date_format="%d.%m.%Y %H:%M:%S")
    assert frame["answered_at"].tolist() == three_months["answered_at"].tolist()


def test_utf8_with_byte_order_mark_is_read(tmp_path, three_months):
    path = _write(tmp_path / "excel.csv", three_months.assign(segment="Розница"), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = report_data.load_survey(path)
    assert list(frame.columns) == list(three_months.columns)
    assert set(frame["segment"]) == {"Розница"}


def test_in_memory_tables_get_value_errors_not_file_errors(three_months):
    with pytest.raises(cx.CxkitValueError, match=r"^data lacks column\(s\) 'answered_at'") as caught:
        report_data.check_survey(three_months.drop(columns="answered_at"))
    assert not isinstance(caught.value, cx.DataFileError)
    with pytest.raises(cx.CxkitValueError, match=r"^the bundled sample data has no answers in 2024-10; it covers "
                                                 r"2024-11 to 2026-10. Pick a month in that range.$") as caught:
        report_data.check_report_data("", month="2024-10")
    assert not isinstance(caught.value, cx.DataFileError)
    assert len(report_data.check_report_data("", month="2024-11")) == 19200  # the first month: allowed


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--month", "2026-10\n", r"month \('2026-10\\n'\) ends in a line break or other control character"),
        ("--segment", "enterprise\n", r"segment \('enterprise\\n'\) ends in a line break"),
        ("--data", "answers.csv\r\n", r"data \('answers.csv\\r\\n'\) ends in a line break"),
        ("--language", "en\n", r"language \('en\\n'\) ends in a line break"),
        ("--date-format", "%d.%m.%Y\n", r"date_format \('%d.%m.%Y\\n'\) ends in a line break"),
        ("--confidence-level", "0.95\n", r"confidence-level \('0.95\\n'\) ends in a line break"),
        ("--output-dir", "out\n", r"output-dir \('out\\n'\) ends in a line break"),
        ("--segment", "enter\tprise", r"segment \('enter\\tprise'\) contains a line break or other control character"),
        ("--confidence-level", "95%", r"confidence-level \('95%'\) must be a number strictly between 0 and 1 written "
                                      r"as a decimal"),
        ("--confidence-level", "95", r"confidence_level \(95.0\) must be strictly between 0 and 1, such as 0.95 "
                                     r"\(did you mean 0.95\?\)"),
    ],
)
def test_command_line_refuses_values_with_a_trailing_newline_at_once(tmp_path, monkeypatch, capsys, option, value, message):
    monkeypatch.chdir(tmp_path)
    args = ["report", "monthly"] + ([] if option == "--month" else ["--month", "2026-10"])
    code = main(args + [option, value])
    err = capsys.readouterr().err
    assert code == 2
    assert re.match(r"cxkit: error: " + message, err), err
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


def test_library_refuses_a_trailing_newline_too(tmp_path):
    with pytest.raises(cx.CxkitValueError, match=r"segment \('enterprise\\n'\) ends in a line break or other control "
                                                 r"character \('\\n'\); allowed: text on one line"):
        render_monthly_report(month="2026-10", segment="enterprise\n", output_dir=tmp_path)
    with pytest.raises(cx.CxkitValueError, match=r"month \('2026-10\\n'\) ends in a line break"):
        render_monthly_report(month="2026-10\n", output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_bad_dates_are_quoted_once_each_with_what_is_allowed(tmp_path, three_months):
    """A day-first column repeats each day hundreds of times: the message shows each bad value once."""
    day_first = three_months.assign(answered_at=three_months["answered_at"].dt.strftime("%d.%m.%Y"))
    path = _write(tmp_path / "answers.csv", day_first)
    with pytest.raises(cx.DataFileError) as caught:
        report_data.load_survey(path)
    message = str(caught.value)
    distinct = day_first["answered_at"].unique()
    assert message.count("'01.08.2026'") == 1 and message.count("'02.08.2026'") == 1
    assert re.search(rf"2400 of 2400 values of column 'answered_at' are not dates as allowed, such as '01.08.2026', "
                     rf"'02.08.2026', '03.08.2026', '04.08.2026', '05.08.2026' and {len(distinct) - 5} other values. "
                     rf"Allowed: ISO 8601 dates such as '2026-10-05'", message)
    one_value = three_months.assign(answered_at="yesterday")
    with pytest.raises(cx.DataFileError, match=r"are not dates as allowed, such as 'yesterday'\. Allowed: ") as caught:
        report_data.load_survey(_write(tmp_path / "words.csv", one_value))
    assert str(caught.value).count("yesterday") == 1


@settings(max_examples=60, deadline=None)
@given(stamps=st.lists(st.one_of(st.none(), st.datetimes(min_value=datetime(1900, 1, 1),
                                                          max_value=datetime(2200, 12, 31))), max_size=40),
       zone=st.sampled_from([None, "UTC", "Europe/Riga", "America/Los_Angeles", "Asia/Kolkata"]))
def test_months_of_formats_like_strftime(stamps, zone):
    """months_of formats only the distinct months; each row's text is what ``.dt.strftime("%Y-%m")`` gives,
    missing dates stay missing, and a time zone's own wall-clock month is used (not UTC's)."""
    import pandas as pd

    dates = pd.Series(pd.to_datetime(stamps, format="ISO8601") if stamps else [], dtype="datetime64[ns]",
                      index=range(5, 5 + len(stamps)))
    if zone:
        dates = dates.dt.tz_localize(zone, ambiguous="NaT", nonexistent="NaT")
    frame = pd.DataFrame({"answered_at": dates})
    pd.testing.assert_series_equal(report_data.months_of(frame), frame["answered_at"].dt.strftime("%Y-%m"))


def test_months_of_uses_the_local_month_of_aware_dates():
    import pandas as pd

    frame = pd.DataFrame({"answered_at": pd.to_datetime(["2026-10-31 23:30", "2026-11-01 00:30"]).tz_localize(
        "Europe/Riga")})  # 21:30 and 22:30 UTC on 31 October
    assert report_data.months_of(frame).tolist() == ["2026-10", "2026-11"]


def test_names_that_look_like_missing_values_are_names(tmp_path, three_months):
    """A region called "NA" (North America), a segment called "null": text in a cell is never read as missing;
    only an empty cell is."""
    data = three_months.assign(region=three_months["region"].replace({"north": "NA", "south": "None"}),
                               segment=three_months["segment"].replace({"consumer": "null"}))
    frame = report_data.check_report_data(str(_write(tmp_path / "na.csv", data)), month="2026-10",
                                          segment="null")
    assert (frame["segment"] == "null").all() and len(frame) == (data["segment"] == "null").sum()
    everyone = report_data.load_survey(str(tmp_path / "na.csv"))
    assert {"NA", "None"} <= set(everyone["region"]) and everyone["region"].notna().all()


def test_a_month_without_answers_inside_the_data_is_named_as_a_gap(three_months):
    gap = three_months[three_months["answered_at"].dt.strftime("%Y-%m") != "2026-09"]
    with pytest.raises(cx.CxkitValueError, match=r"has no answers in 2026-09, though it covers 2026-08 to 2026-10: "
                                                 r"the month\(s\) without answers are 2026-09. Pick a month with "
                                                 r"answers.$"):
        report_data.check_months(gap, "2026-09")


def _tickets(frame):
    created = frame["answered_at"] - pd.Timedelta(hours=5)
    first = created + pd.Timedelta(hours=2)
    return frame.assign(created_at=created.dt.strftime("%Y-%m-%dT%H:%M:%S"),
                        first_response_at=first.dt.strftime("%Y-%m-%dT%H:%M:%S"))


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_a_first_response_before_its_ticket_is_refused_before_the_notebook(tmp_path, three_months, layout):
    data = _tickets(three_months)
    swapped = data.index[:4]
    data.loc[swapped, ["created_at", "first_response_at"]] = data.loc[swapped, ["first_response_at",
                                                                                   "created_at"]].to_numpy()
    if layout == "file":
        path = _write(tmp_path / "tickets.csv", data)
    else:
        (tmp_path / "tickets").mkdir()
        _write(tmp_path / "tickets" / "part.csv", data)
        path = tmp_path / "tickets"
    out = tmp_path / "out"
    with pytest.raises(cx.DataFileError, match=r"has 4 ticket\(s\) whose 'first_response_at' is before its "
                                               r"'created_at' \(created \d{4}-\d\d-\d\d \d\d:\d\d, first response "
                                               r".*; \.\.\.\): a first response cannot come before the ticket"):
        render_monthly_report(month="2026-10", data=str(path), output_dir=out)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_column_named_twice_is_refused_in_a_file_and_in_a_folder(tmp_path, three_months):
    text = _write(tmp_path / "x.csv", three_months).read_text().splitlines()
    text[0] = text[0].replace("csat_score", "nps_score")
    (tmp_path / "twice.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(cx.DataFileError, match=r"names column\(s\) 'nps_score' more than once"):
        report_data.load_survey(str(tmp_path / "twice.csv"))
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.csv").write_text("\n".join(text) + "\n")
    with pytest.raises(cx.DataFileError, match=r"names column\(s\) 'nps_score' more than once"):
        report_data.load_survey(str(tmp_path / "folder"))


def test_files_of_a_folder_need_the_same_columns_and_commas(tmp_path, three_months):
    mixed, semi = tmp_path / "mixed", tmp_path / "semi"
    mixed.mkdir(), semi.mkdir()
    _write(mixed / "a.csv", three_months.head(1000))
    _write(mixed / "b.csv", three_months.tail(1400).drop(columns="region"))
    with pytest.raises(cx.DataFileError, match=r"have different columns: '.*b.csv' lacks 'region' \(against "
                                               r"'.*a.csv'\)"):
        report_data.load_survey(str(mixed))
    _write(semi / "a.csv", three_months, sep=";")
    with pytest.raises(cx.DataFileError, match=r"is separated by semicolons"):
        report_data.load_survey(str(semi))
    (mixed / "b.csv").write_text("")  # an empty export among the others
    with pytest.raises(cx.DataFileError, match=r"b.csv' \(in the folder or glob .*\) is empty: it has no header"):
        report_data.load_survey(str(mixed))


def test_blank_lines_excels_empty_columns_and_long_answers_are_read(tmp_path, three_months):
    """What pandas reads well stays readable: a space-only line (skipped), the unnamed empty columns Excel leaves
    after the last one, and a free-text answer longer than the csv module's default field limit."""
    lines = _write(tmp_path / "x.csv", three_months).read_text().splitlines()
    (tmp_path / "blank.csv").write_text("\n".join(lines[:3] + ["   "] + lines[3:]) + "\n")
    assert len(report_data.load_survey(str(tmp_path / "blank.csv"))) == len(three_months)
    (tmp_path / "excel.csv").write_text("\n".join(line + ",," for line in lines) + "\n")
    assert len(report_data.load_survey(str(tmp_path / "excel.csv"))) == len(three_months)
    essay = three_months.assign(comment=["x" * 200_000] + [""] * (len(three_months) - 1))
    assert len(report_data.load_survey(str(_write(tmp_path / "essay.csv", essay)))) == len(three_months)


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_ticket_columns_in_different_utc_offsets_are_refused(tmp_path, three_months, layout):
    """Each column keeps its clock time (one offset per column); two columns in different offsets would make every
    first response time wrong by their difference, so they must agree. Unanswered tickets stay allowed."""
    created = three_months["answered_at"] - pd.Timedelta(hours=5)
    first = created + pd.Timedelta(hours=2)

    def place(frame, name):
        if layout == "file":
            return _write(tmp_path / f"{name}.csv", frame)
        (tmp_path / name).mkdir()
        _write(tmp_path / name / "part.csv", frame)
        return tmp_path / name

    same = three_months.assign(created_at=created.dt.strftime("%Y-%m-%dT%H:%M:%S+03:00"),
                               first_response_at=first.dt.strftime("%Y-%m-%dT%H:%M:%S+03:00").where(
                                   three_months.index % 10 != 0))  # every tenth ticket unanswered
    checked = report_data.check_report_data(str(place(same, "same")), month="2026-10")
    assert checked is not None
    mixed = same.assign(first_response_at=first.dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
    with pytest.raises(cx.DataFileError, match=r"'created_at' is written with UTC offset \+03:00 and "
                                               r"'first_response_at' with \+00:00; cxkit keeps each column's clock "
                                               r"time, so every first response time would be off"):
        report_data.check_report_data(str(place(mixed, "mixed")), month="2026-10")


@pytest.mark.parametrize("layout", ["file", "folder"])
def test_an_answer_dated_in_the_future_is_refused(tmp_path, three_months, layout):
    """One row typed 2099 would have become the report's latest month, with its one answer."""
    data = three_months.copy()
    data.loc[data.index[7], "answered_at"] = pd.Timestamp("2099-01-05 10:00")
    if layout == "file":
        path = _write(tmp_path / "typo.csv", data)
    else:
        (tmp_path / "typo").mkdir()
        _write(tmp_path / "typo" / "part.csv", data)
        path = tmp_path / "typo"
    with pytest.raises(cx.DataFileError, match=r"has 1 answer\(s\) dated after today \(\d{4}-\d\d-\d\d\), the "
                                               r"latest 2099-01-05: an answer cannot come from the future"):
        report_data.check_report_data(str(path), month="")
    # the day's grace: answers of tomorrow (a time zone ahead) are fine
    report_data.check_not_future(three_months, today=three_months["answered_at"].max() - pd.Timedelta(days=1))
    with pytest.raises(cx.CxkitValueError, match="dated after today"):
        report_data.check_not_future(three_months, today=three_months["answered_at"].max() - pd.Timedelta(days=3))
