"""Retention curves from durations with censoring: ``retention_curve``, ``median_lifetime``, ``compare_retention``.

A customer's duration is the time from start to churn, or, for a customer
still active (``observed`` False: right-censored), to the end of the data.
All three functions take either arrays (``durations``, ``observed``, ``by``
holding the values) or a DataFrame ``data=`` with those arguments naming its
columns. The maths is :mod:`cxkit.stats.survival`:

- the Kaplan-Meier (product-limit) estimator of the share still active
  (Kaplan & Meier 1958) with Greenwood's variance (Greenwood 1926) and the
  pointwise log-log interval, which stays within 0..1;
- the median lifetime with the Brookmeyer & Crowley (1982) interval: the times
  where the band crosses 1/2 (infinite where a band never falls to 1/2);
- the log-rank test of equal retention (Mantel 1966), with Holm's step-down
  adjustment (Holm 1979) when more than two groups are compared.

With ``data`` a lazy frame (DuckDB relation, Polars LazyFrame, Dask or
PySpark DataFrame) and column names, the engine runs one ``GROUP BY`` of
(group, duration, flag) with ``count(*)``: the curve, the median and the
log-rank test are exact functions of those counts, so only that table comes
back, and invalid values are counted in it.

Times are in the unit of ``durations`` (months for the telco data). The
curve has one row per time at which someone churned; it is a step function,
1 before the first of them (take values between rows from the row before).

Sources: Kaplan & Meier (1958), Greenwood (1926), Brookmeyer & Crowley
(1982) and Mantel (1966), cited in full in :mod:`cxkit.stats.survival`;
Holm (1979), in :mod:`cxkit.stats.multiple_testing`.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from ..inputs.columns import require_column, require_columns, require_frame
from ..tables.engines import frame_kind
from ..options import check_choice, check_confidence_level
from ..stats.multiple_testing import ADJUSTMENTS, adjust_p_values
from ..stats.survival import kaplan_meier, logrank, median_survival
from .checks import durations_array, observed_array, rows_text

CURVE_METHOD = "kaplan-meier"
MEDIAN_METHOD = "kaplan-meier median, Brookmeyer-Crowley interval"
VERSUS = ("all-pairs", "rest")
REST = "(rest)"


def _values(argument, data, role: str):
    if data is None:
        return argument
    return require_column(data, argument, role=role)


def _resolve(durations, observed, by, data):
    """Checked durations, flags, counts, group labels (or None), the group column's name and the groups."""
    if data is not None and not isinstance(data, pd.DataFrame) and frame_kind(data, name="data") == "lazy":
        return _from_engine(durations, observed, by, data)
    if data is not None:  # any frame: the named columns come back as pandas
        named = [c for c in (durations, observed, by) if isinstance(c, str)]
        data = require_frame(data, "data", columns=named)
    t = durations_array(_values(durations, data, "durations"))
    e = observed_array(_values(observed, data, "observed"), len(t))
    if by is None:
        return t, e, np.ones(len(t), np.int64), None, None, []
    if data is not None:
        name, labels = by, require_column(data, by, role="by")
    else:
        if isinstance(by, str) or np.ndim(by) != 1:
            raise CxkitTypeError(f"by must hold one group label per customer (or, with data=, name a column); "
                                 f"got {type(by).__name__} {by!r:.60}.")
        labels = by if isinstance(by, pd.Series) else pd.Series(by)
        name = labels.name if labels.name is not None else "group"
    if len(labels) != len(t):
        raise CxkitValueError(f"by has {len(labels)} labels but durations has {len(t)}; give one per customer.")
    missing = labels.isna().to_numpy()
    if missing.any():
        raise CxkitValueError(f"by ({name!r}) is missing in {rows_text(labels.index[missing])}. Allowed: a group "
                              f"label in every row; drop those rows or give them a label such as 'unknown'.")
    return t, e, np.ones(len(t), np.int64), labels.to_numpy(dtype=object), name, _groups(labels)


