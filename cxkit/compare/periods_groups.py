"""Comparisons a report can trust: each period against the previous one, each group against a reference.

Each call compares many pairs at once from one count table, with the
difference methods of :mod:`cxkit.stats.difference` (the registry's
defaults: NPS adjusted Welch; shares Newcombe; means Welch), and adjusts the
p-values across the rows of the call (:mod:`cxkit.stats.multiple_testing`, Holm by
default). Both the raw ``p_value`` and ``p_adjusted`` are shown;
``significant`` uses the adjusted one.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..options import check_confidence_level
from ..tables.grouping import group_table, with_columns
from ..stats import mean_difference, nps_difference, proportion_difference
from ..stats.mean import mean_and_sd_from_counts
from ..metrics.from_counts import metric_table
from ..metrics.registry import Metric, resolve
from ..stats.multiple_testing import adjust_p_values
from ..tables.summarize import tally_answers
from ..errors import CxkitValueError


def _difference_method(spec: Metric, method):
    allowed = spec.difference_methods
    if method is None:
        return allowed[0]
    if method not in allowed:
        raise CxkitValueError(f"method ({method!r}) must be one of {', '.join(map(repr, allowed))} for {spec.metric} differences.")
    return method


def differences(spec: Metric, counts_a, counts_b, *, values=None, confidence_level: float, method: str):
    """``b - a``, interval, p-value and each row's method for pairs of count rows, in the metric's unit.

    Pairs where either side has no answers get NaN throughout (no p-value: they
    stay out of the multiple-testing family).
    """
    cats_a, scores = spec.collapse(counts_a, values)
    cats_b, _ = spec.collapse(counts_b, values)
    empty = (cats_a.sum(axis=1) == 0) | (cats_b.sum(axis=1) == 0)
    diff, low, high, p, methods = _differences(spec, cats_a, cats_b, scores, confidence_level, method)
    diff, low, high, p = (np.where(empty, np.nan, np.asarray(x, dtype=float)) for x in (diff, low, high, p))
    return diff, low, high, p, np.asarray(methods, dtype=object)


def _differences(spec: Metric, cats_a, cats_b, scores, confidence_level: float, method: str):
    if spec.kind == "nps":
        diff, low, high, p = nps_difference(cats_a.T, cats_b.T, confidence_level=confidence_level, method=method)
        return 100 * diff, 100 * low, 100 * high, p, np.full(len(diff), method, dtype=object)
    if spec.kind == "share":
        diff, low, high, p = proportion_difference(cats_a[:, 1], cats_a.sum(axis=1), cats_b[:, 1], cats_b.sum(axis=1),
                                                   confidence_level=confidence_level)
        return 100 * diff, 100 * low, 100 * high, p, np.full(len(diff), method, dtype=object)
    mean_a, sd_a, n_a = mean_and_sd_from_counts(scores, cats_a)
    mean_b, sd_b, n_b = mean_and_sd_from_counts(scores, cats_b)
    return mean_difference(mean_a, sd_a, n_a, mean_b, sd_b, n_b, lowest=spec.scale[0], highest=spec.scale[1],
                           confidence_level=confidence_level)


def _finish(frame: pd.DataFrame, columns: dict, confidence_level: float, adjust: str) -> pd.DataFrame:
    """``frame`` with ``columns`` and the adjusted p-values (``p_adjusted, significant, adjustment``) added."""
    p_value = columns["p_value"] if "p_value" in columns else frame["p_value"]
    adjusted = adjust_p_values(np.asarray(p_value, dtype=float), method=adjust)
    return with_columns(frame, {**columns, "p_adjusted": adjusted, "significant": adjusted < 1 - confidence_level,
                                "adjustment": adjust})


def compare_periods(df: pd.DataFrame, *, metric: str = "nps", score=None, date: str = "answered_at",
                    period: str = "M", by=(), confidence_level: float = 0.95, method: str | None = None,
                    adjust: str = "holm", drop_invalid: bool = False, date_format: str | None = None,
                    **metric_options) -> pd.DataFrame:
    """Each period against the previous one (within each group of ``by``).

    Text dates are read as ISO 8601, or exactly in ``date_format``.

    Returns one row per period after the first: the group columns,
    ``period, previous_period, metric, value, previous_value, difference,
    low, high, p_value, p_adjusted, significant, n, previous_n, method,
    confidence_level, adjustment``.
    """
    cl = check_confidence_level(confidence_level)
    spec = resolve(metric, metric_options)
    method = _difference_method(spec, method)
    spec, groups, tally, values = tally_answers(df, metric, score, by, period=period, date=date,
                                                drop_invalid=drop_invalid, metric_options=metric_options, date_format=date_format)
    if tally.observed is not None:
        raise CxkitValueError("too many group combinations to lay out every period; use fewer by columns.")
    n_periods = groups.sizes[-1]
    if n_periods < 2:
        covered = ", ".join(map(str, groups.levels[-1])) or "none"
        raise CxkitValueError(f"compare_periods needs answers in at least two periods of {date!r}; "
                              f"the data covers {n_periods} (periods: {covered}).")
    counts = tally.counts.reshape(-1, n_periods, tally.counts.shape[1])
    estimates = metric_table(spec, tally.counts, confidence_level=cl, method=spec.methods[0], values=values)
    value = np.asarray(estimates["value"], dtype=float).reshape(-1, n_periods)
    n = tally.n.reshape(-1, n_periods)
    diff, low, high, p, methods = differences(spec, counts[:, :-1].reshape(-1, counts.shape[2]),
                                     counts[:, 1:].reshape(-1, counts.shape[2]),
                                     values=values, confidence_level=cl, method=method)
    labels = group_table(groups).to_numpy().reshape(-1, n_periods, len(groups.names))
    out = pd.DataFrame(labels[:, 1:].reshape(-1, len(groups.names)), columns=list(groups.names))
    for column in groups.names[:-1]:
        out[column] = out[column].astype(group_table(groups)[column].dtype)
    return _finish(out, {
        "previous_period": labels[:, :-1, -1].reshape(-1), "metric": spec.metric,
        "value": value[:, 1:].reshape(-1), "previous_value": value[:, :-1].reshape(-1),
        "difference": diff, "low": low, "high": high, "p_value": p,
        "n": n[:, 1:].reshape(-1), "previous_n": n[:, :-1].reshape(-1), "method": methods, "confidence_level": cl,
    }, cl, adjust)


def compare_groups(df: pd.DataFrame, *, metric: str = "nps", score=None, by, reference=None,
                   confidence_level: float = 0.95, method: str | None = None, adjust: str = "holm",
                   drop_invalid: bool = False, **metric_options) -> pd.DataFrame:
    """Every group of ``by`` against a reference group, or against all the rest.

    ``reference`` is a level of ``by`` (a tuple of levels for several
    columns); ``None`` compares each group with all other answers together.
    The difference is group minus reference.
    """
    cl = check_confidence_level(confidence_level)
    spec = resolve(metric, metric_options)
    method = _difference_method(spec, method)
    spec, groups, tally, values = tally_answers(df, metric, score, by, drop_invalid=drop_invalid,
                                                metric_options=metric_options)
    labels = group_table(groups, tally.observed)
    counts = tally.counts
    if reference is None:
        base = counts.sum(axis=0, keepdims=True) - counts
        keep = np.ones(len(labels), dtype=bool)
        reference_label = "all other answers"
    else:
        key = reference if isinstance(reference, tuple) else (reference,)
        matches = np.ones(len(labels), dtype=bool)
        if len(key) != len(groups.names):
            raise CxkitValueError(f"reference ({reference!r}) must give one level for each of {list(groups.names)}.")
        for name, level in zip(groups.names, key):
            matches &= (labels[name] == level).to_numpy()
        if not matches.any():
            known = [tuple(r) if len(r) > 1 else r[0] for r in labels.itertuples(index=False)]
            raise CxkitValueError(f"reference ({reference!r}) is not a group of {list(groups.names)}; the groups are {known}.")
        base = np.repeat(counts[matches], len(labels), axis=0)
        keep = ~matches
        reference_label = str(reference)
    diff, low, high, p, methods = differences(spec, base, counts, values=values, confidence_level=cl, method=method)
    estimates = metric_table(spec, counts, confidence_level=cl, method=spec.methods[0], values=values)
    reference_values = metric_table(spec, base, confidence_level=cl, method=spec.methods[0], values=values)
    out = with_columns(labels, {  # every group first, then the reference left out: dtypes as of all rows
        "reference": reference_label, "metric": spec.metric, "value": estimates["value"],
        "reference_value": reference_values["value"], "difference": diff, "low": low, "high": high, "p_value": p,
        "n": tally.n, "reference_n": base.sum(axis=1), "method": methods, "confidence_level": cl})
    return _finish(out[keep].reset_index(drop=True), {}, cl, adjust)
