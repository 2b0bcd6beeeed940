"""The journey event log at the boundary: checked once, then reduced to first reaches in the user's engine.

An event log has one row per event: a customer id, a timestamp, a stage (and
usually a touchpoint, a channel, ratings). Column names are parameters.
What is checked, and what happens:

- required columns: missing ones are named, with the columns that exist;
- timestamps: pandas and in-memory frames are read by the data boundary's
  rule (:func:`cxkit.inputs.dates.parse_dates`: dates already parsed, ISO 8601
  text, or text in an explicit ``date_format``; never guessed); in a lazy
  engine (DuckDB, Polars lazy, Dask, Spark) the column must already hold
  datetimes (a CxkitTypeError says to parse it in the engine). Missing
  timestamps or customer ids are an error with their count;
- unknown stages (values not in ``stages``): an error listing them with
  their counts; pass every stage, or filter the log first;
- duplicate events (same customer, timestamp, stage and touchpoint): an
  error naming the first rows, unless ``duplicates="drop"``, which keeps the
  first of each and says how many were dropped (``attrs["n_duplicates"]``).
  First reaches cannot change by dropping duplicates, so in a lazy engine
  ``"drop"`` skips that (costly) check;
- events out of time order (a later stage reached before an earlier one):
  see :func:`first_reaches` and ``order`` in :func:`cxkit.journey.funnel`;
- customers with no events: only a ``customers`` table can tell; see
  :func:`cxkit.journey.funnel`.

The reduction (:func:`first_reaches`) runs in the frame's own engine through
narwhals: one ``GROUP BY customer`` with ``min(timestamp)`` per stage (a
conditional minimum per stage column), then the depth each customer reached,
in any order and in time order.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError, CxkitWarning
from ..inputs.columns import column_names, require_columns, require_frame
from ..inputs.dates import parse_dates
from ..options import check_choice
from ..tables.engines import frame_kind

#: Prefix of the per-stage first-reach columns built in the engine.
FIRST = "__cx_first_"
DEPTH_ANY, DEPTH_TIME, COUNT = "__cx_depth_any", "__cx_depth_time", "__cx_count"
#: The customer's last event time, in the per-customer table.
LAST = "__cx_last"
_EXAMPLES = 5


class JourneyOrderWarning(CxkitWarning):
    """Some customers reached a later stage before an earlier one (events out of time order)."""


def check_stages(stages) -> list:
    """The stage order: a list of distinct stage names (at least two), or ``"infer"``."""
    if isinstance(stages, str):
        if stages == "infer":
            return "infer"
        raise CxkitValueError(f"stages must be the list of stages in journey order, or 'infer'; got {stages!r}.")
    if not isinstance(stages, (list, tuple, pd.Index, np.ndarray)):
        raise CxkitTypeError(f"stages must be a list of stage names in journey order, or 'infer'; got "
                             f"{type(stages).__name__} {stages!r}.")
    stages = list(stages)
    bad = [s for s in stages if not isinstance(s, Hashable) or s is None]
    if bad:
        raise CxkitTypeError(f"stages must be stage names (text); got {bad[:_EXAMPLES]!r}.")
    if len(stages) < 2:
        raise CxkitValueError(f"stages must name at least two stages in journey order; got {stages!r}.")
    repeated = sorted({str(s) for s in stages if stages.count(s) > 1})
    if repeated:
        raise CxkitValueError(f"stages names {', '.join(map(repr, repeated))} more than once; each stage once, "
                              f"in journey order (got {stages!r}).")
    return stages


def _names(value, role):
    if value is None:
        return []
    return column_names(value, role=role)


def _unknown_stages_error(counts: pd.Series, stages, stage: str):
    listing = ", ".join(f"{v!r} ({int(c)} events)" for v, c in counts.items())
    return CxkitValueError(
        f"column {stage!r} has stage(s) not in stages: {listing}. Allowed: the stages given, "
        f"{list(stages)!r}; add them to stages (in journey order) or filter the log first.")


def prepare_events(events, *, customer, stage, timestamp, stages, by=None, touchpoint=None, extra=(),
                   duplicates="error", date_format=None, name="events"):
    """A checked pandas copy of a pandas or in-memory event log (the columns named only).

    Returns the frame (timestamps parsed, sorted by customer and time), the
    stage list (inferred when ``stages="infer"``) and the number of
    duplicates dropped.
    """
    duplicates = check_choice("duplicates", duplicates, ("error", "drop"))
    stages = check_stages(stages)
    by = _names(by, "by")
    keys = [customer, stage, timestamp] + ([touchpoint] if touchpoint is not None else [])
    wanted = list(dict.fromkeys(keys + by + list(extra)))
    frame = require_frame(events, name, columns=wanted)
    for role, names in (("customer", [customer]), ("stage", [stage]), ("timestamp", [timestamp]),
                        ("touchpoint", [touchpoint] if touchpoint is not None else []), ("by", by),
                        ("columns", list(extra))):
        require_columns(frame, names, role=role)
    frame = frame[wanted].copy()
    frame[timestamp] = parse_dates(frame[timestamp], date_format=date_format, column=timestamp, source=name)
    missing = frame[customer].isna()
    if missing.any():
        raise CxkitValueError(f"{name}: {int(missing.sum())} events have no customer id in column {customer!r} "
                              f"(rows {list(frame.index[missing][:_EXAMPLES])}); every event needs one.")
    missing = frame[stage].isna()
    if missing.any():
        raise CxkitValueError(f"{name}: {int(missing.sum())} events have no stage in column {stage!r} "
                              f"(rows {list(frame.index[missing][:_EXAMPLES])}); every event needs one.")
    if len(frame) == 0:
        raise CxkitValueError(f"{name} has no events; a journey needs at least one.")
    if stages == "infer":
        stages = infer_stages(frame, customer=customer, stage=stage, timestamp=timestamp)
    else:
        known = frame[stage].isin(stages)
        if not known.all():
            raise _unknown_stages_error(frame.loc[~known, stage].value_counts(), stages, stage)
    n_duplicates = 0
    dup_keys = [customer, timestamp, stage] + ([touchpoint] if touchpoint is not None else [])
    repeated = frame.duplicated(dup_keys, keep="first")
    if repeated.any():
        n_duplicates = int(repeated.sum())
        if duplicates == "error":
            rows = list(frame.index[frame.duplicated(dup_keys, keep=False)][:_EXAMPLES])
            raise CxkitValueError(
                f"{name} has {n_duplicates} duplicate events (same {', '.join(map(repr, dup_keys))}), e.g. rows "
                f"{rows}. Allowed: one row per event; pass duplicates='drop' to keep the first of each"
                f"{_touchpoint_hint(touchpoint)}.")
        frame = frame[~repeated]
    frame = frame.sort_values([customer, timestamp], kind="stable")
    return frame, stages, n_duplicates


def _touchpoint_hint(touchpoint) -> str:
    return "" if touchpoint is not None else (", or name the touchpoint column (touchpoint='touchpoint') when events "
                                              "at one time and stage differ by touchpoint")


def infer_stages(frame: pd.DataFrame, *, customer, stage, timestamp) -> list:
    """Stages ordered by the median of their customers' first-reach times (ties by name); warns that it did."""
    first = frame.groupby([customer, stage], sort=False, observed=True)[timestamp].min()
    medians = first.groupby(level=1, observed=True).median()
    order = sorted(medians.index, key=lambda s: (medians[s], str(s)))
    if len(order) < 2:
        raise CxkitValueError(f"stages='infer' needs at least two stages in column {stage!r}; found {order!r}.")
    warnings.warn(f"stages inferred from the median first-reach time of each stage: {' > '.join(map(str, order))}. "
                  f"Pass stages=[...] to state the journey order.", JourneyOrderWarning, stacklevel=3)
    return order


