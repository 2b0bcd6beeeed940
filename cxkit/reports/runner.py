"""Running a report template with papermill and rendering it to HTML without code.

The notebook runs in a temporary folder; only when execution and rendering
both succeed are the executed notebook and the HTML page moved into the
output folder (each by an atomic rename), so a failed report leaves nothing
half-written in ``reports/``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import CxkitValueError, ReportError
from .parameters import MONTHLY_PARAMETERS, check_unknown, validate_monthly_parameters

#: Repository folder of the report notebooks and the nbconvert HTML template.
TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
NBCONVERT_TEMPLATE = "cxkit"

#: report name -> (template file, declared parameters, value checker)
REPORTS = {
    "monthly": ("monthly_report.ipynb", MONTHLY_PARAMETERS, validate_monthly_parameters),
}


@dataclass(frozen=True)
class RenderedReport:
    """Where a rendered report landed."""

    html: Path
    notebook: Path


def _template(name: str, template_dir: Path | None) -> Path:
    folder = Path(template_dir) if template_dir is not None else TEMPLATES_DIR
    path = folder / REPORTS[name][0]
    if not path.is_file():
        raise FileNotFoundError(
            f"report template {str(path)!r} not found; cxkit looks for templates/ next to the "
            f"package (an editable install, pip install -e .) or in template_dir."
        )
    return path


def html_exporter(template_dir: Path | None = None):
    """nbconvert HTML exporter with cxkit's template: no code, no prompts."""
    from nbconvert import HTMLExporter

    folder = Path(template_dir) if template_dir is not None else TEMPLATES_DIR
    exporter = HTMLExporter(template_name=NBCONVERT_TEMPLATE,
                            extra_template_basedirs=[str(folder / "nbconvert")])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def _execute(template: Path, executed: Path, parameters: dict) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(str(template), str(executed), parameters=parameters,
                                   kernel_name="python3", progress_bar=False, log_output=False,
                                   cwd=os.getcwd())
    except PapermillExecutionError as exc:
        raise ReportError(
            f"the report notebook {template.name} failed in cell {exc.cell_index}: {exc.ename}: {exc.evalue}",
            cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue,
        ) from None


def _place(source: Path, target: Path) -> None:
    """Copy ``source`` next to ``target`` under a hidden name, then rename atomically."""
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)


def render_report(name: str, parameters: dict, *, output_dir: str | Path = "reports",
                  stem: str | None = None, template_dir: Path | None = None) -> RenderedReport:
    """Execute report ``name`` with ``parameters`` and write ``<stem>.ipynb`` and ``<stem>.html``."""
    if name not in REPORTS:
        raise CxkitValueError(f"report ({name!r}) must be one of {', '.join(map(repr, REPORTS))}.")
    _file, declared, validate = REPORTS[name]
    check_unknown(parameters, declared)
    template = _template(name, template_dir)
    full = {p: _literal(d["default"]) for p, d in _declared_defaults(template).items()}
    full.update(parameters)
    values = validate(full)
    if values.get("data"):
        values["data"] = str(Path(values["data"]).resolve())
        if not Path(values["data"]).is_file():
            raise FileNotFoundError(f"data file {values['data']!r} does not exist.")
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stem = stem or f"{name}-report"
    with tempfile.TemporaryDirectory(prefix="cxkit-report-") as tmp:
        executed = Path(tmp) / f"{stem}.ipynb"
        _execute(template, executed, values)
        import nbformat

        title = f"cxkit {name} report" + (f" {values['month']}" if values.get("month") else "")
        body, _resources = html_exporter(template_dir).from_notebook_node(
            nbformat.read(executed, as_version=4), resources={"metadata": {"name": title}})
        page = Path(tmp) / f"{stem}.html"
        page.write_text(body, encoding="utf-8")
        result = RenderedReport(html=output_dir / page.name, notebook=output_dir / executed.name)
        _place(executed, result.notebook)
        _place(page, result.html)
    return result


def _declared_defaults(template: Path) -> dict:
    import papermill

    return papermill.inspect_notebook(str(template))


def _literal(source: str):
    """A template default as papermill reads it (source text such as '"2026-10"' or '0.95')."""
    import ast

    return ast.literal_eval(source)


def render_monthly_report(*, month: str, data: str = "", segment: str = "", confidence_level: float = 0.95,
                          language: str = "en", output_dir: str | Path = "reports") -> RenderedReport:
    """Render the monthly report for ``month`` into ``output_dir``; returns the paths."""
    parameters = {"month": month, "data": str(data), "segment": segment,
                  "confidence_level": confidence_level, "language": language}
    suffix = "".join(f"-{re.sub(r'[^A-Za-z0-9_.]+', '_', part)}" for part in (segment, language) if part and part != "en")
    stem = f"monthly-{month}{suffix}"
    return render_report("monthly", parameters, output_dir=output_dir, stem=stem)
