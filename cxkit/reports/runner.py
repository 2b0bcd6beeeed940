"""Rendering report templates: the registry of reports, one run, many runs, atomic output.

Order of work, so that a bad input costs nothing and a failure leaves nothing:

1. Parameters are checked: unknown names against the template's annotated
   ``parameters`` cell, values by the report's own ``validate``.
2. The report's ``prepare`` checks the data (file, columns, dates, answers,
   months) and raises before any kernel starts; it may resolve defaults that
   name the report (the latest month of the data).
3. The notebook runs with papermill inside a hidden staging folder in the
   output folder, ``<output_dir>/.<name>.partial-<random>/``, which is also
   the notebook's working folder: what it writes there (``metrics.json`` and
   one CSV per table, :mod:`cxkit.reports.outputs`) lands beside the page.
   The executed notebook is rendered to ``<name>.html`` with cxkit's
   nbconvert template (no code, offline, printable, phone-ready).
4. The staging folder is put in place as ``<output_dir>/<name>/`` with one
   rename.

``<name>`` keeps every parameter that changes what the report shows (see
:func:`report_name`), so a report only ever replaces the same report run
again. Replacing one is three steps: rename the old folder aside
(``.<name>.old-<random>``), rename the new one in, delete the old one. What
an interruption leaves: before step 1 or after a failed first rename, the old
report untouched; between the two renames, no ``<name>/`` at all (Python-level
failures put the old folder back); after the second, the new report and at
most a hidden ``.old-`` folder. A visible ``<name>/`` is never half a report.
Hidden leftovers of a killed process can be deleted; the same report should
not be rendered twice at the same time into one folder.

Adding a report is one :class:`ReportKind` in :data:`REPORTS` (see
:func:`register`): its template in ``templates/``, a ``validate`` function,
optionally ``prepare`` and ``stem``. The command line (``cxkit report``,
``cxkit report --list``) and the Python API (:mod:`cxkit.reports.api`:
``render``, ``render_many``) read the registry; report names in
:data:`KNOWN_REPORTS` that are not registered yet are refused with a clear
message (and skipped by ``all``).
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import CxkitValueError
from . import spare
from .execution import execute
from .names import safe_name, monthly_report_name, report_name  # noqa: F401  (public here too)
from .outputs import METRICS_FILE

NBCONVERT_TEMPLATE = "cxkit"
#: Every report the command line knows by name; those not in REPORTS are not available yet.
KNOWN_REPORTS = ("monthly", "journey", "benchmark")


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
    """One report a template renders.

    Attributes
    ----------
    name : str
        The report's name on the command line ("monthly").
    template : str
        File name of its notebook in the templates folder.
    description : str
        One line for ``cxkit report --list``.
    validate : callable
        dict of every declared parameter (defaults filled in) -> checked dict; raises CxkitError.
    prepare : callable, optional
        checked dict -> dict used to name the report; checks the data before any kernel
        starts and may fill in defaults that depend on it (the latest month). The
        notebook still receives the checked dict itself.
    stem : callable, optional
        dict from ``prepare`` -> folder and file name; default :func:`report_name`.
    path_parameters : tuple of str
        Parameters holding paths: made absolute before the run (the notebook runs in
        the staging folder, not in the caller's).
    draws_with_matplotlib : bool
        Whether its figures are matplotlib's (a kernel started ahead for it imports matplotlib too).
    """

    name: str
    template: str
    description: str
    validate: Callable[[dict], dict]
    prepare: Callable[[dict], dict] | None = None
    stem: Callable[[dict], str] | None = None
    path_parameters: tuple = ("data",)
    draws_with_matplotlib: bool = False
    defaults: dict = field(default_factory=dict, compare=False, repr=False)

    def name_for(self, values: dict) -> str:
        return self.stem(values) if self.stem is not None else report_name(self.name, values)


# --- the registry ---------------------------------------------------------------------------------

def _monthly_kind() -> ReportKind:
    from .parameters import validate_monthly_parameters
    from .monthly import prepare_monthly

    return ReportKind("monthly", "monthly_report.ipynb",
                      "Monthly CX report: headline metrics with intervals, targets, changes, trends, "
                      "segments, channels, regions, alerts.",
                      validate_monthly_parameters, prepare_monthly, path_parameters=("data", "targets"))


def _journey_kind() -> ReportKind:
    from .journey_page import prepare_journey, validate_journey_parameters

    return ReportKind("journey", "journey_report.ipynb",
                      "Customer journey report for the customers whose journey starts in one month: funnel with "
                      "drop-off, stage times, touchpoint scorecard, moments of truth, emotion curve, flows, pain "
                      "points.", validate_journey_parameters, prepare_journey, path_parameters=("events", "customers"),
                      draws_with_matplotlib=True)


def _benchmark_kind() -> ReportKind:
    from .benchmark_page import prepare_benchmark, validate_benchmark_parameters

    return ReportKind("benchmark", "benchmark_report.ipynb",
                      "Benchmark report: metrics against the seeds' thresholds, published values, competitors, "
                      "periods and groups; ranks with intervals.",
                      validate_benchmark_parameters, prepare_benchmark, path_parameters=("data", "competitors"),
                      draws_with_matplotlib=True)


#: report name -> what renders it (one entry per template).
REPORTS: dict[str, ReportKind] = {"monthly": _monthly_kind(), "journey": _journey_kind(),
                                  "benchmark": _benchmark_kind()}


def register(kind: ReportKind) -> ReportKind:
    """Add (or replace) a report in :data:`REPORTS`; returns it."""
    if not isinstance(kind, ReportKind):
        raise CxkitValueError(f"register takes a ReportKind; got {type(kind).__name__}.")
    REPORTS[kind.name] = kind
    return kind


def report_kind(name: str) -> ReportKind:
    if name in REPORTS:
        return REPORTS[name]
    available = ", ".join(map(repr, REPORTS))
    if name in KNOWN_REPORTS:
        raise CxkitValueError(f"the {name} report is not available in this version of cxkit; "
                              f"available: {available}.")
    raise CxkitValueError(f"report ({name!r}) must be one of {available}.")


def _template(name: str, template_dir: Path | None) -> Path:
    folder = Path(template_dir) if template_dir is not None else TEMPLATES_DIR
    path = folder / report_kind(name).template
    if not path.is_file():
        raise CxkitValueError(
            f"report template {str(path)!r} not found; cxkit reads its templates from {str(TEMPLATES_DIR)!r} "
            f"or from template_dir when given."
        )
    return path


def declared_parameters(name: str, template_dir: Path | None = None) -> dict:
    """The template's annotated parameters: name -> {"default", "type", "help"} (papermill's reading)."""
    import papermill

    found = papermill.inspect_notebook(str(_template(name, template_dir)))
    return {p: {"default": _literal(d["default"]), "type": d["inferred_type_name"], "help": d["help"]}
            for p, d in found.items()}


def _literal(source: str):
    """A template default as papermill reads it (source text such as '"2026-10"' or '0.95')."""
    import ast

    return ast.literal_eval(source)


def describe_reports() -> str:
    """What ``cxkit report --list`` prints: every registered report, its parameters, types, defaults, help."""
    lines = []
    for name in KNOWN_REPORTS + tuple(n for n in REPORTS if n not in KNOWN_REPORTS):
        if name not in REPORTS:
            lines.append(f"{name}: not available in this version of cxkit")
            lines.append("")
            continue
        kind = REPORTS[name]
        lines.append(f"{name} ({kind.template}): {kind.description}")
        for parameter, spec in declared_parameters(name).items():
            lines.append(f"  {parameter}: {spec['type']} = {spec['default']!r}  {spec['help']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- one run ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RenderedReport:
    """Where a rendered report landed: its folder, the HTML page, the executed notebook, metrics.json."""

    html: Path
    notebook: Path
    folder: Path

    @property
    def metrics(self) -> Path:
        return self.folder / METRICS_FILE


def html_exporter(template_dir: Path | None = None, *, language: str = "en"):
    """nbconvert HTML exporter with cxkit's template: no code, no prompts, nothing from the network."""
    from nbconvert import HTMLExporter

    folder = Path(template_dir) if template_dir is not None else TEMPLATES_DIR
    if not (folder / "nbconvert" / NBCONVERT_TEMPLATE).is_dir():
        folder = TEMPLATES_DIR  # a template_dir with notebooks only uses cxkit's page template
    exporter = HTMLExporter(template_name=NBCONVERT_TEMPLATE,
                            extra_template_basedirs=[str(folder / "nbconvert")])
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.language_code = language  # <html lang>: screen readers and hyphenation need it
    return exporter