def _check_engine_schema(frame, nw, *, customer, stage, timestamp, by, touchpoint, name):
    """Column and type checks of a lazy log (no query: the schema only)."""
    schema = frame.collect_schema()
    probe = pd.DataFrame(columns=pd.Index(list(schema.names()), dtype=object))
    for role, names in (("customer", [customer]), ("stage", [stage]), ("timestamp", [timestamp]),
                        ("touchpoint", [touchpoint] if touchpoint is not None else []), ("by", by)):
        require_columns(probe, names, role=role)
    dtype = schema[timestamp]
    if not (dtype == nw.Date or isinstance(dtype, nw.Datetime) or dtype == nw.Datetime):
        raise CxkitTypeError(f"{name}: timestamp column {timestamp!r} must hold datetimes; got dtype {dtype}. "
                             f"Parse it first in the engine (e.g. CAST or strptime).")


def _check_engine_log(frame, nw, *, customer, stage, timestamp, by, touchpoint, stages, duplicates, name):
    """Checks of a lazy log inside its engine: columns, datetime type, missing values, unknown stages, duplicates.

    Returns the stages present (sorted by name).
    """
    _check_engine_schema(frame, nw, customer=customer, stage=stage, timestamp=timestamp, by=by,
                         touchpoint=touchpoint, name=name)
    per_stage = frame.with_columns(
        nw.col(timestamp).is_null().cast(nw.Int64).alias("__cx_no_time"),
        nw.col(customer).is_null().cast(nw.Int64).alias("__cx_no_customer"),
    ).group_by(stage, drop_null_keys=False).agg(nw.len().alias(COUNT), nw.col("__cx_no_time").sum(),
                                                nw.col("__cx_no_customer").sum())
    small = per_stage.collect(backend="pandas").to_native()
    if small.empty:
        raise CxkitValueError(f"{name} has no events; a journey needs at least one.")
    for column, what in (("__cx_no_time", "timestamp"), ("__cx_no_customer", "customer id")):
        count = int(small[column].sum())
        if count:
            raise CxkitValueError(f"{name}: {count} events have no {what}; every event needs one.")
    if small[stage].isna().any():
        raise CxkitValueError(f"{name}: {int(small.loc[small[stage].isna(), COUNT].sum())} events have no stage "
                              f"in column {stage!r}; every event needs one.")
    if stages != "infer":
        unknown = small[~small[stage].isin(stages)]
        if len(unknown):
            raise _unknown_stages_error(unknown.set_index(stage)[COUNT], stages, stage)
    _check_duplicates(frame, nw, customer=customer, stage=stage, timestamp=timestamp, touchpoint=touchpoint,
                      duplicates=duplicates, name=name)
    return sorted(small[stage].tolist(), key=str)


