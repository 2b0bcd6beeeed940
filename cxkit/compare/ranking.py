"""Ranks with intervals for the rows of a ``summarize`` table: ``cx.rank_groups``.

The maths is :func:`cxkit.stats.ranks.rank_intervals` (Mogstad, Romano,
Shaikh & Wilhelm 2024, *Review of Economic Studies* 91, 476-518): the rank of
each group (1 = best) with an interval that says how far the data can place
it, so a page never claims a "first place" the answers cannot tell apart.

Each row's standard error is the one its own interval implies: the table's
``se`` column where it has one (weighted tables), else
``(high - low) / (2 q)`` with ``q`` the normal quantile of the confidence
level (NPS adjusted Wald, Wilson for shares: both are normal-theory
intervals) or Student's ``t`` quantile with ``n - 1`` degrees of freedom for
means (the t interval). The normal approximation of the estimates is the
method's own assumption (large samples in every group). Which end is best
comes from the metric registry: a metric read "at most" against its target
(churn) ranks its lowest value first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri, stdtrit

from ..errors import CxkitTypeError, CxkitValueError
from ..metrics.registry import definition
from ..stats.ranks import rank_intervals

#: Columns added to the table by :func:`rank_groups`.
RANK_COLUMNS = ("se", "rank", "rank_low", "rank_high", "rank_method", "rank_confidence_level")
_NEEDED = ("metric", "value", "low", "high", "n", "method", "confidence_level")


def implied_standard_errors(table: pd.DataFrame) -> np.ndarray:
    """Each row's standard error, in the metric's unit (see the module docstring)."""
    if "se" in table.columns:
        return table["se"].to_numpy(dtype=float)
    level = table["confidence_level"].to_numpy(dtype=float)
    n = table["n"].to_numpy(dtype=float)
    kinds = np.array([definition(m).kind for m in table["metric"]])
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(kinds == "mean", stdtrit(np.maximum(n - 1, 1), 0.5 + level / 2), ndtri(0.5 + level / 2))
        return (table["high"].to_numpy(dtype=float) - table["low"].to_numpy(dtype=float)) / (2 * q)


def rank_groups(table: pd.DataFrame, *, confidence_level: float | None = None, simultaneous: bool = False,
                stepdown: bool = True, n_draws: int = 10_000, rng=None) -> pd.DataFrame:
    """Rank every row of a ``summarize`` table within its metric, with rank intervals.

    ``table`` has one row per group (any group columns) and the columns
    ``metric, value, low, high, n, method, confidence_level``; rows of each
    metric are ranked among themselves. ``confidence_level`` of the rank
    intervals defaults to the table's. ``simultaneous=True`` makes the
    intervals hold for all groups at once (wider); the default is each
    group's own (marginal) interval.

    Returns the table sorted by metric and rank with ``se, rank, rank_low,
    rank_high, rank_method, rank_confidence_level`` added; a group without
    answers (NaN value) gets NaN ranks.
    """
    if not isinstance(table, pd.DataFrame):
        raise CxkitTypeError(f"rank_groups takes a summarize() table (a pandas DataFrame); got {type(table).__name__}.")
    missing = [c for c in _NEEDED if c not in table.columns]
    if missing:
        raise CxkitValueError(f"the table lacks column(s) {missing}; it has {list(map(str, table.columns))}. "
                              f"Pass a cx.summarize() table.")
    if len(table) == 0:
        raise CxkitValueError("the table has no rows; there is nothing to rank.")
    out = table.reset_index(drop=True).copy()
    out["se"] = implied_standard_errors(out)
    for column in RANK_COLUMNS[1:]:
        out[column] = np.nan if column != "rank_method" else ""
    out["rank_method"] = out["rank_method"].astype(object)
    for metric, rows in out.groupby("metric", sort=False).groups.items():
        levels = out.loc[rows, "confidence_level"].unique()
        level = float(levels[0]) if confidence_level is None else confidence_level
        if confidence_level is None and len(levels) > 1:
            raise CxkitValueError(f"the {metric} rows have several confidence levels {sorted(levels)}; "
                                  f"pass confidence_level= for the rank intervals.")
        better_high = definition(metric).readout.direction != "at_most"
        result = rank_intervals(out.loc[rows, "value"], out.loc[rows, "se"], confidence_level=level,
                                simultaneous=simultaneous, stepdown=stepdown, higher_is_better=better_high,
                                n_draws=n_draws, rng=rng)
        out.loc[rows, "rank"] = result.rank
        out.loc[rows, "rank_low"] = result.low
        out.loc[rows, "rank_high"] = result.high
        out.loc[rows, "rank_method"] = result.method
        out.loc[rows, "rank_confidence_level"] = result.confidence_level
    order = out.groupby("metric", sort=False).ngroup()
    return (out.assign(_order=order).sort_values(["_order", "rank"], kind="stable", na_position="last")
            .drop(columns="_order").reset_index(drop=True))
