"""Running a report template with papermill and rendering it to HTML without code.

Order of work, so that a bad input costs nothing and a failure leaves nothing:

1. Parameters are checked (unknown names, values; see ``parameters.py``).
2. The data is checked (file, columns, dates, answers, months; see
   ``data.py``): problems raise DataFileError before any kernel starts.
3. The notebook runs and is rendered inside a hidden staging folder in the
   output folder, ``<output_dir>/.<name>.partial-<random>/``.
4. The staging folder is put in place as ``<output_dir>/<name>/`` with one
   rename. It holds ``<name>.html`` (the page) and ``<name>.ipynb`` (the
   executed notebook).

``<name>`` keeps every parameter that changes what the report shows (see
:func:`monthly_report_name`), so a report only ever replaces the same report
run again. Replacing one is three steps: rename the old folder aside
(``.<name>.old-<random>``), rename the new one in, delete the old one. What
an interruption leaves: before step 1 or after a failed first rename, the old
report untouched; between the two renames, no ``<name>/`` at all (Python-level
failures put the old folder back); after the second, the new report and at
most a hidden ``.old-`` folder. A visible ``<name>/`` is never half a report.
Hidden leftovers of a killed process can be deleted; the same report should
not be rendered twice at the same time into one folder.

A notebook that fails raises :class:`~cxkit.errors.ReportError` carrying the
notebook's traceback; the executed notebook is kept in the system's temporary
folder (``tempfile.gettempdir()``), never in the output folder.

The kernel talks to papermill over encrypted ZeroMQ sockets (CurveZMQ keys
provisioned by jupyter_client) where jupyter_client, pyzmq and the kernel
support it, else over local IPC sockets in a private folder (POSIX), so the
kernel has no reason to print its "running over TCP without encryption"
warning on the user's terminal.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import re
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..errors import CxkitValueError, ReportError
from .parameters import MONTHLY_PARAMETERS, check_unknown, validate_monthly_parameters

NBCONVERT_TEMPLATE = "cxkit"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _templates_dir() -> Path:
    """``cxkit/templates`` inside an installed wheel, else ``templates/`` of the source checkout.

    pyproject.toml maps the package ``cxkit.templates`` onto the repository's
    top-level ``templates/`` folder, so a wheel carries the templates inside
    the package; a source checkout (and an editable install) reads the folder itself.
    """
    packaged = importlib.resources.files("cxkit") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


#: Folder of the report notebooks and the nbconvert HTML template.
TEMPLATES_DIR = _templates_dir()


@dataclass(frozen=True)
class ReportKind:
    """One report a template renders."""

    template: str  # file name in the templates folder
    parameters: tuple  # declared parameters, in order
    validate: object  # dict -> checked dict
    check_data: object  # checked dict -> None, raises before the notebook runs
    name: object  # checked dict -> folder and file name of the report


def _check_monthly_data(values: dict) -> None:
    from .data import check_report_data
    from .monthly import MONTHLY_METRICS

    check_report_data(values["data"], month=values["month"], segment=values["segment"],
                      date_format=values["date_format"], metrics=MONTHLY_METRICS)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _safe(text: str, limit: int = 40) -> str:
    """Unicode letters, digits, '_', '.', '-' kept; every other run of characters becomes '_'."""
    return (re.sub(r"[^\w.-]+", "_", text).strip("._-") or "_")[:limit]


def _slug(text: str) -> str:
    """``text`` in a file name; a short hash of it is added when the name had to change it.

    Upper case counts as a change (file systems that ignore case would mix up
    'Retail' and 'retail'), so does anything replaced or cut.
    """
    safe = _safe(text)
    return safe if safe == text and text == text.lower() else f"{safe}-{_short_hash(text)}"


def monthly_report_name(values: dict) -> str:
    """``monthly-<month>[-<segment>][-<language>][-cl<level>][-<data stem>-<hash>][-fmt-<hash>]``.

    Every checked parameter that changes the report is in the name: the
    segment (Unicode letters kept: 'Розница' and 'Опт' differ), the language
    unless English, the confidence level unless 0.95, the data file (its stem
    plus a hash of its resolved path) unless the sample data, and a hash of
    ``date_format`` when one is given.
    """
    parts = [f"monthly-{values['month']}"]
    if values["segment"]:
        parts.append(_slug(values["segment"]))
    if values["language"] != "en":
        parts.append(values["language"])
    if values["confidence_level"] != 0.95:
        parts.append(f"cl{values['confidence_level']!r}")
    if values["data"]:
        path = Path(values["data"]).resolve()
        parts.append(f"{_safe(path.stem)}-{_short_hash(str(path))}")
    if values["date_format"]:
        parts.append(f"fmt-{_short_hash(values['date_format'])}")
    return "-".join(parts)


#: report name -> what renders it
REPORTS = {
    "monthly": ReportKind("monthly_report.ipynb", MONTHLY_PARAMETERS, validate_monthly_parameters,
                          _check_monthly_data, monthly_report_name),
}


@dataclass(frozen=True)
class RenderedReport:
    """Where a rendered report landed: its folder, the HTML page and the executed notebook in it."""

    html: Path
    notebook: Path
    folder: Path


def _template(name: str, template_dir: Path | None) -> Path:
    folder = Path(template_dir) if template_dir is not None else TEMPLATES_DIR
    path = folder / REPORTS[name].template
    if not path.is_file():
        raise CxkitValueError(
            f"report template {str(path)!r} not found; cxkit reads its templates from {str(TEMPLATES_DIR)!r} "
            f"or from template_dir when given."
        )
    return path


def html_exporter(template_dir: Path | None = None):
    """nbconvert HTML exporter with cxkit's template: no code, no prompts."""
    from nbconvert import HTMLExporter

    folder = Path(template_dir) if template_dir is not None else TEMPLATES_DIR
    if not (folder / "nbconvert" / NBCONVERT_TEMPLATE).is_dir():
        folder = TEMPLATES_DIR  # a template_dir with notebooks only uses cxkit's page template
    exporter = HTMLExporter(template_name=NBCONVERT_TEMPLATE,
                            extra_template_basedirs=[str(folder / "nbconvert")])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def _kernel_supports_curve(kernel_name: str) -> bool:
    import zmq
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    if "transport_encryption" not in KernelManager.class_trait_names() or not zmq.has("curve"):
        return False
    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        return False
    declared = (spec.metadata or {}).get("supported_encryption") or ()
    declared = [declared] if isinstance(declared, str) else declared
    return "curve" in {str(d).strip().lower() for d in declared}


