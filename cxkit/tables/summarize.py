"""One call for any grouping: ``cx.summarize`` and ``cx.summarize_counts``.

Both build the group x answer count table once (:mod:`cxkit.tables.counts`)
and run all interval mathematics vectorised on it, so ten million answers in
a thousand groups cost one pass over the data plus milliseconds of maths. A
grouped row equals, exactly, the metric computed on that group alone.

Output: a tidy DataFrame with the group columns, then ``metric, value, low,
high, n, method, confidence_level``, the metric's detail columns, and
``n_missing, n_dropped, small_sample`` (plus ``n_effective`` and ``se`` with
weights). Groups without answers keep their row with ``n = 0`` and NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..options import check_confidence_level, check_positive_int
from ..inputs.answers import check_drop_invalid, clean_answers
from ..inputs.columns import column_names, require_column, require_columns, require_frame
from ..inputs.weights import check_group_weights, check_weights
from . import counts as count_table
from . import engines
from .counts import CountTable, count_answers
from .grouping import Groups, combined_codes, group_codes, group_table, with_columns
from ..errors import CxkitTypeError, CxkitValueError
from ..metrics.from_counts import SMALL_SAMPLE_SIZE, metric_table
from ..metrics.registry import Metric as MetricSpec, resolve as metric_spec

#: The largest count (and total) summarize_counts accepts: float64 counts it exactly.
MAX_COUNT = 2.0**53

TABLE_COLUMNS = ("metric", "value", "low", "high", "n", "method", "confidence_level")
_DETAILS = {
    "nps": ("promoters_share", "passives_share", "detractors_share", "promoters", "passives", "detractors"),
    "share": ("successes",),
    "mean": ("sd",),
}


def _tidy(groups_frame: pd.DataFrame, spec: MetricSpec, table: dict, tally: CountTable,
          confidence_level: float, weighted: bool) -> pd.DataFrame:
    n = np.asarray(tally.n, dtype=np.int64)
    columns = {"metric": spec.metric}
    for column in ("value", "low", "high"):
        columns[column] = np.asarray(table[column], dtype=float)
    columns["n"] = n
    columns["method"] = np.asarray(table["method"], dtype=object)
    columns["confidence_level"] = confidence_level
    for column in _DETAILS[spec.kind]:
        columns[column] = table[column] if not weighted or column.endswith(("share", "sd")) else np.nan
    columns["n_missing"] = np.asarray(tally.missing, dtype=np.int64)
    columns["n_dropped"] = np.asarray(tally.dropped, dtype=np.int64)
    columns["small_sample"] = (n < SMALL_SAMPLE_SIZE) | np.asarray(table["degenerate"], dtype=bool)
    if weighted:
        columns["n_effective"] = table["n_effective"]
        columns["se"] = table["se"]
    return with_columns(groups_frame, columns)


def _check_common(confidence_level, method, spec, weights, n_resamples):
    cl = check_confidence_level(confidence_level)
    method = spec.check_method(method)
    check_positive_int("n_resamples", n_resamples)
    if weights is not None and method == "bootstrap":
        raise CxkitValueError("method 'bootstrap' cannot take survey weights (it resamples whole answers); "
                         "with weights use one of " + ", ".join(repr(m) for m in spec.methods if m != "bootstrap") + ".")
    return cl, method


def _weights_column(frame: pd.DataFrame, weights):
    """The checked survey weights of ``frame``'s rows (see :mod:`cxkit.inputs.weights`), or None."""
    return check_weights(weights, frame)


