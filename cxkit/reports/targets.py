"""Targets a report reads its metrics against, and the traffic light that respects the interval.

Default targets are the thresholds of the product's source documents (the
metric registry's ``Readout``, listed in the top table of BENCHMARKS.md):
NPS above 0 ("good", source [002]), CSAT at least 75 %, CSI at least 80 %,
CES at least 60 % ("50-60 % is not enough"), monthly churn at most 5 %
(source [000]). The CLI and first response time have no threshold in the
sources: no light unless the user's targets file gives one.

A user's targets file replaces the defaults metric by metric: a CSV with the
header ``metric,target`` (UTF-8, comma-separated) or a JSON object
``{"nps": 30, "csat": 80}``. Metrics: see :data:`TARGET_METRICS`; a target
must lie on the metric's scale.

The light (:func:`light`) uses the whole interval, never the point value:
"met" when the interval lies entirely on the good side of the target,
"missed" when it lies entirely on the bad side, "unclear" (cannot tell yet)
when it contains the target. The rule is :func:`interval_verdict`, the one
the benchmark page's threshold verdicts use too, so a target equal to a
source's threshold gets the same answer on both pages. Each target has a
relation: the NPS is good *above* 0 (">": an NPS of exactly 0 is "as many
detractors as promoters", source [002]); the shares' targets are "at least"
(">="), churn's "at most" ("<="); a user's target is ">=" or "<=".
"""

from __future__ import annotations

import csv
import json
import math
import numbers
from dataclasses import dataclass
from pathlib import Path

from ..errors import CxkitValueError, DataFileError, DataFileNotFoundError
from ..metrics.registry import REGISTRY

#: metric -> (lowest, highest) target allowed, better direction
TARGET_METRICS = {
    "nps": ((-100.0, 100.0), "at_least"),
    "csat": ((0.0, 100.0), "at_least"),
    "csi": ((0.0, 100.0), "at_least"),
    "ces": ((0.0, 100.0), "at_least"),
    "cli": ((0.0, 10.0), "at_least"),
    "churn": ((0.0, 100.0), "at_most"),
    "first_response_time": ((0.0, math.inf), "at_most"),
}


#: Relations a target or a threshold states, with the symbol a page prints.
RELATIONS = {">": ">", ">=": "≥", "<": "<", "<=": "≤"}
_DEFAULT_RELATION = {"at_least": ">=", "at_most": "<="}


@dataclass(frozen=True)
class Target:
    """A metric's target: fine at or above it (``at_least``) or at or below it (``at_most``).

    ``relation`` is the exact condition (">", ">=", "<", "<="); by default
    ">=" for ``at_least`` and "<=" for ``at_most``.
    """

    metric: str
    value: float
    direction: str
    source: str  # "source [000]" or the user's file
    relation: str = ""

    def __post_init__(self):
        if self.relation == "":
            object.__setattr__(self, "relation", _DEFAULT_RELATION[self.direction])
        elif self.relation not in RELATIONS:
            raise CxkitValueError(f"relation ({self.relation!r}) must be one of {', '.join(map(repr, RELATIONS))}.")


def default_targets() -> dict[str, Target]:
    """The sources' thresholds from the metric registry."""
    out = {}
    for metric in TARGET_METRICS:
        entry = REGISTRY.get(metric)
        if entry is None:
            continue
        readout = entry.readout
        if readout.bands:  # NPS: the first band's edge (above 0: good; exactly 0 is not)
            out[metric] = Target(metric, float(readout.bands[0][0]), "at_least", readout.source, relation=">")
        elif readout.target is not None:
            out[metric] = Target(metric, float(readout.target[0]), readout.direction, readout.source)
    return out


def _check_value(metric, value, shown: str) -> float:
    if metric not in TARGET_METRICS:
        raise DataFileError(f"targets file {shown!r}: metric {metric!r} must be one of "
                            f"{', '.join(map(repr, TARGET_METRICS))}.", path=shown, reason="targets")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise DataFileError(f"targets file {shown!r}: the target of {metric!r} ({value!r}) must be a number "
                                f"written with a decimal point, such as 75 or 7.5.", path=shown,
                                reason="targets") from None
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(float(value)):
        raise DataFileError(f"targets file {shown!r}: the target of {metric!r} ({value!r}) must be a number.",
                            path=shown, reason="targets")
    (low, high), _direction = TARGET_METRICS[metric]
    value = float(value)
    if not (low <= value <= high) or (metric == "first_response_time" and value <= 0):
        scale = "above 0 (hours)" if math.isinf(high) else f"between {low:g} and {high:g}"
        raise DataFileError(f"targets file {shown!r}: the target of {metric!r} ({value:g}) must be {scale}.",
                            path=shown, reason="targets")
    return value


