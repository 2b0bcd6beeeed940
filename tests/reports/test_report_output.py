"""Where a report lands and what its page shows (cxkit/reports/runner.py, cxkit/reports/formatting.py).

One folder per report, put in place by one rename; names keep every
parameter that changes the content; data-derived text is escaped.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import nbformat
import pytest

import cxkit as cx
from cxkit.reports import data as report_data, execution, monthly, runner
from cxkit.reports.runner import monthly_report_name, render_monthly_report

EVIL = "<img src=x onerror=alert(1)>"


def _values(**changes):
    values = {"month": "2026-10", "data": "", "segment": "", "confidence_level": 0.95, "language": "en",
              "date_format": ""}
    values.update(changes)
    return values


def _short(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _outputs_text(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(json.dumps(o.get("data", {}), ensure_ascii=False) + o.get("text", "")
                     for cell in nb.cells for o in cell.get("outputs", []))


# --- names -------------------------------------------------------------------------------------

def test_names_keep_every_parameter_that_changes_the_report(tmp_path):
    data = tmp_path / "answers.csv"
    assert monthly_report_name(_values()) == "monthly-2026-10"
    assert monthly_report_name(_values(segment="enterprise", language="ru")) == "monthly-2026-10-enterprise-ru"
    assert monthly_report_name(_values(confidence_level=0.9)) == "monthly-2026-10-cl0.9"
    assert monthly_report_name(_values(data=str(data))) == f"monthly-2026-10-answers-{_short(str(data.resolve()))}"
    assert monthly_report_name(_values(data=str(data), date_format="%d.%m.%Y")) \
        == f"monthly-2026-10-answers-{_short(str(data.resolve()))}-fmt-{_short('%d.%m.%Y')}"


def test_date_format_is_in_a_name_only_where_it_reads_a_files_dates(tmp_path):
    """The bundled sample holds dates already: a date format changes nothing there, so it is not in the name
    (``cxkit report all --date-format`` used to put it in the sample journey report's folder name)."""
    from cxkit.reports.names import date_format_applies, report_name

    events = tmp_path / "events.csv"
    assert monthly_report_name(_values(date_format="%d.%m.%Y")) == "monthly-2026-10"
    journey = {"month": "2026-05", "events": "", "customers": "", "segment": "", "stages": "", "language": "en",
               "confidence_level": 0.95, "date_format": "%d.%m.%Y %H:%M"}
    assert report_name("journey", journey) == "journey-2026-05"
    with_file = report_name("journey", {**journey, "events": str(events)})
    assert with_file.startswith(f"journey-2026-05-fmt-{_short('%d.%m.%Y %H:%M')}-events-")
    assert report_name("benchmark", {"month": "2026-10", "data": "", "date_format": "%d.%m.%Y"}) == "benchmark-2026-10"
    assert not date_format_applies({"date_format": "", "data": "x.csv"})
    assert date_format_applies({"date_format": "%d.%m.%Y", "events": "e.csv"})


def test_same_file_name_in_two_folders_gives_two_names(tmp_path):
    a, b = tmp_path / "a" / "answers.csv", tmp_path / "b" / "answers.csv"
    assert monthly_report_name(_values(data=str(a))) != monthly_report_name(_values(data=str(b)))


def test_non_latin_segments_keep_their_letters_and_never_collide():
    retail = monthly_report_name(_values(segment="Розница"))
    wholesale = monthly_report_name(_values(segment="Опт"))
    assert retail == f"monthly-2026-10-Розница-{_short('Розница')}"  # upper case: hashed for case-blind disks
    assert wholesale == f"monthly-2026-10-Опт-{_short('Опт')}"
    assert monthly_report_name(_values(segment="розница")) == "monthly-2026-10-розница"
    assert retail != wholesale


@pytest.mark.parametrize(("a", "b"), [("a/b", "a b"), ("Retail", "retail"), ("x" * 50, "x" * 51), (EVIL, "_img_src_x")])
def test_segments_that_would_look_alike_in_a_file_name_get_different_names(a, b):
    name_a, name_b = monthly_report_name(_values(segment=a)), monthly_report_name(_values(segment=b))
    assert name_a != name_b
    for name in (name_a, name_b):
        assert "/" not in name and "<" not in name and " " not in name and len(name) < 80


def test_stem_must_be_a_plain_file_name(tmp_path):
    from cxkit.reports.runner import render_report

    with pytest.raises(cx.CxkitValueError, match=r"stem \('../x'\) must be a file name of letters, digits"):
        render_report("monthly", {"month": "2026-10"}, output_dir=tmp_path, stem="../x")
    assert list(tmp_path.iterdir()) == []


# --- one rename --------------------------------------------------------------------------------

def _report_folder(parent: Path, folder_name: str, text: str, name: str | None = None) -> Path:
    """A report folder holding ``<name>.html`` and ``<name>.ipynb`` (name: the folder's, without staging marks)."""
    name = name or folder_name.lstrip(".").split(".")[0]
    folder = parent / folder_name
    folder.mkdir(parents=True)
    (folder / f"{name}.html").write_text(text)
    (folder / f"{name}.ipynb").write_text(text)
    return folder


def test_publish_replaces_an_older_folder_of_the_same_report(tmp_path):
    _report_folder(tmp_path, "r", "old")
    staging = _report_folder(tmp_path, ".r.partial-1", "new")
    runner._publish(staging, tmp_path / "r")
    assert [p.name for p in tmp_path.iterdir()] == ["r"]
    assert (tmp_path / "r" / "r.html").read_text() == "new"


def _failing_rename(monkeypatch, fail_on: set[int]):
    calls = []
    real = os.rename

    def rename(src, dst):
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) in fail_on:
            raise OSError(f"simulated failure of rename #{len(calls)}")
        return real(src, dst)

    monkeypatch.setattr(runner.os, "rename", rename)
    return calls


