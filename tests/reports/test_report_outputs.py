"""The machine-readable outputs contract (cxkit/reports/outputs.py): metrics.json and one CSV per table."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.reports.outputs import METRICS_FILE, SCHEMA, ReportOutputs, read_outputs


def test_metrics_and_tables_are_written_beside_each_other(tmp_path):
    out = ReportOutputs(report="monthly", parameters={"month": "2026-10", "confidence_level": np.float64(0.95)},
                        directory=tmp_path, title="Monthly report: 2026-10", language="en")
    scores = pd.Series([10, 9, 9, 8, 7, 3, 0, 10, 10, 6] * 4)
    estimate = cx.nps(scores)
    out.estimate("nps", estimate, label="NPS", extra={"light": "unclear", "p": np.float64(0.03)})
    out.metric("nps_change", label="NPS change", value=-3.5, low=-9.0, high=float("nan"), n=np.int64(120),
               method="adjusted-welch", unit="points", confidence_level=0.95)
    out.table("segments", pd.DataFrame({"segment": ["a", "б"], "value": [1.5, math.nan]}))
    out.table("trend", pd.DataFrame({"value": [1.0]}, index=pd.Index(["2026-10"], name="month")))
    assert out.save() is None
    path = tmp_path / METRICS_FILE
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["schema"] == SCHEMA and content["report"] == "monthly"
    assert content["parameters"] == {"month": "2026-10", "confidence_level": 0.95}
    assert content["cxkit_version"] == cx.__version__
    assert content["page"] == {"title": "Monthly report: 2026-10", "language": "en"}
    first, second = content["metrics"]
    assert first == {"key": "nps", "label": "NPS", "value": estimate.value, "low": estimate.low,
                     "high": estimate.high, "n": 40, "method": estimate.method, "unit": estimate.unit,
                     "confidence_level": 0.95, "extra": {"light": "unclear", "p": 0.03}}
    assert second["high"] is None and second["n"] == 120  # NaN is null: JSON has no NaN
    assert [t["file"] for t in content["tables"]] == ["segments.csv", "trend.csv"]
    assert (tmp_path / "segments.csv").read_text(encoding="utf-8") == "segment,value\na,1.5\nб,\n"
    assert (tmp_path / "trend.csv").read_text(encoding="utf-8") == "month,value\n2026-10,1.0\n"  # named index kept
    assert read_outputs(tmp_path)["by_key"]["nps"]["value"] == estimate.value


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda o: o.metric("a b", label="x", value=1, low=0, high=2, n=1, method="m", unit="u", confidence_level=0.95),
         cx.CxkitValueError, r"metric key \('a b'\) must be 1-100 ASCII letters"),
        (lambda o: o.metric("x", label="x", value="1", low=0, high=2, n=1, method="m", unit="u", confidence_level=0.95),
         cx.CxkitTypeError, r"value of metric 'x' must be a real number or None; got '1'"),
        (lambda o: o.metric("x", label="x", value=3, low=0, high=2, n=1, method="m", unit="u", confidence_level=0.95),
         cx.CxkitValueError, r"value \(3.0\) lies outside its interval \[0.0, 2.0\]"),
        (lambda o: o.metric("x", label="x", value=1, low=0, high=2, n=1.5, method="m", unit="u", confidence_level=0.95),
         cx.CxkitValueError, r"n of metric 'x' must be a whole number"),
        (lambda o: o.estimate("x", 3.0, label="x"), cx.CxkitTypeError, r"must be a cxkit Estimate"),
        (lambda o: o.table("../evil", pd.DataFrame()), cx.CxkitValueError, r"table name \('../evil'\)"),
        (lambda o: o.table("t", [1, 2]), cx.CxkitTypeError, r"table 't' must be a pandas DataFrame; got list"),
        (lambda o: o.metric("x", label="x", value=1, low=0, high=2, n=1, method="m", unit="u",
                            confidence_level=0.95, extra={"f": object()}),
         cx.CxkitTypeError, r"extra of metric 'x'\['f'\] .* cannot be written to JSON"),
    ],
)
def test_bad_entries_are_refused_with_what_is_allowed(tmp_path, call, error, message):
    out = ReportOutputs(report="r", parameters={}, directory=tmp_path)
    with pytest.raises(error, match=message):
        call(out)


def test_keys_and_tables_are_unique(tmp_path):
    out = ReportOutputs(report="r", parameters={}, directory=tmp_path)
    out.metric("x", label="x", value=1, low=0, high=2, n=1, method="m", unit="u", confidence_level=0.95)
    with pytest.raises(cx.CxkitValueError, match=r"metric key \('x'\) is recorded twice"):
        out.metric("x", label="x", value=1, low=0, high=2, n=1, method="m", unit="u", confidence_level=0.95)
    out.table("t", pd.DataFrame({"a": [1]}))
    with pytest.raises(cx.CxkitValueError, match=r"table name \('t'\) is written twice"):
        out.table("t", pd.DataFrame({"a": [1]}))


def test_files_go_to_the_working_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = ReportOutputs(report="r", parameters={})
    out.table("t", pd.DataFrame({"a": [1]}))
    out.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metrics.json", "t.csv"]


def test_open_interval_ends_are_empty_csv_cells_and_json_nulls(tmp_path):
    """Kaplan-Meier stage_times of the sample journeys (among everyone at the stage): interest -> purchase never
    reaches its median (fewer than half moved on), so its median and the interval's upper end are infinite:
    empty in CSV, null in JSON, said in a column. (The page's own table is among those who moved on: finite.)"""
    import csv

    import numpy as np

    from cxkit.journey import stage_times
    from cxkit.reports import journey_page, journey_sections

    journeys = journey_page.load_journeys()
    times = stage_times(journeys.events, stages=journeys.stages, end=journeys.end, unit="days",
                        touchpoint="touchpoint", among="all")
    times = times.assign(median_reached=~np.isposinf(times["median"]), high_open=np.isposinf(times["high"]))
    page = journey_sections.times_table(journeys, 0.95).set_index(["from_stage", "to_stage"])
    assert 4 < page.loc[("interest", "purchase"), "median"] < 6 and page["median_reached"].all()
    row = times.set_index(["from_stage", "to_stage"]).loc[("interest", "purchase")]
    assert np.isposinf(row["median"]) and np.isposinf(row["high"]) and np.isfinite(row["low"])
    assert not row["median_reached"] and row["high_open"]
    assert times["high_open"].tolist() == np.isposinf(times["high"]).tolist()
    out = ReportOutputs(report="journey", parameters={}, directory=tmp_path)
    out.table("stage_times", times)
    out.metric("open", label="open end", value=row["low"], low=row["low"], high=np.nan, n=int(row["n"]),
               method="kaplan-meier", unit="days", confidence_level=0.95, extra={"high": float(row["high"])})
    out.save()
    text = (tmp_path / "stage_times.csv").read_text(encoding="utf-8")
    assert "inf" not in text
    rows = {(r["from_stage"], r["to_stage"]): r for r in csv.DictReader(text.splitlines())}
    written = rows[("interest", "purchase")]
    assert written["median"] == "" and written["high"] == "" and float(written["low"]) == pytest.approx(row["low"])
    assert (written["median_reached"], written["high_open"]) == ("False", "True")
    assert float(rows[("awareness", "interest")]["high"]) == pytest.approx(
        times.set_index(["from_stage", "to_stage"]).loc[("awareness", "interest"), "high"])
    assert times["high"].map(np.isposinf).any()  # the frame the page reads keeps its infinity ("x days or more")
    saved = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert saved["metrics"][0]["high"] is None and saved["metrics"][0]["extra"]["high"] is None
