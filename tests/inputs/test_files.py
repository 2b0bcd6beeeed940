"""cx.read: CSV and Parquet files, folders and globs as lazy DuckDB relations, dates never guessed."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def answers():
    return cx.datasets.sample_survey(months=3, start="2026-08", responses_per_month=200, seed=3)


@pytest.fixture(scope="module")
def files(answers, tmp_path_factory):
    folder = tmp_path_factory.mktemp("read")
    answers.to_csv(folder / "answers.csv", index=False)
    parts = folder / "parts"
    parts.mkdir()
    for month, part in answers.groupby(answers["answered_at"].dt.strftime("%Y-%m")):
        part.to_parquet(parts / f"{month}.parquet")
    day_first = answers.assign(answered_at=answers["answered_at"].dt.strftime("%d.%m.%Y"))
    day_first.to_csv(folder / "day_first.csv", index=False)
    return folder


def _nps_by_month(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        return cx.summarize(data, score="nps_score", by="segment", period="M", date="answered_at")


@pytest.mark.parametrize("which", ["csv", "parquet file", "folder", "glob"])
def test_every_source_summarizes_as_the_pandas_frame(answers, files, which):
    source = {"csv": files / "answers.csv", "parquet file": files / "parts" / "2026-09.parquet",
              "folder": files / "parts", "glob": str(files / "parts" / "2026-*.parquet")}[which]
    relation = cx.read(source, dates="answered_at" if which == "csv" else ())
    assert isinstance(relation, duckdb.DuckDBPyRelation)
    expected = answers if which != "parquet file" else answers[answers["answered_at"].dt.month == 9]
    got, want = _nps_by_month(relation), _nps_by_month(expected)
    assert got["period"].tolist() == want["period"].tolist()
    np.testing.assert_allclose(got[["value", "low", "high", "n", "n_missing"]].to_numpy(float),
                               want[["value", "low", "high", "n", "n_missing"]].to_numpy(float), equal_nan=True)


def test_csv_dates_are_not_guessed_by_duckdb(files):
    # Without dates=..., the text stays text: DuckDB's detection is switched off for dates.
    relation = cx.read(files / "day_first.csv")
    assert dict(zip(relation.columns, map(str, relation.types)))["answered_at"] == "VARCHAR"
    with pytest.raises(cx.CxkitTypeError, match=r"date column 'answered_at' must hold dates"):
        cx.summarize(relation, score="nps_score", period="M", date="answered_at")


def test_day_first_dates_need_their_format(files):
    with pytest.raises(cx.DataFileError, match=r"600 values of 'answered_at' do not read as ISO 8601 dates .*"
                                                r"'01.08.2026'.*Name their format with date_format"):
        cx.read(files / "day_first.csv", dates="answered_at")
    relation = cx.read(files / "day_first.csv", dates="answered_at", date_format="%d.%m.%Y")
    table = _nps_by_month(relation)
    assert table["period"].unique().tolist() == ["2026-08", "2026-09", "2026-10"]


def test_all_days_up_to_twelve_are_still_not_read_month_first(tmp_path):
    frame = pd.DataFrame({"answered_at": ["01.11.2024", "02.11.2024", "12.11.2024"], "nps_score": [9, 10, 3]})
    frame.to_csv(tmp_path / "early.csv", index=False)
    with pytest.raises(cx.DataFileError, match=r"3 values of 'answered_at' do not read as ISO 8601"):
        cx.read(tmp_path / "early.csv", dates="answered_at")
    relation = cx.read(tmp_path / "early.csv", dates="answered_at", date_format="%d.%m.%Y")
    assert cx.summarize(relation, score="nps_score", period="M", date="answered_at")["period"].tolist() == ["2024-11"]


def test_one_offset_keeps_the_clock_time_and_mixed_offsets_are_refused(tmp_path):
    pd.DataFrame({"answered_at": ["2026-10-31T23:30:00+03:00", "2026-10-01T08:00+03:00"], "nps_score": [9, 3]}
                 ).to_csv(tmp_path / "tz.csv", index=False)
    relation = cx.read(tmp_path / "tz.csv", dates="answered_at")
    assert cx.summarize(relation, score="nps_score", period="M", date="answered_at")["period"].tolist() == ["2026-10"]
    pd.DataFrame({"answered_at": ["2026-10-31T23:30:00+03:00", "2026-10-01T08:00Z"], "nps_score": [9, 3]}
                 ).to_csv(tmp_path / "mixed.csv", index=False)
    with pytest.raises(cx.DataFileError, match=r"'answered_at' mixes UTC offsets"):
        cx.read(tmp_path / "mixed.csv", dates="answered_at")


def test_missing_dates_are_refused(tmp_path):
    pd.DataFrame({"answered_at": ["2026-10-01", None], "nps_score": [9, 3]}).to_csv(tmp_path / "gap.csv", index=False)
    with pytest.raises(cx.DataFileError, match=r"1 rows have no 'answered_at' date"):
        cx.read(tmp_path / "gap.csv", dates="answered_at")


def test_bad_paths(tmp_path):
    with pytest.raises(cx.DataFileError, match=r"data file '.*nowhere.csv' does not exist") as error:
        cx.read(tmp_path / "nowhere.csv")
    assert isinstance(error.value, FileNotFoundError)
    (tmp_path / "empty").mkdir()
    with pytest.raises(cx.DataFileError, match=r"the folder '.*empty' holds no files; cx.read takes .csv or .parquet"):
        cx.read(tmp_path / "empty")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(cx.DataFileError, match=r"holds .txt; cx.read takes .csv or .parquet files"):
        cx.read(tmp_path / "notes.txt")
    with pytest.raises(cx.CxkitTypeError, match=r"path must be a file, folder or glob"):
        cx.read(42)
    (tmp_path / "bad.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(cx.DataFileError, match=r"DuckDB cannot read it as PARQUET"):
        cx.read(tmp_path / "bad.parquet")


def test_unknown_date_column_uses_the_shared_message(files):
    with pytest.raises(cx.CxkitValueError, match=r"dates names column\(s\) 'answred_at' that the data does not have"):
        cx.read(files / "answers.csv", dates="answred_at")
