"""The journey principles of SPEC.md section 3, measured: seamlessness, consistency, reliability.

Seamlessness (the customer never explains the same thing twice),
:func:`seamlessness`, on contact events with a ``matter`` column (the issue a
contact is about):

- ``repeat_contact_rate``: percent of matters with a repeat contact, a
  contact about the same matter within ``within`` of the previous one (Wilson
  interval, Wilson 1927);
- ``channel_switch_rate``: percent of those repeat contacts made through
  another channel than the previous contact about the matter (Wilson);
- ``channel_switches_per_journey``: mean number of such switches per
  customer, Student's t interval (Student 1908; by the central limit theorem
  for counts, fine from a few dozen customers).

Consistency (the same experience in every channel and with every employee),
:func:`consistency`: the group means and their spread (range, standard
deviation of the means), and a test that every group has the same level, from
the group x rating count table:

- ``"kruskal"`` (default): Kruskal-Wallis H with the tie correction
  (Kruskal & Wallis 1952, JASA 47, 583-621), chi-square with k - 1 df; on a
  5-point scale nearly every answer is tied, and midranks from the counts
  give exactly ``scipy.stats.kruskal``;
- ``"welch"``: Welch's heteroscedastic one-way ANOVA (Welch 1951, Biometrika
  38, 330-336), equal to ``statsmodels``' ``anova_oneway(use_var="unequal")``;
- ``"anova"``: the classical one-way ANOVA F test (Fisher).

Reliability (promises kept), :func:`reliability`: the SLA compliance share of
:func:`cxkit.sla_compliance` (Wilson interval, pending tickets left out), per
group; :func:`promise_times` turns a journey's stages into such "tickets"
(e.g. purchase to delivery within 5 days: customers who purchased and were
never delivered break the promise once it is due).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import chdtrc, fdtrc

from ..errors import CxkitValueError
from ..inputs.columns import require_columns, require_frame
from ..inputs.dates import parse_dates
from ..options import check_choice, check_confidence_level, check_scale
from ..service.durations import parse_within
from ..service.sla import sla_compliance
from ..stats.mean import mean_and_sd_from_counts, t_interval
from ..stats.proportion import proportion_interval
from .log import FIRST, _names, first_reaches
from .touchpoints import _mean_columns, rating_counts


def _share_row(metric, x, n, level, note):
    low, high = proportion_interval(x, n, confidence_level=level, method="wilson")
    value = 100.0 * x / n if n else np.nan
    return {"metric": metric, "value": value, "low": 100.0 * float(low), "high": 100.0 * float(high), "n": int(n),
            "unit": "%", "method": "wilson", "note": note}


def seamlessness(events, *, customer="customer_id", matter="matter_id", timestamp="timestamp", channel="channel",
                 within="7d", confidence_level: float = 0.95, date_format=None) -> pd.DataFrame:
    """Repeat contacts about the same matter within ``within``, and channel switches (see the module docstring).

    Pass the contact events (e.g. the support stage's); every event is one contact.

    Returns
    -------
    DataFrame
        Rows ``repeat_contact_rate``, ``channel_switch_rate``,
        ``channel_switches_per_journey``; columns ``metric, value, low, high,
        n, unit, method, note, confidence_level``.
    """
    level = check_confidence_level(confidence_level)
    window = parse_within(within)
    columns = [customer, matter, timestamp, channel]
    frame = require_frame(events, "events", columns=columns)
    for role, name in (("customer", customer), ("matter", matter), ("timestamp", timestamp), ("channel", channel)):
        require_columns(frame, [name], role=role)
    frame = frame[columns].copy()
    frame[timestamp] = parse_dates(frame[timestamp], date_format=date_format, column=timestamp, source="events")
    for name in (customer, matter, channel):
        if frame[name].isna().any():
            raise CxkitValueError(f"events: {int(frame[name].isna().sum())} contacts have no {name!r}; every "
                                  f"contact needs one.")
    if len(frame) == 0:
        raise CxkitValueError("events has no contacts; seamlessness needs at least one.")
    frame = frame.sort_values([customer, matter, timestamp], kind="stable")
    same = (frame[customer] == frame[customer].shift()) & (frame[matter] == frame[matter].shift())
    gap = frame[timestamp] - frame[timestamp].shift()
    repeat = same & (gap <= window)
    switch = repeat & (frame[channel] != frame[channel].shift())
    matters = frame.groupby([customer, matter], sort=False)
    n_matters = matters.ngroups
    with_repeat = int(repeat.groupby([frame[customer], frame[matter]], sort=False).any().sum())
    per_customer = switch.groupby(frame[customer], sort=False).sum().to_numpy(dtype=float)
    m = per_customer.size
    mean = per_customer.mean()
    sd = per_customer.std(ddof=1) if m > 1 else np.nan
    low, high = t_interval(mean, sd, m, confidence_level=level)
    rows = [
        _share_row("repeat_contact_rate", with_repeat, n_matters, level,
                   f"matters with another contact about them within {window}"),
        _share_row("channel_switch_rate", int(switch.sum()), int(repeat.sum()), level,
                   "repeat contacts made in another channel than the previous contact about the matter"),
        {"metric": "channel_switches_per_journey", "value": float(mean), "low": float(low), "high": float(high),
         "n": int(m), "unit": "switches per customer", "method": "t",
         "note": "repeat contacts in another channel, per customer with contacts"},
    ]
    out = pd.DataFrame(rows)
    out["confidence_level"] = level
    out.attrs.update(within=window, n_contacts=len(frame))
    return out


def _kruskal(values, counts):
    totals = counts.sum(axis=0)
    big_n = totals.sum()
    midrank = np.cumsum(totals) - totals + (totals + 1) / 2.0
    n = counts.sum(axis=1)
    rank_sums = counts @ midrank
    h = 12.0 / (big_n * (big_n + 1)) * np.sum(rank_sums**2 / n) - 3.0 * (big_n + 1)
    ties = 1.0 - np.sum(totals**3 - totals) / (big_n**3 - big_n)
    h = h / ties if ties > 0 else np.nan
    df = len(n) - 1
    return h, float(df), np.nan, float(chdtrc(df, h))


def _welch(mean, sd, n):
    w = n / sd**2
    big_w = w.sum()
    grand = np.sum(w * mean) / big_w
    k = len(n)
    a = np.sum(w * (mean - grand) ** 2) / (k - 1)
    tmp = np.sum((1 - w / big_w) ** 2 / (n - 1))
    b = 1 + 2 * (k - 2) / (k**2 - 1) * tmp
    f = a / b
    df2 = (k**2 - 1) / (3 * tmp)
    return f, float(k - 1), float(df2), float(fdtrc(k - 1, df2, f))


def _anova(mean, sd, n):
    big_n, k = n.sum(), len(n)
    grand = np.sum(n * mean) / big_n
    between = np.sum(n * (mean - grand) ** 2) / (k - 1)
    within = np.sum((n - 1) * sd**2) / (big_n - k)
    f = between / within
    return f, float(k - 1), float(big_n - k), float(fdtrc(k - 1, big_n - k, f))


def consistency(events, *, rating="csat", by="channel", method: str = "kruskal", scale=(1, 5),
                confidence_level: float = 0.95) -> pd.DataFrame:
    """Spread of the mean rating across channels (or agents) and a test that all are equal.

    Returns
    -------
    DataFrame
        One row: ``by, groups, n, lowest_group, lowest_mean, highest_group,
        highest_mean, spread`` (highest minus lowest mean), ``sd_between``
        (standard deviation of the group means), ``test, statistic, df1,
        df2, p_value``. The per-group means with t intervals are in
        ``attrs["groups"]``.
    """
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, ("kruskal", "welch", "anova"))
    lowest, highest = check_scale(scale)
    by_names = _names(by, "by")
    if len(by_names) != 1:
        raise CxkitValueError(f"consistency compares the groups of one column; by must name one column, got "
                              f"{by_names!r}.")
    groups, values, counts, n_missing, _engine = rating_counts(events, rating=rating, keys=by_names,
                                                               scale=(lowest, highest))
    rated = counts.sum(axis=1) > 0
    groups, counts = groups[rated].reset_index(drop=True), counts[rated]
    if len(groups) < 2:
        raise CxkitValueError(f"consistency needs ratings in at least two groups of {by_names[0]!r}; found "
                              f"{len(groups)}.")
    table = groups.copy()
    for name, column in _mean_columns(values, counts, (lowest, highest), level, 2).items():
        table[name] = column
    mean, sd, n = mean_and_sd_from_counts(values, counts)
    if method == "kruskal":
        statistic, df1, df2, p = _kruskal(values, counts)
        test = "Kruskal-Wallis H (tie-corrected), chi-square"
    else:
        if np.any(n < 2) or np.any(~(sd > 0)):
            raise CxkitValueError(f"method {method!r} needs at least two ratings with some spread in every group; "
                                  f"use method='kruskal'.")
        statistic, df1, df2, p = (_welch if method == "welch" else _anova)(mean, sd, n)
        test = "Welch one-way ANOVA, F" if method == "welch" else "one-way ANOVA, F"
    label = table[by_names[0]]
    low_i, high_i = int(np.argmin(mean)), int(np.argmax(mean))
    out = pd.DataFrame([{
        "by": by_names[0], "groups": len(table), "n": int(n.sum()), "lowest_group": label.iloc[low_i],
        "lowest_mean": float(mean[low_i]), "highest_group": label.iloc[high_i], "highest_mean": float(mean[high_i]),
        "spread": float(mean[high_i] - mean[low_i]), "sd_between": float(np.std(mean, ddof=1)),
        "test": test, "statistic": float(statistic), "df1": df1, "df2": df2, "p_value": float(p),
        "confidence_level": level,
    }])
    out.attrs["groups"] = table
    return out


def promise_times(events, *, stages, from_stage, to_stage, customer="customer_id", stage="stage",
                  timestamp="timestamp", by=None, **options) -> pd.DataFrame:
    """One "ticket" per customer who reached ``from_stage``: ``created_at`` its first reach,
    ``first_response_at`` the first reach of ``to_stage`` after it (NaT if none yet), for :func:`reliability`."""
    by_names = _names(by, "by")
    table, stages, _info = first_reaches(events, stages=stages, customer=customer, stage=stage, timestamp=timestamp,
                                         by=by_names, per_customer=True, **options)
    for role, name in (("from_stage", from_stage), ("to_stage", to_stage)):
        if name not in stages:
            raise CxkitValueError(f"{role} ({name!r}) must be one of the stages {list(stages)!r}.")
    i, j = stages.index(from_stage), stages.index(to_stage)
    if j <= i:
        raise CxkitValueError(f"to_stage ({to_stage!r}) must come after from_stage ({from_stage!r}) in the journey.")
    start, done = table[f"{FIRST}{i}"], table[f"{FIRST}{j}"]
    reached = start.notna()
    done = done.where(done >= start)
    out = table.loc[reached, [customer] + by_names].copy()
    out["created_at"], out["first_response_at"] = start[reached], done[reached]
    return out.reset_index(drop=True)


def reliability(tickets, *, within, created="created_at", first_response="first_response_at", now=None, by=None,
                confidence_level: float = 0.95, **options) -> pd.DataFrame:
    """Promises kept: :func:`cxkit.sla_compliance` per group (percent, Wilson interval).

    Returns
    -------
    DataFrame
        ``by`` columns, then ``metric, value, low, high, n, n_pending, met,
        missed, within, method, confidence_level``.
    """
    by_names = _names(by, "by")
    frame = require_frame(tickets, "tickets", columns=[created, first_response] + by_names)
    require_columns(frame, by_names, role="by")
    groups = [((), frame)] if not by_names else frame.groupby(by_names, sort=True, dropna=False)
    rows = []
    for key, part in groups:
        estimate = sla_compliance(part, created=created, first_response=first_response, within=within, now=now,
                                  confidence_level=confidence_level, **options)
        row = dict(zip(by_names, key if isinstance(key, tuple) else (key,)))
        row.update(metric="promise_kept", value=estimate.value, low=estimate.low, high=estimate.high, n=estimate.n,
                   n_pending=estimate.n_pending, met=estimate.details["met"], missed=estimate.details["missed"],
                   within=str(parse_within(within)), method=estimate.method,
                   confidence_level=estimate.confidence_level)
        rows.append(row)
    return pd.DataFrame(rows)
