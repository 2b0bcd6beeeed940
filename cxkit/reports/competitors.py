"""Competitors of the benchmark report: one CSV, read and checked before any work.

The ``competitors`` parameter names a CSV file (UTF-8, comma-separated) in
one of two layouts:

- **summary counts**: exactly the columns ``competitor, metric, answer,
  count`` -- how many of a competitor's answers to ``metric`` (``nps``,
  ``csat``, ``csi`` or ``ces``) were ``answer`` (a whole number on that
  metric's scale: 0-10 for the NPS, 1-5 for the others). This is what a
  panel provider or a published survey report gives.
- **answers**: a ``competitor`` column and one or more of the report's answer
  columns ``nps_score``, ``csat_score``, ``csi_score``, ``ces_score``, one
  row per respondent (other columns are not read).

Both become the same long count table; each competitor's metrics are
computed from it exactly as the company's (the same interval methods), so a
gap "company minus competitor" is a two-sample difference with its interval
(:func:`cxkit.compare.periods_groups.differences`). The competitors' answers
are taken to be the same period's as the company's report month: the file has
no dates. Every problem is a :class:`~cxkit.errors.DataFileError` naming the
file and what to fix.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..compare.periods_groups import differences
from ..compare.ranking import rank_groups
from ..errors import CxkitValueError, DataFileError, DataFileNotFoundError, InvalidAnswersError
from ..metrics.registry import resolve
from ..tables.grouping import group_table
from ..tables.summarize import tally_answers
from .benchmark import BENCHMARK_METRICS, _estimates, _finish, monthly_counts, present_metrics

COUNT_COLUMNS = ("competitor", "metric", "answer", "count")
#: metric -> (answer column of the answers layout, options): the metrics a competitor file may hold.
COMPETITOR_METRICS = {m: (c, o) for m, c, o in BENCHMARK_METRICS if m in ("nps", "csat", "csi", "ces")}


def _fail(path: str, message: str, reason: str) -> DataFileError:
    return DataFileError(f"competitors file {path!r}: {message}", path=path, reason=reason)


def _read(path: str) -> pd.DataFrame:
    file = Path(path)
    if not file.exists():
        raise DataFileNotFoundError(f"competitors file {path!r} does not exist; give the path of a CSV of "
                                    f"competitor answers or counts, or '' for none.", path=path, reason="missing")
    if not file.is_file() or file.suffix.lower() != ".csv":
        raise _fail(path, "must be a .csv file (UTF-8, comma-separated).", "suffix")
    try:
        frame = pd.read_csv(file, encoding="utf-8-sig", dtype={"competitor": "str", "metric": "str"},
                            na_values=[""], keep_default_na=False)  # a competitor named "NA" is a name
    except UnicodeDecodeError as exc:
        raise _fail(path, f"is not UTF-8 text (byte at position {exc.start}); save it as CSV UTF-8.", "encoding") from exc
    except pd.errors.EmptyDataError as exc:
        raise _fail(path, "is empty; it needs a header and at least one row.", "empty") from exc
    except pd.errors.ParserError as exc:
        raise _fail(path, f"is not a well-formed CSV ({str(exc).strip().splitlines()[-1]}).", "unreadable") from exc
    if len(frame) == 0:
        raise _fail(path, "has a header but no rows.", "empty")
    if "competitor" not in frame.columns:
        raise _fail(path, f"lacks the 'competitor' column; it has {list(map(str, frame.columns))}. Give either the "
                          f"columns {list(COUNT_COLUMNS)} or 'competitor' with answer columns "
                          f"{[c for c, _o in COMPETITOR_METRICS.values()]}.", "columns")
    names = frame["competitor"]
    blank = names.isna() | (names.astype(str).str.strip() == "")
    if blank.any():
        rows = (np.flatnonzero(blank.to_numpy()) + 2).tolist()[:5]
        raise _fail(path, f"has {int(blank.sum())} row(s) without a competitor name (file lines {rows}); "
                          f"name every row's competitor.", "columns")
    return frame


def _whole(series: pd.Series) -> np.ndarray | None:
    values = pd.to_numeric(series, errors="coerce")
    ok = values.notna() & (values == np.floor(values)) & np.isfinite(values)
    return None if not ok.all() else values.to_numpy(dtype=float)


def _from_counts(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    extra = sorted(set(map(str, frame.columns)) - set(COUNT_COLUMNS))
    if extra:
        raise _fail(path, f"has column(s) {extra} besides {list(COUNT_COLUMNS)}; a counts file has exactly those "
                          f"four columns.", "columns")
    unknown = sorted(set(frame["metric"].astype(str)) - set(COMPETITOR_METRICS))
    if unknown:
        raise _fail(path, f"metric must be one of {', '.join(map(repr, COMPETITOR_METRICS))}; got {unknown}.", "answers")
    count = _whole(frame["count"])
    if count is None or (count < 0).any():
        bad = frame["count"][~frame["count"].astype(str).str.fullmatch(r"\d+")].head(3).tolist()
        raise _fail(path, f"count must be a whole number >= 0 in every row; got {bad}.", "answers")
    answer = _whole(frame["answer"])
    if answer is None:
        bad = frame["answer"][~frame["answer"].astype(str).str.fullmatch(r"-?\d+(\.0+)?")].head(3).tolist()
        raise _fail(path, f"answer must be a whole number on the metric's scale in every row; got {bad}.", "answers")
    out = pd.DataFrame({"competitor": frame["competitor"].astype(str), "metric": frame["metric"].astype(str),
                        "answer": answer.astype(int), "count": count.astype(np.int64)})
    for metric, rows in out.groupby("metric").groups.items():
        lowest, highest = resolve(metric, dict(COMPETITOR_METRICS[metric][1])).scale
        off = out.loc[rows][(out.loc[rows, "answer"] < lowest) | (out.loc[rows, "answer"] > highest)]
        if len(off):
            raise _fail(path, f"{metric} answers must be from {lowest} to {highest}; got "
                              f"{sorted(off['answer'].unique().tolist())[:5]}.", "answers")
    twice = out.duplicated(["competitor", "metric", "answer"], keep=False)
    if twice.any():
        first = out[twice].iloc[0]
        raise _fail(path, f"gives the count of {first['competitor']!r}, {first['metric']}, answer {first['answer']} "
                          f"more than once; give each (competitor, metric, answer) once.", "answers")
    return out


def _from_answers(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    parts = []
    for metric, (column, options) in COMPETITOR_METRICS.items():
        if column not in frame.columns:
            continue
        try:
            spec, groups, tally, _values = tally_answers(frame.assign(competitor=frame["competitor"].astype(str)),
                                                         metric, column, ["competitor"], metric_options=options)
        except InvalidAnswersError as exc:
            raise _fail(path, f"column {column!r}: {str(exc).split(' Pass drop_invalid=True')[0]}", "answers") from exc
        names = group_table(groups, tally.observed)["competitor"].astype(str).to_numpy()
        counts = np.asarray(tally.counts)
        for i, name in enumerate(names):
            parts.append(pd.DataFrame({"competitor": name, "metric": metric, "answer": spec.points.astype(int),
                                       "count": counts[i].astype(np.int64)}))
    if not parts:
        raise _fail(path, f"has neither the counts columns {list(COUNT_COLUMNS)} nor any answer column "
                          f"{[c for c, _o in COMPETITOR_METRICS.values()]}; it has {list(map(str, frame.columns))}.",
                    "columns")
    return pd.concat(parts, ignore_index=True)


def load_competitors(path: str, *, company: str) -> pd.DataFrame:
    """The competitors file as long counts ``competitor, metric, answer, count`` (checked; see the module)."""
    if not isinstance(path, str) or path == "":
        raise CxkitValueError(f"competitors must be the path of a CSV file; got {path!r}.")
    frame = _read(path)
    layout = _from_counts if {"metric", "answer", "count"} <= set(frame.columns) else _from_answers
    counts = layout(frame, path)
    if company in set(counts["competitor"]):
        raise _fail(path, f"names a competitor {company!r}, the same as the company; rename it or pass "
                          f"another company name.", "columns")
    totals = counts.groupby(["competitor", "metric"])["count"].sum()
    if (totals == 0).any():
        (name, metric) = totals[totals == 0].index[0]
        raise _fail(path, f"has no {metric} answers for {name!r} (every count is 0).", "answers")
    return counts


def _count_matrix(counts: pd.DataFrame, spec) -> tuple[np.ndarray, np.ndarray]:
    """Competitor names and their (competitors x scale points) counts of one metric."""
    wide = (counts.pivot_table(index="competitor", columns="answer", values="count", aggfunc="sum", fill_value=0)
            .reindex(columns=spec.points.astype(int), fill_value=0))
    return wide.index.to_numpy(dtype=object), wide.to_numpy(dtype=float)


def competitor_tables(frame, competitors: pd.DataFrame, *, month: str, company: str,
                      confidence_level: float = 0.95, adjust: str = "holm", rng=0):
    """(estimates, gaps) of the company and each competitor, metric by metric.

    ``estimates``: ``competitor, is_company, metric, value, low, high, n, method, confidence_level, unit,
    se, rank, rank_low, rank_high, rank_method, rank_confidence_level`` (ranked within each metric,
    company included; simultaneous rank intervals, as :func:`cxkit.reports.benchmark.group_ranks`). ``gaps``: ``competitor, metric, value`` (the company's), ``reference_value``
    (the competitor's), ``difference`` (company minus competitor), ``low, high, p_value, p_adjusted,
    significant, n, reference_n, method, confidence_level, adjustment, side``; one Holm family per metric
    (the company against each competitor), as the published values and the group tables have it: a verdict on
    CSAT does not depend on how many NPS rows the file holds.
    """
    estimates, rows = [], []
    present = {m: (c, o) for m, c, o in present_metrics(frame)}
    for metric in (m for m in COMPETITOR_METRICS if m in set(competitors["metric"]) and m in present):
        column, options = present[metric]
        spec, labels, counts, values = monthly_counts(frame, metric, column, options)
        mine = counts[(labels["period"] == month).to_numpy()].sum(axis=0, keepdims=True)
        names, theirs = _count_matrix(competitors[competitors["metric"] == metric], spec)
        both = _estimates(spec, np.vstack([mine, theirs]), values, confidence_level)
        both.insert(0, "is_company", [True] + [False] * len(names))
        both.insert(0, "competitor", [company, *names])
        estimates.append(rank_groups(both.drop(columns=[c for c in ("detractors", "passives", "promoters",
                                                                    "successes", "sd") if c in both.columns]),
                                     simultaneous=True, rng=rng))
        diff, low, high, p, methods = differences(spec, theirs, np.repeat(mine, len(names), axis=0), values=values,
                                                  confidence_level=confidence_level, method=spec.difference_methods[0])
        for i, name in enumerate(names):
            rows.append({"competitor": name, "metric": metric, "value": both["value"][0],
                         "reference_value": both["value"][i + 1], "difference": diff[i], "low": low[i], "high": high[i],
                         "p_value": p[i], "n": both["n"][0], "reference_n": both["n"][i + 1], "method": methods[i],
                         "confidence_level": confidence_level})
    if not estimates:
        return pd.DataFrame(), pd.DataFrame()
    frame_rows = pd.DataFrame(rows)
    gaps = pd.concat([_finish(part.to_dict("records"), confidence_level, adjust, gap="difference")
                      for _metric, part in frame_rows.groupby("metric", sort=False)], ignore_index=True)
    return pd.concat(estimates, ignore_index=True), gaps

