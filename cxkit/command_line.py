"""The ``cxkit`` command (also ``python -m cxkit``).

    cxkit --version
    cxkit report monthly --month 2026-10 [--data FILE] [--segment NAME]
                         [--confidence-level 0.95] [--language en|ru]
                         [--date-format FORMAT] [--output-dir reports]

``cxkit report`` prints the path of the HTML page,
``<output-dir>/<name>/<name>.html``, with the executed notebook beside it.

Exit codes: 0 done; 2 bad input (an option, the data file; one line on
stderr saying what to do); 1 the report notebook failed (message, the
notebook's traceback and where the executed notebook was kept); 3 an
unexpected failure, a bug (its Python traceback is printed).
"""

from __future__ import annotations

import argparse
import re
import sys
import traceback

from . import __version__
from .errors import CxkitError, CxkitValueError, ReportError
from .reports.labels import LANGUAGES

EXIT_BAD_INPUT = 2
EXIT_REPORT_FAILED = 1
EXIT_UNEXPECTED = 3
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxkit", description="Customer-experience metrics and reports.")
    parser.add_argument("--version", action="version", version=f"cxkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="render a report notebook into HTML")
    kinds = report.add_subparsers(dest="report", required=True)
    monthly = kinds.add_parser("monthly", help="the monthly CX report")
    monthly.add_argument("--month", required=True, help="report month, YYYY-MM")
    monthly.add_argument("--data", default="", help="CSV or Parquet file of answers, or a folder or glob of them, read lazily by DuckDB (default: bundled sample data)")
    monthly.add_argument("--segment", default="", help="only this segment (default: all)")
    monthly.add_argument("--confidence-level", default="0.95", help="between 0 and 1 (default 0.95)")
    monthly.add_argument("--language", default="en", help=f"report language: {' or '.join(LANGUAGES)} (default en)")
    monthly.add_argument("--date-format", default="",
                         help="strftime format of answered_at when it is not ISO 8601, e.g. %%d.%%m.%%Y "
                              "(default: ISO 8601 only; dates are never guessed)")
    monthly.add_argument("--output-dir", default="reports",
                         help="where the report's folder (HTML page and executed notebook) lands")
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


def _run(args) -> str:
    from .reports.parameters import check_text
    from .reports.runner import render_monthly_report

    check_text("output-dir", args.output_dir)
    result = render_monthly_report(month=args.month, data=args.data, segment=args.segment,
                                   confidence_level=_confidence_level(args.confidence_level),
                                   language=args.language, date_format=args.date_format,
                                   output_dir=args.output_dir)
    return str(result.html)


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        page = _run(args)
    except ReportError as exc:
        print(f"cxkit: report failed: {exc}", file=sys.stderr)
        if exc.traceback:
            print(exc.traceback, file=sys.stderr)
        return EXIT_REPORT_FAILED
    except CxkitError as exc:
        print(f"cxkit: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception:  # noqa: BLE001  (anything else is a bug: show all of it)
        print("cxkit: unexpected failure (a bug; please report it with this traceback):", file=sys.stderr)
        traceback.print_exc()
        return EXIT_UNEXPECTED
    print(page)
    return 0
