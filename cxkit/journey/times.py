"""Time from one journey stage to the next: medians with exact or Kaplan-Meier intervals.

For each transition ``k -> k+1`` the customers counted are those who reached
stage ``k`` (its first-reach time ``t_k``). A customer whose first reach of
``k+1`` comes at or after ``t_k`` took ``t_{k+1} - t_k``; one who never
reached ``k+1`` is *censored* at ``end - t_k`` (``end``: the end of
observation, by default the log's last event): we only know the wait was at
least that long. Customers who reached ``k+1`` before ``k`` (out of time
order) have no duration for this transition; they are counted in
``n_out_of_order`` and left out.

``among="all"`` (default) estimates the median time to the next stage over
everyone who reached stage ``k``:

- no one censored: the sample median with the exact distribution-free
  order-statistic interval (Conover 1999, Practical Nonparametric Statistics,
  3rd ed., sect. 3.2; :func:`cxkit.stats.skewed.median_interval`),
  ``method="order-statistic"``;
- some censored: the Kaplan-Meier median (Kaplan & Meier 1958) with the
  Brookmeyer-Crowley interval (1982, Biometrics 38, 29-41) from the
  log-log pointwise band (:mod:`cxkit.stats.survival`),
  ``method="kaplan-meier"``. When fewer than half ever move on, the median
  is infinite (the curve never reaches 1/2): that is the honest answer.

``among="reached"`` asks a different question: how long those who *did*
move on took (the conditional delay), with the order-statistic interval.
Unit: ``unit`` (``"days"`` default), written in the table's ``unit`` column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..inputs.dates import parse_dates
from ..options import check_choice, check_confidence_level
from ..stats.skewed import median_interval
from ..stats.survival import kaplan_meier, median_survival
from .log import FIRST, LAST, _names, first_reaches

UNITS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0, "days": 86400.0}


def stage_times(events, *, stages, customer="customer_id", stage="stage", timestamp="timestamp", by=None,
                unit: str = "days", among: str = "all", end=None, confidence_level: float = 0.95,
                duplicates: str = "error", touchpoint=None, date_format=None) -> pd.DataFrame:
    """Median time between consecutive stages, per transition (and ``by`` group).

    Parameters
    ----------
    events : DataFrame of any supported engine
        The event log; first reaches are computed in its engine and the
        per-customer table (one row per customer) comes back.
    stages : list or "infer"
        Stages in journey order.
    unit : {"seconds", "minutes", "hours", "days"}
    among : {"all", "reached"}
        Everyone who reached the stage (non-movers censored), or only those
        who moved on (see the module docstring).
    end : timestamp, optional
        End of observation for censoring (ISO 8601 text or a timestamp);
        default the last event of the log. Must not precede any first reach.

    Returns
    -------
    DataFrame
        ``by`` columns, then ``from_stage, to_stage, n, n_reached, n_censored,
        n_out_of_order, n_not_moved, median, low, high, method, unit, confidence_level``
        (``n``: customers counted; ``n_reached``: of them, who reached the
        next stage; ``n_not_moved``: customers at the stage with no event of the
        next one by ``end``, in either mode, censored under ``among="all"`` and
        left out under ``"reached"``; so the stage's customers are
        ``n_reached + n_not_moved + n_out_of_order``).
    """
    level = check_confidence_level(confidence_level)
    unit = check_choice("unit", unit, tuple(UNITS))
    among = check_choice("among", among, ("all", "reached"))
    by_names = _names(by, "by")
    table, stages, info = first_reaches(events, stages=stages, customer=customer, stage=stage, timestamp=timestamp,
                                        by=by_names, touchpoint=touchpoint, duplicates=duplicates,
                                        date_format=date_format, per_customer=True)
    if end is None:
        end_time = table[LAST].max()
    else:
        end_time = parse_dates(pd.Series([end]), column="end", source="end").iloc[0]
    scale = UNITS[unit]
    groups = [((), table)] if not by_names else table.groupby(by_names, sort=True, dropna=False)
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        for k in range(len(stages) - 1):
            t0 = part[f"{FIRST}{k}"]
            t1 = part[f"{FIRST}{k + 1}"]
            here = t0.notna()
            t0, t1 = t0[here], t1[here]
            if len(t0) and (end_time < t0).any():
                raise CxkitValueError(f"end ({end_time}) is before some first reaches of stage {stages[k]!r} "
                                      f"(latest {t0.max()}); end must be the end of observation.")
            moved = t1.notna() & (t1 >= t0)
            out_of_order = t1.notna() & (t1 < t0)
            censored = t1.isna()
            waited = np.where(moved, (t1 - t0).dt.total_seconds(), (end_time - t0).dt.total_seconds()) / scale
            observed = moved.to_numpy()
            keep = ~out_of_order.to_numpy()
            durations, observed = waited[keep], observed[keep]
            n_censored = int(censored.sum())
            if among == "reached":
                values, method, counted = durations[observed], "order-statistic", int(observed.sum())
                n_censored_used = 0
            else:
                values, method, counted = durations, "order-statistic", int(keep.sum())
                n_censored_used = n_censored
            if counted == 0:
                median = low = high = np.nan
                method = "none"
            elif n_censored_used == 0:
                median, low, high, _achieved = median_interval(values, confidence_level=level, lowest=0.0)
            else:
                curve = kaplan_meier(durations, observed, confidence_level=level)
                median, low, high = median_survival(curve)
                method = "kaplan-meier"
            row = dict(zip(by_names, key))
            row.update(from_stage=stages[k], to_stage=stages[k + 1], n=counted, n_reached=int(observed.sum()),
                       n_censored=n_censored_used, n_out_of_order=int(out_of_order.sum()),
                       n_not_moved=n_censored, median=float(median),
                       low=float(low), high=float(high), method=method, unit=unit, confidence_level=level)
            rows.append(row)
    result = pd.DataFrame(rows)
    result.attrs.update(stages=list(stages), end=end_time, engine=info["engine"], among=among)
    return result
