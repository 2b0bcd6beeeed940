"""The monthly report end to end: papermill execution, HTML without code, atomic output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

import cxkit as cx
from cxkit.reports import data as report_data, monthly
from cxkit.reports.runner import TEMPLATES_DIR, render_monthly_report

TEMPLATE = TEMPLATES_DIR / "monthly_report.ipynb"


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
    assert result.html == folder / "monthly-2026-10.html"
    assert result.notebook == folder / "monthly-2026-10.ipynb"
    assert sorted(p.name for p in folder.iterdir()) == ["monthly-2026-10.html", "monthly-2026-10.ipynb"]
    page = result.html.read_text(encoding="utf-8")
    assert "Monthly customer-experience report: 2026-10" in page
    assert "<title>cxkit monthly report 2026-10</title>" in page
    assert "<img" in page and "data:image/png;base64" in page  # the trend chart is embedded
    assert "import cxkit" not in page and "collect_parameters" not in page  # no code cells
    assert "<script src=" not in page  # nothing fetched from the web


def test_report_numbers_equal_the_library_computation(default_report):
    _folder, result = default_report
    text = _outputs_text(result.notebook)
    frame = report_data.load_survey("")
    kpis = monthly.monthly_kpis(frame, month="2026-10")
    nps_row = kpis.set_index("metric").loc["nps"]
    expected = cx.nps(frame.loc[report_data.months_of(frame) == "2026-10", "nps_score"])
    assert nps_row["value"] == pytest.approx(expected.value)
    assert f"{expected.value:.1f}" in text
    assert f"{expected.low:.1f} – {expected.high:.1f}" in text
    assert list(kpis["metric"]) == ["nps", "csat", "csi", "ces"]


def test_sample_month_shows_a_significant_nps_drop(default_report):
    _folder, result = default_report
    text = _outputs_text(result.notebook)
    assert "NPS (points) fell by" in text
    frame = report_data.load_survey("")
    kpis = monthly.monthly_kpis(frame, month="2026-10").set_index("metric")
    assert kpis.loc["nps", "significant"] and kpis.loc["nps", "change"] < 0


def test_russian_report_for_one_segment_from_a_csv_file(tmp_path):
    data = tmp_path / "answers.csv"
    cx.datasets.sample_survey(months=3, start="2026-08").to_csv(data, index=False)
    out = tmp_path / "out"
    result = render_monthly_report(month="2026-10", data=str(data), segment="enterprise",
                                   language="ru", output_dir=out)
    assert result.html.name == "monthly-2026-10-enterprise-ru.html"
    page = result.html.read_text(encoding="utf-8")
    assert "Ежемесячный отчёт о клиентском опыте" in page
    assert "enterprise" in page and str(data.resolve()) in page


def test_failed_report_leaves_nothing_in_the_output_folder(tmp_path):
    with pytest.raises(cx.ReportError, match=r"failed in cell \d+: (Cxkit)?ValueError: the data has no answers in 2020-01"):
        render_monthly_report(month="2020-01", output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"month": "2026-13"}, ValueError, r"month \('2026-13'\) must be a month written as YYYY-MM"),
        ({"month": "2026-10", "language": "de"}, ValueError, r"language \('de'\) must be one of 'en' or 'ru'"),
        ({"month": "2026-10", "confidence_level": 95}, ValueError, r"did you mean 0.95"),
        ({"month": "2026-10", "data": "no/such/file.csv"}, FileNotFoundError, r"does not exist"),
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
    assert list(declared) == ["month", "data", "segment", "confidence_level", "language"]
    assert declared["month"]["inferred_type_name"] == "str"
    assert declared["month"]["help"] == "report month, YYYY-MM"
    assert declared["confidence_level"]["inferred_type_name"] == "float"


def test_command_line_prints_the_html_path(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "cxkit", "report", "monthly", "--month", "2026-10", "--segment", "consumer",
         "--output-dir", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "monthly-2026-10-consumer.html")
    assert Path(run.stdout.strip()).is_file()


def test_command_line_reports_bad_input_with_exit_code_2(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "cxkit", "report", "monthly", "--month", "10/2026", "--output-dir", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )
    assert run.returncode == 2
    assert "cxkit: error: month ('10/2026') must be a month written as YYYY-MM" in run.stderr
    assert list(tmp_path.iterdir()) == []
