"""Flows through the journey: the most frequent paths (variants) and stage-to-stage transitions.

A customer's *path* is the sequence of stages of their events in time order
(ties at one timestamp in journey order), with consecutive repeats collapsed
(``website, website, checkout`` is one visit of ``interest`` then
``purchase``); revisits stay (``interest > purchase > interest`` is a loop).
Its *steps* are numbered 1, 2, ...; a transition ``step s`` goes from the
``s``-th stage of the path to the next. The pseudo-stages :data:`START` and
:data:`END` open and close every path, so the transition table is a complete
flow (every customer enters once and leaves once) and a flow diagram can
unroll revisits by step without loops.

Shares are Wilson score intervals (Wilson 1927): a path's share of all
customers; a transition's share of all transitions leaving its stage (at its
step, with ``by_step``).

Engines: the collapse and the numbering run in the frame's engine with window
functions (narwhals ``shift``/``cum_count`` over the customer ordered by
time); the transition counts come back as a small table. Paths need each
customer's whole sequence, so the collapsed (customer, step, stage) rows come
back. Dask has no ordered windows: its three columns are collected first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..options import check_confidence_level, check_positive_int
from ..stats.proportion import proportion_interval
from ..tables.engines import frame_kind
from .log import _check_engine_log, check_stages, prepare_events

START, END = "(start)", "(end)"
_RANK, _PREV, _NEXT, _STEP = "__cx_rank", "__cx_prev", "__cx_next", "__cx_step"


def _collapsed(events, *, stages, customer, stage, timestamp, duplicates, date_format):
    """The collapsed steps as a narwhals frame (lazy or eager) and the stage list."""
    import narwhals as nw

    kind = frame_kind(events, name="events")
    stages = check_stages(stages)
    if kind == "lazy":
        frame = nw.from_native(events)
        if stages == "infer":
            raise CxkitValueError("paths and transitions on a lazy frame need stages as a list in journey order "
                                  "(infer it with funnel(..., stages='infer').attrs['stages']).")
        _check_engine_log(frame, nw, customer=customer, stage=stage, timestamp=timestamp, by=[], touchpoint=None,
                          stages=stages, duplicates=duplicates, name="events")
        if frame.implementation == nw.Implementation.DASK:  # no ordered window functions in Dask
            local = frame.select(customer, timestamp, stage).collect(backend="pandas").to_native()
            frame = nw.from_native(local.reset_index(drop=True))
    else:
        local, stages, _ = prepare_events(events, customer=customer, stage=stage, timestamp=timestamp,
                                          stages=stages, duplicates=duplicates, date_format=date_format)
        frame = nw.from_native(local)
    rank = nw.sum_horizontal(*[(nw.col(stage) == s).cast(nw.Int64) * i for i, s in enumerate(stages)])
    order = [timestamp, _RANK]
    frame = frame.select(customer, timestamp, stage).with_columns(rank.alias(_RANK))
    frame = frame.with_columns(nw.col(stage).shift(1).over(customer, order_by=order).alias(_PREV))
    frame = frame.filter(nw.col(_PREV).is_null() | (nw.col(_PREV) != nw.col(stage)))
    frame = frame.with_columns(nw.col(stage).cum_count().over(customer, order_by=order).alias(_STEP),
                               nw.col(stage).shift(-1).over(customer, order_by=order).alias(_NEXT))
    return frame, stages


def _collect(frame):
    import narwhals as nw

    return frame.collect(backend="pandas").to_native() if isinstance(frame, nw.LazyFrame) else frame.to_native()


def transitions(events, *, stages, customer="customer_id", stage="stage", timestamp="timestamp",
                by_step: bool = False, confidence_level: float = 0.95, duplicates: str = "error",
                date_format=None) -> pd.DataFrame:
    """Stage-to-stage transition counts (with :data:`START` and :data:`END`), and each one's share.

    Returns
    -------
    DataFrame
        ``[step,] from_stage, to_stage, count, share, low, high,
        confidence_level``: ``count`` transitions (a customer who loops
        counts once per pass), ``share`` the percent of the transitions
        leaving ``from_stage`` (at that ``step`` with ``by_step``) that go
        to ``to_stage``, with its Wilson interval. ``step`` 0 is the entry
        (``from_stage`` = START).
    """
    import narwhals as nw

    level = check_confidence_level(confidence_level)
    frame, stages = _collapsed(events, stages=stages, customer=customer, stage=stage, timestamp=timestamp,
                               duplicates=duplicates, date_format=date_format)
    frame = frame.with_columns(nw.col(_NEXT).is_null().cast(nw.Int64).alias("__cx_last"))
    small = _collect(frame.group_by([_STEP, _PREV, stage, "__cx_last"], drop_null_keys=False)
                     .agg(nw.len().alias("count")))
    small[_STEP] = small[_STEP].astype(np.int64)
    entering = small.assign(step=small[_STEP] - 1, from_stage=small[_PREV].where(small[_PREV].notna(), START),
                            to_stage=small[stage])
    leaving = small[small["__cx_last"] == 1].assign(step=lambda t: t[_STEP], from_stage=lambda t: t[stage],
                                                     to_stage=END)
    rows = pd.concat([entering, leaving], ignore_index=True)[["step", "from_stage", "to_stage", "count"]]
    keys = (["step"] if by_step else []) + ["from_stage", "to_stage"]
    table = rows.groupby(keys, sort=False)["count"].sum().reset_index()
    position = {s: i for i, s in enumerate([START] + list(stages) + [END])}
    table = table.sort_values(keys, key=lambda c: c.map(position) if c.name != "step" else c,
                              kind="stable").reset_index(drop=True)
    out_of = table.groupby(keys[:-1], sort=False)["count"].transform("sum").to_numpy(dtype=float)
    count = table["count"].to_numpy(dtype=float)
    low, high = proportion_interval(count, out_of, confidence_level=level, method="wilson")
    table["count"] = table["count"].astype(np.int64)
    table["from_stage"], table["to_stage"] = table["from_stage"].astype(str), table["to_stage"].astype(str)
    table["share"], table["low"], table["high"] = 100.0 * count / out_of, 100.0 * low, 100.0 * high
    table["confidence_level"] = level
    table.attrs.update(stages=list(stages), n_customers=int(table.loc[table["from_stage"] == START, "count"].sum()))
    return table


def paths(events, *, stages, customer="customer_id", stage="stage", timestamp="timestamp", top: int | None = 10,
          separator: str = " > ", confidence_level: float = 0.95, duplicates: str = "error",
          date_format=None) -> pd.DataFrame:
    """The most frequent paths (variants), each with its share of customers and a Wilson interval.

    Returns
    -------
    DataFrame
        ``rank, path, steps, customers, share, low, high, confidence_level``,
        the ``top`` most frequent paths (all with ``top=None``), most
        frequent first (ties by path text); ``attrs``: ``n_customers``,
        ``n_variants``, ``stages``.
    """
    level = check_confidence_level(confidence_level)
    if top is not None:
        top = check_positive_int("top", top)
    frame, stages = _collapsed(events, stages=stages, customer=customer, stage=stage, timestamp=timestamp,
                               duplicates=duplicates, date_format=date_format)
    steps = _collect(frame.select(customer, _STEP, stage))
    steps = steps.sort_values([customer, _STEP], kind="stable")
    # each customer's sequence as the bytes of its stage codes: counted without building a string per customer
    codes = pd.Categorical(steps[stage], categories=list(stages)).codes.astype(np.uint16)
    who = steps[customer].to_numpy()
    bounds = np.flatnonzero(np.r_[True, who[1:] != who[:-1], True])
    keys = pd.Series([codes[a:b].tobytes() for a, b in zip(bounds[:-1], bounds[1:])], dtype=object)
    counts = keys.value_counts(sort=False)
    sequences = [np.frombuffer(key, dtype=np.uint16) for key in counts.index]
    table = pd.DataFrame({"path": [separator.join(str(stages[c]) for c in seq) for seq in sequences],
                          "customers": counts.to_numpy(), "steps": [len(seq) for seq in sequences]})
    n = int(len(keys))
    table = table.sort_values(["customers", "path"], ascending=[False, True], kind="stable").reset_index(drop=True)
    n_variants = len(table)
    if top is not None:
        table = table.head(top)
    x = table["customers"].to_numpy(dtype=float)
    low, high = proportion_interval(x, np.full_like(x, n), confidence_level=level, method="wilson")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["share"], table["low"], table["high"] = 100.0 * x / n, 100.0 * low, 100.0 * high
    table["confidence_level"] = level
    table = table[["rank", "path", "steps", "customers", "share", "low", "high", "confidence_level"]]
    table.attrs.update(n_customers=n, n_variants=n_variants, stages=list(stages))
    return table