def kernel_config(kernel_name: str, private_dir: Path):
    """traitlets Config for the kernel manager: encrypted transport, else IPC sockets in ``private_dir``.

    ipykernel warns on stderr when it runs over TCP without encryption; the
    two transports chosen here are the ones that warning recommends. Where
    neither is available (Windows without CurveZMQ) the default TCP is kept.
    """
    from traitlets.config import Config

    if _kernel_supports_curve(kernel_name):
        return Config({"KernelManager": {"transport_encryption": "auto"}})
    if os.name == "posix":
        return Config({"KernelManager": {"transport": "ipc", "ip": str(private_dir / "kernel")}})
    return Config()


def _keep_failed_notebook(executed: Path, stem: str) -> Path | None:
    if not executed.is_file():
        return None
    handle, kept = tempfile.mkstemp(prefix=f"cxkit-failed-{stem}-", suffix=".ipynb")
    os.close(handle)
    shutil.copyfile(executed, kept)
    return Path(kept)


def _execute(template: Path, executed: Path, parameters: dict, *, stem: str) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    kernel_name = "python3"
    with tempfile.TemporaryDirectory(prefix="cxkit-kernel-") as private:
        try:
            papermill.execute_notebook(str(template), str(executed), parameters=parameters,
                                       kernel_name=kernel_name, progress_bar=False, log_output=False,
                                       cwd=os.getcwd(), config=kernel_config(kernel_name, Path(private)))
        except PapermillExecutionError as exc:
            kept = _keep_failed_notebook(executed, stem)
            where = f"; the executed notebook is kept at {kept}" if kept else ""
            raise ReportError(
                f"the report notebook {template.name} failed in cell {exc.cell_index}: "
                f"{exc.ename}: {exc.evalue}{where}",
                cell_index=exc.cell_index, ename=exc.ename, evalue=exc.evalue,
                traceback=_ANSI.sub("", "\n".join(exc.traceback or ())), notebook_path=kept,
            ) from exc