def _from_engine(durations, observed, by, data):
    """One GROUP BY (by, durations, observed) with count(*) in the frame's engine; checks on that table."""
    import narwhals as nw

    named = {"durations": durations, "observed": observed} | ({"by": by} if by is not None else {})
    for role, value in named.items():
        if not isinstance(value, str):
            raise CxkitTypeError(f"with a lazy data frame ({type(data).__name__}), {role} must name a column of it; "
                                 f"got {type(value).__name__}.")
    frame = nw.from_native(data)
    schema = frame.collect_schema()
    probe = pd.DataFrame(columns=pd.Index(list(schema.names()), dtype=object))
    for role, value in named.items():
        require_columns(probe, [value], role=role)
    if schema[durations] == nw.Boolean or not schema[durations].is_numeric():
        raise CxkitTypeError(f"durations column {durations!r} holds values of dtype {schema[durations]}; allowed: "
                             f"numbers (time until churn or until the data end, in one unit such as months).")
    keys = list(dict.fromkeys(([by] if by is not None else []) + [durations, observed]))
    small = (frame.group_by(keys, drop_null_keys=False).agg(nw.len().alias("__cx_count"))
             .collect(backend="pandas").to_native())
    counts = small["__cx_count"].to_numpy(dtype=np.int64)
    t = pd.to_numeric(small[durations]).to_numpy(dtype=float)

    def refuse(role, problem, mask, values):
        shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in pd.unique(values[mask])[:5])
        raise CxkitValueError(f"{role} is {problem} in {int(counts[mask].sum())} rows, such as {shown}. "
                              + ("Allowed: finite durations >= 0 (a customer still active has the time observed "
                                 "so far)." if role == "durations" else
                                 "Allowed: True/False or 1/0 (True = churned, False = still active)."))

    for problem, mask in (("missing (NaN)", np.isnan(t)), ("infinite", np.isinf(t)), ("negative", t < 0)):
        if mask.any():
            refuse("durations", problem, mask, t)
    flags = small[observed]
    if flags.dtype == object or pd.api.types.is_string_dtype(flags.dtype):
        refuse("observed", "not boolean-like", np.ones(len(flags), bool), flags.to_numpy(dtype=object))
    numeric = pd.to_numeric(flags.astype("float64"), errors="coerce").to_numpy(dtype=float)
    bad = ~np.isin(numeric, (0.0, 1.0))
    if bad.any():
        refuse("observed", "not boolean-like", bad, flags.to_numpy(dtype=object))
    e = numeric == 1.0
    if by is None:
        return t, e, counts, None, None, []
    labels = small[by]
    missing = labels.isna().to_numpy()
    if missing.any():
        raise CxkitValueError(f"by ({by!r}) is missing in {int(counts[missing].sum())} rows. Allowed: a group "
                              f"label in every row; drop those rows or give them a label such as 'unknown'.")
    return t, e, counts, labels.to_numpy(dtype=object), by, _groups(labels)


def _groups(labels: pd.Series) -> list:
    """Group labels in their category order (categorical), else sorted (or as they come if unsortable)."""
    if isinstance(labels.dtype, pd.CategoricalDtype):
        present = set(labels.unique())
        return [c for c in labels.cat.categories if c in present]
    unique = list(pd.unique(labels))
    try:
        return sorted(unique)
    except TypeError:
        return unique


def _split(t, e, w, labels, groups):
    """(label, durations, flags, counts) per group; one unnamed group without ``by``."""
    if labels is None:
        return [(None, t, e, w)]
    return [(g, t[labels == g], e[labels == g], w[labels == g]) for g in groups]


def retention_curve(durations, observed, *, by=None, data=None, confidence_level: float = 0.95) -> pd.DataFrame:
    """Share of customers still active over time (Kaplan & Meier 1958), with Greenwood log-log intervals.

    Parameters
    ----------
    durations : numbers >= 0, or a column name of ``data``
        Time from start to churn, or to the end of the data for customers
        still active.
    observed : booleans (or 1/0), or a column name of ``data``
        True where the customer churned, False where still active (censored).
    by : group labels, or a column name of ``data``, optional
    data : DataFrame of any supported engine, optional (lazy ones are aggregated in place)
    confidence_level : float

    Returns
    -------
    pandas DataFrame ``[<by>,] time, at_risk, events, survival, low, high,
    method, confidence_level``: one row per churn time of each group;
    ``survival``, ``low`` and ``high`` are shares 0..1 (pointwise interval:
    Greenwood's variance on the log(-log) scale, Greenwood 1926).
    """
    cl = check_confidence_level(confidence_level)
    t, e, w, labels, name, groups = _resolve(durations, observed, by, data)
    parts = []
    for group, tg, eg, wg in _split(t, e, w, labels, groups):
        curve = kaplan_meier(tg, eg, counts=wg, confidence_level=cl)
        part = pd.DataFrame({"time": curve.time, "at_risk": curve.at_risk.astype(np.int64),
                             "events": curve.events.astype(np.int64), "survival": curve.survival,
                             "low": curve.low, "high": curve.high})
        if labels is not None:
            part.insert(0, name, group)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["method"] = CURVE_METHOD
    out["confidence_level"] = cl
    return out


