"""The monthly report end to end: papermill execution, HTML without code, atomic output.

Reports land in their own folder, ``<output_dir>/<name>/<name>.html`` beside
``<name>.ipynb`` (see cxkit/reports/runner.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

import cxkit as cx
from cxkit.reports import data as report_data, monthly
from cxkit.reports.outputs import read_outputs
from cxkit.reports.runner import TEMPLATES_DIR, render_monthly_report

TEMPLATE = TEMPLATES_DIR / "monthly_report.ipynb"
#: The checkout whose cxkit the tests import; subprocesses must import the same one.
SOURCE_ROOT = Path(cx.__file__).resolve().parents[1]


def _env() -> dict:
    """Environment for a subprocess that imports this checkout's cxkit from any folder."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(SOURCE_ROOT), os.environ.get("PYTHONPATH")]))}


def _outputs_text(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    chunks = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            chunks.append(json.dumps(out.get("data", {}), ensure_ascii=False) + out.get("text", ""))
    return "\n".join(chunks)


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    return folder, render_monthly_report(month="2026-10", output_dir=folder)


def test_monthly_report_renders_html_and_keeps_the_executed_notebook(default_report):
    folder, result = default_report
    assert result.folder == folder / "monthly-2026-10"
    assert result.html == folder / "monthly-2026-10" / "monthly-2026-10.html"
    assert result.notebook == folder / "monthly-2026-10" / "monthly-2026-10.ipynb"
    assert [p.name for p in folder.iterdir()] == ["monthly-2026-10"]  # no staging folder left
    names = sorted(p.name for p in result.folder.iterdir())
    assert names == ["groups.csv", "headline.csv", "metrics.json", "monthly-2026-10.html", "monthly-2026-10.ipynb",
                     "nps_mix.csv", "trends.csv"]
    page = result.html.read_text(encoding="utf-8")
    assert "Monthly customer-experience report: October 2026" in page
    assert "<title>Monthly customer-experience report: October 2026</title>" in page
    assert "The report shows October 2026." in page
    assert "<img" in page and "data:image/svg+xml;base64" in page  # the charts are embedded (SVG)
    assert "data:image/png" not in page
    assert "import cxkit" not in page and "collect_parameters" not in page  # no code cells
    assert "<script" not in page  # nothing runs, nothing is fetched


def test_report_numbers_equal_the_library_computation(default_report):
    _folder, result = default_report
    text = _outputs_text(result.notebook)
    frame = report_data.load_survey("")
    october = frame.loc[report_data.months_of(frame) == "2026-10"]
    september = frame.loc[report_data.months_of(frame) == "2026-09"]
    expected = cx.nps(october["nps_score"])
    metrics = read_outputs(result.folder)["by_key"]
    assert list(metrics) == ["nps", "csat", "csi", "ces", "cli"]
    assert metrics["nps"]["value"] == pytest.approx(expected.value, abs=1e-12)
    assert (metrics["nps"]["low"], metrics["nps"]["high"]) == pytest.approx((expected.low, expected.high), abs=1e-12)
    assert metrics["nps"]["n"] == expected.n and metrics["nps"]["method"] == expected.method
    change = cx.compare(september["nps_score"], october["nps_score"], metric="nps")
    assert metrics["nps"]["extra"]["change"] == pytest.approx(change.difference, abs=1e-9)
    assert metrics["csat"]["value"] == pytest.approx(cx.csat(october["csat_score"]).value, abs=1e-12)
    assert f"{expected.value:.1f}" in text and f"interval {expected.low:.1f} to {expected.high:.1f}" in text


def test_sample_month_alerts_say_what_dropped_and_which_target_was_missed(default_report):
    _folder, result = default_report
    text = _outputs_text(result.notebook)
    headline = pd.read_csv(result.folder / "headline.csv").set_index("metric")
    # CES fell by 8 points: significant even after Holm's adjustment over the ten changes shown.
    assert headline.loc["ces", "change_significant"] and headline.loc["ces", "change"] < 0
    assert "CES fell significantly against September 2026: from 68.0% to 59.9%" in text
    # CSI's whole interval lies below its 80 % target; NPS's above 0: met; CES's holds 60: cannot tell yet.
    assert "CSI missed its target (≥\u00a080.0%): the whole interval, 73.2% to 79.2%, is below it." in text
    assert list(headline["light"]) == ["met", "met", "missed", "unclear", "none"]


def test_russian_report_for_one_segment_from_a_csv_file(tmp_path):
    data = tmp_path / "answers.csv"
    cx.datasets.sample_survey(months=3, start="2026-08").to_csv(data, index=False)
    out = tmp_path / "out"
    result = render_monthly_report(month="2026-10", data=str(data), segment="enterprise",
                                   language="ru", output_dir=out)
    data_part = f"answers-{hashlib.sha256(str(data.resolve()).encode()).hexdigest()[:8]}"
    assert result.html.name == f"monthly-2026-10-enterprise-ru-{data_part}.html"
    assert result.html.parent == out / f"monthly-2026-10-enterprise-ru-{data_part}"
    page = result.html.read_text(encoding="utf-8")
    title = "Ежемесячный отчёт о клиентском опыте: октябрь 2026\u00a0г. — enterprise"  # the segment in the title
    assert f"<h1>{title}</h1>" in page and f"<title>{title}</title>" in page and '<html lang="ru">' in page
    assert read_outputs(result.folder)["page"]["title"] == title
    assert "enterprise" in page and str(data.resolve()) in page


def test_report_from_a_parquet_file_equals_the_same_data_from_csv(tmp_path):
    """Parquet is read through DuckDB, a core dependency: no pyarrow needed."""
    frame = cx.datasets.sample_survey(months=2, start="2026-09")
    frame.to_csv(tmp_path / "answers.csv", index=False)
    frame.to_parquet(tmp_path / "answers.parquet")
    from_parquet = report_data.load_survey(tmp_path / "answers.parquet")
    from_csv = report_data.load_survey(tmp_path / "answers.csv")
    for loaded in (from_parquet, from_csv):
        kpis = monthly.headline(loaded, month="2026-10").set_index("metric")
        assert kpis.loc["nps", "value"] == pytest.approx(
            cx.nps(frame.loc[frame["answered_at"].dt.month == 10, "nps_score"]).value)
    result = render_monthly_report(month="2026-10", data=str(tmp_path / "answers.parquet"), output_dir=tmp_path / "out")
    assert result.html.is_file() and result.notebook.is_file()


def test_failed_report_leaves_nothing_in_the_output_folder(tmp_path):
    # The months are checked before the notebook starts, so this is a plain input error now.
    with pytest.raises(cx.CxkitValueError, match=r"the bundled sample data has no answers in 2020-01; "
                                                 r"it covers 2024-11 to 2026-10"):
        render_monthly_report(month="2020-01", output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_notebook_failure_gives_report_error_and_leaves_nothing_in_the_output_folder(tmp_path):
    from cxkit.reports.runner import render_report

    templates = tmp_path / "templates"
    templates.mkdir()
    nb = nbformat.read(TEMPLATE, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("total = 1\nshare = total / 0"))
    nbformat.write(nb, templates / "monthly_report.ipynb")
    out = tmp_path / "out"
    out.mkdir()
    # papermill adds its injected-parameters cell after the parameters cell: the new cell is cell 4.
    with pytest.raises(cx.ReportError, match=r"failed in cell 4 \(In \[\d+\] in the kept notebook\): "
                                             r"ZeroDivisionError: division by zero; "
                                             r"the executed notebook is kept at ") as caught:
        render_report("monthly", {"month": "2026-10"}, output_dir=out, template_dir=templates)
    error = caught.value
    assert list(out.iterdir()) == []
    assert (error.cell_index, error.ename, error.evalue) == (4, "ZeroDivisionError", "division by zero")
    assert "share = total / 0" in error.traceback and "\x1b[" not in error.traceback
    assert type(error.__cause__).__name__ == "PapermillExecutionError"
    kept = Path(error.notebook_path)
    try:
        assert kept.parent == Path(tempfile.gettempdir()) and str(kept) in str(error)
        failed = nbformat.read(kept, as_version=4)
        errors = [(c.source, o["ename"]) for c in failed.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
        assert errors == [("total = 1\nshare = total / 0", "ZeroDivisionError")]
    finally:
        kept.unlink()


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"month": "2026-13"}, ValueError, r"month \('2026-13'\) must be a month written as YYYY-MM"),
        ({"month": "2026-10", "language": "de"}, ValueError, r"language \('de'\) must be one of 'en' or 'ru'"),
        ({"month": "2026-10", "confidence_level": 95}, ValueError, r"did you mean 0.95"),
        ({"month": "2026-10", "data": "no/such/file.csv"}, FileNotFoundError, r"does not exist"),
        ({"month": "2026-10", "data": "no/such/file.csv"}, cx.DataFileError, r"data file 'no/such/file.csv' does not exist"),
    ],
)
def test_bad_parameters_fail_before_anything_runs(tmp_path, kwargs, error, message):
    with pytest.raises(error, match=message):
        render_monthly_report(output_dir=tmp_path, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_unknown_parameter_is_rejected_by_the_runner(tmp_path):
    from cxkit.reports.runner import render_report

    with pytest.raises(ValueError, match=r"unknown report parameter\(s\) 'mnth'; this report takes 'month'"):
        render_report("monthly", {"mnth": "2026-10"}, output_dir=tmp_path)
    with pytest.raises(ValueError, match=r"report \('weekly'\) must be one of 'monthly'"):
        render_report("weekly", {}, output_dir=tmp_path)


def test_unknown_parameter_is_rejected_inside_the_notebook_under_plain_papermill(tmp_path):
    with pytest.raises(PapermillExecutionError, match=r"unknown report parameter\(s\) 'mnth'"):
        papermill.execute_notebook(str(TEMPLATE), str(tmp_path / "out.ipynb"),
                                   parameters={"mnth": "2026-09"}, kernel_name="python3",
                                   progress_bar=False)


def test_template_declares_annotated_parameters():
    declared = papermill.inspect_notebook(str(TEMPLATE))
    assert list(declared) == ["month", "data", "segment", "confidence_level", "language", "date_format", "targets",
                              "category_names"]
    assert declared["month"]["inferred_type_name"] == "str"
    assert declared["month"]["help"] == "report month, YYYY-MM; empty for the latest month in the data"
    assert declared["confidence_level"]["inferred_type_name"] == "float"
    assert declared["date_format"]["inferred_type_name"] == "str"
    assert declared["date_format"]["default"] == '""'
    assert "strftime format of answered_at when it is not ISO 8601" in declared["date_format"]["help"]


def test_command_line_prints_the_html_path(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "cxkit", "report", "monthly", "--month", "2026-10", "--segment", "consumer",
         "--output-dir", str(tmp_path)],
        capture_output=True, text=True, check=False, env=_env(), cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "monthly-2026-10-consumer" / "monthly-2026-10-consumer.html")
    assert Path(run.stdout.strip()).is_file()
    assert (tmp_path / "monthly-2026-10-consumer" / "monthly-2026-10-consumer.ipynb").is_file()
    # The kernel's "running over TCP without encryption" warning does not reach the terminal.
    assert "without encryption" not in run.stderr
    assert "[IPKernelApp]" not in run.stderr