def _publish(staging: Path, target: Path) -> None:
    """Put the staged folder in place as ``target`` with one rename, replacing an older ``target``."""
    aside = None
    if target.exists():
        aside = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
        os.rename(target, aside)
    try:
        os.rename(staging, target)
    except BaseException:
        if aside is not None:
            os.rename(aside, target)  # the previous report back in place
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def _check_stem(stem: str) -> str:
    if not isinstance(stem, str) or not stem or stem.startswith(".") or _safe(stem, limit=200) != stem:
        raise CxkitValueError(
            f"stem ({stem!r}) must be a file name of letters, digits, '_', '.' and '-', not starting with '.'."
        )
    return stem


def render_report(name: str, parameters: dict, *, output_dir: str | Path = "reports",
                  stem: str | None = None, template_dir: Path | None = None) -> RenderedReport:
    """Execute report ``name`` with ``parameters`` into ``<output_dir>/<stem>/``.

    The folder holds ``<stem>.html`` and ``<stem>.ipynb``; ``stem`` defaults
    to the report's name for its parameters (see :func:`monthly_report_name`).
    An existing folder of that name (the same report rendered before) is
    replaced in one step; see the module docstring.
    """
    if name not in REPORTS:
        raise CxkitValueError(f"report ({name!r}) must be one of {', '.join(map(repr, REPORTS))}.")
    kind = REPORTS[name]
    check_unknown(parameters, kind.parameters)
    template = _template(name, template_dir)
    full = {p: _literal(d["default"]) for p, d in _declared_defaults(template).items()}
    full.update(parameters)
    values = kind.validate(full)
    kind.check_data(values)
    if values.get("data"):
        values["data"] = str(Path(values["data"]).resolve())
    stem = _check_stem(stem) if stem is not None else kind.name(values)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{stem}.partial-", dir=output_dir))
    try:
        executed = staging / f"{stem}.ipynb"
        _execute(template, executed, values, stem=stem)
        import nbformat

        title = f"cxkit {name} report" + (f" {values['month']}" if values.get("month") else "")
        body, _resources = html_exporter(template_dir).from_notebook_node(
            nbformat.read(executed, as_version=4), resources={"metadata": {"name": title}})
        (staging / f"{stem}.html").write_text(body, encoding="utf-8")
        folder = output_dir / stem
        _publish(staging, folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return RenderedReport(html=folder / f"{stem}.html", notebook=folder / f"{stem}.ipynb", folder=folder)


def _declared_defaults(template: Path) -> dict:
    import papermill

    return papermill.inspect_notebook(str(template))


def _literal(source: str):
    """A template default as papermill reads it (source text such as '"2026-10"' or '0.95')."""
    import ast

    return ast.literal_eval(source)


def render_monthly_report(*, month: str, data: str = "", segment: str = "", confidence_level: float = 0.95,
                          language: str = "en", date_format: str = "",
                          output_dir: str | Path = "reports") -> RenderedReport:
    """Render the monthly report for ``month`` into ``<output_dir>/<name>/``; returns the paths.

    ``date_format`` names the strftime format of ``answered_at`` in ``data``
    when it is not ISO 8601 (e.g. ``"%d.%m.%Y"``); dates are never guessed.
    """
    parameters = {"month": month, "data": str(data), "segment": segment,
                  "confidence_level": confidence_level, "language": language, "date_format": date_format}
    return render_report("monthly", parameters, output_dir=output_dir)
