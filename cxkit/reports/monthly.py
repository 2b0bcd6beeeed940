"""What the monthly report computes, as tidy tables: headline, changes, trends, groups, NPS mix, alerts.

Aggregate, then infer: every number comes from :func:`cxkit.summarize`
(``period="M"`` for the trends, ``by=`` for the groups),
:func:`cxkit.compare_periods` (against the previous month) and
:func:`cxkit.compare_groups` (against the same month a year before, and each
group against the rest), so the report runs the same on a pandas frame or a
lazy DuckDB relation (:func:`cxkit.read`), with one GROUP BY per table and no
loop over months.

Significance of the month's changes: the p-values of every change shown
(each metric against the previous month and against the same month last
year) form one family adjusted by Holm's method (:func:`cxkit.adjust_p_values`),
so the alerts do not fire by chance across ten tests. Group tables are
adjusted within each metric and dimension by :func:`cxkit.compare_groups`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..compare.periods_groups import compare_groups, compare_periods
from ..errors import CxkitValueError, SmallSampleWarning
from ..stats.multiple_testing import adjust_p_values
from ..tables.engines import column_list
from ..tables.summarize import summarize
from .data import DATE_COLUMN, check_month, months_of
from .monthly_service import has_tickets, service_rows, service_trend
from .targets import light

CLI_ITEMS = ("cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere")

#: (metric, answer column(s), options) of the monthly report, in the order the cards show them.
MONTHLY_METRICS = (
    ("nps", "nps_score", {}),
    ("csat", "csat_score", {"top": 2}),
    ("csi", "csi_score", {}),
    ("ces", "ces_score", {"statistic": "share"}),
    ("cli", CLI_ITEMS, {"reverse": ("cli_buy_elsewhere",)}),
    ("churn", "churned", {}),
)
#: Operational metrics the report shows when their columns are present (not survey answers).
SERVICE_COLUMNS = {"first_response_time": ("created_at", "first_response_at")}
#: Group columns the report breaks the month down by, when present.
DIMENSIONS = ("segment", "channel", "region")
MONTH_COLUMN = "report_month"


def prepare_monthly(values: dict) -> dict:
    """The runner's check before the notebook starts: the data is read and checked (DataFileError, or a
    CxkitValueError for a month without answers), and an empty ``month`` becomes the latest month of the
    data; returns the values the report is named by."""
    from .data import check_report_data, latest_month

    chosen = check_report_data(values["data"], month=values["month"], segment=values["segment"],
                               date_format=values["date_format"], metrics=MONTHLY_METRICS)
    if not values["month"]:
        values = {**values, "month": latest_month(chosen)}
    return values


def shift_month(month: str, months: int) -> str:
    """``month`` moved by ``months`` (negative: back in time)."""
    return str(pd.Period(check_month(month), freq="M") + months)


def month_range(last: str, months: int) -> list[str]:
    """The ``months`` months ending with ``last``, oldest first."""
    return [shift_month(last, -k) for k in range(months - 1, -1, -1)]


def columns_of(frame) -> list:
    return list(frame.columns) if isinstance(frame, pd.DataFrame) else column_list(frame)


def _needed(score) -> tuple:
    return tuple(score) if isinstance(score, (tuple, list)) else (score,)


def present_metrics(frame) -> tuple[list, list]:
    """(metrics whose columns are all present, [(metric, missing columns)] for the others)."""
    columns = set(columns_of(frame))
    present, missing = [], []
    for metric, score, options in MONTHLY_METRICS:
        lacking = [c for c in _needed(score) if c not in columns]
        (missing.append((metric, lacking)) if lacking else present.append((metric, score, options)))
    for metric, needed in SERVICE_COLUMNS.items():
        lacking = [c for c in needed if c not in columns]
        if lacking:
            missing.append((metric, lacking))
    return present, missing


def _quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallSampleWarning)
        return call()


def _score(score):
    return list(score) if isinstance(score, tuple) else score


def report_frame(frame):
    """A pandas frame or a DuckDB relation as given; any other engine's frame (Polars, Arrow, Dask,
    PySpark, ... through narwhals) as a pandas frame of its columns."""
    if isinstance(frame, pd.DataFrame):
        return frame
    import duckdb

    if isinstance(frame, duckdb.DuckDBPyRelation):
        return frame
    from ..tables.engines import local_frame

    return local_frame(frame, columns_of(frame))


def with_report_month(frame):
    """``frame`` with a ``report_month`` column (YYYY-MM), in its own engine; unchanged when it has one.

    The report's functions add it as needed; adding it once up front saves
    formatting every date again in each of them.
    """
    frame = report_frame(frame)
    if MONTH_COLUMN in columns_of(frame):
        return frame
    if isinstance(frame, pd.DataFrame):
        return frame.assign(**{MONTH_COLUMN: months_of(frame)})
    return frame.project(f"*, strftime({DATE_COLUMN}, '%Y-%m') AS {MONTH_COLUMN}")


def _months(frame, months: list[str]):
    """Rows of ``frame`` (with ``report_month``) in ``months``."""
    if isinstance(frame, pd.DataFrame):
        return frame[frame[MONTH_COLUMN].isin(months)]
    # A range on the date column (not on the formatted month): DuckDB pushes it into the scan and
    # formats only the rows that pass.
    ranges = []
    for m in months:
        start = pd.Period(check_month(m), freq="M")
        ranges.append(f"({DATE_COLUMN} >= TIMESTAMP '{start.start_time:%Y-%m-%d}' AND "
                      f"{DATE_COLUMN} < TIMESTAMP '{(start + 1).start_time:%Y-%m-%d}')")
    return frame.filter(" OR ".join(ranges))


def local_rows(frame, months: list[str], *, dimensions=DIMENSIONS):
    """Rows of ``months`` (with ``report_month``) as a pandas frame of the columns the report reads.

    For lazy data this is one filtered query that brings back a few months
    of a few columns; every table of the month is then counted in memory
    instead of sending dozens of GROUP BYs (and, for the CLI's item columns,
    dozens of transfers) to the engine.
    """
    rows = _months(with_report_month(frame), months)
    if isinstance(rows, pd.DataFrame):
        return rows
    wanted = {DATE_COLUMN, MONTH_COLUMN, *dimensions}
    for _metric, score, _options in MONTHLY_METRICS:
        wanted.update(_needed(score))
    keep = [c for c in columns_of(rows) if c in wanted]
    return rows.project(", ".join('"' + c.replace('"', '""') + '"' for c in keep)).df()


def trends(frame, *, month: str, months: int = 12, confidence_level: float = 0.95) -> pd.DataFrame:
    """Every present metric over the ``months`` months ending with ``month`` (one summarize per metric).

    Columns: ``metric, month, value, low, high, n``; months without answers have ``n = 0`` and NaN.
    """
    frame = report_frame(frame)
    window = month_range(month, months)
    present, _missing = present_metrics(frame)
    rows = _months(with_report_month(frame), window)  # the window only (lazy data stays in its engine)
    parts = []
    for metric, score, options in present:
        table = _quiet(lambda: summarize(rows, metric=metric, score=_score(score), period="M", date=DATE_COLUMN,
                                         confidence_level=confidence_level, **options))
        table = table.assign(period=table["period"].astype(str)).set_index("period")
        part = table.reindex(window)[["value", "low", "high", "n"]].rename_axis("month").reset_index()
        part["n"] = part["n"].fillna(0).astype(int)
        parts.append(part.assign(metric=metric))
    if has_tickets(columns_of(frame)):
        parts.append(service_trend(frame, window=window, confidence_level=confidence_level))
    columns = ["metric", "month", "value", "low", "high", "n"]
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def answered_months(trend: pd.DataFrame) -> list[str]:
    """The months (YYYY-MM, in order) of a :func:`trends` table in which any metric has answers."""
    return sorted(trend.loc[trend["n"] > 0, "month"].astype(str).unique())


def _year_on_year(frame, metric, score, options, month, year_ago, confidence_level) -> dict:
    both = _months(with_report_month(frame), [year_ago, month])
    nothing = {"yoy_value": np.nan, "yoy_n": 0, "yoy_change": np.nan, "yoy_low": np.nan, "yoy_high": np.nan,
               "yoy_p": np.nan}
    try:
        table = _quiet(lambda: compare_groups(both, metric=metric, score=_score(score), by=MONTH_COLUMN,
                                              reference=year_ago, confidence_level=confidence_level, **options))
    except CxkitValueError:  # the year-ago month has no answers at all
        return nothing
    row = table[table[MONTH_COLUMN].astype(str) == month]
    if row.empty:
        return nothing
    row = row.iloc[0]
    return {"yoy_value": row["reference_value"], "yoy_n": int(row["reference_n"]), "yoy_change": row["difference"],
            "yoy_low": row["low"], "yoy_high": row["high"], "yoy_p": row["p_value"]}


def headline(frame, *, month: str, confidence_level: float = 0.95, targets: dict | None = None,
             trend: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per present metric: the month's value and interval, both changes, the target's light.

    Columns: ``metric, value, low, high, n, method, unit, small_sample,
    previous_month, previous_value, previous_n, change, change_low, change_high, change_p,
    year_ago_month, yoy_value, yoy_n, yoy_change, yoy_low, yoy_high, yoy_p,
    change_p_adjusted, change_significant, yoy_p_adjusted, yoy_significant,
    target, target_direction, target_relation, target_source, light`` (``light``:
    :func:`cxkit.reports.targets.light`, the rule the benchmark page's threshold verdicts share).

    A month compared with that has no answers (the first month of the data
    has no previous month) gives ``previous_n`` (``yoy_n``) 0 and NaN for its
    value, change, interval and p-values; ``*_significant`` is then None
    (no test), as it is for a first response time whose median has no
    standard error (too few tickets, or fewer than half answered).
    """
    frame = report_frame(frame)
    month = check_month(month)
    previous, year_ago = shift_month(month, -1), shift_month(month, -12)
    targets = targets or {}
    present, _missing = present_metrics(frame)
    recent = local_rows(frame, [year_ago, previous, month], dimensions=())
    this_month, last_two = _months(recent, [month]), _months(recent, [previous, month])
    rows = []
    for metric, score, options in present:
        this = _quiet(lambda: summarize(this_month, metric=metric, score=_score(score),
                                        confidence_level=confidence_level, **options)).iloc[0]
        if this["n"] == 0:
            continue
        try:
            changes = _quiet(lambda: compare_periods(last_two, metric=metric, score=_score(score), date=DATE_COLUMN,
                                                     period="M", confidence_level=confidence_level, **options))
        except CxkitValueError:  # no answers in the previous month
            changes = pd.DataFrame(columns=["period", "previous_n"])
        change = changes.assign(period=changes["period"].astype(str)).set_index("period")
        has_previous = month in change.index and change.at[month, "previous_n"] > 0
        c = change.loc[month] if has_previous else None
        target = targets.get(metric)
        rows.append({
            "metric": metric, "value": this["value"], "low": this["low"], "high": this["high"],
            "n": int(this["n"]), "method": this["method"], "unit": _unit(metric),
            "small_sample": bool(this["small_sample"]),
            "previous_month": previous,
            "previous_value": c["previous_value"] if has_previous else np.nan,
            "previous_n": int(c["previous_n"]) if has_previous else 0,
            "change": c["difference"] if has_previous else np.nan,
            "change_low": c["low"] if has_previous else np.nan,
            "change_high": c["high"] if has_previous else np.nan,
            "change_p": c["p_value"] if has_previous else np.nan,
            "year_ago_month": year_ago,
            **_year_on_year(recent, metric, score, options, month, year_ago, confidence_level),
            "target": target.value if target else np.nan,
            "target_direction": target.direction if target else "",
            "target_relation": target.relation if target else "",
            "target_source": target.source if target else "",
            "light": light(this["low"], this["high"], target),
        })
    if has_tickets(columns_of(frame)):
        rows += service_rows(frame, month=month, previous=previous, year_ago=year_ago,
                             confidence_level=confidence_level, targets=targets)
    table = pd.DataFrame(rows)
    if table.empty:
        raise CxkitValueError(f"the data has no answers in {month} for any of the report's metrics.")
    # One Holm family: every change the page shows.
    p = np.concatenate([table["change_p"].to_numpy(float), table["yoy_p"].to_numpy(float)])
    adjusted = adjust_p_values(p, method="holm")
    alpha = 1 - confidence_level
    table["change_p_adjusted"] = adjusted[: len(table)]
    table["yoy_p_adjusted"] = adjusted[len(table):]
    for prefix in ("change", "yoy"):  # no test (no answers to compare with): neither significant nor not
        adjusted_p = table[f"{prefix}_p_adjusted"]
        table[f"{prefix}_significant"] = pd.Series([None if pd.isna(q) else bool(q < alpha) for q in adjusted_p],
                                                   index=table.index, dtype=object)
    return table


