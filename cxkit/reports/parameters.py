"""Checking the parameters a report notebook was run with.

A report notebook calls :func:`collect_parameters` right after its
``parameters`` cell: papermill injects the caller's values in a cell of its
own, and any name it injected that the template does not declare (a typo such
as ``mnth``) is an error, not a silently ignored variable.
"""

from __future__ import annotations

import unicodedata

from ..inputs.dates import check_date_format
from ..options import check_choice, check_confidence_level
from .labels import LANGUAGES
from .data import check_month
from ..errors import CxkitValueError, CxkitTypeError

#: Parameters of templates/monthly_report.ipynb, in the order they are declared.
MONTHLY_PARAMETERS = ("month", "data", "segment", "confidence_level", "language", "date_format", "targets")

_IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def collect_parameters(namespace: dict, names_before: set, *, declared: tuple[str, ...]) -> dict:
    """The declared parameters' values; ValueError for any other name set since ``names_before``."""
    new = {k for k in namespace if k not in names_before and not k.startswith("_") and k not in _IPYTHON_NAMES}
    unknown = sorted(new - set(declared))
    if unknown:
        raise CxkitValueError(
            f"unknown report parameter(s) {', '.join(map(repr, unknown))}; "
            f"this report takes {', '.join(map(repr, declared))}."
        )
    return {name: namespace[name] for name in declared}


def check_unknown(given: dict, declared) -> None:
    """ValueError when ``given`` names a parameter that is not declared."""
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise CxkitValueError(
            f"unknown report parameter(s) {', '.join(map(repr, unknown))}; "
            f"this report takes {', '.join(map(repr, declared))}."
        )


def check_text(name: str, value) -> str:
    """Text on one line: no line break, tab or other control character.

    A value read from a shell (``--month "$(cat month.txt)"``) or a file often
    ends in a newline; it is refused here rather than carried into a file name
    or silently stripped.
    """
    if not isinstance(value, str):
        shown = repr(value) if len(repr(value)) <= 80 else f"a {type(value).__name__}"
        hint = (" A report reads its data from a file: write the table to CSV or Parquet and give its path "
                "(a notebook is the record of the run, so it names the file it read)."
                if hasattr(value, "columns") else "")
        raise CxkitTypeError(f"{name} must be text; got {shown} of type {type(value).__name__}.{hint}")
    bad = [ch for ch in value if unicodedata.category(ch) == "Cc"]
    if bad:
        inside = any(unicodedata.category(ch) == "Cc" for ch in value.rstrip("\r\n"))
        where = "contains" if inside else "ends in"
        raise CxkitValueError(
            f"{name} ({value!r}) {where} a line break or other control character ({', '.join(map(repr, bad[:3]))}); "
            f"allowed: text on one line. Remove it (a value read with $(...) or from a file often ends in a newline)."
        )
    return value


def validate_monthly_parameters(params: dict) -> dict:
    """Check every monthly-report parameter's value; return them normalised."""
    check_unknown(params, MONTHLY_PARAMETERS)
    missing = [p for p in MONTHLY_PARAMETERS if p not in params]
    if missing:
        raise CxkitValueError(f"missing report parameter(s) {missing}; this report takes {list(MONTHLY_PARAMETERS)}.")
    for name in ("month", "data", "segment", "language", "date_format", "targets"):
        if isinstance(params[name], str):
            check_text(name, params[name])
    from .targets import check_targets_path

    return {
        "month": "" if params["month"] == "" else check_month(params["month"]),
        "data": check_text("data", params["data"]),
        "segment": check_text("segment", params["segment"]),
        "confidence_level": check_confidence_level(params["confidence_level"]),
        "language": check_choice("language", params["language"], LANGUAGES),
        "date_format": check_date_format(check_text("date_format", params["date_format"])) or "",
        "targets": check_targets_path(check_text("targets", params["targets"])),
    }
