"""The journey funnel: customers reaching each stage, conversion and drop-off with Wilson intervals.

A customer *reaches* stage ``k`` when the log has events of every stage
``1..k`` (``order="any"``, the default), or, with ``order="time"``, when
moreover the first-reach times of stages ``1..k`` are in journey order
(first-reach logic: a customer whose first ``purchase`` event precedes the
first ``interest`` event reaches ``awareness`` only). Either way the reached
sets are nested, so each conversion is a share of the customers of the
previous stage: ``reached_k / reached_{k-1}``, a binomial proportion with the
Wilson score interval (Wilson 1927, JASA 22, 209-212; Brown, Cai & DasGupta
2001, Statistical Science 16, 101-133), the foundation's default for shares
(:func:`cxkit.stats.proportion.proportion_interval`, so the intervals equal
those of ``cxkit.csat``-style shares of the same counts). Customers out of
time order are counted (``attrs["n_out_of_order"]``) and, under
``order="any"``, announced by a :class:`~cxkit.journey.log.JourneyOrderWarning`.

The first stage's conversion is from all customers of the log (or of the
``customers`` table, whose customers without events enter the funnel and
reach no stage: ``attrs["n_without_events"]``). ``from_start`` is
``reached_k / reached_1`` and ``drop_off`` is ``100 - conversion`` (its
interval the mirrored Wilson interval), all in percent.

Differences between segments (:func:`funnel_differences`): for every stage
and every pair of groups, the difference of conversions (Newcombe's hybrid
score interval, method 10: Newcombe 1998, Statistics in Medicine 17,
873-890) with the pooled two-proportion z-test, and the p-values adjusted
across all rows of the table (Holm 1979 by default; ``adjust="bh"`` for
Benjamini-Hochberg 1995).
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..options import check_choice, check_confidence_level
from ..stats.difference import proportion_difference
from ..stats.multiple_testing import ADJUSTMENTS, adjust_p_values
from ..stats.proportion import proportion_interval
from .log import COUNT, DEPTH_ANY, DEPTH_TIME, JourneyOrderWarning, _names, first_reaches

FUNNEL_COLUMNS = ["stage", "step", "reached", "previous", "conversion", "low", "high", "from_start",
                  "from_start_low", "from_start_high", "drop_off", "drop_off_low", "drop_off_high", "method",
                  "confidence_level"]


def _customer_ids(customers, name="customers"):
    if isinstance(customers, pd.DataFrame):
        raise CxkitTypeError(f"{name} must be the customer ids (a Series, list or array), not a table; got a "
                             f"DataFrame: pass customers_table['customer_id'].")
    if isinstance(customers, (str, bytes)) or np.ndim(customers) != 1:
        raise CxkitTypeError(f"{name} must be a list of customer ids; got {type(customers).__name__}.")
    ids = pd.Series(customers, dtype=object)
    if ids.isna().any() or ids.duplicated().any():
        raise CxkitValueError(f"{name} must list each customer id once, none missing; got "
                              f"{int(ids.isna().sum())} missing and {int(ids.duplicated().sum())} repeated ids.")
    return ids


def _event_customers(events, customer):
    import narwhals as nw

    frame = nw.from_native(events)
    ids = frame.select(nw.col(customer)).unique()
    ids = ids.collect(backend="pandas").to_native() if isinstance(ids, nw.LazyFrame) else ids.to_pandas()
    return ids[customer]


def funnel(events, *, stages, customer="customer_id", stage="stage", timestamp="timestamp", by=None,
           confidence_level: float = 0.95, order: str = "any", customers=None, duplicates: str = "error",
           touchpoint=None, date_format=None) -> pd.DataFrame:
    """Customers reaching each stage, with conversion, from-start conversion and drop-off (percent, Wilson).

    Parameters
    ----------
    events : DataFrame of any supported engine
        The event log (pandas, Polars, Arrow, DuckDB relation, Dask, PySpark/sqlframe).
        On lazy engines the first-reach aggregation runs inside the engine.
    stages : list or "infer"
        The stages in journey order; ``"infer"`` orders them by the median
        first-reach time and says so in a JourneyOrderWarning and in
        ``attrs["stages"]``.
    customer, stage, timestamp : str
        Column names.
    by : str or list, optional
        Customer attributes (constant within a customer) to split the funnel by.
    order : {"any", "time"}
        How a stage counts as reached (see the module docstring).
    customers : sequence of ids, optional
        All customers of the study; those without events enter the funnel and
        reach no stage. Event customers missing from it are an error.
    duplicates : {"error", "drop"}
        Duplicate events (same customer, timestamp, stage and ``touchpoint``).

    Returns
    -------
    DataFrame
        ``by`` columns, then ``stage, step, reached, previous, conversion,
        low, high, from_start, from_start_low, from_start_high, drop_off,
        drop_off_low, drop_off_high, method, confidence_level``; ``attrs``:
        ``stages``, ``order``, ``n_customers``, ``n_out_of_order``,
        ``n_duplicates``, ``n_without_events``, ``engine``.
    """
    level = check_confidence_level(confidence_level)
    order = check_choice("order", order, ("any", "time"))
    by_names = _names(by, "by")
    if customers is not None and by_names:
        raise CxkitValueError("customers can not be combined with by: customers without events have no group. "
                              "Pass one of them.")
    table, stages, info = first_reaches(events, stages=stages, customer=customer, stage=stage, timestamp=timestamp,
                                        by=by_names, touchpoint=touchpoint, duplicates=duplicates,
                                        date_format=date_format)
    n_without = 0
    if customers is not None:
        ids = _customer_ids(customers)
        seen = _event_customers(events, customer)
        unknown = seen[~seen.isin(set(ids))]
        if len(unknown):
            raise CxkitValueError(f"{len(unknown)} customers of the events are not in customers, e.g. "
                                  f"{unknown.head(5).tolist()!r}; customers must list every customer of the log.")
        n_without = len(ids) - len(seen)
    depth = DEPTH_ANY if order == "any" else DEPTH_TIME
    n_out_of_order = int(table.loc[table[DEPTH_ANY] != table[DEPTH_TIME], COUNT].sum())
    if n_out_of_order and order == "any":
        warnings.warn(f"{n_out_of_order} customers reached a later stage before an earlier one (events out of time "
                      f"order); order='any' counts them by the stages they have, order='time' only up to the first "
                      f"stage reached out of order.", JourneyOrderWarning, stacklevel=2)
    groups = [((), table)] if not by_names else table.groupby(by_names, sort=True, dropna=False)
    parts = []
    for key, part in groups:
        counts = np.bincount(part[depth].to_numpy(dtype=np.int64), weights=part[COUNT].to_numpy(dtype=float),
                             minlength=len(stages) + 1)
        total = counts.sum() + n_without
        reached = counts[::-1].cumsum()[::-1][1:]  # customers with depth >= k, k = 1..S
        rows = _rows(stages, reached, total, level)
        for name, value in zip(by_names, key if isinstance(key, tuple) else (key,)):
            rows.insert(by_names.index(name), name, value)
        parts.append(rows)
    result = pd.concat(parts, ignore_index=True)
    result.attrs.update(stages=list(stages), order=order, n_customers=int(table[COUNT].sum()) + n_without,
                        n_out_of_order=n_out_of_order, n_duplicates=info["n_duplicates"],
                        n_without_events=n_without, engine=info["engine"])
    return result


def _rows(stages, reached, total, level) -> pd.DataFrame:
    reached = np.asarray(reached, dtype=float)
    previous = np.concatenate([[total], reached[:-1]])
    low, high = proportion_interval(reached, previous, confidence_level=level, method="wilson")
    top = np.full_like(reached, reached[0])
    s_low, s_high = proportion_interval(reached, top, confidence_level=level, method="wilson")
    with np.errstate(divide="ignore", invalid="ignore"):
        conversion = 100.0 * reached / previous
        from_start = 100.0 * reached / top
    return pd.DataFrame({
        "stage": list(stages), "step": np.arange(1, len(stages) + 1), "reached": reached.astype(np.int64),
        "previous": previous.astype(np.int64), "conversion": conversion, "low": 100.0 * low, "high": 100.0 * high,
        "from_start": from_start, "from_start_low": 100.0 * s_low, "from_start_high": 100.0 * s_high,
        "drop_off": 100.0 - conversion, "drop_off_low": 100.0 - 100.0 * high, "drop_off_high": 100.0 - 100.0 * low,
        "method": "wilson", "confidence_level": level,
    })


def funnel_differences(events, *, stages, by, customer="customer_id", stage="stage", timestamp="timestamp",
                       confidence_level: float = 0.95, adjust: str = "holm", measure: str = "conversion",
                       **options) -> pd.DataFrame:
    """Pairwise differences of segments' conversions at every stage, with adjusted p-values.

    ``measure``: ``"conversion"`` (from the previous stage) or ``"from_start"``.
    Each row compares ``group_b - group_a`` (groups in sorted order; several
    ``by`` columns are joined with ``" / "``) in percentage points: Newcombe's
    hybrid score interval and the pooled z-test; ``p_adjusted`` over all rows
    (``adjust``: ``"holm"``, ``"bh"`` or ``"none"``); ``significant`` where
    ``p_adjusted < 1 - confidence_level``. Other options as for :func:`funnel`.

    A row whose two groups both converted all of their customers, or none (the first stage, 100 % against
    100 % by construction, is the usual one), cannot be significant whatever the data: given its margins the
    test has a single outcome. It keeps ``p_value`` 1 but is left out of the family (``p_adjusted`` 1), so it
    does not dilute the tests that can find something: Tarone, R. E. (1990). A modified Bonferroni method for
    discrete data. Biometrics 46, 515-522.

    Returns
    -------
    DataFrame
        ``stage, step, group_a, group_b, value_a, value_b, difference, low,
        high, p_value, p_adjusted, significant, adjustment, measure,
        confidence_level``.
    """
    level = check_confidence_level(confidence_level)
    adjust = check_choice("adjust", adjust, ADJUSTMENTS)
    measure = check_choice("measure", measure, ("conversion", "from_start"))
    by_names = _names(by, "by")
    if not by_names:
        raise CxkitValueError("funnel_differences needs by: the column(s) whose groups are compared.")
    table = funnel(events, stages=stages, customer=customer, stage=stage, timestamp=timestamp, by=by_names,
                   confidence_level=level, **options)
    label = table[by_names].astype(str).agg(" / ".join, axis=1)
    table = table.assign(__group=label)
    groups = sorted(table["__group"].unique())
    if len(groups) < 2:
        raise CxkitValueError(f"funnel_differences needs at least two groups in by ({by_names!r}); found {groups!r}.")
    rows = []
    for step, part in table.groupby("step", sort=True):
        part = part.set_index("__group")
        for a, b in itertools.combinations(groups, 2):
            if a not in part.index or b not in part.index:
                continue
            ra, rb = part.loc[a], part.loc[b]
            base_a = ra["previous"] if measure == "conversion" else table.loc[
                (table["__group"] == a) & (table["step"] == 1), "reached"].iloc[0]
            base_b = rb["previous"] if measure == "conversion" else table.loc[
                (table["__group"] == b) & (table["step"] == 1), "reached"].iloc[0]
            diff, low, high, p = proportion_difference(ra["reached"], base_a, rb["reached"], base_b,
                                                       confidence_level=level)
            settled = (ra["reached"] == base_a and rb["reached"] == base_b) or (ra["reached"] == 0 == rb["reached"])
            rows.append({"stage": ra["stage"], "step": int(step), "group_a": a, "group_b": b,
                         "value_a": float(ra[measure]), "value_b": float(rb[measure]),
                         "difference": 100.0 * float(diff), "low": 100.0 * float(low), "high": 100.0 * float(high),
                         "p_value": float(p), "_settled": bool(settled)})
    out = pd.DataFrame(rows)
    settled = out.pop("_settled").to_numpy(dtype=bool)
    family = np.where(settled, np.nan, out["p_value"].to_numpy(dtype=float))  # no settled row in the family
    out["p_adjusted"] = np.where(settled, 1.0, adjust_p_values(family, method=adjust))
    out["significant"] = out["p_adjusted"] < 1.0 - level
    out["adjustment"], out["measure"], out["confidence_level"] = adjust, measure, level
    out.attrs.update(table.attrs)
    return out


def funnel_from_counts(reached, *, stages, start=None, confidence_level: float = 0.95) -> pd.DataFrame:
    """The funnel table from counts already made: ``reached[k]`` customers reached stage ``k``.

    ``reached`` must not increase along the stages (each stage's customers
    are among the previous stage's); ``start`` (default ``reached[0]``) is
    the base of the first stage's conversion. Same columns as :func:`funnel`.
    """
    from .log import check_stages

    level = check_confidence_level(confidence_level)
    stages = check_stages(stages)
    if stages == "infer":
        raise CxkitValueError("funnel_from_counts needs stages as a list in journey order.")
    counts = np.asarray(reached, dtype=float)
    if counts.ndim != 1 or len(counts) != len(stages):
        raise CxkitValueError(f"reached must hold one count per stage ({len(stages)}); got {reached!r}.")
    base = counts[0] if start is None else float(start)
    ok = np.all(np.isfinite(counts)) and np.all(counts >= 0) and np.all(counts == np.round(counts))
    if not ok or np.any(np.diff(counts) > 0) or base < counts[0] or base != round(base):
        raise CxkitValueError(f"reached must be whole counts that never increase along the stages, and start "
                              f"(if given) at least the first; got reached {list(reached)!r}, start {start!r}.")
    return _rows(stages, counts, base, level)