def _unit(metric: str) -> str:
    from ..metrics.registry import REGISTRY

    return REGISTRY[metric].unit


def group_tables(frame, *, month: str, confidence_level: float = 0.95) -> pd.DataFrame:
    """Each segment, channel and region of the month against all other answers, for every metric.

    Columns: ``dimension, group, metric, value, low, high, n, difference,
    difference_low, difference_high, p_value, p_adjusted, significant``
    (Holm-adjusted within each metric and dimension); ``group`` is None for
    the answers that do not name one.
    """
    frame = report_frame(frame)
    month_rows = local_rows(frame, [check_month(month)])
    present, _missing = present_metrics(frame)
    columns = set(columns_of(frame))
    parts = []
    for dimension in (d for d in DIMENSIONS if d in columns):
        for metric, score, options in present:
            values = _quiet(lambda: summarize(month_rows, metric=metric, score=_score(score), by=dimension,
                                              confidence_level=confidence_level, **options))
            values = values[values["n"] > 0]
            if len(values) < 2:
                continue
            tests = _quiet(lambda: compare_groups(month_rows, metric=metric, score=_score(score), by=dimension,
                                                  confidence_level=confidence_level, **options))
            merged = values[[dimension, "value", "low", "high", "n"]].merge(
                tests[[dimension, "difference", "low", "high", "p_value", "p_adjusted", "significant"]]
                .rename(columns={"low": "difference_low", "high": "difference_high"}), on=dimension, how="left")
            merged = merged.rename(columns={dimension: "group"})
            merged.insert(0, "dimension", dimension)
            merged.insert(2, "metric", metric)
            parts.append(merged)
    columns_out = ["dimension", "group", "metric", "value", "low", "high", "n", "difference", "difference_low",
                   "difference_high", "p_value", "p_adjusted", "significant"]
    if not parts:
        return pd.DataFrame(columns=columns_out)
    out = pd.concat(parts, ignore_index=True)[columns_out]
    # Answers without a segment (channel, region) are a group of their own: None, never the text "nan".
    out["group"] = [None if pd.isna(g) else str(g) for g in out["group"]]
    out["significant"] = out["significant"].fillna(False).astype(bool)
    return out