def median_lifetime(durations, observed, *, by=None, data=None, confidence_level: float = 0.95) -> pd.DataFrame:
    """Median lifetime (time by which half the customers churned) with the Brookmeyer-Crowley interval.

    The median is the first churn time at which the Kaplan-Meier curve
    (Kaplan & Meier 1958) is at or below 1/2; the interval runs from where
    the lower band reaches 1/2 to where the upper band does (Brookmeyer &
    Crowley 1982, Greenwood 1926 log-log band). Where a curve or band never
    falls to 1/2 the value is ``inf`` and ``note`` says it was not reached:
    more than half the customers were still active at the last churn time.

    Returns
    -------
    pandas DataFrame ``[<by>,] value, low, high, n, events, method,
    confidence_level, note``; ``value``, ``low``, ``high`` in the unit of
    ``durations``.
    """
    cl = check_confidence_level(confidence_level)
    t, e, w, labels, name, groups = _resolve(durations, observed, by, data)
    rows = []
    for group, tg, eg, wg in _split(t, e, w, labels, groups):
        curve = kaplan_meier(tg, eg, counts=wg, confidence_level=cl)
        median, low, high = median_survival(curve)
        note = ("median not reached: over half still active at the last churn time" if np.isinf(median)
                else "upper limit not reached: the upper band stays above 1/2" if np.isinf(high) else "")
        row = {} if labels is None else {name: group}
        row.update(value=median, low=low, high=high, n=curve.n, events=curve.n_events, method=MEDIAN_METHOD,
                   confidence_level=cl, note=note)
        rows.append(row)
    return pd.DataFrame(rows)


def compare_retention(durations, observed, *, by, data=None, versus: str = "all-pairs",
                      adjust: str = "holm") -> pd.DataFrame:
    """Log-rank tests of equal retention between groups (Mantel 1966).

    With two groups, one test. With more, ``versus="all-pairs"`` tests each
    pair and ``versus="rest"`` each group against all the others together;
    the p-values of the family are adjusted by ``adjust`` (``"holm"``, Holm
    1979, the default; ``"bh"``; ``"none"``).

    Returns
    -------
    pandas DataFrame ``group_a, group_b, statistic, p_value, p_adjusted,
    n_a, n_b, events_a, events_b, method, adjustment``; ``statistic`` is the
    log-rank chi-square with 1 degree of freedom.
    """
    versus = check_choice("versus", versus, VERSUS)
    adjust = check_choice("adjust", adjust, ADJUSTMENTS)
    if by is None:
        raise CxkitValueError("compare_retention needs by=: the groups to compare (a column name with data=, "
                              "or one label per customer).")
    t, e, w, labels, _name, groups = _resolve(durations, observed, by, data)
    if len(groups) < 2:
        raise CxkitValueError(f"by has {len(groups)} group ({groups!r}); comparing retention needs at least two.")
    if len(groups) == 2 or versus == "all-pairs":
        pairs = [(a, labels == a, b, labels == b) for a, b in combinations(groups, 2)]
    else:
        pairs = [(a, labels == a, REST, labels != a) for a in groups]
    rows = []
    for a, in_a, b, in_b in pairs:
        statistic, p = logrank(t[in_a], e[in_a], t[in_b], e[in_b], counts_a=w[in_a], counts_b=w[in_b])
        rows.append({"group_a": a, "group_b": b, "statistic": statistic, "p_value": p,
                     "n_a": int(w[in_a].sum()), "n_b": int(w[in_b].sum()),
                     "events_a": int((e * w)[in_a].sum()), "events_b": int((e * w)[in_b].sum())})
    out = pd.DataFrame(rows)
    out.insert(4, "p_adjusted", adjust_p_values(out["p_value"].to_numpy(), method=adjust))
    out["method"] = "log-rank"
    out["adjustment"] = adjust if len(out) > 1 else "none"
    return out
