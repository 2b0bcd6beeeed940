"""Ratings along the journey: the touchpoint scorecard (with pain points) and the emotion curve.

Both are "aggregate, then infer": one ``GROUP BY`` of the group columns and
the rating value, run in the frame's own engine
(:func:`cxkit.tables.engines.aggregate`), gives the count table; every
interval and test below runs on it.

- Mean rating: Student's t interval (Student 1908), with Hoeffding's
  distribution-free interval where every answer is equal
  (:func:`cxkit.stats.mean.mean_interval`).
- Top-2 box share (answers in the two highest scale points, percent):
  Wilson score interval (Wilson 1927).
- Pain points: each touchpoint against the rest of the journey (all other
  touchpoints' ratings pooled), Welch's unequal-variance t-test (Welch 1947,
  Biometrika 34, 28-35; :func:`cxkit.stats.difference.welch_difference`),
  two-sided p-values adjusted across the touchpoints by Holm's step-down
  method (Holm 1979, Scand. J. Statistics 6, 65-70; ``adjust`` to change).
  A pain point is a touchpoint *below* the rest with ``p_adjusted < 1 -
  confidence_level``.

Missing ratings (NaN: not asked) are excluded and counted (``n_missing``);
ratings off the scale are an error with their count and examples.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..inputs.columns import require_columns
from ..options import check_choice, check_confidence_level, check_scale
from ..stats.difference import hoeffding_difference, welch_difference
from ..stats.mean import mean_and_sd_from_counts, mean_interval
from ..stats.multiple_testing import ADJUSTMENTS, adjust_p_values
from ..stats.proportion import proportion_interval
from ..tables.engines import ANSWER, COUNT, aggregate, column_list
from .log import _names, check_stages


def rating_counts(events, *, rating, keys, scale):
    """The group x rating-value count table (in the frame's engine), checked against the scale.

    Returns ``(groups, values, counts, n_missing, engine)``: ``groups`` a frame
    of the key columns (one row per group), ``counts`` a groups x values matrix.
    """
    lowest, highest = scale
    probe = pd.DataFrame(columns=pd.Index(column_list(events), dtype=object))
    require_columns(probe, [rating], role="rating")
    aggregated = aggregate(events, score=rating, by=list(keys), date=None, weights=None)
    small = aggregated.table
    answer = pd.to_numeric(small[ANSWER], errors="coerce")
    if small[ANSWER].notna().any() and answer[small[ANSWER].notna()].isna().any():
        bad = small.loc[small[ANSWER].notna() & answer.isna(), ANSWER]
        raise CxkitValueError(f"rating column {rating!r} must hold numbers on the {lowest}-{highest} scale; "
                              f"got text such as {bad.head(5).tolist()!r}.")
    missing = answer.isna()
    off = ~missing & ((answer < lowest) | (answer > highest))
    if off.any():
        raise CxkitValueError(
            f"rating column {rating!r}: {int(small.loc[off, COUNT].sum())} ratings are off the {lowest}-{highest} "
            f"scale, such as {sorted(answer[off].unique().tolist())[:5]!r}. Allowed: {lowest} to {highest}, "
            f"or NaN where not asked; pass scale=(low, high) for another scale.")
    small = small.assign(**{ANSWER: answer})
    n_missing = small[missing].groupby(list(keys), dropna=False)[COUNT].sum() if keys else None
    rated = small[~missing]
    values = np.sort(rated[ANSWER].unique())
    if keys:
        # groups with a missing key (NaN touchpoint) are kept as a group of their own, as in cx.summarize
        pivot = rated.groupby(list(keys) + [ANSWER], dropna=False)[COUNT].sum().unstack(ANSWER, fill_value=0)
        everything = small.groupby(list(keys), dropna=False)[COUNT].sum().index
        pivot = pivot.reindex(everything, fill_value=0).reindex(columns=values, fill_value=0)
        groups = pivot.index.to_frame(index=False)
        missing_counts = n_missing.reindex(pivot.index, fill_value=0).to_numpy() if n_missing is not None else 0
        return groups, values, pivot.to_numpy(dtype=float), np.asarray(missing_counts), aggregated.engine
    counts = rated.groupby(ANSWER)[COUNT].sum().reindex(values, fill_value=0).to_numpy(dtype=float)[None, :]
    return pd.DataFrame(index=[0]), values, counts, np.array([int(small.loc[missing, COUNT].sum())]), aggregated.engine


def _mean_columns(values, counts, scale, level, top):
    lowest, highest = scale
    mean, sd, n = mean_and_sd_from_counts(values, counts) if counts.shape[1] else (
        np.full(len(counts), np.nan), np.full(len(counts), np.nan), np.zeros(len(counts)))
    if counts.shape[1]:
        low, high, methods = mean_interval(values, counts, lowest=lowest, highest=highest, confidence_level=level)
    else:
        low = high = np.full(len(counts), np.nan)
        methods = np.full(len(counts), "t")
    topped = counts[:, values >= highest - top + 1].sum(axis=1) if counts.shape[1] else np.zeros(len(counts))
    t_low, t_high = proportion_interval(topped, n, confidence_level=level, method="wilson")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = 100.0 * topped / n
    return {"n": n.astype(np.int64), "mean": mean, "low": low, "high": high, "sd": sd,
            f"top{top}": share, f"top{top}_low": 100.0 * t_low, f"top{top}_high": 100.0 * t_high,
            "method": np.where(n > 0, methods, "none")}


def touchpoint_scorecard(events, *, rating="csat", by="touchpoint", scale=(1, 5), top: int = 2,
                         confidence_level: float = 0.95, adjust: str = "holm") -> pd.DataFrame:
    """Mean rating and top-box share per touchpoint (or channel), ranked, with pain points flagged.

    Parameters
    ----------
    events : DataFrame of any supported engine
        One row per event; ``rating`` NaN where not asked.
    rating : str
        The rating column (CSAT, CES: higher is better).
    by : str or list
        ``"touchpoint"``, ``"channel"``, or any column(s).
    scale : (int, int)
        The rating scale, (1, 5) by default.
    top : int
        How many top scale points make the top-box share (2: top-2 box).
    adjust : {"holm", "bh", "none"}
        Multiple-comparison adjustment across the rows.

    Returns
    -------
    DataFrame
        ``by`` columns, then ``n, n_missing, mean, low, high, sd, top2,
        top2_low, top2_high, method, rest_mean, difference, p_value,
        p_adjusted, pain_point, rank, confidence_level``, sorted by ``rank``
        (1 = the highest mean). ``difference`` is the row's mean minus the
        mean of all other rows' ratings; ``attrs["overall_mean"]``,
        ``attrs["test"]``.
    """
    level = check_confidence_level(confidence_level)
    adjust = check_choice("adjust", adjust, ADJUSTMENTS)
    lowest, highest = check_scale(scale)
    by_names = _names(by, "by")
    if not by_names:
        raise CxkitValueError("touchpoint_scorecard needs by: the touchpoint or channel column.")
    groups, values, counts, n_missing, engine = rating_counts(events, rating=rating, keys=by_names,
                                                              scale=(lowest, highest))
    out = groups.copy()
    columns = _mean_columns(values, counts, (lowest, highest), level, top)
    out["n"] = columns.pop("n")
    out["n_missing"] = n_missing.astype(np.int64)
    for name, column in columns.items():
        out[name] = column
    rest = counts.sum(axis=0)[None, :] - counts
    rest_mean, rest_sd, rest_n = mean_and_sd_from_counts(values, rest)
    diff, _low, _high, p = welch_difference(rest_mean, rest_sd, rest_n, out["mean"].to_numpy(),
                                            out["sd"].to_numpy(), out["n"].to_numpy(), confidence_level=level)
    # Welch treats a group without spread (every rating equal, or a single rating) as exactly known, so two equal
    # ratings would look certain; there Hoeffding's bound for a bounded scale is used instead (Hoeffding 1963).
    _d, _hl, _hh, hoeffding_p = hoeffding_difference(rest_mean, rest_n, out["mean"].to_numpy(), out["n"].to_numpy(),
                                                     lowest=lowest, highest=highest, confidence_level=level)
    degenerate = (out["sd"].to_numpy() == 0) | (rest_sd == 0) | (out["n"].to_numpy() < 2) | (rest_n < 2)
    p = np.where(degenerate, hoeffding_p, p)
    p = np.where(np.isfinite(p), p, np.nan)
    out["rest_mean"], out["difference"], out["p_value"] = rest_mean, diff, p
    out["p_adjusted"] = adjust_p_values(p, method=adjust)
    out["pain_point"] = (out["difference"] < 0) & (out["p_adjusted"] < 1.0 - level)
    out["rank"] = out["mean"].rank(ascending=False, method="min").astype("Int64")
    out["confidence_level"] = level
    out = out.sort_values(["rank"] + by_names, kind="stable").reset_index(drop=True)
    total_mean, _sd, total_n = mean_and_sd_from_counts(values, counts.sum(axis=0)[None, :])
    out.attrs.update(overall_mean=float(total_mean[0]), n=int(total_n[0]), engine=engine, adjust=adjust,
                     test="each row vs all other ratings: Welch t-test, two-sided, " + adjust + "-adjusted")
    return out


def emotion_curve(events, *, stages, rating="csat", stage="stage", by=None, scale=(1, 5),
                  confidence_level: float = 0.95) -> pd.DataFrame:
    """Mean experience by stage in journey order, with t intervals: the journey map's emotional line.

    Returns
    -------
    DataFrame
        ``by`` columns, then ``stage, step, n, n_missing, mean, low, high, sd,
        top2, top2_low, top2_high, method, confidence_level``; a stage without
        ratings has ``n`` 0 and NaN. Stages in the log but not in ``stages``
        are an error.
    """
    level = check_confidence_level(confidence_level)
    stages = check_stages(stages)
    if stages == "infer":
        raise CxkitValueError("emotion_curve needs stages as a list in journey order (use "
                              "funnel(..., stages='infer').attrs['stages'] to infer it first).")
    lowest, highest = check_scale(scale)
    by_names = _names(by, "by")
    keys = by_names + [stage]
    groups, values, counts, n_missing, engine = rating_counts(events, rating=rating, keys=keys,
                                                              scale=(lowest, highest))
    unknown = sorted(set(groups[stage]) - set(stages), key=str)
    if unknown:
        raise CxkitValueError(f"column {stage!r} has stage(s) not in stages: {unknown!r}. Allowed: {stages!r}.")
    out = groups.copy()
    columns = _mean_columns(values, counts, (lowest, highest), level, 2)
    out["n"] = columns.pop("n")
    out["n_missing"] = n_missing.astype(np.int64)
    for name, column in columns.items():
        out[name] = column
    # every stage in every group, in journey order
    combos = out[by_names].drop_duplicates() if by_names else pd.DataFrame(index=[0])
    grid = combos.merge(pd.DataFrame({stage: stages, "step": np.arange(1, len(stages) + 1)}), how="cross")
    out = grid.merge(out, on=keys, how="left")
    out["n"] = out["n"].fillna(0).astype(np.int64)
    out["n_missing"] = out["n_missing"].fillna(0).astype(np.int64)
    out["method"] = out["method"].fillna("none")
    out["confidence_level"] = level
    out = out.rename(columns={stage: "stage"}) if stage != "stage" else out
    out = out.sort_values(by_names + ["step"], kind="stable").reset_index(drop=True)
    out.attrs.update(stages=list(stages), engine=engine)
    return out
