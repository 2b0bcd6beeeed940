"""Checking the parameters a report notebook was run with.

A report notebook calls :func:`collect_parameters` right after its
``parameters`` cell: papermill injects the caller's values in a cell of its
own, and any name it injected that the template does not declare (a typo such
as ``mnth``) is an error, not a silently ignored variable.
"""

from __future__ import annotations

from ..options import check_choice, check_confidence_level
from .labels import LANGUAGES
from .data import check_month
from ..errors import CxkitValueError, CxkitTypeError

#: Parameters of templates/monthly_report.ipynb, in the order they are declared.
MONTHLY_PARAMETERS = ("month", "data", "segment", "confidence_level", "language")

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


def _check_text(name: str, value) -> str:
    if not isinstance(value, str):
        raise CxkitTypeError(f"{name} must be text; got {value!r} of type {type(value).__name__}.")
    return value


def validate_monthly_parameters(params: dict) -> dict:
    """Check every monthly-report parameter's value; return them normalised."""
    check_unknown(params, MONTHLY_PARAMETERS)
    missing = [p for p in MONTHLY_PARAMETERS if p not in params]
    if missing:
        raise CxkitValueError(f"missing report parameter(s) {missing}; this report takes {list(MONTHLY_PARAMETERS)}.")
    return {
        "month": check_month(params["month"]),
        "data": _check_text("data", params["data"]),
        "segment": _check_text("segment", params["segment"]),
        "confidence_level": check_confidence_level(params["confidence_level"]),
        "language": check_choice("language", params["language"], LANGUAGES),
    }