def _cli_tally(frame, groups: Groups, spec: MetricSpec, items, drop_invalid: bool, weights):
    """Count table of CLI respondent means (each respondent's items averaged, reversed items turned)."""
    items = column_names(items, role="score")
    require_columns(frame, items + [c for c in spec.reverse if c not in items], role="score")
    unknown_reverse = [c for c in spec.reverse if c not in items]
    if unknown_reverse:
        raise CxkitValueError(f"reverse names {unknown_reverse}, which are not among the "
                         f"{'CLI' if spec.metric == 'cli' else spec.metric} items {items}.")
    lowest, highest = spec.scale
    # Each respondent's mean is (sum of answered items) / (items answered). Both are small integers (answers are
    # scale points), so the pair is one integer code, counted with bincount; the distinct means come from the
    # small table of possible pairs (no sort of the respondents' float means).
    k = len(items)
    totals = np.zeros(len(frame), dtype=np.int64)
    answered = np.zeros(len(frame), dtype=np.int64)
    dropped_items = np.zeros(len(frame), dtype=np.int64)
    for c in items:
        answers = clean_answers(frame[c], scale=spec.scale, name=f"score[{c!r}]", drop_invalid=drop_invalid,
                                keep_positions=True)
        present = ~np.isnan(answers.values)
        points = lowest + highest - answers.values if c in spec.reverse else answers.values
        totals += np.where(present, points - lowest, 0).astype(np.int64)  # >= 0 on any scale
        answered += present
        dropped_items += ~present & frame[c].notna().to_numpy()
    has_any = answered > 0
    pairs = totals * (k + 1) + answered  # one code per (sum, count)
    sums, counts = np.divmod(np.arange(int(pairs.max(initial=0)) + 1), k + 1)
    possible = np.bincount(pairs[has_any], minlength=len(sums)) > 0
    # (sum + count * lowest) / count: the integer sum of the answers over their number, as np.nanmean gives it.
    values, value_code = np.unique((sums[possible] + counts[possible] * lowest) / counts[possible],
                                   return_inverse=True)
    code_of_pair = np.full(len(sums), len(values), dtype=np.int64)
    code_of_pair[np.flatnonzero(possible)] = value_code
    full = np.where(has_any, code_of_pair[pairs], len(values))
    width = len(values) + 1
    group_key = combined_codes(groups, slice(0, len(frame)))
    n_groups, observed = groups.count, None
    if n_groups > count_table.MAX_FULL_PRODUCT:  # as count_answers: only observed combinations
        observed, group_key = np.unique(group_key, return_inverse=True)
        n_groups = len(observed)
    key = group_key * width + full
    size = n_groups * width
    raw_counts = np.bincount(key, minlength=size).reshape(n_groups, width)
    dropped = np.bincount(group_key, weights=dropped_items, minlength=n_groups).astype(np.int64)
    tally = CountTable(
        counts=raw_counts[:, :-1] if weights is None else np.bincount(key, weights=weights, minlength=size).reshape(n_groups, width)[:, :-1],
        n=raw_counts[:, :-1].sum(axis=1),
        missing=raw_counts[:, -1],
        dropped=dropped,
        weights_squared=None if weights is None else np.bincount(key, weights=weights**2, minlength=size).reshape(n_groups, width)[:, :-1],
        observed=observed,
    )
    return tally, values