def _check_duplicates(frame, nw, *, customer, stage, timestamp, touchpoint, duplicates, name):
    if duplicates != "error":
        return
    keys = [customer, timestamp, stage] + ([touchpoint] if touchpoint is not None else [])
    dup = frame.group_by(keys).agg(nw.len().alias(COUNT)).filter(nw.col(COUNT) > 1)
    dup = dup.collect(backend="pandas").to_native()
    if len(dup):
        shown = dup.head(_EXAMPLES)[keys].to_dict("records")
        raise CxkitValueError(
            f"{name} has {int((dup[COUNT] - 1).sum())} duplicate events (same {', '.join(map(repr, keys))}), "
            f"e.g. {shown}. Allowed: one row per event; pass duplicates='drop' to keep the first of each"
            f"{_touchpoint_hint(touchpoint)}.")


def first_reaches(events, *, stages, customer="customer_id", stage="stage", timestamp="timestamp", by=None,
                  touchpoint=None, duplicates="error", date_format=None, per_customer=False, name="events"):
    """Reduce an event log to first reaches, in the frame's own engine.

    Returns ``(table, stages, info)``. With ``per_customer=False`` the table
    is small: one row per ``by`` group, depth reached in any order
    (:data:`DEPTH_ANY`: stages 1..k all present) and depth reached in time
    order (:data:`DEPTH_TIME`: first-reach times non-decreasing along
    1..k), with the customer count :data:`COUNT`. With ``per_customer=True``
    it is one row per customer: ``customer``, ``by`` columns, the first
    reach time of each stage (``FIRST + str(i)``, NaT when never reached)
    and the customer's last event time (:data:`LAST`).
    ``info``: ``engine``, ``n_duplicates``, ``lazy``.
    """
    import narwhals as nw

    by = _names(by, "by")
    kind = frame_kind(events, name=name)
    duplicates = check_choice("duplicates", duplicates, ("error", "drop"))
    n_duplicates = 0
    infer = False
    if kind == "lazy":
        frame = nw.from_native(events)
        stages = check_stages(stages)
        checks = dict(customer=customer, stage=stage, timestamp=timestamp, by=by, touchpoint=touchpoint, name=name)
        if stages == "infer" or per_customer:
            present = _check_engine_log(frame, nw, stages=stages, duplicates=duplicates, **checks)
            if stages == "infer":
                stages, infer = present, True  # ordered below from the per-customer table
        else:
            _check_engine_schema(frame, nw, **checks)
            table = _lazy_depths(frame, nw, stages=stages, **checks)
            _check_duplicates(frame, nw, customer=customer, stage=stage, timestamp=timestamp, touchpoint=touchpoint,
                              duplicates=duplicates, name=name)
            info = {"engine": str(frame.implementation).lower(), "n_duplicates": 0, "lazy": True}
            return table, stages, info
    else:
        local, stages, n_duplicates = prepare_events(
            events, customer=customer, stage=stage, timestamp=timestamp, stages=stages, by=by,
            touchpoint=touchpoint, duplicates=duplicates, date_format=date_format, name=name)
        if by:
            split = int(local.groupby(customer, sort=False)[by].nunique(dropna=False).gt(1).any(axis=1).sum())
            _refuse_split_customers(split, by, name)
        frame = nw.from_native(local)
    firsts = [f"{FIRST}{i}" for i in range(len(stages))]
    stage_index = [nw.when(nw.col(stage) == s).then(nw.col(timestamp)).alias(c) for s, c in zip(stages, firsts)]
    last = [nw.col(timestamp).alias(LAST)] if per_customer else []
    wide = frame.select(nw.col(customer), *[nw.col(b) for b in by], *stage_index, *last)
    wide = wide.group_by([customer] + by, drop_null_keys=False).agg(
        *[nw.col(c).min() for c in firsts], *[nw.col(LAST).max()] if per_customer else [])
    info = {"engine": str(frame.implementation).lower(), "n_duplicates": n_duplicates, "lazy": kind == "lazy"}
    if per_customer or infer:
        table = wide.collect(backend="pandas").to_native() if kind == "lazy" else wide.to_native()
        _check_one_group_per_customer(table, customer, by, name)
        if infer:
            stages, table = _order_inferred(table, stages, firsts)
        if per_customer:
            return table.reset_index(drop=True), stages, info
        return _depths_local(table, by, firsts), stages, info
    # a pandas log (checked by prepare_events): the same expressions, run by narwhals on pandas
    any_order, time_order = _depth_expressions(nw, firsts)
    depths = wide.with_columns(nw.sum_horizontal(*any_order).alias(DEPTH_ANY),
                               nw.sum_horizontal(*time_order).alias(DEPTH_TIME))
    small = depths.group_by(by + [DEPTH_ANY, DEPTH_TIME], drop_null_keys=False).agg(nw.len().alias(COUNT))
    return small.to_native().reset_index(drop=True), stages, info


