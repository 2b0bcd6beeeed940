"""The ``cxkit`` command: version, exit codes, what reaches the terminal (cxkit/command_line.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cxkit as cx
from cxkit import command_line
from cxkit.reports import runner

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
    def broken(**kwargs):
        return 1 / 0

    monkeypatch.setattr(runner, "render_monthly_report", broken)
    code = command_line.main(["report", "monthly", "--month", "2026-10", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == command_line.EXIT_UNEXPECTED == 3
    assert err.startswith("cxkit: unexpected failure (a bug; please report it with this traceback):\n")
    assert "Traceback (most recent call last):" in err and "ZeroDivisionError: division by zero" in err
    assert "return 1 / 0" in err


def test_report_error_exits_1_with_its_message_and_the_notebook_traceback(monkeypatch, capsys, tmp_path):
    def failing(**kwargs):
        raise cx.ReportError("the report notebook monthly_report.ipynb failed in cell 4: KeyError: 'x'; "
                             "the executed notebook is kept at /tmp/kept.ipynb", cell_index=4, ename="KeyError",
                             evalue="'x'", traceback="KeyError: 'x'\nin cell 4", notebook_path="/tmp/kept.ipynb")

    monkeypatch.setattr(runner, "render_monthly_report", failing)
    code = command_line.main(["report", "monthly", "--month", "2026-10", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == ("cxkit: report failed: the report notebook monthly_report.ipynb failed in cell 4: KeyError: 'x'; "
                   "the executed notebook is kept at /tmp/kept.ipynb\nKeyError: 'x'\nin cell 4\n")


def test_input_errors_exit_2_and_other_errors_are_not_mistaken_for_them(monkeypatch, capsys, tmp_path):
    def plain_value_error(**kwargs):
        raise ValueError("not raised on purpose by cxkit")

    monkeypatch.setattr(runner, "render_monthly_report", plain_value_error)
    code = command_line.main(["report", "monthly", "--month", "2026-10", "--output-dir", str(tmp_path)])
    assert code == 3  # a plain ValueError is a bug, not bad input
    assert "ValueError: not raised on purpose by cxkit" in capsys.readouterr().err
