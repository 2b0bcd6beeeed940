"""Folder and file names of rendered reports: every parameter that changes a report is in its name."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def safe_name(text: str, limit: int = 40) -> str:
    """Unicode letters, digits, '_', '.', '-' kept; every other run of characters becomes '_'."""
    return (re.sub(r"[^\w.-]+", "_", text).strip("._-") or "_")[:limit]


def slug(text: str) -> str:
    """``text`` in a file name; a short hash of it is added when the name had to change it.

    Upper case counts as a change (file systems that ignore case would mix up
    'Retail' and 'retail'), so does anything replaced or cut.
    """
    safe = safe_name(text)
    return safe if safe == text and text == text.lower() else f"{safe}-{_short_hash(text)}"


_NAMED = ("month", "segment", "language", "confidence_level", "data", "date_format")
_DEFAULTS = {"month": "", "segment": "", "language": "en", "confidence_level": 0.95, "data": "", "date_format": ""}
#: Parameters naming the files whose dates ``date_format`` reads (survey answers, journey events).
DATED_FILES = ("data", "events")


def date_format_applies(values: dict) -> bool:
    """Whether ``date_format`` changes this report: it reads the dates of a file the report was given.

    The bundled sample data (answers and journey events) holds dates already,
    so with no file the format changes nothing; ``cxkit report all
    --date-format ...`` passes it to every report that declares it.
    """
    return bool(values.get("date_format")) and any(values.get(key) for key in DATED_FILES)


def report_name(report: str, values: dict) -> str:
    """``<report>[-<month>][-<segment>][-<language>][-cl<level>][-<data stem>-<hash>][-fmt-<hash>][-<param>-<hash>...]``.

    Every checked parameter that changes the report is in the name: the
    month, the segment (Unicode letters kept: 'Розница' and 'Опт' differ), the
    language unless English, the confidence level unless 0.95, the data file
    (its stem plus a hash of its resolved path) unless the sample data, a hash
    of ``date_format`` when it reads the dates of a file the report was given
    (:func:`date_format_applies`; with the bundled sample it changes nothing),
    and any other parameter that is not empty as ``<name>-<hash of its value>``
    (a targets file, say). Nothing else is in the name: a parameter that does
    not change a report never makes a second folder of the same report.
    """
    parts = [report]
    if values.get("month"):
        parts.append(str(values["month"]))
    if values.get("segment"):
        parts.append(slug(str(values["segment"])))
    if values.get("language", "en") != "en":
        parts.append(str(values["language"]))
    if values.get("confidence_level", 0.95) != 0.95:
        parts.append(f"cl{values['confidence_level']!r}")
    if values.get("data"):
        path = Path(values["data"]).resolve()
        parts.append(f"{safe_name(path.stem)}-{_short_hash(str(path))}")
    if date_format_applies(values):
        parts.append(f"fmt-{_short_hash(values['date_format'])}")
    for key in sorted(set(values) - set(_NAMED)):
        value = values[key]
        if value in ("", None, (), []):
            continue
        parts.append(f"{safe_name(key, 20)}-{_short_hash(json.dumps(value, sort_keys=True, default=str))}")
    return "-".join(parts)


def monthly_report_name(values: dict) -> str:
    """The monthly report's name (:func:`report_name` with ``report="monthly"``)."""
    return report_name("monthly", values)


