"""What the benchmark report computes: tidy tables, one pass of counts each ("aggregate, then infer").

Every table here starts from one count table per metric built by
:func:`cxkit.tables.summarize.tally_answers` with ``period="M"`` (a GROUP BY
in whatever engine holds the data), then runs the interval maths on it:

- :func:`company_metrics`: the month's NPS, CSAT, CSI, CES, CLI (and churn
  where the data has a ``churned`` column), each with interval, n and method;
- :func:`threshold_gaps` / :func:`published_gaps`: each metric against the
  seeds' thresholds and the published values, by :func:`cxkit.compare_benchmark`
  (the reference is a fixed number), Holm-adjusted across the thresholds' rows and within each
  metric's published values;
- :func:`period_gaps`: the month against the previous month and the same
  month a year before;
- :func:`group_gaps`: each group of ``segment``, ``channel``, ``region``
  against all other answers of the month;
- :func:`group_ranks`: each group's rank with an interval
  (:func:`cxkit.compare.ranking.rank_groups`).

Competitors are in :mod:`cxkit.reports.competitors`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..compare.benchmark import compare_benchmark
from ..compare.periods_groups import differences
from ..compare.ranking import rank_groups
from ..errors import CxkitValueError, SmallSampleWarning
from ..metrics.from_counts import metric_table
from ..options import check_choice
from ..stats.multiple_testing import ADJUSTMENTS, adjust_p_values, adjust_point_nulls
from ..tables.engines import column_list
from ..tables.grouping import group_table
from ..tables.summarize import tally_answers
from .data import DATE_COLUMN, check_month, months_of
from .published import THRESHOLDS, published_table
from .targets import interval_verdict

CLI_ITEMS = ("cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere")

#: (metric, answer column(s), options) of the benchmark report, in page order.
BENCHMARK_METRICS = (
    ("nps", "nps_score", {}),
    ("csat", "csat_score", {"top": 2}),
    ("csi", "csi_score", {}),
    ("ces", "ces_score", {"statistic": "share"}),
    ("cli", CLI_ITEMS, {"reverse": ("cli_buy_elsewhere",)}),
    ("churn", "churned", {}),
)

#: Columns whose groups the page compares and ranks, when the data has them.
GROUP_COLUMNS = ("segment", "channel", "region")

_DETAILS = ("detractors", "passives", "promoters", "successes", "sd")


def columns_of(frame) -> list[str]:
    return list(map(str, frame.columns)) if isinstance(frame, pd.DataFrame) else column_list(frame)


def present_metrics(frame) -> tuple:
    """The entries of :data:`BENCHMARK_METRICS` whose answer column(s) are all in the data."""
    have = set(columns_of(frame))
    return tuple(m for m in BENCHMARK_METRICS
                 if (set(m[1]) if isinstance(m[1], tuple) else {m[1]}) <= have)


def absent_metrics(frame) -> tuple:
    """The entries of :data:`BENCHMARK_METRICS` the data lacks (the page says so in one line each)."""
    present = present_metrics(frame)
    return tuple(m for m in BENCHMARK_METRICS if m not in present)


def months_covered(frame) -> list[str]:
    """The ``YYYY-MM`` months with at least one row, oldest first."""
    if isinstance(frame, pd.DataFrame):
        return sorted(months_of(frame.assign(**{DATE_COLUMN: pd.to_datetime(frame[DATE_COLUMN])})).dropna().unique())
    rows = frame.project(f"strftime({DATE_COLUMN}, '%Y-%m') AS month").distinct().fetchall()
    return sorted(r[0] for r in rows if r[0] is not None)


def report_month(frame, month: str = "") -> tuple[str, bool]:
    """The month to report and whether it was chosen as the data's latest (``month`` empty)."""
    covered = months_covered(frame)
    if not covered:
        raise CxkitValueError("the data has no dated answers; every row's answered_at is missing.")
    if month == "":
        return covered[-1], True
    month = check_month(month)
    if month not in covered:
        raise CxkitValueError(f"the data has no answers in {month}; it covers {covered[0]} to {covered[-1]}. "
                              f"Leave month empty for the latest month.")
    return month, False


def shift_month(month: str, months: int) -> str:
    return str(pd.Period(check_month(month), freq="M") + months)


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return call()


