"""The Python API of the reports: one report, a batch of them, the monthly report by its parameters.

``render("monthly", language="ru")`` makes one report; ``render_many`` makes
several in one call (every report with ``"all"``, one per month or segment
when ``month`` or ``segment`` is a list) and checks every run's parameters and
data before the first notebook starts. Both show a progress bar on stderr.
"""

from __future__ import annotations

import itertools
import warnings
import sys
from pathlib import Path

from ..errors import CxkitValueError, CxkitWarning
from .runner import (REPORTS, RenderedReport, check_output_dir, declared_parameters, execute_run, plan_run,
                     render_report, report_kind)

#: Parameters that may take a list in render_many (one report per combination).
BATCH_PARAMETERS = ("month", "segment")
#: Parameters that choose which answers a report reads: a report that does not declare one cannot honour it,
#: so it is refused (or, under "all", left out with a warning) rather than rendered on every answer.
FILTER_PARAMETERS = ("segment",)


def render(name: str, *, output_dir: str | Path = "reports", progress: bool = True, **parameters) -> RenderedReport:
    """Render one report; keyword arguments are the template's parameters (see ``cxkit report --list``).

    Example: ``cxkit.reports.render("monthly", month="2026-10", language="ru")``.
    For several months, segments or reports in one call use :func:`render_many`.
    """
    for key in BATCH_PARAMETERS:
        if isinstance(parameters.get(key), (list, tuple)):
            raise CxkitValueError(f"{key} ({parameters[key]!r}) is a list; render() makes one report: "
                                  f"use cxkit.reports.render_many for one report per {key}.")
    if name == "all":
        raise CxkitValueError("render() makes one report; use cxkit.reports.render_many('all', ...) for all of them.")
    return render_report(name, parameters, output_dir=output_dir, progress=progress)


def _as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def plan_runs(names, parameters: dict) -> list[tuple[str, dict]]:
    """(report, parameters) for every report in ``names`` ('all' = every registered one) and every
    combination of the list-valued parameters in :data:`BATCH_PARAMETERS`.

    Each report gets only the parameters its template declares; a parameter
    no chosen report declares is an error. A filter (:data:`FILTER_PARAMETERS`:
    a segment) given for a report that has no such parameter (the benchmark
    report compares every segment of the data) is an error when that report
    was named, and leaves it out with a :class:`~cxkit.errors.CxkitWarning`
    under "all": it would otherwise be rendered on every answer, as if it
    showed the segment.
    """
    names = _as_list(names)
    chosen: list[str] = []
    filters = {k: v for k, v in parameters.items()
               if k in FILTER_PARAMETERS and any(x not in ("", None) for x in _as_list(v))}
    for name in names:
        for one in (list(REPORTS) if name == "all" else [name]):
            report_kind(one)
            ignored = [k for k in filters if k not in declared_parameters(one)]
            if ignored and name == "all":
                warnings.warn(f"report all: the {one} report is skipped because it has no {ignored[0]} parameter "
                              f"({ignored[0]} {filters[ignored[0]]!r} was given); render it in a call of its own "
                              f"without {ignored[0]}.", CxkitWarning, stacklevel=2)
                continue
            if ignored:
                key = ignored[0]
                raise CxkitValueError(
                    f"{key} ({filters[key]!r}) cannot be applied to the {one} report: it has no {key} parameter "
                    f"(it reads every answer of the data; its group tables compare the segments). Allowed: "
                    f"{key} with the reports that take it ({', '.join(r for r in REPORTS if key in declared_parameters(r))}); "
                    f"render the {one} report in a call of its own without {key}.")
            if name == "all" and one == "journey" and parameters.get("data") and not parameters.get("events"):
                # The survey answers of --data are no journey log: without --events the journey page would show
                # the bundled sample next to the user's own reports.
                warnings.warn("report all: the journey report is skipped because data gives survey answers and no "
                              "events file was given; pass events=... (--events) to render it.",
                              CxkitWarning, stacklevel=2)
                continue
            if one not in chosen:
                chosen.append(one)
    if not chosen:
        raise CxkitValueError("no report to render: give at least one report name, or 'all'.")
    declared = {name: declared_parameters(name) for name in chosen}
    unused = sorted(set(parameters) - set().union(*map(set, declared.values())))
    if unused:
        reports = (f"the {chosen[0]} report takes" if len(chosen) == 1
                   else f"the {', '.join(chosen[:-1])} and {chosen[-1]} reports take")
        raise CxkitValueError(f"unknown report parameter(s) {', '.join(map(repr, unused))}; {reports} "
                              f"{', '.join(sorted(set().union(*map(set, declared.values()))))}.")
    for key, value in parameters.items():
        if isinstance(value, (list, tuple)) and key not in BATCH_PARAMETERS:
            raise CxkitValueError(f"{key} ({value!r}) must be one value; only {', '.join(BATCH_PARAMETERS)} "
                                  f"may be lists (one report each).")
        if isinstance(value, (list, tuple)) and not value:
            raise CxkitValueError(f"{key} is an empty list; give at least one value.")
    runs = []
    for name in chosen:
        own = {k: v for k, v in parameters.items() if k in declared[name]}
        keys = [k for k in own if isinstance(own[k], (list, tuple))]
        for combination in itertools.product(*(own[k] for k in keys)):
            runs.append((name, {**own, **dict(zip(keys, combination))}))
    return runs


def render_many(names, *, output_dir: str | Path = "reports", progress: bool = True,
                **parameters) -> list[RenderedReport]:
    """Render several reports in one call; returns them in order.

    ``names`` is a report name, a list of them, or ``"all"`` (every
    registered report). ``month`` and ``segment`` may be lists: one report
    per combination, e.g. ``render_many("monthly", month=["2026-09",
    "2026-10"], segment=["consumer", "enterprise"])`` makes four. Every run's
    parameters are checked before the first notebook starts; each report
    appears atomically, and a failure stops the batch (the reports finished
    before it stay). The first report takes the spare kernel an earlier
    render left, and the call leaves one for the next (see
    :mod:`cxkit.reports.spare`).
    """
    from . import spare
    from .execution import WarmKernel

    kernels: list = []
    ran, used = False, 0  # used: how many kernels were handed a notebook
    try:
        kernels.append(spare.take_kernel())  # warm already, or warming up while every run is checked
        try:
            runs = [plan_run(name, own) for name, own in plan_runs(names, parameters)]  # every bad value and
            # every unusable data file is found before the first notebook starts
            check_output_dir(output_dir)
        except BaseException:
            spare.give_back(kernels.pop())  # no notebook ran in it
            raise
        ran = True
        results = []
        bar = None
        if progress and len(runs) > 1:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(runs), desc="Reports", unit="report", file=sys.stderr)
        try:
            for i, run in enumerate(runs):
                if i + 1 < len(runs):
                    # the next report's kernel starts beside this one, with matplotlib when its figures need it
                    kernels.append(WarmKernel(ahead=runs[i + 1].kind.draws_with_matplotlib))
                used = i + 1
                results.append(execute_run(run, Path(output_dir), progress, kernel=kernels[i]))
                kernels[i].close_later()
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
    finally:
        for i, kernel in enumerate(kernels):
            if i < used:
                kernel.close()
            else:  # the next report's kernel, when a report failed: no notebook ran in it
                spare.give_back(kernel)
        if ran:
            spare.replenish()
    return results
