"""The ``cxkit`` command (also ``python -m cxkit``).

    cxkit --version
    cxkit report --list
    cxkit report {monthly,journey,benchmark,all} [--data PATH] [--month YYYY-MM ...]
                 [--segment NAME ...] [--language en|ru] [--confidence-level 0.95]
                 [--date-format FORMAT] [--targets FILE] [--category-names FILE] [--events PATH] [--customers PATH]
                 [--stages A,B,...] [--competitors FILE] [--company NAME] [--output-dir reports]
                 [--no-progress]

``cxkit report`` prints the path of each HTML page,
``<output-dir>/<name>/<name>.html``, one per line, with the executed notebook,
``metrics.json`` and the report's CSV tables beside it. ``--month`` and
``--segment`` may be given several times: one report per combination.
``all`` renders every report this version of cxkit has (those not available
yet are named on stderr and skipped). Without ``--month`` a report shows the
latest month of the data. A progress bar runs on stderr unless ``--no-progress``.

Exit codes: 0 done; 2 bad input (an option, the data file; one line on
stderr saying what to do); 1 a report notebook failed (message, the
notebook's traceback and where the executed notebook was kept); 3 an
unexpected failure, a bug (its Python traceback is printed); 130
interrupted (Ctrl-C): the reports finished before are in place, the running
one is not published. Warnings are one line each on stderr.
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback
import warnings

from . import __version__
from .errors import CxkitError, CxkitValueError, CxkitWarning, ReportError
from .reports.labels import LANGUAGES

EXIT_BAD_INPUT = 2
EXIT_REPORT_FAILED = 1
EXIT_UNEXPECTED = 3
EXIT_INTERRUPTED = 130  # what shells report for a process stopped by Ctrl-C (128 + SIGINT)
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+")
_KNOWN = ("monthly", "journey", "benchmark")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxkit", description="Customer-experience metrics and reports.")
    parser.add_argument("--version", action="version", version=f"cxkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="render report notebooks into HTML pages",
                                 description="Render report notebooks into HTML pages (see --list).")
    report.add_argument("report", nargs="?", choices=_KNOWN + ("all",), help="which report; 'all' for every one")
    report.add_argument("--list", action="store_true", help="show the reports and their parameters, and exit")
    report.add_argument("--data", help="CSV or Parquet file of answers, or a folder or glob of them, read lazily "
                                       "by DuckDB (default: bundled sample data)")
    report.add_argument("--month", action="append", help="report month, YYYY-MM (default: the latest month in the "
                                                         "data); repeat for one report per month")
    report.add_argument("--segment", action="append", help="only this segment (default: all); repeat for one "
                                                           "report per segment")
    report.add_argument("--confidence-level", help="between 0 and 1 (default 0.95)")
    report.add_argument("--language", help=f"report language: {' or '.join(LANGUAGES)} (default en)")
    report.add_argument("--date-format", help="strftime format of answered_at when it is not ISO 8601, e.g. "
                                              "%%d.%%m.%%Y (default: ISO 8601 only; dates are never guessed)")
    report.add_argument("--targets", help="CSV (metric,target) or JSON file of your own targets "
                                          "(default: the thresholds of the source documents)")
    report.add_argument("--category-names", "--names", dest="category_names",
                        help="CSV (column,value,en,ru) or JSON file of display names for the data's segments, "
                             "channels, regions, stages, touchpoints and competitors; metrics.json and CSV keep the data's "
                             "values (default: values as they are; the bundled samples' own names in Russian)")
    report.add_argument("--events", help="journey report: CSV or Parquet file of events, or a folder or glob of them "
                                         "(default: bundled sample journeys)")
    report.add_argument("--customers", help="journey report: CSV or Parquet file of customers with nps and "
                                            "rating_<touchpoint> columns (for the moments of truth)")
    report.add_argument("--stages", help="journey report: stages in journey order, separated by commas "
                                         "(default: the sample's order, or by median first-reach time)")
    report.add_argument("--competitors", help="benchmark report: CSV of competitors, columns competitor, metric, "
                                              "answer, count (or competitor and answer columns) (default: none)")
    report.add_argument("--company", help="benchmark report: the company's name in the competitor tables "
                                          "(default: \"Our company\" in the report's language)")
    report.add_argument("--output-dir", default="reports",
                        help="where each report's folder (page, notebook, metrics.json, CSV) lands")
    report.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    return parser


def _confidence_level(text: str) -> float:
    """The --confidence-level text as a number; plain decimals only ('0.95', not '95%' or '0.95\\n')."""
    from .reports.parameters import check_text

    check_text("confidence-level", text)
    if not _NUMBER.fullmatch(text):
        raise CxkitValueError(
            f"confidence-level ({text!r}) must be a number strictly between 0 and 1 written as a decimal, "
            f"such as 0.95."
        )
    return float(text)


def _parameters(args) -> dict:
    """The options given on the command line as report parameters (those not given keep each template's default)."""
    given = {}
    for option in ("data", "language", "date_format", "targets", "category_names", "events", "customers", "stages",
                   "competitors", "company"):
        value = getattr(args, option)
        if value is not None:
            given[option] = value
    for option in ("month", "segment"):
        values = getattr(args, option)
        if values:
            given[option] = values if len(values) > 1 else values[0]
    if args.confidence_level is not None:
        given["confidence_level"] = _confidence_level(args.confidence_level)
    return given


def _run(args) -> list[str]:
    from .reports import api, runner
    from .reports.parameters import check_text

    check_text("output-dir", args.output_dir)
    if args.report == "all":
        for name in runner.KNOWN_REPORTS:
            if name not in runner.REPORTS:
                print(f"cxkit: the {name} report is not available in this version of cxkit; skipped.",
                      file=sys.stderr)
    from .reports.spare import no_spare_kernel

    with no_spare_kernel():  # this process ends with the run: a spare kernel would start only to be shut down
        results = api.render_many(args.report, output_dir=args.output_dir, progress=not args.no_progress,
                                  **_parameters(args))
    return [str(result.html) for result in results]


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning as one line on stderr, as the command's errors are (no source line of cxkit's code)."""
    kind = "" if issubclass(category, CxkitWarning) else f"{category.__name__}: "
    print(f"cxkit: warning: {kind}{message}", file=sys.stderr if file is None else file)


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        return _main(args)


def _main(args) -> int:
    try:
        if args.command == "report" and args.list:
            from .reports.runner import describe_reports

            print(describe_reports(), end="")
            return 0
        if args.command == "report" and args.report is None:
            raise CxkitValueError(f"give a report ({', '.join(_KNOWN + ('all',))}) or --list to see them.")
        pages = _run(args)
    except ReportError as exc:
        print(f"cxkit: report failed: {exc}", file=sys.stderr)
        if exc.traceback:
            print(exc.traceback, file=sys.stderr)
        return EXIT_REPORT_FAILED
    except CxkitError as exc:
        print(f"cxkit: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cxkit: interrupted: the reports finished before it are in their folders; the one that was running "
              "was not published, and no folder is half-written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # noqa: BLE001  (anything else is a bug: show all of it)
        print("cxkit: unexpected failure (a bug; please report it with this traceback):", file=sys.stderr)
        traceback.print_exc()
        return EXIT_UNEXPECTED
    print("\n".join(pages))
    return 0