@pytest.mark.parametrize("fail_on", [{1}, {2}])
def test_interrupted_publish_leaves_the_old_report_whole(tmp_path, monkeypatch, fail_on):
    _report_folder(tmp_path, "r", "old")
    staging = _report_folder(tmp_path, ".r.partial-1", "new")
    calls = _failing_rename(monkeypatch, fail_on)
    with pytest.raises(OSError, match="simulated failure"):
        runner._publish(staging, tmp_path / "r")
    # 1: old aside fails; 2: new into place fails, then the old one is renamed back.
    assert [c[1].split(".old-")[0] for c in calls] == [".r", "r", "r"][: len(calls)]
    assert _visible(tmp_path) == ["r"]
    assert (tmp_path / "r" / "r.html").read_text() == "old" and (tmp_path / "r" / "r.ipynb").read_text() == "old"


def test_crash_between_the_two_renames_shows_no_half_report(tmp_path, monkeypatch):
    # The process dies after the old folder went aside: the restore fails too.
    _report_folder(tmp_path, "r", "old")
    staging = _report_folder(tmp_path, ".r.partial-1", "new")
    _failing_rename(monkeypatch, {2, 3})
    with pytest.raises(OSError, match="simulated failure of rename #3") as caught:
        runner._publish(staging, tmp_path / "r")
    assert "simulated failure of rename #2" in str(caught.value.__context__)
    assert _visible(tmp_path) == []  # nothing that looks like a report, let alone half of one
    kept = [p for p in tmp_path.iterdir() if p.name.startswith(".r.old-")]
    assert len(kept) == 1 and sorted(p.name for p in kept[0].iterdir()) == ["r.html", "r.ipynb"]