def load_targets(path: str | Path) -> dict[str, Target]:
    """The targets of a CSV or JSON file (see the module docstring); DataFileError for any problem."""
    shown = str(path)
    path = Path(path)
    if not path.is_file():
        raise DataFileNotFoundError(f"targets file {shown!r} does not exist or is not a file; give a CSV "
                                    f"(metric,target) or JSON ({{\"nps\": 30}}) file.", path=shown, reason="missing")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(f"targets file {shown!r} is not UTF-8 text.", path=shown, reason="encoding") from None
    pairs: list[tuple[str, object]] = []
    if suffix == ".json":
        try:
            content = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"targets file {shown!r} is not valid JSON ({exc.msg}, line {exc.lineno}).",
                                path=shown, reason="targets") from None
        if not isinstance(content, dict) or not content:
            raise DataFileError(f"targets file {shown!r} must hold one JSON object of metric: target, "
                                f"such as {{\"nps\": 30, \"csat\": 80}}.", path=shown, reason="targets")
        pairs = list(content.items())
    elif suffix == ".csv":
        rows = list(csv.reader(text.splitlines()))
        rows = [r for r in rows if any(cell.strip() for cell in r)]
        if not rows or [c.strip() for c in rows[0]] != ["metric", "target"]:
            header = rows[0] if rows else []
            raise DataFileError(f"targets file {shown!r} must start with the header 'metric,target'; "
                                f"got {','.join(header)!r}.", path=shown, reason="targets")
        for number, row in enumerate(rows[1:], start=2):
            if len(row) != 2:
                raise DataFileError(f"targets file {shown!r}, line {number}: expected 2 values (metric,target); "
                                    f"got {len(row)}: {row!r}.", path=shown, reason="targets")
            pairs.append((row[0].strip(), row[1]))
        if not pairs:
            raise DataFileError(f"targets file {shown!r} has a header but no targets.", path=shown, reason="targets")
    else:
        raise DataFileError(f"targets file {shown!r} must end in .csv or .json; got {suffix or 'no suffix'!r}.",
                            path=shown, reason="suffix")
    out: dict[str, Target] = {}
    for metric, value in pairs:
        if metric in out:
            raise DataFileError(f"targets file {shown!r}: metric {metric!r} is given twice.", path=shown,
                                reason="targets")
        checked = _check_value(metric, value, shown)
        out[metric] = Target(metric, checked, TARGET_METRICS[metric][1], "targets file")
    return out


def check_targets_path(path: str) -> str:
    """'' (the sources' thresholds) or the path of a targets file whose content is valid."""
    if path == "":
        return ""
    load_targets(path)
    return path


def targets_for(path: str = "") -> dict[str, Target]:
    """The defaults, with the user's file (when given) replacing them metric by metric."""
    targets = default_targets()
    if path:
        targets.update(load_targets(path))
    return targets


def interval_verdict(low, high, relation: str, reference: float) -> str:
    """Whether "metric ``relation`` ``reference``" holds, read from the metric's whole interval [low, high].

    "met" when every value of the interval satisfies the condition, "missed"
    when none does, "unclear" (cannot tell yet) when the interval holds values
    of both kinds, "none" when there is no interval (NaN or None). Strict and
    non-strict relations differ at the edge: "> 0" is met only when the low
    end is above 0 and missed as soon as the high end is at or below 0;
    ">= 75" is met when the low end is at or above 75 and missed when the
    high end is below 75 (likewise "<", "<="). "between" (a band such as CES
    50-60 %, "not enough") is read at its upper edge, as "<" it: the value is
    in or below the band -- the complement of the CES target ">= 60".

    Monthly traffic lights (:func:`light`) and the benchmark page's threshold
    verdicts (:func:`cxkit.reports.benchmark.threshold_gaps`) both use this
    rule on the same interval (same method and confidence level), so they
    agree. Since the interval of a single metric excludes the reference
    exactly when the test that inverts it (:func:`cxkit.compare_benchmark`)
    gives p below 1 - confidence level, "met" and "missed" mean an
    unadjusted test at that level.
    """
    relation = "<" if relation == "between" else relation
    if relation not in RELATIONS:
        raise CxkitValueError(f"relation ({relation!r}) must be one of {', '.join(map(repr, RELATIONS))} "
                              f"or 'between'.")
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return "none"
    holds = {">": lambda v: v > reference, ">=": lambda v: v >= reference,
             "<": lambda v: v < reference, "<=": lambda v: v <= reference}[relation]
    # The condition is monotone in the value: the interval's two ends decide it.
    at_low, at_high = holds(low), holds(high)
    if at_low and at_high:
        return "met"
    if not at_low and not at_high:
        return "missed"
    return "unclear"


def light(low: float, high: float, target: Target | None) -> str:
    """"met", "missed", "unclear" (the interval holds the target) or "none" (no target or no interval):
    :func:`interval_verdict` for the target's relation."""
    if target is None:
        return "none"
    return interval_verdict(low, high, target.relation, target.value)
