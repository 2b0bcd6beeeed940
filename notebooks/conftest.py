"""nbval re-runs the example report notebooks in notebooks/examples/: while their kernel starts, the
environment names a temporary folder for the reports' machine-readable outputs (metrics.json, CSV), so
nothing is written into the repository (see cxkit.reports.outputs)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_EXAMPLES = Path(__file__).resolve().parent / "examples"
_VARIABLE = "CXKIT_REPORT_OUTPUT_DIR"
_OUTPUTS = tempfile.TemporaryDirectory(prefix="cxkit-example-outputs-")


def _is_example(item) -> bool:
    return _EXAMPLES in Path(str(item.path)).resolve().parents


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _is_example(item):
        os.environ[_VARIABLE] = _OUTPUTS.name


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item):
    if _is_example(item):
        os.environ.pop(_VARIABLE, None)