def monthly_counts(frame, metric: str, column, options: dict, *, by=()):
    """(spec, labels, counts, values): one count row per group of ``by`` and month (labels' ``period``)."""
    by = list(by)
    spec, groups, tally, values = _quiet(lambda: tally_answers(frame, metric, column, by, period="M",
                                                               date=DATE_COLUMN, metric_options=options))
    labels = group_table(groups, tally.observed).reset_index(drop=True)
    labels["period"] = labels["period"].astype(str)
    return spec, labels, np.asarray(tally.counts), values


def _estimates(spec, counts, values, confidence_level: float) -> pd.DataFrame:
    table = _quiet(lambda: metric_table(spec, counts, confidence_level=confidence_level, method=spec.methods[0],
                                        values=values))
    out = pd.DataFrame({k: np.asarray(v) for k, v in table.items() if k in ("value", "low", "high", "n", "method")
                        or k in _DETAILS})
    out["n"] = out["n"].astype(float)
    out.insert(0, "metric", spec.metric)
    out["confidence_level"] = confidence_level
    out["unit"] = spec.unit
    return out


def company_metrics(frame, *, month: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """The month's value of each present metric: ``metric, value, low, high, n, method, confidence_level,
    unit`` plus the count details :func:`cxkit.compare_benchmark` reads."""
    rows = []
    for metric, column, options in present_metrics(frame):
        spec, labels, counts, values = monthly_counts(frame, metric, column, options)
        mine = counts[(labels["period"] == month).to_numpy()].sum(axis=0, keepdims=True)
        rows.append(_estimates(spec, mine, values, confidence_level))
    return pd.concat(rows, ignore_index=True)


def _gap_row(company_row: pd.DataFrame, reference: float) -> dict:
    compared = compare_benchmark(company_row, reference, adjust="none").iloc[0]
    return {"value": compared["value"], "n": compared["n"], "reference": reference, "gap": compared["gap"],
            "gap_low": compared["gap_low"], "gap_high": compared["gap_high"], "p_value": compared["p_value"]}


#: The adjustments of a gap table: :data:`cxkit.stats.multiple_testing.ADJUSTMENTS`, and "shaffer" for tables
#: whose rows test one metric against several fixed values (thresholds, published values).
GAP_ADJUSTMENTS = (*ADJUSTMENTS, "shaffer")


def _finish(rows: list[dict], confidence_level: float, adjust: str, gap: str = "gap",
            allowed=ADJUSTMENTS) -> pd.DataFrame:
    """Adjusted p, significance and side of a gap table. "shaffer" (``allowed`` for tables against fixed
    references only): each row tests "metric = reference", and one metric equals at most one of its references
    (:func:`cxkit.stats.multiple_testing.adjust_point_nulls`)."""
    adjust = check_choice("adjust", adjust, allowed)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    if adjust == "shaffer":
        out["p_adjusted"] = adjust_point_nulls(out["p_value"].to_numpy(dtype=float), parameters=out["metric"],
                                               values=out["reference"])
    else:
        out["p_adjusted"] = adjust_p_values(out["p_value"].to_numpy(dtype=float), method=adjust)
    out["significant"] = out["p_adjusted"] < 1 - confidence_level
    out["adjustment"] = adjust
    out["side"] = np.where(~out["significant"], "cannot_tell", np.where(out[gap] > 0, "above", "below"))
    return out


#: The monthly traffic light's words for the threshold verdicts of this page.
_VERDICTS = {"met": "holds", "missed": "does_not_hold", "unclear": "cannot_tell", "none": "cannot_tell"}


def threshold_gaps(company: pd.DataFrame, *, language: str = "en", adjust: str = "shaffer") -> pd.DataFrame:
    """Each metric against each of the seeds' thresholds for it.

    Columns ``metric, relation, threshold, reference, upper, meaning, seed, value, low, high, n, gap,
    gap_low, gap_high, p_value, p_adjusted, significant, adjustment, side, verdict``. A "between"
    threshold (CES 50-60 %) is compared with its upper edge.

    ``verdict`` says whether the threshold's condition holds: ``holds``,
    ``does_not_hold`` or ``cannot_tell``, by
    :func:`cxkit.reports.targets.interval_verdict` on the metric's own
    interval (``low``, ``high``: the method and confidence level of
    :func:`company_metrics`, which are the monthly report's), the rule of the
    monthly traffic lights: a target equal to a threshold gets the same
    answer on both pages. That interval is not adjusted for the several
    thresholds. ``p_value`` inverts the same interval (below 1 - confidence
    level exactly when the interval excludes the reference); ``p_adjusted``
    (across the rows: Holm's method with Shaffer's constraint by default, as
    a metric equals at most one of its thresholds, and "NPS < 0" and "NPS > 0"
    test the same null) and ``significant``/``side`` (``above``/``below``
    when the adjusted test says so, else ``cannot_tell``) add whether each
    gap survives testing every threshold together.
    """
    rows = []
    for t in THRESHOLDS:
        mine = company[company["metric"] == t.metric]
        if mine.empty:
            continue
        reference = t.upper if t.relation == "between" else t.value
        row = _gap_row(mine, float(reference))
        low, high = float(mine["low"].iloc[0]), float(mine["high"].iloc[0])
        rows.append({"metric": t.metric, "relation": t.relation, "threshold": float(t.value),
                     "upper": np.nan if t.upper is None else float(t.upper),
                     "meaning": getattr(t, f"meaning_{language}"), "seed": t.seed, **row, "low": low, "high": high,
                     "verdict": _VERDICTS[interval_verdict(low, high, t.relation, float(reference))]})
    out = _finish(rows, float(company["confidence_level"].iloc[0]), adjust, allowed=GAP_ADJUSTMENTS)
    if out.empty:
        return out
    return out[[c for c in out.columns if c != "verdict"] + ["verdict"]]


def published_gaps(company: pd.DataFrame, *, language: str = "en", adjust: str = "shaffer",
                   published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each published value (of a metric the company measured the same way) against the company's value.

    Columns ``metric, scope, reference, unit, source, year, note, value, n, gap, gap_low, gap_high,
    p_value, p_adjusted, significant, adjustment, side``; the published value is fixed (no interval).
    ``published`` defaults to :func:`cxkit.reports.published.published_table` in ``language``.

    The family is each metric's rows (as :func:`cxkit.compare_groups` and the group table have it): a
    verdict against one industry's NPS does not depend on how many churn or other figures the list holds.
    Within a metric the rows test "the company's NPS = 32", "= 45", ...: at most one of them can be true, so
    by Shaffer's (1986) constraint (``adjust="shaffer"``, the default) testing them together needs no
    adjustment, and each verdict is its own interval's. ``adjust="holm"`` gives plain Holm within each metric.
    """
    table = published_table(language) if published is None else published
    rows = []
    for _i, p in table.iterrows():
        mine = company[company["metric"] == p["gap_metric"]] if p["gap_metric"] else company.iloc[0:0]
        if mine.empty:
            continue
        rows.append({"metric": p["metric"], "scope": p["scope"], "unit": p["unit"], "source": p["source"],
                     "year": p["year"], "note": p["note"], **_gap_row(mine, float(p["value"]))})
    if not rows:
        return pd.DataFrame()
    level = float(company["confidence_level"].iloc[0])
    frame = pd.DataFrame(rows)
    parts = [_finish(part.to_dict("records"), level, adjust, allowed=GAP_ADJUSTMENTS)
             for _key, part in frame.groupby("metric", sort=False)]
    return pd.concat(parts, ignore_index=True)


def period_gaps(frame, *, month: str, confidence_level: float = 0.95, adjust: str = "holm") -> pd.DataFrame:
    """The month against the previous month and the same month a year before, for each present metric.

    Columns ``metric, period, reference_period, value, reference_value, difference, low, high,
    p_value, p_adjusted, significant, n, reference_n, method, confidence_level, adjustment``
    (``low``/``high`` bound the difference, month minus reference). A
    reference month without answers (the first month of the data has no
    previous month) gives a row with ``reference_n`` 0, NaN difference and
    p-values (not in the Holm family), ``significant`` None and ``side``
    "no_data".
    """
    rows = []
    for metric, column, options in present_metrics(frame):
        spec, labels, counts, values = monthly_counts(frame, metric, column, options)
        by_month = {m: counts[(labels["period"] == m).to_numpy()].sum(axis=0) for m in labels["period"].unique()}
        empty = np.zeros(counts.shape[1])
        now = by_month[month][None, :]
        for reference in (shift_month(month, -1), shift_month(month, -12)):
            before = by_month.get(reference, empty)[None, :]
            diff, low, high, p, methods = differences(spec, before, now, values=values,
                                                      confidence_level=confidence_level, method=spec.difference_methods[0])
            est = _estimates(spec, np.vstack([now, before]), values, confidence_level)
            rows.append({"metric": spec.metric, "period": month, "reference_period": reference,
                         "value": est["value"][0], "reference_value": est["value"][1], "difference": diff[0],
                         "low": low[0], "high": high[0], "p_value": p[0], "n": est["n"][0],
                         "reference_n": est["n"][1], "method": methods[0], "confidence_level": confidence_level})
    out = _finish(rows, confidence_level, adjust, gap="difference")
    if not out.empty:
        nothing = out["reference_n"] == 0
        out["significant"] = out["significant"].astype(object).where(~nothing, None)
        out.loc[nothing, "side"] = "no_data"
    return out


def months_without_answers(periods: pd.DataFrame) -> list[str]:
    """The reference months of :func:`period_gaps` in which no metric has answers, in page order."""
    if periods.empty:
        return []
    empty = periods.groupby("reference_period", sort=False)["reference_n"].max() == 0
    return [m for m, none in empty.items() if none]


def group_gaps(frame, *, month: str, confidence_level: float = 0.95, adjust: str = "holm") -> pd.DataFrame:
    """Each group of each present :data:`GROUP_COLUMNS` column against all other answers of the month.

    Columns ``grouping, group, metric, value, reference_value, difference, low, high, p_value,
    p_adjusted, significant, n, reference_n, method, confidence_level, adjustment``: one family per
    metric and grouping (Holm by default), the family :func:`cxkit.compare_groups` and the monthly
    report use, so the same comparison gets the same verdict on both pages.
    """
    rows = []
    for metric, column, options in present_metrics(frame):
        for grouping in (g for g in GROUP_COLUMNS if g in columns_of(frame)):
            spec, labels, counts, values = monthly_counts(frame, metric, column, options, by=[grouping])
            mine = (labels["period"] == month).to_numpy()
            group_counts, names = counts[mine], labels.loc[mine, grouping].astype(str).to_numpy()
            rest = group_counts.sum(axis=0, keepdims=True) - group_counts
            diff, low, high, p, methods = differences(spec, rest, group_counts, values=values,
                                                      confidence_level=confidence_level, method=spec.difference_methods[0])
            est = _estimates(spec, group_counts, values, confidence_level)
            ref = _estimates(spec, rest, values, confidence_level)
            for i, name in enumerate(names):
                rows.append({"grouping": grouping, "group": name, "metric": spec.metric, "value": est["value"][i],
                             "reference_value": ref["value"][i], "difference": diff[i], "low": low[i],
                             "high": high[i], "p_value": p[i], "n": est["n"][i], "reference_n": ref["n"][i],
                             "method": methods[i], "confidence_level": confidence_level})
    if not rows:
        return pd.DataFrame()
    table = pd.DataFrame(rows)
    parts = [_finish(part.to_dict("records"), confidence_level, adjust, gap="difference")
             for _key, part in table.groupby(["metric", "grouping"], sort=False)]
    return pd.concat(parts, ignore_index=True)


def group_ranks(frame, *, month: str, confidence_level: float = 0.95, rng=0) -> pd.DataFrame:
    """Each group's rank within its grouping column and metric, with its interval.

    Columns ``grouping, group, metric, value, low, high, n, method, confidence_level, unit, se,
    rank, rank_low, rank_high, rank_method, rank_confidence_level``.

    The intervals are simultaneous (Mogstad, Romano, Shaikh & Wilhelm 2024,
    Section 3.2, with the step-down refinement): with the confidence level,
    every group's rank lies in its interval at once, which is the statement
    "who is first" needs. A group whose interval is exactly [1] is then
    proven ahead of every other group, so no other group's interval holds 1
    (marginal intervals, each right for its own group alone, can show one
    group at [1] and another at [1-3] together).
    """
    parts = []
    for metric, column, options in present_metrics(frame):
        for grouping in (g for g in GROUP_COLUMNS if g in columns_of(frame)):
            spec, labels, counts, values = monthly_counts(frame, metric, column, options, by=[grouping])
            mine = (labels["period"] == month).to_numpy()
            est = _estimates(spec, counts[mine], values, confidence_level)
            est.insert(0, "group", labels.loc[mine, grouping].astype(str).to_numpy())
            est.insert(0, "grouping", grouping)
            parts.append(rank_groups(est.drop(columns=[c for c in _DETAILS if c in est.columns]), simultaneous=True,
                                     rng=rng))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
