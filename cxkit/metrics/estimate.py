"""From validated answers to an :class:`~cxkit.results.Estimate`, the same way for every metric.

:func:`estimate_from_answers` counts the answers on the metric's scale, runs
:func:`~cxkit.metrics.from_counts.metric_table` on that one-row count table
(the very code behind the grouped tables) and builds the Estimate, warning
(:class:`~cxkit.errors.SmallSampleWarning`) about small or one-category
samples.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from ..errors import SmallSampleWarning
from ..inputs.answers import AnswerCounts
from ..options import check_choice, check_confidence_level, check_positive_int
from ..results import Estimate
from .from_counts import metric_table
from .registry import SMALL_SAMPLE_SIZE, Metric

#: Table columns that become Estimate fields, per kind.
_DETAILS = {
    "nps": ("promoters", "passives", "detractors", "promoters_share", "passives_share", "detractors_share"),
    "share": ("successes",),
    "mean": ("sd",),
}


def user_stacklevel() -> int:
    """Stack level of the first frame outside cxkit, so warnings point at the caller."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("cxkit"):
        frame, level = frame.f_back, level + 1
    return level


def warn_if_small(metric: str, n: int, degenerate: bool, method: str) -> bool:
    """Warn (SmallSampleWarning) about small or one-category samples; True when it warned."""
    if method in ("wald", "bootstrap") and degenerate:
        warnings.warn(
            f"{metric}: every answer falls in one category, so the {method!r} interval has zero "
            f"width; that is not certainty. Use the default method for a usable interval.",
            SmallSampleWarning,
            stacklevel=user_stacklevel(),
        )
        return True
    if n < SMALL_SAMPLE_SIZE or degenerate:
        why = f"only {n} answer{'s' if n != 1 else ''}" if n < SMALL_SAMPLE_SIZE else "every answer falls in one category"
        warnings.warn(
            f"{metric}: {why}; the interval is approximate "
            f"(cxkit flags samples under {SMALL_SAMPLE_SIZE} answers and one-category samples).",
            SmallSampleWarning,
            stacklevel=user_stacklevel(),
        )
        return True
    return False


def check_common(metric: Metric, confidence_level, method, n_resamples, *,
                 none_is_default: bool = False) -> tuple[float, str]:
    """The checked confidence level and interval method (None is the metric's default only where allowed)."""
    level = check_confidence_level(confidence_level)
    method = metric.check_method(method) if none_is_default else check_choice("method", method, metric.methods)
    check_positive_int("n_resamples", n_resamples)
    return level, method


def estimate_from_table(metric: Metric, table: dict, *, confidence_level: float, n_missing: int,
                        n_dropped: int, **fields) -> Estimate:
    """The Estimate of row 0 of a :func:`metric_table` result."""
    n = int(table["n"][0])
    method = str(table["method"][0])
    degenerate = bool(table["degenerate"][0])
    warn_if_small(metric.name, n, degenerate, method)
    for key in _DETAILS[metric.kind]:
        value = table[key][0]
        fields.setdefault(key, int(value) if isinstance(value, (np.integer, int)) else float(value))
    return Estimate(
        metric=metric.name,
        value=float(table["value"][0]),
        low=float(table["low"][0]),
        high=float(table["high"][0]),
        n=n,
        method=method,
        confidence_level=confidence_level,
        unit=metric.unit_label,
        n_missing=n_missing,
        n_dropped=n_dropped,
        small_sample=n < SMALL_SAMPLE_SIZE or degenerate,
        kind=metric.kind,
        scale=metric.scale,
        **fields,
    )


def estimate_from_answers(metric: Metric, answers: AnswerCounts, *, confidence_level: float, method: str,
                          n_resamples: int = 10_000, rng=None) -> Estimate:
    """The Estimate of ``metric`` from the answer counts on its scale (:func:`~cxkit.inputs.answers.valid_answers`)."""
    counts = answers.counts[None, :]
    table = metric_table(metric, counts, confidence_level=confidence_level, method=method,
                         n_resamples=n_resamples, rng=rng)
    fields = {}
    if metric.kind == "share":
        fields["top"] = metric.top
    if metric.name in ("ces", "ces_mean"):
        fields["reverse"] = bool(metric.reverse)
    return estimate_from_table(metric, table, confidence_level=confidence_level, n_missing=answers.n_missing,
                               n_dropped=answers.n_dropped, **fields)