def summarize(df, metric: str = "nps", score=None, by=(), *, confidence_level: float = 0.95,
              method: str | None = None, weights=None, period: str | None = None, date: str | None = None,
              n_resamples: int = 10_000, rng=None, drop_invalid: bool = False, date_format: str | None = None,
              **metric_options) -> pd.DataFrame:
    """A survey metric with its interval for every group of ``by`` (and period).

    Parameters
    ----------
    df : DataFrame, one row per answer (per respondent for CLI)
        pandas, Polars (eager or lazy), a PyArrow table, a DuckDB relation, a
        Dask or PySpark (sqlframe) DataFrame: lazy frames are aggregated in
        their own engine with one GROUP BY, and only the count table comes
        back (see :mod:`cxkit.tables.engines`).
    metric : {"nps", "csat", "csi", "ces", "cli"}
    score : str, or list of str for ``cli``
        The answer column(s).
    by : str or list of str
        Group columns; every combination of their levels gets a row.
    period, date : "M" or "Q", and a date column
        Adds a ``period`` group column ("2026-10", "2026Q4") covering every
        period from the first to the last. Text dates are read as ISO 8601,
        or exactly in ``date_format`` (``"%d.%m.%Y"``): never guessed.
    weights : str or array, optional
        Survey weights (column name or one value per row); see
        :mod:`cxkit.stats.weighting`.
    method, confidence_level, n_resamples, rng, drop_invalid, **metric_options
        As for the single-sample functions (``top``, ``scale``,
        ``statistic``, ``reverse``).

    Examples
    --------
    >>> cx.summarize(df, metric="nps", score="nps_score", by="segment", period="M",
    ...              date="answered_at")                                # doctest: +SKIP
    """
    cl, method = _check_common(confidence_level, method, metric_spec(metric, metric_options), weights, n_resamples)
    spec, groups, tally, values = tally_answers(df, metric, score, by, period=period, date=date,
                                                drop_invalid=drop_invalid, weights=weights,
                                                metric_options=metric_options, date_format=date_format)
    table = metric_table(spec, tally.counts, confidence_level=cl, method=method, values=values,
                         squared=tally.weights_squared, n_answers=tally.n, n_resamples=n_resamples, rng=rng)
    return _tidy(group_table(groups, tally.observed), spec, table, tally, cl, weights is not None)


def _needed_columns(spec, score, by, date, weights) -> list:
    """The columns a call reads (to take from an in-memory non-pandas frame)."""
    names = column_names(score, role="score") if spec.definition.items else [score]
    names += column_names(by, role="by")
    names += [date] if date is not None else []
    names += [weights] if isinstance(weights, str) else []
    return names


def _engine_tally(df, spec, score, by, *, period, date, drop_invalid, weights, keys=None):
    """The count table of a lazy frame: one GROUP BY in its own engine (:mod:`.engines`)."""
    if not isinstance(score, str):
        raise CxkitTypeError(f"score must name the answer column; got {type(score).__name__} {score!r}.")
    aggregated = engines.aggregate(df, score=score, by=by, date=date, weights=weights,
                                   booleans=spec.definition.booleans, addressed=keys)
    small = aggregated.table
    groups = group_codes(small, by, period=period, date=engines.DATE if date is not None else None)
    weighted = weights is not None
    tally = count_answers(groups, small[engines.ANSWER], scale=spec.scale, name=str(score),
                          drop_invalid=drop_invalid, frequencies=small[engines.COUNT].to_numpy(dtype=float),
                          weights=small[engines.WEIGHT].to_numpy(dtype=float) if weighted else None,
                          weight_squares=small[engines.WEIGHT_SQUARED].to_numpy(dtype=float) if weighted else None)
    return groups, tally