def nps_mix(frame, *, month: str, by: str = "segment", confidence_level: float = 0.95) -> pd.DataFrame:
    """Promoters, passives and detractors (% of answers) of the month, overall and by ``by``.

    Columns: ``group, all_answers, n, promoters, passives, detractors, nps``
    (shares in percent); the first row is every answer together
    (``all_answers`` True, ``group`` ""). A group with no NPS answers in the
    month (a segment seen in other months only, an unused category, a
    segment whose NPS column is empty) is left out, not written as a row of
    zeros or NaN: a mix of nothing has no shares, and its ``n`` = 0 would
    read as a measured 0 % in a spreadsheet; the group tables say how many
    answers each group has. Answers without a ``by`` value are a group of
    their own, ``group`` None (an empty CSV cell, "no segment given" on the
    page), never merged into another.
    """
    frame = report_frame(frame)
    month_rows = local_rows(frame, [check_month(month)])
    whole = _quiet(lambda: summarize(month_rows, metric="nps", score="nps_score",
                                     confidence_level=confidence_level)).assign(group="", all_answers=True)
    parts = [whole]
    if by in columns_of(frame):
        groups = _quiet(lambda: summarize(month_rows, metric="nps", score="nps_score", by=by,
                                          confidence_level=confidence_level))
        names = [None if pd.isna(g) else str(g) for g in groups[by]]
        parts.append(groups.drop(columns=[by]).assign(group=pd.Series(names, index=groups.index, dtype=object),
                                                      all_answers=False))
    table = pd.concat(parts, ignore_index=True)
    table = table[table["n"] > 0]
    out = pd.DataFrame({"group": table["group"].astype(object), "all_answers": table["all_answers"].astype(bool),
                        "n": table["n"].astype(int), "promoters": table["promoters_share"],
                        "passives": table["passives_share"], "detractors": table["detractors_share"],
                        "nps": table["value"]})
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Alert:
    """One alert: ``kind`` is "drop", "rise" (significant after adjustment) or "missed" (target missed)."""

    kind: str
    metric: str
    comparison: str = ""  # "previous" or "year" for drops and rises
    details: dict = field(default_factory=dict)


def alerts(table: pd.DataFrame) -> list[Alert]:
    """Significant drops first, then targets missed, then significant rises (from :func:`headline`).

    A drop is a change against the good direction (a rise of churn is a drop).
    """
    drops, rises, missed = [], [], []
    for r in table.to_dict("records"):
        worse_if_up = r["target_direction"] == "at_most" or r["metric"] in ("churn", "first_response_time")
        for comparison, prefix in (("previous", "change"), ("year", "yoy")):
            change = r["change" if prefix == "change" else "yoy_change"]
            if not r[f"{prefix}_significant"] or pd.isna(change):
                continue
            bad = (change > 0) if worse_if_up else (change < 0)
            (drops if bad else rises).append(Alert("drop" if bad else "rise", r["metric"], comparison, r))
        if r["light"] == "missed":
            missed.append(Alert("missed", r["metric"], "", r))
    return drops + missed + rises