def _lazy_depths(frame, nw, *, customer, stage, timestamp, by, touchpoint, name, stages):
    """The small depth table of a lazy log in ONE query (the checks of stages, missing values and ``by`` folded in).

    Per customer: the first reach of each stage (a conditional minimum), the
    minimum and maximum of each ``by`` column (equal when ``by`` is constant
    within the customer) and the count of events with a missing value or a
    stage not in ``stages``; then one row per ``by`` group and depths. Only
    when that count is not zero does a second query name the problem.
    """
    firsts = [f"{FIRST}{i}" for i in range(len(stages))]
    bad = (nw.col(stage).is_null() | ~nw.col(stage).is_in(list(stages)) | nw.col(timestamp).is_null()
           | nw.col(customer).is_null())
    derived = [nw.when(nw.col(stage) == s).then(nw.col(timestamp)).alias(c) for s, c in zip(stages, firsts)]
    derived += [bad.cast(nw.Int64).alias("__cx_bad")] + [nw.col(b).alias(f"__cx_max_{i}") for i, b in enumerate(by)]
    wide = frame.select(nw.col(customer), *[nw.col(b) for b in by], *derived)
    wide = wide.group_by([customer], drop_null_keys=False).agg(
        *[nw.col(c).min() for c in firsts], nw.col("__cx_bad").sum(), *[nw.col(b).min() for b in by],
        *[nw.col(f"__cx_max_{i}").max() for i in range(len(by))])
    differs = [(nw.col(b) != nw.col(f"__cx_max_{i}")).cast(nw.Int64) for i, b in enumerate(by)]
    any_order, time_order = _depth_expressions(nw, firsts)
    depths = wide.with_columns(nw.sum_horizontal(*any_order).alias(DEPTH_ANY),
                               nw.sum_horizontal(*time_order).alias(DEPTH_TIME),
                               ((nw.sum_horizontal(*differs) > 0).cast(nw.Int64) if differs else nw.lit(0)).alias("__cx_differs"))
    small = depths.group_by(by + [DEPTH_ANY, DEPTH_TIME], drop_null_keys=False).agg(
        nw.len().alias(COUNT), nw.col("__cx_bad").sum(), nw.col("__cx_differs").sum())
    small = small.collect(backend="pandas").to_native()
    if small.empty:
        raise CxkitValueError(f"{name} has no events; a journey needs at least one.")
    if small["__cx_bad"].sum() > 0:  # name the problem (raises)
        _check_engine_log(frame, nw, customer=customer, stage=stage, timestamp=timestamp, by=by,
                          touchpoint=touchpoint, stages=stages, duplicates="drop", name=name)
    _refuse_split_customers(int(small["__cx_differs"].sum()), by, name)
    return small.drop(columns=["__cx_bad", "__cx_differs"]).reset_index(drop=True)