def tally_answers(df, metric: str, score, by=(), *, period=None, date=None, drop_invalid=False,
                  weights=None, metric_options=None, date_format=None):
    """Check the inputs and build the count table: (spec, groups, tally, answer values or None).

    ``df`` is a pandas DataFrame or any frame :mod:`cxkit.tables.engines`
    accepts: in-memory frames are counted here, lazy ones in their engine.
    """
    kind = engines.frame_kind(df)
    spec = metric_spec(metric, metric_options or {})
    drop_invalid = check_drop_invalid(drop_invalid)
    if score is None:
        columns = list(df.columns) if kind == "pandas" else engines.column_list(df)
        raise CxkitValueError(f"score must name the answer column (for cli: the item columns); the data has {list(map(str, columns))}.")
    counted = None
    if kind == "pandas" and not spec.definition.items and engines.prefer_duckdb(df, score=score, by=by, date=date, weights=weights,
                                                  metric=spec.metric):
        try:
            relation, keys = engines.as_duckdb(df, _needed_columns(spec, score, by, date, weights), by)
            counted = _engine_tally(relation, spec, score, by, period=period, date=date, drop_invalid=drop_invalid,
                                    weights=weights, keys=keys)
        except engines.NotAllText:  # keys mixing text with other values: numpy keeps 1 and "1" apart
            counted = None
    elif kind == "lazy" and not spec.definition.items:
        counted = _engine_tally(df, spec, score, by, period=period, date=date, drop_invalid=drop_invalid,
                                weights=weights)
    if counted is not None:
        groups, tally = counted
        values = None
    else:
        if kind != "pandas":  # in memory (or the CLI's per-respondent items): the columns the call reads
            df = engines.local_frame(df, _needed_columns(spec, score, by, date, weights))
        require_frame(df)
        groups = group_codes(df, by, period=period, date=date, date_format=date_format)
        weights = _weights_column(df, weights)
        if spec.definition.items:  # the CLI and the Forrester dimensions: a mean of item columns per row
            tally, values = _cli_tally(df, groups, spec, score, drop_invalid, weights)
        else:
            answers = require_column(df, score, role="score")
            if spec.definition.booleans and pd.api.types.is_bool_dtype(answers.dtype):
                answers = answers.astype("Int8")  # yes/no outcomes: True = 1 (pd.NA stays missing)
            tally = count_answers(groups, answers, scale=spec.scale, name=str(score), drop_invalid=drop_invalid,
                                  weights=weights)
            values = None
    if weights is not None:
        check_group_weights(tally.counts.sum(axis=1), tally.n, lambda rows: group_table(
            groups, rows if tally.observed is None else tally.observed[rows]))
    return spec, groups, tally, values


def summarize_counts(counts: pd.DataFrame, metric: str = "nps", *, answer: str = "answer", count: str = "count",
                     by=(), confidence_level: float = 0.95, method: str | None = None,
                     n_resamples: int = 10_000, rng=None, drop_invalid: bool = False, **metric_options) -> pd.DataFrame:
    """The same table from pre-aggregated counts (one row per group and answer value).

    ``counts`` is what ``SELECT region, month, nps_score AS answer, COUNT(*)
    AS count ... GROUP BY region, month, nps_score`` returns: any engine can do
    the heavy pass. A missing ``answer`` (NULL) counts as missing answers.
    CLI needs respondent-level data and is not available here.
    """
    if not isinstance(counts, pd.DataFrame):
        if engines.frame_kind(counts, name="counts") != "pandas":  # a small table from any engine
            counts = engines.local_frame(counts, [answer, count, *column_names(by, role="by")])
    spec = metric_spec(metric, metric_options)
    if spec.definition.items:
        raise CxkitValueError(f"summarize_counts cannot compute the {spec.metric}: it averages each respondent's items, "
                              f"so it needs one row per respondent; use summarize(df, metric={spec.metric!r}, "
                              f"score=[...]).")
    cl, method = _check_common(confidence_level, method, spec, None, n_resamples)
    for column in (answer, count):
        if column not in counts.columns:
            raise CxkitValueError(f"counts has no column {column!r}; it has {list(map(str, counts.columns))}.")
    how_many = counts[count].to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(how_many) | (how_many < 0) | (how_many != np.round(how_many)) | (how_many > MAX_COUNT)
    if bad.any():
        raise CxkitValueError(f"counts[{count!r}] must hold whole numbers >= 0; {int(bad.sum())} do not "
                              f"(e.g. {how_many[bad][:5].tolist()}; counts above 2**53 are refused too, "
                              f"since a float cannot hold them exactly).")
    if how_many.sum() > MAX_COUNT:
        raise CxkitValueError(f"counts[{count!r}] add up to {how_many.sum():.6g} answers, more than 2**53 "
                              f"(what a float counts exactly); check the count column.")
    groups = group_codes(counts, by)
    tally = count_answers(groups, counts[answer], scale=spec.scale, name=answer, drop_invalid=drop_invalid,
                          frequencies=how_many)
    table = metric_table(spec, tally.counts, confidence_level=cl, method=method, n_resamples=n_resamples, rng=rng)
    return _tidy(group_table(groups, tally.observed), spec, table, tally, cl, False)
