"""The ``cxkit`` command: version, exit codes, what reaches the terminal (cxkit/command_line.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cxkit as cx
from cxkit import command_line
from cxkit.reports import api, runner

SOURCE_ROOT = Path(cx.__file__).resolve().parents[1]


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as caught:
        command_line.main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"cxkit {cx.__version__}\n"


def test_version_from_the_command_line():
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT)}
    run = subprocess.run([sys.executable, "-m", "cxkit", "--version"], capture_output=True, text=True, env=env, check=False)
    assert (run.returncode, run.stdout, run.stderr) == (0, "cxkit 0.1.0\n", "")


def test_unexpected_failure_shows_its_traceback_with_its_own_exit_code(monkeypatch, capsys, tmp_path):
    def broken(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(api, "render_many", broken)
    code = command_line.main(["report", "monthly", "--month", "2026-10", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == command_line.EXIT_UNEXPECTED == 3
    assert err.startswith("cxkit: unexpected failure (a bug; please report it with this traceback):\n")
    assert "Traceback (most recent call last):" in err and "ZeroDivisionError: division by zero" in err
    assert "return 1 / 0" in err


def test_report_error_exits_1_with_its_message_and_the_notebook_traceback(monkeypatch, capsys, tmp_path):
    def failing(*args, **kwargs):
        raise cx.ReportError("the report notebook monthly_report.ipynb failed in cell 4: KeyError: 'x'; "
                             "the executed notebook is kept at /tmp/kept.ipynb", cell_index=4, ename="KeyError",
                             evalue="'x'", traceback="KeyError: 'x'\nin cell 4", notebook_path="/tmp/kept.ipynb")

    monkeypatch.setattr(api, "render_many", failing)
    code = command_line.main(["report", "monthly", "--month", "2026-10", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == ("cxkit: report failed: the report notebook monthly_report.ipynb failed in cell 4: KeyError: 'x'; "
                   "the executed notebook is kept at /tmp/kept.ipynb\nKeyError: 'x'\nin cell 4\n")


def test_input_errors_exit_2_and_other_errors_are_not_mistaken_for_them(monkeypatch, capsys, tmp_path):
    def plain_value_error(*args, **kwargs):
        raise ValueError("not raised on purpose by cxkit")

    monkeypatch.setattr(api, "render_many", plain_value_error)
    code = command_line.main(["report", "monthly", "--month", "2026-10", "--output-dir", str(tmp_path)])
    assert code == 3  # a plain ValueError is a bug, not bad input
    assert "ValueError: not raised on purpose by cxkit" in capsys.readouterr().err


def _cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT)}
    return subprocess.run([sys.executable, "-m", "cxkit", *args], capture_output=True, text=True, env=env,
                          check=False, cwd=cwd)


def test_list_shows_every_report_and_its_parameters():
    run = _cli("report", "--list")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("monthly (monthly_report.ipynb): Monthly CX report")
    assert "  month: str = ''  report month, YYYY-MM; empty for the latest month in the data" in run.stdout
    assert "  confidence_level: float = 0.95  confidence level of every interval" in run.stdout
    for name in runner.KNOWN_REPORTS:
        assert (f"{name}: not available" in run.stdout) != (name in runner.REPORTS)


def test_report_name_is_required_and_unavailable_reports_are_named(capsys):
    assert command_line.main(["report"]) == 2
    assert "give a report (monthly, journey, benchmark, all) or --list" in capsys.readouterr().err
    missing = [name for name in runner.KNOWN_REPORTS if name not in runner.REPORTS]
    for name in missing:
        assert command_line.main(["report", name]) == 2
        assert f"the {name} report is not available in this version of cxkit" in capsys.readouterr().err


def test_options_become_parameters_only_when_given():
    args = command_line._parser().parse_args(["report", "monthly", "--month", "2026-09", "--month", "2026-10",
                                              "--segment", "consumer", "--confidence-level", "0.9"])
    assert command_line._parameters(args) == {"month": ["2026-09", "2026-10"], "segment": "consumer",
                                              "confidence_level": 0.9}
    assert command_line._parameters(command_line._parser().parse_args(["report", "all"])) == {}


def test_batch_plan_is_every_combination_for_every_report():
    runs = api.plan_runs("monthly", {"month": ["2026-09", "2026-10"], "segment": ["a", "b"], "language": "ru"})
    assert [(n, p["month"], p["segment"]) for n, p in runs] == [
        ("monthly", "2026-09", "a"), ("monthly", "2026-09", "b"), ("monthly", "2026-10", "a"), ("monthly", "2026-10", "b")]
    assert all(p["language"] == "ru" for _n, p in runs)
    assert [n for n, _p in api.plan_runs("all", {})] == list(runner.REPORTS)
    with pytest.raises(cx.CxkitValueError, match=r"unknown report parameter\(s\) 'mnth'; the monthly, journey and "
                                                 r"benchmark reports take category_names, company, "):
        api.plan_runs("all", {"mnth": "2026-10"})
    with pytest.raises(cx.CxkitValueError, match=r"'mnth'; the benchmark report takes category_names, company, "):
        api.plan_runs("benchmark", {"mnth": "2026-10"})
    with pytest.raises(cx.CxkitValueError, match=r"language \(\['en', 'ru'\]\) must be one value"):
        api.plan_runs("monthly", {"language": ["en", "ru"]})
    with pytest.raises(cx.CxkitValueError, match=r"month is an empty list"):
        api.plan_runs("monthly", {"month": []})
    with pytest.raises(cx.CxkitValueError, match=r"render\(\) makes one report: use cxkit.reports.render_many"):
        api.render("monthly", month=["2026-09", "2026-10"])


def test_a_segment_is_never_silently_dropped_from_the_benchmark_report(tmp_path, capsys):
    """The benchmark template has no segment parameter: named with a segment it is refused; under 'all' it is
    left out with a warning; nothing is rendered on every answer as if it showed the segment."""
    with pytest.raises(cx.CxkitValueError, match=r"^segment \(\['consumer', 'enterprise'\]\) cannot be applied to "
                                                 r"the benchmark report: it has no segment parameter .*Allowed: segment "
                                                 r"with the reports that take it \(monthly, journey\); render the "
                                                 r"benchmark report in a call of its own without segment.$"):
        api.plan_runs(["monthly", "benchmark"], {"segment": ["consumer", "enterprise"]})
    with pytest.raises(cx.CxkitValueError, match=r"^segment \('consumer'\) cannot be applied to the benchmark"):
        api.render_many("benchmark", segment="consumer", output_dir=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []
    with pytest.warns(cx.CxkitWarning, match=r"report all: the benchmark report is skipped because it has no "
                                             r"segment parameter \(segment 'consumer' was given\)"):
        runs = api.plan_runs("all", {"segment": "consumer"})
    assert [(n, p["segment"]) for n, p in runs] == [("monthly", "consumer"), ("journey", "consumer")]
    # No segment (or the empty one, "all segments") keeps the benchmark report in.
    assert [n for n, _p in api.plan_runs(["monthly", "benchmark"], {"segment": ""})] == ["monthly", "benchmark"]
    assert "benchmark" in [n for n, _p in api.plan_runs("all", {"month": "2026-10"})]
    code = command_line.main(["report", "benchmark", "--segment", "consumer", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cxkit: error: segment ('consumer') cannot be applied to the benchmark report")


def test_batch_from_the_command_line_checks_every_run_before_the_first(tmp_path):
    run = _cli("report", "all", "--month", "2026-10", "--month", "2020-01", "--no-progress",
               "--output-dir", str(tmp_path))
    assert run.returncode == 2 and "has no answers in 2020-01" in run.stderr
    assert list(tmp_path.iterdir()) == []  # the good month was not rendered either


def test_all_renders_every_available_report_for_two_months_with_a_progress_bar(tmp_path):
    run = _cli("report", "all", "--month", "2026-09", "--month", "2026-10", "--output-dir", str(tmp_path))
    assert run.returncode == 0, run.stderr
    pages = run.stdout.split()
    monthly_pages = [p for p in pages if "/monthly-" in p]
    assert monthly_pages == [str(tmp_path / f"monthly-{m}" / f"monthly-{m}.html") for m in ("2026-09", "2026-10")]
    assert all(Path(p).is_file() for p in pages)
    assert "Reports: 100%" in run.stderr and "Executing" in run.stderr  # the batch bar and papermill's
    for name in runner.KNOWN_REPORTS:
        if name not in runner.REPORTS:
            assert f"the {name} report is not available in this version of cxkit; skipped." in run.stderr


def test_every_template_parameter_has_a_command_line_option():
    """What --list and papermill --help-notebook show can be given on the command line as well."""
    parser = command_line._parser()
    report = next(a for a in parser._subparsers._group_actions[0].choices.values() if a.prog.endswith("report"))
    options = {action.dest for action in report._actions}
    for name in runner.REPORTS:
        missing = set(runner.declared_parameters(name)) - options
        assert not missing, (name, missing)
    args = parser.parse_args(["report", "benchmark", "--competitors", "rivals.csv", "--company", "Acme <Ltd>",
                              "--events", "e.csv", "--customers", "c.csv", "--stages", "a,b"])
    assert command_line._parameters(args) == {"competitors": "rivals.csv", "company": "Acme <Ltd>",
                                              "events": "e.csv", "customers": "c.csv", "stages": "a,b"}


def test_benchmark_competitors_and_company_from_the_command_line(tmp_path):
    import json

    import pandas as pd

    rows = [("Rival $A", "nps", answer, 30 if answer >= 9 else 10) for answer in range(11)]
    pd.DataFrame(rows, columns=["competitor", "metric", "answer", "count"]).to_csv(tmp_path / "rivals.csv",
                                                                                  index=False)
    run = _cli("report", "benchmark", "--competitors", str(tmp_path / "rivals.csv"), "--company", "Acme <Ltd>",
               "--no-progress", "--output-dir", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    page = Path(run.stdout.strip())
    html = page.read_text(encoding="utf-8")
    assert "Acme &lt;Ltd&gt;" in html and "Acme <Ltd>" not in html and "Rival $A" in html
    assert "parameter competitors" not in html  # the page no longer says no competitors file was given
    metrics = json.loads((page.parent / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["parameters"]["competitors"] == str(tmp_path / "rivals.csv")
    assert metrics["parameters"]["company"] == "Acme <Ltd>"


def test_warnings_are_one_line_each_without_cxkit_source(monkeypatch, capsys, tmp_path):
    import warnings as warnings_module

    def warning_then_done(*args, **kwargs):
        warnings_module.warn("report all: the journey report is skipped (an example).", cx.CxkitWarning, stacklevel=2)
        warnings_module.warn("something from a library", DeprecationWarning, stacklevel=2)
        return []

    monkeypatch.setattr(api, "render_many", warning_then_done)
    with warnings_module.catch_warnings():
        warnings_module.simplefilter("always")
        code = command_line.main(["report", "all", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 0
    assert err.splitlines() == ["cxkit: warning: report all: the journey report is skipped (an example).",
                                "cxkit: warning: DeprecationWarning: something from a library"]


def test_ctrl_c_stops_the_run_with_exit_130_and_leaves_no_partial_folder_or_kernel(tmp_path):
    import signal
    import time

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(SOURCE_ROOT)}
    run = subprocess.Popen([sys.executable, "-m", "cxkit", "report", "monthly", "--no-progress", "--output-dir",
                            str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True,  # Ctrl-C reaches the whole process group, kernel included
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(p.name.startswith(".") for p in out.iterdir())):  # its staging folder
        assert run.poll() is None and time.monotonic() < deadline, run.communicate()
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGINT)
    stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == command_line.EXIT_INTERRUPTED == 130, stderr
    # The message, never "unexpected failure" (a cleanup error hiding the interrupt); a zmq channel thread of
    # jupyter_client's that the interrupt hits while it starts may still print its own traceback first.
    assert "cxkit: interrupted:" in stderr and "unexpected failure" not in stderr and stdout == ""
    assert 'File "' + str(SOURCE_ROOT / "cxkit") not in stderr  # no traceback through cxkit
    assert list(out.iterdir()) == []  # the running report was not published, nothing half-written
    time.sleep(0.5)
    left = subprocess.run(["ps", "-eo", "pgid="], capture_output=True, text=True).stdout.split()
    assert str(run.pid) not in left  # no kernel of the run is left behind


def test_an_output_folder_that_is_a_file_or_unwritable_is_refused_before_any_notebook(tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "reports.txt"
    a_file.write_text("not a folder")
    assert command_line.main(["report", "monthly", "--output-dir", str(a_file), "--no-progress"]) == 2
    assert f"output_dir ('{a_file}') is a file; give a folder" in capsys.readouterr().err
    assert a_file.read_text() == "not a folder"

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    from types import SimpleNamespace

    # a read-only folder (root ignores file modes): the runner's own mkdtemp refuses, nobody else's
    monkeypatch.setattr(runner, "tempfile", SimpleNamespace(mkdtemp=refuse))
    with pytest.raises(cx.CxkitValueError, match=r"output_dir \('.*'\) cannot be used: Permission denied; give a "
                                                 r"folder you can write to"):
        api.render("monthly", output_dir=tmp_path / "locked", progress=False)


def test_a_published_report_folder_follows_the_umask_not_mkdtemps_private_mode(tmp_path):
    previous = os.umask(0o022)
    try:
        result = api.render("monthly", output_dir=tmp_path, progress=False)
    finally:
        os.umask(previous)
    assert result.folder.stat().st_mode & 0o777 == 0o755


def test_a_data_frame_given_as_data_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(cx.CxkitTypeError, match=r"^data must be text; got a DataFrame of type DataFrame\. A report "
                                                r"reads its data from a file: write the table to CSV or Parquet"):
        api.render("monthly", data=cx.datasets.sample_survey(), output_dir=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []
