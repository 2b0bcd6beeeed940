"""Machine-readable outputs of a report: ``metrics.json`` and one CSV per table.

A report template collects what it shows so that other tools never scrape
the HTML page::

    out = ReportOutputs(report="monthly", parameters=params)
    out.estimate("nps", cx.nps(scores), label="NPS")
    out.metric("nps_change", label="NPS change", value=-12.1, low=-18.0, high=-6.2, n=1630,
               method="welch", unit="points", confidence_level=0.95, extra={"p_value": 0.0001})
    out.table("segments", frame)          # -> segments.csv
    out.save()                            # -> metrics.json

Files are written into ``directory`` (default: the folder named by the
environment variable ``CXKIT_REPORT_OUTPUT_DIR`` when it is set, else the
current working folder; the test suite sets the variable so that the example
notebooks nbval re-runs in ``notebooks/examples/`` write nothing into the
repository). The runner executes a template with its working folder set to the report's
hidden staging folder, so the files land beside the page and the executed
notebook and appear together with them, in one rename (see ``runner.py``).

``metrics.json`` (schema ``cxkit-report-outputs/1``)::

    {"schema": "cxkit-report-outputs/1", "report": "monthly",
     "parameters": {...}, "cxkit_version": "0.1.0",
     "generated_at": "2026-11-02T09:15:00+00:00",
     "page": {"title": "...", "language": "en"},
     "metrics": [{"key", "label", "value", "low", "high", "n", "method", "unit",
                  "confidence_level", "extra"}, ...],
     "tables": [{"name", "file", "rows", "columns"}, ...]}

Numbers are plain JSON numbers; a missing number (NaN, None) is ``null``
(JSON has no NaN). CSV files are UTF-8 without a byte-order mark,
comma-separated, with a header row; a frame's index is written only when it is
named (it then holds data, such as a group), unnamed positional indexes are not.
A missing or unbounded number (NaN, an infinite interval end such as the
upper end of a Kaplan-Meier median's interval that the data never closes) is
an empty cell in CSV, as it is ``null`` in JSON: spreadsheets and other tools
read "inf" as text. A table that has open ends says so in a column of its own
(``high_open`` of the journey's stage times).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import math
import numbers
import re
from pathlib import Path

from ..errors import CxkitTypeError, CxkitValueError

SCHEMA = "cxkit-report-outputs/1"
METRICS_FILE = "metrics.json"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_METRIC_FIELDS = ("key", "label", "value", "low", "high", "n", "method", "unit", "confidence_level", "extra")


def _check_name(what: str, name) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name.endswith("."):
        raise CxkitValueError(
            f"{what} ({name!r}) must be 1-100 ASCII letters, digits, '_', '.' or '-', starting with a letter "
            f"or digit (it names a file or a JSON key)."
        )
    return name


def _number(what: str, value, *, integer: bool = False):
    """``value`` as a JSON number (None for NaN or None); error for anything that is not a real number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CxkitTypeError(f"{what} must be a real number or None; got {value!r} of type {type(value).__name__}.")
    value = float(value)
    if math.isnan(value):
        return None
    if math.isinf(value):
        raise CxkitValueError(f"{what} must be finite (or NaN/None for 'not available'); got {value!r}.")
    if integer:
        if value != int(value) or value < 0:
            raise CxkitValueError(f"{what} must be a whole number of answers, 0 or more; got {value!r}.")
        return int(value)
    return value


def jsonable(value, *, where: str = "value"):
    """``value`` with numpy/pandas scalars, tuples, paths and NaN turned into plain JSON values.

    Dicts need text keys; anything else that JSON cannot hold is an error
    naming ``where``.
    """
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise CxkitTypeError(f"{where} keys must be text; got {k!r} of type {type(k).__name__}.")
            out[k] = jsonable(v, where=f"{where}[{k!r}]")
        return out
    if isinstance(value, (list, tuple)):
        return [jsonable(v, where=f"{where}[{i}]") for i, v in enumerate(value)]
    if hasattr(value, "item") and callable(value.item):  # numpy scalar of another kind
        return jsonable(value.item(), where=where)
    raise CxkitTypeError(f"{where} ({value!r}) of type {type(value).__name__} cannot be written to JSON; "
                         f"use text, numbers, booleans, lists or dicts.")


def _finite(frame):
    """``frame`` with every infinite float (an open interval end) as NaN, which CSV writes as an empty cell."""
    import numpy as np

    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    infinite = [c for c in floats if np.isinf(frame[c].to_numpy()).any()]
    if not infinite:
        return frame
    return frame.assign(**{str(c): frame[c].where(np.isfinite(frame[c]), np.nan) for c in infinite})


#: Environment variable naming the folder outputs go to when a template gives none (see the module docstring).
OUTPUT_DIR_VARIABLE = "CXKIT_REPORT_OUTPUT_DIR"