def _ready_exporter(template_dir: Path | None):
    """:func:`html_exporter` with every Jinja template of the page compiled (by exporting an empty notebook):
    compiling them is a tenth of a second, spent here while the report's notebook runs."""
    import nbformat

    exporter = html_exporter(template_dir)
    exporter.from_notebook_node(nbformat.v4.new_notebook())
    return exporter


def check_output_dir(output_dir) -> Path:
    """The output folder, made when missing: a CxkitValueError (before any notebook runs) when it is a file or
    cannot be made or written to."""
    folder = Path(output_dir)
    shown = str(output_dir)
    if folder.exists() and not folder.is_dir():
        raise CxkitValueError(f"output_dir ({shown!r}) is a file; give a folder (made when missing) for the reports.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = Path(tempfile.mkdtemp(prefix=".cxkit-write-test-", dir=folder))  # the staging folder's own call
        probe.rmdir()
    except OSError as exc:
        raise CxkitValueError(f"output_dir ({shown!r}) cannot be used: {exc.strerror or exc}; give a folder you "
                              f"can write to.") from None
    return folder


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
    if not isinstance(stem, str) or not stem or stem.startswith(".") or safe_name(stem, limit=200) != stem:
        raise CxkitValueError(
            f"stem ({stem!r}) must be a file name of letters, digits, '_', '.' and '-', not starting with '.'."
        )
    return stem


def _page_facts(staging: Path, name: str, values: dict) -> tuple[str, str]:
    """The page's <title> and <html lang>: from metrics.json's "page" entry when the notebook wrote one."""
    title, language = f"cxkit {name} report", str(values.get("language") or "en")
    path = staging / METRICS_FILE
    if path.is_file():
        page = json.loads(path.read_text(encoding="utf-8")).get("page") or {}
        title = page.get("title") or title
        language = page.get("language") or language
    return title, language


def _checked(name: str, parameters: dict, template_dir: Path | None) -> tuple[ReportKind, Path, dict]:
    from .parameters import check_unknown

    kind = report_kind(name)
    if not isinstance(parameters, dict):
        raise CxkitValueError(f"parameters must be a dict; got {type(parameters).__name__}.")
    template = _template(name, template_dir)
    declared = declared_parameters(name, template_dir)
    check_unknown(parameters, tuple(declared))
    full = {p: spec["default"] for p, spec in declared.items()}
    full.update(parameters)
    if "category_names" not in declared:
        return kind, template, kind.validate(full)
    from .category_names import take_names_parameter  # the names file: checked here for every report

    full, names = take_names_parameter(full)
    return kind, template, {**kind.validate(full), "category_names": names}


def _absolute_paths(kind: ReportKind, values: dict) -> dict:
    """Path parameters made absolute: the notebook runs in the staging folder, not the caller's."""
    return {k: (str(Path(v).resolve()) if k in kind.path_parameters and v else v) for k, v in values.items()}


@dataclass(frozen=True)
class PlannedRun:
    """One report run, checked and named, not yet executed."""

    name: str
    kind: ReportKind
    template: Path
    values: dict
    stem: str
    template_dir: Path | None


def plan_run(name: str, parameters: dict, *, stem: str | None = None, template_dir: Path | None = None) -> PlannedRun:
    """Parameters and data checked (raises before any kernel starts), the report's name chosen."""
    kind, template, values = _checked(name, parameters, template_dir)
    naming = kind.prepare(dict(values)) if kind.prepare is not None else values
    stem = _check_stem(stem) if stem is not None else kind.name_for(_absolute_paths(kind, naming))
    return PlannedRun(name, kind, template, values, stem, template_dir)


def execute_run(run: PlannedRun, output_dir: Path, progress: bool, kernel=None) -> RenderedReport:
    """Execute a planned run (in ``kernel``, a :class:`~cxkit.reports.execution.WarmKernel`, when given)."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stem = run.stem
    staging = None
    try:  # from the staging folder's creation on: an interrupt (Ctrl-C) at any point removes it
        staging = output_dir / f".{stem}.partial-{uuid.uuid4().hex[:12]}"
        staging.mkdir()  # not mkdtemp: its folder is private (0700); this one follows the umask, as the page's
        # nbconvert's exporter (Jinja environment, templates compiled) is built in a thread while the notebook runs.
        pool = ThreadPoolExecutor(max_workers=1)
        exporter = pool.submit(_ready_exporter, run.template_dir)
        pool.shutdown(wait=False)
        executed = staging / f"{stem}.ipynb"
        notebook = execute(run.template, executed, _absolute_paths(run.kind, run.values), cwd=staging, stem=stem,
                           progress=progress, kernel=kernel)
        title, language = _page_facts(staging, run.name, run.values)
        page = exporter.result()
        page.language_code = language
        body, _resources = page.from_notebook_node(notebook, resources={"metadata": {"name": title}})
        (staging / f"{stem}.html").write_text(body, encoding="utf-8")
        folder = output_dir / stem
        _publish(staging, folder)
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return RenderedReport(html=folder / f"{stem}.html", notebook=folder / f"{stem}.ipynb", folder=folder)


def render_report(name: str, parameters: dict, *, output_dir: str | Path = "reports",
                  stem: str | None = None, template_dir: Path | None = None,
                  progress: bool = False) -> RenderedReport:
    """Execute report ``name`` with ``parameters`` into ``<output_dir>/<stem>/``.

    The folder holds ``<stem>.html``, ``<stem>.ipynb``, ``metrics.json`` and
    the report's CSV tables; ``stem`` defaults to the report's name for its
    parameters (see :func:`report_name`). An existing folder of that name
    (the same report rendered before) is replaced in one step; see the module
    docstring. ``progress`` shows papermill's progress bar on stderr.
    """
    kernel = spare.take_kernel()  # warm already, or starting and importing cxkit while the data is checked
    try:
        run = plan_run(name, parameters, stem=stem, template_dir=template_dir)
        check_output_dir(output_dir)  # after the parameters: a refused run leaves no folder behind
    except BaseException:
        spare.give_back(kernel)  # no notebook ran in it
        raise
    try:
        return execute_run(run, Path(output_dir), progress, kernel=kernel)
    finally:
        kernel.close_later()
        spare.replenish()


def render_monthly_report(*, month: str = "", data: str = "", segment: str = "", confidence_level: float = 0.95,
                          language: str = "en", date_format: str = "", targets: str = "", category_names: str = "",
                          output_dir: str | Path = "reports", progress: bool = False) -> RenderedReport:
    """Render the monthly report into ``<output_dir>/<name>/``; returns the paths.

    ``month`` empty: the latest month in the data. ``date_format`` names the
    strftime format of ``answered_at`` in ``data`` when it is not ISO 8601
    (e.g. ``"%d.%m.%Y"``); dates are never guessed. ``targets``: a CSV or
    JSON file of the user's own targets (see :mod:`cxkit.reports.targets`).
    ``category_names``: a CSV or JSON file of display names for the data's
    category values (see :mod:`cxkit.reports.category_names`).
    """
    parameters = {"month": month, "data": str(data), "segment": segment, "confidence_level": confidence_level,
                  "language": language, "date_format": date_format, "targets": str(targets),
                  "category_names": str(category_names)}
    return render_report("monthly", parameters, output_dir=output_dir, progress=progress)
