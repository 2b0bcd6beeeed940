"""The ``cxkit`` command (also ``python -m cxkit``).

    cxkit report monthly --month 2026-10 [--data FILE] [--segment NAME]
                         [--confidence-level 0.95] [--language en|ru] [--output-dir reports]
"""

from __future__ import annotations

import argparse
import sys

from .errors import ReportError
from .reports.labels import LANGUAGES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cxkit", description="Customer-experience metrics and reports.")
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="render a report notebook into HTML")
    kinds = report.add_subparsers(dest="report", required=True)
    monthly = kinds.add_parser("monthly", help="the monthly CX report")
    monthly.add_argument("--month", required=True, help="report month, YYYY-MM")
    monthly.add_argument("--data", default="", help="CSV or Parquet file of answers (default: bundled sample data)")
    monthly.add_argument("--segment", default="", help="only this segment (default: all)")
    monthly.add_argument("--confidence-level", type=float, default=0.95, help="between 0 and 1 (default 0.95)")
    monthly.add_argument("--language", default="en", choices=LANGUAGES, help="report language")
    monthly.add_argument("--output-dir", default="reports", help="where the HTML and notebook land")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    from .reports.runner import render_monthly_report

    try:
        result = render_monthly_report(month=args.month, data=args.data, segment=args.segment,
                                       confidence_level=args.confidence_level, language=args.language,
                                       output_dir=args.output_dir)
    except (ValueError, TypeError, FileNotFoundError, ImportError) as exc:  # narrowed to CxkitError below
        print(f"cxkit: error: {exc}", file=sys.stderr)
        return 2
    except ReportError as exc:
        print(f"cxkit: report failed: {exc}", file=sys.stderr)
        return 1
    print(result.html)
    return 0
