"""The templates ship inside the wheel: an installed cxkit renders a report from any folder.

The wheel is built from a copy of the source (so no build/ folder is left in
the checkout), installed with ``pip install --target`` and run with
PYTHONPATH pointing at it from a folder that is not the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import cxkit as cx

SOURCE_ROOT = Path(cx.__file__).resolve().parents[1]


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("cxkit", "templates"):
        shutil.copytree(SOURCE_ROOT / name, source / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(SOURCE_ROOT / name, source / name)
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(dist)], check=True, capture_output=True, text=True)
    (wheel,) = dist.glob("cxkit-*.whl")
    return wheel


def test_wheel_carries_the_templates_and_every_package_and_renders_from_any_folder(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"cxkit/templates/monthly_report.ipynb", "cxkit/templates/nbconvert/cxkit/conf.json",
            "cxkit/templates/nbconvert/cxkit/index.html.j2"} <= names
    # Every module of the source is in the wheel (pyproject.toml lists the packages).
    modules = {p.relative_to(SOURCE_ROOT).as_posix() for p in (SOURCE_ROOT / "cxkit").rglob("*.py")
               if "__pycache__" not in p.parts}
    assert modules - names == set()

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    run = subprocess.run([sys.executable, "-m", "cxkit", "report", "monthly", "--month", "2026-10",
                          "--output-dir", str(tmp_path / "out")],
                         cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    page = tmp_path / "out" / "monthly-2026-10" / "monthly-2026-10.html"
    assert run.stdout.strip() == str(page)
    assert "Monthly customer-experience report: October 2026" in page.read_text(encoding="utf-8")
    assert list(elsewhere.iterdir()) == []
    where = subprocess.run([sys.executable, "-c", "import cxkit.reports.runner as r; print(r.TEMPLATES_DIR)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()) == site / "cxkit" / "templates"


def test_source_checkout_reads_the_top_level_templates_folder():
    from cxkit.reports.runner import TEMPLATES_DIR

    assert TEMPLATES_DIR == SOURCE_ROOT / "templates"
    assert (TEMPLATES_DIR / "monthly_report.ipynb").is_file()
