"""What the customer journey report computes for one month's cohort, as tidy tables (cxkit.journey underneath).

Every number comes from :mod:`cxkit.journey`; this module only chooses the
inputs (the cohort of :mod:`cxkit.reports.journey_page`), decides which
sections the data allows, picks the drivers for the moments of truth and
collects the pain points:

- touchpoints (and channels) significantly below the rest of the journey
  (:func:`cxkit.journey.touchpoint_scorecard`: Welch t-test, Holm-adjusted);
- the step with the largest drop-off among those whose Wilson interval
  excludes zero (:func:`cxkit.journey.funnel`), and whether its interval lies
  above every other step's;
- drivers in the "priority" quadrant of the importance-performance map, when both
  their intervals keep to that quadrant (``quadrant_certain``)
  (:func:`cxkit.journey.importance_performance`, Martilla & James 1977).

Moments of truth: each customer uses only some touchpoints, so listwise
deletion would keep almost no one; correlations are pairwise
(:func:`cxkit.journey.key_drivers` with ``missing="pairwise"``). A pairwise
matrix built from small overlaps is often not positive definite and its
bootstrap unstable, so the drivers are chosen first (:func:`choose_drivers`):
in order of how many NPS answerers rated them, a touchpoint is kept when at
least :data:`MIN_PAIR` of them rated it together with every touchpoint kept
before it. Those left out are named on the page.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import CollinearityWarning
from ..journey import (JourneyOrderWarning, emotion_curve, funnel, funnel_differences, importance_performance,
                       key_drivers, paths, stage_times, touchpoint_scorecard, transitions)
from .journey_page import Journeys, touchpoint_column

#: Customers who answered the NPS question and rated both touchpoints, for every pair of drivers kept.
MIN_PAIR = 50
N_RESAMPLES = 500
SEED = 20260301
RATING_PREFIX = "rating_"


def funnel_table(j: Journeys, level: float) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JourneyOrderWarning)  # counted in attrs["n_out_of_order"], said on the page
        return funnel(j.events, stages=j.stages, touchpoint=touchpoint_column(j), confidence_level=level)


def segment_differences(j: Journeys, level: float, segment: str) -> pd.DataFrame | None:
    """Pairwise conversion differences between segments (None: a segment was chosen, or fewer than two)."""
    if segment or not j.has("segment") or j.events["segment"].nunique() < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", JourneyOrderWarning)
        return funnel_differences(j.events, stages=j.stages, by="segment", touchpoint=touchpoint_column(j),
                                  confidence_level=level)


def no_segment_comparison(j: Journeys, segment: str) -> str:
    """Why :func:`segment_differences` gives None: "filtered" (the report shows one segment), "no_column" (the
    events have no segment column) or "fewer_than_two" (the month's journeys have fewer than two segments)."""
    if segment:
        return "filtered"
    return "no_column" if not j.has("segment") else "fewer_than_two"


def times_table(j: Journeys, level: float) -> pd.DataFrame:
    """:func:`cxkit.journey.stage_times` of the cohort among the customers who moved on (``among="reached"``),
    plus ``median_reached`` and ``high_open`` (False / True where a value is infinite; kept for the CSV, which
    writes infinities as empty cells).

    "Time between stages" is how long the step takes those who take it. The Kaplan-Meier median over everyone at
    the stage (``among="all"``) counts those who never move on as still waiting: on the sample, customers who
    left were followed 56 to 88 days while every move came within 36, so its "median" mixed the funnel's drop-off
    into the time (18.5 days for delivery to support against 9.7 among those who moved on), and read "not reached"
    where fewer than half moved on. The funnel shows who moved on; this table shows how long it took them, with
    how many had not moved on by the end of the data beside it.
    """
    table = stage_times(j.events, stages=j.stages, end=j.end, unit="days", touchpoint=touchpoint_column(j),
                        among="reached", confidence_level=level)
    high = table["high"].to_numpy(dtype=float)
    # a median exists when someone moved on; an infinite upper end: too few moved on for an exact interval
    return table.assign(median_reached=table["n_reached"].to_numpy() > 0, high_open=np.isposinf(high))


def scorecard(j: Journeys, level: float, by: str) -> pd.DataFrame | None:
    """CSAT by touchpoint or channel (None when the events lack that column or CSAT)."""
    if not (j.has("csat") and j.has(by)):
        return None
    return touchpoint_scorecard(j.events, rating="csat", by=by, confidence_level=level)


def emotion(j: Journeys, level: float) -> pd.DataFrame | None:
    if not j.has("csat"):
        return None
    return emotion_curve(j.events, stages=j.stages, rating="csat", confidence_level=level)


def flows(j: Journeys, level: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(transitions by step for the flow chart, transitions overall, the ten most frequent paths)."""
    options = dict(stages=j.stages, confidence_level=level, duplicates="drop")
    return (transitions(j.events, by_step=True, **options), transitions(j.events, **options),
            paths(j.events, top=10, **options))


# --- moments of truth -----------------------------------------------------------------------------

@dataclass
class Drivers:
    """The moments-of-truth section: ``status`` "ok" or why it is not shown."""

    status: str
    table: pd.DataFrame | None = None   # key_drivers, with a touchpoint column
    ipa: pd.DataFrame | None = None     # importance_performance, with a touchpoint column
    left_out: list = field(default_factory=list)
    n_used: int = 0


def choose_drivers(answered: pd.DataFrame, columns: list) -> tuple[list, list]:
    """(kept, left out) rating columns by the pairwise-overlap rule of the module docstring."""
    rated = answered[columns].notna().to_numpy(dtype=float)
    both = rated.T @ rated
    order = sorted(range(len(columns)), key=lambda i: (-both[i, i], columns[i]))
    kept: list[int] = []
    for i in order:
        if both[i, i] >= MIN_PAIR and all(both[i, k] >= MIN_PAIR for k in kept):
            kept.append(i)
    return [columns[i] for i in kept], [columns[i] for i in order if i not in kept]


def moments_of_truth(j: Journeys, level: float) -> Drivers:
    table = j.customers
    if table is None:
        return Drivers("need")
    if "nps" not in table.columns:
        return Drivers("lack_nps")
    columns = [c for c in table.columns if str(c).startswith(RATING_PREFIX) and table[c].notna().any()]
    if not columns:
        return Drivers("lack_ratings")
    answered = table[table["nps"].notna()]
    kept, left_out = choose_drivers(answered, columns)
    if len(kept) < 2:
        return Drivers("too_few", left_out=[c[len(RATING_PREFIX):] for c in columns])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CollinearityWarning)  # attrs["unstable"], said on the page
        drivers = key_drivers(table, outcome="nps", drivers=kept, missing="pairwise", n_resamples=N_RESAMPLES,
                              rng=SEED, confidence_level=level)
        ipa = importance_performance(table, outcome="nps", drivers=kept, drivers_table=drivers, scale=(1, 5),
                                     confidence_level=level)
    for frame in (drivers, ipa):
        frame.insert(0, "touchpoint", frame["driver"].str.slice(len(RATING_PREFIX)))
    return Drivers("ok", drivers.sort_values("rank", kind="stable").reset_index(drop=True), ipa,
                   [c[len(RATING_PREFIX):] for c in left_out], int(len(answered)))


# --- pain points ----------------------------------------------------------------------------------

PAIN_COLUMNS = ["kind", "name", "value", "low", "high", "unit", "n", "reference", "difference", "p_adjusted",
                "previous", "clear", "other"]


def largest_drop(table: pd.DataFrame) -> dict | None:
    """The step with the largest drop-off whose interval excludes 0; None when no step has one."""
    steps = table[table["step"] > 1].reset_index(drop=True)
    significant = steps[steps["drop_off_low"] > 0]
    if significant.empty:
        return None
    row = significant.loc[significant["drop_off"].idxmax()]
    others = steps[steps["step"] != row["step"]]
    overlapping = others[others["drop_off_high"] >= row["drop_off_low"]]
    previous = table.loc[table["step"] == row["step"] - 1, "stage"].iloc[0]
    return {"kind": "drop", "name": row["stage"], "value": float(row["drop_off"]), "low": float(row["drop_off_low"]),
            "high": float(row["drop_off_high"]), "unit": "percent", "n": int(row["previous"]),
            "reference": float(row["previous"] - row["reached"]), "difference": np.nan, "p_adjusted": np.nan,
            "previous": previous, "clear": overlapping.empty,
            "other": None if overlapping.empty else overlapping.sort_values("drop_off").iloc[-1]["stage"]}


def pain_points(funnel_rows: pd.DataFrame, by_touchpoint, by_channel, drivers: Drivers) -> pd.DataFrame:
    """Every pain point of the month, worst first within each kind: touchpoints, channels, the drop, priorities."""
    rows = []
    for kind, card in (("touchpoint", by_touchpoint), ("channel", by_channel)):
        if card is None:
            continue
        for r in card[card["pain_point"]].sort_values("difference").to_dict("records"):
            rows.append({"kind": kind, "name": r[kind], "value": r["mean"], "low": r["low"], "high": r["high"],
                         "unit": "scale", "n": r["n"], "reference": r["rest_mean"], "difference": r["difference"],
                         "p_adjusted": r["p_adjusted"], "previous": None, "clear": None, "other": None})
    drop = largest_drop(funnel_rows)
    if drop is not None:
        rows.append(drop)
    if drivers.status == "ok":
        line = drivers.ipa.attrs["performance_line"]
        # Only drivers whose intervals both keep to the priority side of the lines are called pain points.
        ipa = drivers.ipa
        certain = ipa["quadrant_certain"] if "quadrant_certain" in ipa.columns else True
        priority = ipa[(ipa["quadrant"] == "priority") & certain].sort_values("importance", ascending=False)
        for r in priority.to_dict("records"):
            rows.append({"kind": "priority", "name": r["touchpoint"], "value": r["importance"],
                         "low": r["importance_low"], "high": r["importance_high"], "unit": "percent",
                         "n": drivers.n_used, "reference": line, "difference": r["performance"],
                         "p_adjusted": np.nan, "previous": None, "clear": None, "other": None})
    return pd.DataFrame(rows, columns=PAIN_COLUMNS)