def test_command_line_reports_bad_input_with_exit_code_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "cxkit", "report", "monthly", "--month", "10/2026", "--output-dir", str(tmp_path)],
        capture_output=True, text=True, check=False, env=_env(),
    )
    assert run.returncode == 2
    assert "cxkit: error: month ('10/2026') must be a month written as YYYY-MM" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_on_a_folder_of_parquet_files_runs_in_duckdb_and_equals_the_pandas_numbers(tmp_path):
    """A folder (or glob) is read lazily by DuckDB: the report's tables come back as GROUP BY results."""
    frame = cx.datasets.sample_survey(months=3, start="2026-08")
    folder = tmp_path / "answers"
    folder.mkdir()
    for month, part in frame.groupby(frame["answered_at"].dt.strftime("%Y-%m")):
        part.to_parquet(folder / f"{month}.parquet")
    lazy = report_data.check_report_data(str(folder), month="2026-10", metrics=monthly.MONTHLY_METRICS)
    assert not isinstance(lazy, type(frame))  # a DuckDB relation, not a pandas frame
    from_files = monthly.headline(lazy, month="2026-10")
    in_memory = monthly.headline(frame, month="2026-10")
    pd.testing.assert_frame_equal(from_files, in_memory, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(monthly.group_tables(lazy, month="2026-10"),
                                  monthly.group_tables(frame, month="2026-10"), check_exact=False, rtol=1e-9)
    trend = monthly.trends(report_data.load_survey(str(folder / "*.parquet")), month="2026-10")
    assert trend["n"].tolist() == monthly.trends(frame, month="2026-10")["n"].tolist()
    result = render_monthly_report(month="2026-10", data=str(folder), segment="enterprise", output_dir=tmp_path / "out")
    assert result.html.is_file()
    with pytest.raises(cx.DataFileError, match=r"has no answers in 2026-07; it covers 2026-08 to 2026-10"):
        report_data.check_report_data(str(folder), month="2026-07")
    first = monthly.headline(report_data.check_report_data(str(folder), month="2026-08"), month="2026-08")
    assert (first["previous_n"] == 0).all() and first["change"].isna().all()  # the first month: no change



def test_failing_cell_is_named_by_its_first_comment_line(tmp_path):
    from cxkit.reports.runner import render_report

    templates = tmp_path / "templates"
    templates.mkdir()
    nb = nbformat.read(TEMPLATE, as_version=4)
    (cell,) = [c for c in nb.cells if c.source.startswith("# Headline cards")]
    cell.source += "\nheadline.loc['no such metric']"
    nbformat.write(nb, templates / "monthly_report.ipynb")
    with pytest.raises(cx.ReportError, match=r"failed in cell \d+ \(In \[(\d+)\] in the kept notebook; Headline "
                                             r"cards\): KeyError: ") as caught:
        render_report("monthly", {}, output_dir=tmp_path / "out", template_dir=templates)
    shown = int(re.search(r"In \[(\d+)\]", str(caught.value)).group(1))
    (failed,) = [c for c in nbformat.read(caught.value.notebook_path, as_version=4).cells
                 if c.get("execution_count") == shown]  # the kept notebook marks the failing cell so
    assert failed.source.startswith("# Headline cards") and failed.outputs[-1]["output_type"] == "error"
    assert caught.value.ename == "KeyError" and not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    Path(caught.value.notebook_path).unlink()


def test_churn_and_first_response_time_cards_from_a_csv_file_that_has_them(tmp_path):
    import numpy as np

    rng = np.random.default_rng(3)
    survey = cx.datasets.sample_survey(months=13, start="2025-10")
    created = survey["answered_at"] - pd.to_timedelta(rng.uniform(1, 48, len(survey)), unit="h")
    answered = (created + pd.to_timedelta(rng.exponential(5.0, len(survey)), unit="h")).where(
        rng.uniform(size=len(survey)) > 0.01)
    survey = survey.assign(churned=rng.uniform(size=len(survey)) < 0.04,
                           created_at=created.dt.strftime("%Y-%m-%dT%H:%M:%S"),
                           first_response_at=answered.dt.strftime("%Y-%m-%dT%H:%M:%S"))
    data = tmp_path / "tickets.csv"
    survey.to_csv(data, index=False)  # unanswered tickets: an empty first_response_at
    (tmp_path / "targets.json").write_text('{"first_response_time": 8, "churn": 6}', encoding="utf-8")
    result = render_monthly_report(data=str(data), targets=str(tmp_path / "targets.json"), language="ru",
                                   output_dir=tmp_path / "out")
    metrics = read_outputs(result.folder)["by_key"]
    assert list(metrics) == ["nps", "csat", "csi", "ces", "cli", "churn", "first_response_time"]
    assert metrics["first_response_time"]["unit"] == "hours" and metrics["churn"]["extra"]["target"] == 6.0
    page = result.html.read_text(encoding="utf-8")
    assert "Время первого ответа" in page and "Нет в данных" not in page
    frt = metrics["first_response_time"]["extra"]  # its changes are tested too (Bonett-Price, medians)
    for prefix, point in (("change", "change"), ("yoy", "yoy_change")):
        assert frt[f"{prefix}_low"] < frt[point] < frt[f"{prefix}_high"] and 0 < frt[f"{prefix}_p"] <= 1
        assert frt[f"{prefix}_p_adjusted"] >= frt[f"{prefix}_p"]  # in the page's Holm family
    assert "теста нет" not in page and "Бонетта\u00a0— Прайса" in page
    from cxkit.reports.labels import labels
    from cxkit.reports.locale import Formatter

    words = labels("ru")
    customers = Formatter("ru", words).count(metrics["churn"]["n"], words["customers"])  # churn counts customers
    assert customers.split()[-1].startswith("клиент") and customers in page


def test_a_month_with_most_tickets_unanswered_shows_an_open_median_and_writes_no_infinity(tmp_path):
    """Data taken early in a month: fewer than half of its tickets answered. The median wait is beyond the
    longest wait so far: the card says "over ...", metrics.json names the unbounded numbers, nothing fails."""
    import math

    import numpy as np

    from cxkit.reports.labels import labels
    from cxkit.reports.locale import Formatter

    rng = np.random.default_rng(8)
    survey = cx.datasets.sample_survey(months=3, start="2026-08")
    created = survey["answered_at"] - pd.to_timedelta(rng.uniform(1, 48, len(survey)), unit="h")
    answered = (created + pd.to_timedelta(rng.exponential(5.0, len(survey)), unit="h")).where(
        survey["answered_at"] < pd.Timestamp("2026-10-01"))  # no October ticket answered yet
    survey = survey.assign(created_at=created.dt.strftime("%Y-%m-%dT%H:%M:%S"),
                           first_response_at=answered.dt.strftime("%Y-%m-%dT%H:%M:%S"))
    data = tmp_path / "tickets.csv"
    survey.to_csv(data, index=False)
    result = render_monthly_report(data=str(data), output_dir=tmp_path / "out")
    frt = read_outputs(result.folder)["by_key"]["first_response_time"]
    assert frt["value"] is None and frt["high"] is None and frt["low"] > 0
    assert frt["extra"]["infinite"] == ["value", "high", "change"] and frt["extra"]["change"] is None
    words = labels("en")
    over = words["over"].format(low=Formatter("en", words).value(frt["low"], "hours"))
    page = result.html.read_text(encoding="utf-8")
    assert over in page and words["over_note"] in page and "∞ h</p>" not in page
    json_text = (result.folder / "metrics.json").read_text(encoding="utf-8")
    assert "Infinity" not in json_text and "NaN" not in json_text
    assert not math.isinf(frt["low"])