def test_render_interrupted_at_the_rename_leaves_no_report_and_no_staging(tmp_path, monkeypatch):
    _failing_rename(monkeypatch, {1})
    with pytest.raises(OSError, match="simulated failure of rename #1"):
        render_monthly_report(month="2026-10", output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # hidden staging folder removed as well


# --- end to end ----------------------------------------------------------------------------------

def test_rerun_replaces_the_same_report_and_leaves_others(tmp_path):
    old = _report_folder(tmp_path, "monthly-2026-10", "old")
    (old / "stale.txt").write_text("from the previous run")
    other = _report_folder(tmp_path, "monthly-2026-10-enterprise", "other")
    result = render_monthly_report(month="2026-10", output_dir=tmp_path)
    assert result.folder == old
    names = {p.name for p in old.iterdir()}
    assert {"monthly-2026-10.html", "monthly-2026-10.ipynb", "metrics.json"} <= names and "stale.txt" not in names
    assert "Monthly customer-experience report: October 2026" in result.html.read_text(encoding="utf-8")
    assert (other / "monthly-2026-10-enterprise.html").read_text() == "other"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monthly-2026-10", "monthly-2026-10-enterprise"]


def test_data_derived_text_is_escaped_and_dates_are_read_with_their_format(tmp_path):
    survey = cx.datasets.sample_survey(months=3, start="2026-08")
    survey["segment"] = survey["segment"].where(survey["segment"] != "enterprise", EVIL)
    data = tmp_path / f"{EVIL}.csv"
    survey.assign(answered_at=survey["answered_at"].dt.strftime("%d.%m.%Y %H:%M:%S")).to_csv(data, index=False)

    result = render_monthly_report(month="2026-10", data=str(data), segment=EVIL, date_format="%d.%m.%Y %H:%M:%S",
                                   output_dir=tmp_path / "out")
    page = result.html.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page  # the segment and the file name, as text
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 2
    assert "<strong>Dates read as:</strong> %d.%m.%Y %H:%M:%S" in page
    assert result.folder.parent == tmp_path / "out" and "<" not in result.folder.name

    chosen = survey[survey["segment"] == EVIL]
    october = chosen.loc[report_data.months_of(chosen) == "2026-10", "nps_score"]
    expected = cx.nps(october)
    kpis = monthly.headline(chosen, month="2026-10").set_index("metric")
    assert kpis.loc["nps", "value"] == pytest.approx(expected.value)
    text = _outputs_text(result.notebook)
    assert f"interval {expected.low:.1f} to {expected.high:.1f}" in text


def test_report_without_curve_keys_uses_ipc_and_the_kernel_stays_quiet(tmp_path, monkeypatch, capfd):
    from traitlets.config import Config

    encrypted = Config({"KernelManager": {"transport_encryption": "auto"}})
    assert (execution.kernel_config("python3", tmp_path) == encrypted) == execution.kernel_supports_curve("python3")
    monkeypatch.setattr(execution, "kernel_supports_curve", lambda name: False)
    config = execution.kernel_config("python3", tmp_path)
    assert config.KernelManager.transport == "ipc" and config.KernelManager.ip == str(tmp_path / "kernel")
    result = render_monthly_report(month="2026-10", output_dir=tmp_path / "out")
    assert result.html.is_file()
    captured = capfd.readouterr()
    assert "without encryption" not in captured.err and "WARNING" not in captured.err


def test_other_parameters_are_named_by_a_hash_of_their_resolved_path(tmp_path, monkeypatch):
    from cxkit.reports.runner import report_name

    monkeypatch.chdir(tmp_path)
    values = _values(targets=str(tmp_path / "t.csv"))
    assert report_name("monthly", values) == f"monthly-2026-10-targets-{_short(json.dumps(str(tmp_path / 't.csv')))}"
    assert report_name("benchmark", {"language": "ru", "peers": ""}) == "benchmark-ru"  # empty: not named


def test_register_takes_a_report_kind_and_unknown_reports_are_refused():
    with pytest.raises(cx.CxkitValueError, match=r"register takes a ReportKind; got dict"):
        runner.register({"name": "x"})
    with pytest.raises(cx.CxkitValueError, match=r"report \('weekly'\) must be one of 'monthly'"):
        runner.report_kind("weekly")


def test_a_relative_output_folder_is_the_callers_not_the_kernels(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = render_monthly_report(month="2026-10", output_dir="out")
    assert result.folder == Path("out") / "monthly-2026-10"
    assert (tmp_path / "out" / "monthly-2026-10" / "metrics.json").is_file()
