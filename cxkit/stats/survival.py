"""Survival curves from durations with censoring: Kaplan-Meier, its median, the log-rank test.

Customers who are still active (or tickets not yet answered) are *censored*:
we know they lasted at least their observed duration, not how long. Dropping
them would bias every churn curve and response time downward.

Methods
-------
``kaplan_meier``
    The product-limit estimator ``S(t) = prod_{t_i <= t} (1 - d_i / n_i)``
    (Kaplan & Meier 1958) at each distinct event time ``t_i`` with ``d_i``
    events among the ``n_i`` at risk (censored at ``t_i`` still count as at
    risk there). Greenwood's variance ``Var S = S^2 sum d_i / (n_i (n_i - d_i))``
    (Greenwood 1926) and the pointwise log-log interval
    ``S^{exp(+/- z se / log S)}``, ``se = sqrt(sum d/(n(n-d))) / |log S|``
    (Kalbfleisch & Prentice 2002, sec. 1.3; the default of R's
    ``survival::survfit(conf.type = "log-log")`` and of lifelines), which stays
    inside [0, 1].
``median_survival``
    The smallest time with ``S(t) <= 1/2``, and its interval from the
    pointwise band: the times where the lower and upper bands cross 1/2
    (Brookmeyer & Crowley 1982, in the band-inversion form lifelines and
    R's ``quantile.survfit`` use). Infinite where a curve never reaches 1/2.
``logrank``
    The two-sample log-rank test (Mantel 1966; Peto & Peto 1972): observed
    minus expected events of group a over all distinct event times, with the
    hypergeometric variance, chi-square with 1 degree of freedom.

Sources
-------
- Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete
  observations. JASA 53, 457-481.
- Greenwood, M. (1926). The natural duration of cancer. Reports on Public
  Health and Medical Subjects 33, 1-26.
- Kalbfleisch, J. D. & Prentice, R. L. (2002). The Statistical Analysis of
  Failure Time Data, 2nd ed. Wiley.
- Brookmeyer, R. & Crowley, J. (1982). A confidence interval for the median
  survival time. Biometrics 38, 29-41.
- Mantel, N. (1966). Evaluation of survival data and two new rank order
  statistics arising in its consideration. Cancer Chemotherapy Reports 50,
  163-170.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import chdtrc

from .numeric import z_value


@dataclass(frozen=True)
class SurvivalCurve:
    """A Kaplan-Meier curve: one entry per distinct event time (times where someone left)."""

    time: np.ndarray
    at_risk: np.ndarray
    events: np.ndarray
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: int
    n_events: int


def _as_arrays(durations, observed, counts=None):
    t = np.asarray(durations, dtype=float)
    e = np.ones_like(t, dtype=bool) if observed is None else np.asarray(observed).astype(bool)
    w = np.ones(t.shape, dtype=np.int64) if counts is None else np.asarray(counts, dtype=np.int64)
    return t, e, w


def kaplan_meier(durations, observed=None, *, counts=None, confidence_level: float = 0.95) -> SurvivalCurve:
    """Kaplan-Meier curve with Greenwood log-log pointwise intervals.

    ``durations`` are finite numbers >= 0 (checked by the caller), ``observed``
    True where the event (churn, first answer) happened and False where the
    duration is censored; None means every event was observed. ``counts``
    (whole numbers) says how many customers each (duration, observed) entry
    stands for, so an aggregated table (one row per distinct duration and
    flag, as an engine's GROUP BY returns it) gives the same curve as the rows.
    """
    t, e, w = _as_arrays(durations, observed, counts)
    order = np.argsort(t, kind="stable")
    t, e, w = t[order], e[order], w[order]
    times, first = np.unique(t, return_index=True)
    events = np.add.reduceat(e * w, first) if len(t) else np.zeros(0, np.int64)
    total = int(w.sum())
    at_risk = total - np.concatenate([[0], np.cumsum(w)])[first]
    keep = events > 0
    times, events, at_risk = times[keep], events[keep], at_risk[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.cumprod(1.0 - events / at_risk)
        greenwood = np.cumsum(events / (at_risk * (at_risk - events)))
        log_s = np.log(survival)
        se = np.sqrt(greenwood) / np.abs(log_s)
        z = z_value(confidence_level)
        low = survival ** np.exp(z * se)
        high = survival ** np.exp(-z * se)
    # Where S = 1 the band is [1, 1]; where S = 0 (everyone gone) the band is [0, 0].
    defined = (survival > 0) & (survival < 1) & np.isfinite(se)
    low = np.where(defined, low, survival)
    high = np.where(defined, high, survival)
    return SurvivalCurve(time=times, at_risk=at_risk, events=events, survival=survival, low=low, high=high,
                         n=total, n_events=int((e * w).sum()))


def survival_at(curve: SurvivalCurve, times) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The curve and its band at any ``times`` (step function, right-continuous; 1 before the first event)."""
    times = np.asarray(times, dtype=float)
    index = np.searchsorted(curve.time, times, side="right") - 1
    pick = lambda values: np.where(index >= 0, values[np.clip(index, 0, None)] if len(values) else 1.0, 1.0)  # noqa: E731
    return pick(curve.survival), pick(curve.low), pick(curve.high)


def _first_time_at_or_below(time: np.ndarray, values: np.ndarray, level: float) -> float:
    below = np.flatnonzero(values <= level + 1e-12)
    return float(time[below[0]]) if below.size else np.inf


def median_survival(curve: SurvivalCurve) -> tuple[float, float, float]:
    """Median and its interval: where the curve, its lower and its upper band fall to 1/2."""
    median = _first_time_at_or_below(curve.time, curve.survival, 0.5)
    low = _first_time_at_or_below(curve.time, curve.low, 0.5)
    high = _first_time_at_or_below(curve.time, curve.high, 0.5)
    return median, low, high


def restricted_mean(curve: SurvivalCurve, horizon: float, *, confidence_level: float = 0.95
                    ) -> tuple[float, float, float, float]:
    """Restricted mean ``mu(tau) = integral_0^tau S(t) dt`` of a Kaplan-Meier curve, its SE and interval.

    The mean time to the event within ``horizon`` (``tau``): what the mean
    becomes when some times are censored -- an unrestricted mean cannot be
    estimated without assuming the tail. Variance (Klein & Moeschberger 2003,
    Survival Analysis, 2nd ed., sect. 4.5, eq. 4.5.2; Kaplan & Meier 1958)::

        Var = sum over event times t_i <= tau of A_i^2 d_i / (Y_i (Y_i - d_i)),
        A_i = integral_{t_i}^{tau} S(u) du

    (terms with ``Y_i = d_i`` have ``A_i = 0`` and add nothing). ``horizon``
    must not exceed the longest time observed (event or censored; the caller
    checks it, as R's survRM2 does): beyond it the curve is not estimated. The interval
    is ``mu +- z SE`` clipped to ``[0, tau]`` (as R's ``survfit`` reports
    ``rmean`` and its SE). Returns ``(mu, se, low, high)``.
    """
    tau = float(horizon)
    keep = curve.time <= tau
    times, survival = curve.time[keep], curve.survival[keep]
    events, at_risk = curve.events[keep], curve.at_risk[keep]
    edges = np.concatenate([[0.0], times, [tau]])
    levels = np.concatenate([[1.0], survival])
    pieces = levels * np.diff(edges)  # S is constant on [edge_j, edge_j+1)
    mu = float(pieces.sum())
    after = np.cumsum(pieces[::-1])[::-1][1:]  # A_i: the area from t_i to tau
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(at_risk > events, after ** 2 * events / (at_risk * (at_risk - events)), 0.0)
    se = float(np.sqrt(terms.sum()))
    z = z_value(confidence_level)
    return mu, se, max(0.0, mu - z * se), min(tau, mu + z * se)


def logrank(durations_a, observed_a, durations_b, observed_b, *, counts_a=None,
            counts_b=None) -> tuple[float, float]:
    """Log-rank chi-square statistic (1 df) and p-value for two groups (``counts`` as in :func:`kaplan_meier`)."""
    t_a, e_a, w_a = _as_arrays(durations_a, observed_a, counts_a)
    t_b, e_b, w_b = _as_arrays(durations_b, observed_b, counts_b)
    event_times = np.unique(np.concatenate([t_a[e_a & (w_a > 0)], t_b[e_b & (w_b > 0)]]))
    if event_times.size == 0:
        return 0.0, 1.0
    n_a = _weight_at_or_after(t_a, w_a, event_times)
    n_b = _weight_at_or_after(t_b, w_b, event_times)
    d_a = _weight_at(t_a[e_a], w_a[e_a], event_times)
    d_b = _weight_at(t_b[e_b], w_b[e_b], event_times)
    n, d = n_a + n_b, d_a + d_b
    with np.errstate(divide="ignore", invalid="ignore"):
        expected_a = d * n_a / n
        variance = np.where(n > 1, d * (n_a / n) * (1 - n_a / n) * (n - d) / (n - 1), 0.0)
    v = float(variance.sum())
    if v <= 0:
        return 0.0, 1.0
    statistic = float((d_a.sum() - expected_a.sum()) ** 2 / v)
    return statistic, float(chdtrc(1, statistic))


def _cumulative(values: np.ndarray, weights: np.ndarray):
    order = np.argsort(values, kind="stable")
    return values[order], np.concatenate([[0], np.cumsum(weights[order])])


def _weight_at_or_after(values: np.ndarray, weights: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Total weight of ``values >= g`` for each g of ``grid``."""
    ordered, cum = _cumulative(values, weights)
    return cum[-1] - cum[np.searchsorted(ordered, grid, side="left")]


def _weight_at(values: np.ndarray, weights: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Total weight of ``values == g`` for each g of ``grid``."""
    ordered, cum = _cumulative(values, weights)
    return cum[np.searchsorted(ordered, grid, side="right")] - cum[np.searchsorted(ordered, grid, side="left")]