def _depth_expressions(nw, firsts):
    """Per stage k: reached stages 1..k in any order, and with first reaches in time order (0/1 each)."""
    any_order, time_order = [], []
    reached_any = reached_time = None
    for i, c in enumerate(firsts):
        here = ~nw.col(c).is_null()
        reached_any = here if reached_any is None else reached_any & here
        step = here if i == 0 else here & (nw.col(c) >= nw.col(firsts[i - 1]))
        reached_time = step if reached_time is None else reached_time & step
        any_order.append(reached_any.cast(nw.Int64))
        time_order.append(reached_time.cast(nw.Int64))
    return any_order, time_order


def _refuse_split_customers(count: int, by, name) -> None:
    if count:
        raise CxkitValueError(
            f"{name}: by ({by!r}) must be a customer attribute, constant within each customer; {count} "
            f"{'customer has' if count == 1 else 'customers have'} events in more than one group. Use one value per customer (e.g. the segment at the journey's "
            f"start).")


def _check_one_group_per_customer(table, customer, by, name):
    if by:
        _refuse_split_customers(int(table[customer].duplicated(keep="first").groupby(table[customer]).any().sum()),
                                by, name)


def _order_inferred(table, stages, firsts):
    medians = {s: table[c].median() for s, c in zip(stages, firsts)}
    order = sorted(range(len(stages)), key=lambda i: (medians[stages[i]], str(stages[i])))
    new_stages = [stages[i] for i in order]
    renamed = table.rename(columns={firsts[i]: f"__cx_tmp_{j}" for j, i in enumerate(order)})
    renamed = renamed.rename(columns={f"__cx_tmp_{j}": firsts[j] for j in range(len(order))})
    warnings.warn(f"stages inferred from the median first-reach time of each stage: "
                  f"{' > '.join(map(str, new_stages))}. Pass stages=[...] to state the journey order.",
                  JourneyOrderWarning, stacklevel=4)
    return new_stages, renamed


def _depths_local(table, by, firsts):
    times = table[firsts]
    present = times.notna().to_numpy()
    values = times.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    ordered = np.ones_like(present)
    ordered[:, 1:] = values[:, 1:] >= values[:, :-1]
    depth_any = np.cumprod(present, axis=1).sum(axis=1)
    depth_time = np.cumprod(present & ordered, axis=1).sum(axis=1)
    out = table[by].copy()
    out[DEPTH_ANY], out[DEPTH_TIME] = depth_any, depth_time
    return out.groupby(by + [DEPTH_ANY, DEPTH_TIME], dropna=False).size().rename(COUNT).reset_index()