class ReportOutputs:
    """Collects a report's headline numbers and tables and writes them beside the page.

    Parameters
    ----------
    report : str
        The report's name ("monthly", "benchmark", "journey", ...).
    parameters : dict
        The checked parameters the report ran with (written to ``metrics.json``).
    directory : path, optional
        Where the files go; default the current working folder (the runner's
        staging folder when run by ``cxkit report``).
    title, language : str, optional
        The page's title and language code ("en", "ru"): written to
        ``metrics.json`` as ``"page"``; the runner uses them for the HTML
        ``<title>`` and ``<html lang>``.
    """

    def __init__(self, report: str, parameters: dict, *, directory: str | Path | None = None,
                 title: str | None = None, language: str | None = None):
        self.report = _check_name("report", report)
        for what, text in (("title", title), ("language", language)):
            if text is not None and not isinstance(text, str):
                raise CxkitTypeError(f"{what} must be text or None; got {type(text).__name__}.")
        self.title, self.language = title, language
        if not isinstance(parameters, dict):
            raise CxkitTypeError(f"parameters must be a dict; got {type(parameters).__name__}.")
        self.parameters = jsonable(parameters, where="parameters")
        if directory is None:
            directory = os.environ.get(OUTPUT_DIR_VARIABLE) or Path.cwd()
        self.directory = Path(directory)
        self._metrics: dict[str, dict] = {}
        self._tables: dict[str, dict] = {}

    # -- metrics -------------------------------------------------------------------------------
    def metric(self, key: str, *, label: str, value, low, high, n, method: str, unit: str,
               confidence_level, extra: dict | None = None) -> None:
        """Record one headline number with its interval (kept in :attr:`metrics`; returns None, as :meth:`table`).

        ``key`` is unique within the report; NaN or None for a number that is
        not available (written as ``null``). ``extra`` holds anything else
        worth keeping (a p-value, a target, a traffic light), JSON-able.
        """
        _check_name("metric key", key)
        if key in self._metrics:
            raise CxkitValueError(f"metric key ({key!r}) is recorded twice; each key must be unique in a report.")
        for what, text in (("label", label), ("method", method), ("unit", unit)):
            if not isinstance(text, str):
                raise CxkitTypeError(f"{what} of metric {key!r} must be text; got {type(text).__name__}.")
        entry = {
            "key": key, "label": label,
            "value": _number(f"value of metric {key!r}", value),
            "low": _number(f"low of metric {key!r}", low),
            "high": _number(f"high of metric {key!r}", high),
            "n": _number(f"n of metric {key!r}", n, integer=True),
            "method": method, "unit": unit,
            "confidence_level": _number(f"confidence_level of metric {key!r}", confidence_level),
            "extra": jsonable(extra or {}, where=f"extra of metric {key!r}"),
        }
        lo, val, hi = entry["low"], entry["value"], entry["high"]
        if None not in (lo, hi) and lo > hi:
            raise CxkitValueError(f"metric {key!r}: low ({lo}) is above high ({hi}).")
        if None not in (lo, val, hi) and not (lo - 1e-9 * max(1, abs(val)) <= val <= hi + 1e-9 * max(1, abs(val))):
            raise CxkitValueError(f"metric {key!r}: value ({val}) lies outside its interval [{lo}, {hi}].")
        self._metrics[key] = entry

    def estimate(self, key: str, estimate, *, label: str, extra: dict | None = None) -> None:
        """Record a cxkit result (Estimate, ServiceEstimate or any IntervalResult) under ``key``."""
        from ..results import IntervalResult

        if not isinstance(estimate, IntervalResult):
            raise CxkitTypeError(f"estimate for {key!r} must be a cxkit Estimate or ServiceEstimate; "
                                 f"got {type(estimate).__name__}.")
        self.metric(key, label=label, value=estimate.value, low=estimate.low, high=estimate.high,
                           n=estimate.n, method=estimate.method, unit=estimate.unit,
                           confidence_level=estimate.confidence_level, extra=extra)

    # -- tables --------------------------------------------------------------------------------
    def table(self, name: str, frame) -> None:
        """Write ``frame`` (a pandas DataFrame) to ``<name>.csv`` in :attr:`directory` now.

        Returns None, so a template cell ending in this call shows nothing
        (a trailing ``;`` is not enough: IPython ignores it when a cell runs
        without storing history, as nbval runs cells).
        """
        import pandas as pd

        _check_name("table name", name)
        if name in self._tables:
            raise CxkitValueError(f"table name ({name!r}) is written twice; each table needs its own name.")
        if not isinstance(frame, pd.DataFrame):
            raise CxkitTypeError(f"table {name!r} must be a pandas DataFrame; got {type(frame).__name__}.")
        named_index = any(level is not None for level in frame.index.names)
        path = self.directory / f"{name}.csv"
        _finite(frame).to_csv(path, index=named_index, encoding="utf-8", lineterminator="\n")
        columns = ([str(level) for level in frame.index.names] if named_index else []) + [str(c) for c in frame.columns]
        self._tables[name] = {"name": name, "file": path.name, "rows": int(len(frame)), "columns": columns}

    # -- writing -------------------------------------------------------------------------------
    @property
    def metrics(self) -> list[dict]:
        """The recorded metrics, in the order they were recorded."""
        return list(self._metrics.values())

    def to_dict(self) -> dict:
        from .. import __version__

        return {
            "schema": SCHEMA,
            "report": self.report,
            "parameters": self.parameters,
            "cxkit_version": __version__,
            "generated_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "page": {"title": self.title, "language": self.language},
            "metrics": self.metrics,
            "tables": list(self._tables.values()),
        }

    def save(self) -> None:
        """Write ``metrics.json`` (UTF-8, indented) in :attr:`directory`; returns None, as :meth:`table`."""
        path = self.directory / METRICS_FILE
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=2, allow_nan=False)
        path.write_text(text + "\n", encoding="utf-8")


def read_outputs(folder: str | Path) -> dict:
    """``metrics.json`` of a rendered report folder, with ``metrics`` keyed by their ``key``.

    Returns the file's content with one more entry, ``by_key``
    (key -> metric entry), for tests and tools that look numbers up.
    """
    path = Path(folder) / METRICS_FILE
    if not path.is_file():
        raise CxkitValueError(f"{str(path)!r} does not exist; give the folder of a rendered report.")
    content = json.loads(path.read_text(encoding="utf-8"))
    content["by_key"] = {m["key"]: m for m in content.get("metrics", [])}
    return content
