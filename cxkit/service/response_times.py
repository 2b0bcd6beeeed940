"""First response time: how long customers wait for the first answer, with an interval.

The source's formula (source [004]) is the total time to the
first answer divided by the number of requests: the mean
(``statistic="mean"``). Waiting times are right-skewed (a few tickets wait
days), so the median is the default summary and the mean's interval is not
the symmetric t interval.

==================  ==================  =====================================================
statistic           method              interval
==================  ==================  =====================================================
``"median"``        ``"exact"``         order statistics ``[x_(r), x_(n-r+1)]`` with binomial
                    (default)           ``r``: exact and distribution-free, conservative
                                        (Conover 1999, sect. 3.2; Hahn & Meeker 1991, sect. 5.2)
``"median"``        ``"kaplan-meier"``  chosen automatically when tickets are unanswered:
                                        Kaplan-Meier median, Brookmeyer-Crowley interval from
                                        Greenwood log-log bands (:mod:`cxkit.stats.survival`)
``"mean"``          ``"bca"``           BCa bootstrap of the mean (Efron 1987)
                    (default)
``"mean"``          ``"cox"``           modified Cox interval assuming log-normal times
                                        (Olsson 2005, J. Statistics Education 13(1)); the
                                        value is then the log-normal estimate
                                        ``exp(mean log + var log / 2)``, the sample mean is in
                                        ``details["sample_mean"]``
``"geometric-mean"`` ``"t-log"``        t interval of the mean of log times, exponentiated
``"restricted-mean"`` ``"kaplan-meier"`` mean wait within ``horizon``, the area under the
                                        Kaplan-Meier curve up to it, with the Klein &
                                        Moeschberger (2003, sect. 4.5) variance; works with
                                        unanswered tickets (censored)
==================  ==================  =====================================================

Unanswered tickets are censored at ``now``, never dropped (dropping them
would make the wait look shorter than it is). The median then comes from the
Kaplan-Meier curve; a mean or geometric mean cannot be estimated without
assuming how long the censored tickets will still wait, so they are refused;
the restricted mean (``statistic="restricted-mean"``, ``horizon="48h"``) is
the mean that can: the average wait counted up to the horizon ("of the
first 48 hours, how many did a customer spend waiting"), with every ticket,
answered or not.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..errors import CxkitValueError, SmallSampleWarning
from ..metrics.estimate import user_stacklevel
from ..metrics.registry import SMALL_SAMPLE_SIZE
from ..options import check_choice, check_confidence_level, check_positive_int
from ..stats.medians import (MIN_N_KAPLAN_MEIER, MIN_N_ORDER_STATISTICS, interval_standard_error,
                             median_standard_error)
from ..stats.skewed import bca_mean_interval, cox_interval, geometric_mean_interval, median_interval
from ..stats.survival import kaplan_meier, median_survival, restricted_mean
from .durations import UNIT_SECONDS, check_unit, parse_within, ticket_times
from .result import ServiceEstimate

STATISTICS = ("median", "mean", "geometric-mean", "restricted-mean")
#: Interval methods of each statistic, the default first.
METHODS = {"median": ("exact", "kaplan-meier"), "mean": ("bca", "cox"), "geometric-mean": ("t-log",),
           "restricted-mean": ("kaplan-meier",)}
_METHOD_NAMES = {"exact": "exact order-statistic (binomial)", "kaplan-meier": "kaplan-meier (Brookmeyer-Crowley)",
                 "bca": "bca bootstrap", "cox": "modified cox (log-normal)", "t-log": "t on log scale"}


def first_response_time(tickets, *, created="created_at", first_response="first_response_at",
                        statistic: str = "median", unit: str = "h", confidence_level: float = 0.95,
                        method: str | None = None, n_resamples: int = 10_000, rng=None,
                        now=None, horizon=None) -> ServiceEstimate:
    """Time from a ticket's creation to its first answer: median, mean or geometric mean, with an interval.

    Parameters
    ----------
    tickets : DataFrame of any supported engine
        One row per ticket (request). A lazy frame (DuckDB, Polars lazy,
        Dask, PySpark) is checked and measured in its engine, which returns
        each distinct wait with its count (:mod:`cxkit.service.engine`).
    created, first_response : str
        Columns of ``datetime64`` times; ``first_response`` is NaT for a
        ticket not answered yet.
    statistic : {"median", "mean", "geometric-mean", "restricted-mean"}
        ``"mean"`` is the source's total wait / number of requests;
        ``"restricted-mean"`` the mean wait counted up to ``horizon``, which
        unanswered tickets do not prevent.
    unit : {"h", "min", "s", "d"}
        Unit of ``value``, ``low`` and ``high``.
    method : str or None
        None picks the default of the statistic (table in the module
        docstring): ``"exact"`` for the median (``"kaplan-meier"`` when some
        tickets are unanswered), ``"bca"`` for the mean, ``"t-log"`` for the
        geometric mean. ``"cox"`` gives the modified Cox interval of a
        log-normal mean.
    n_resamples, rng
        Bootstrap resamples and random source (``"bca"`` only).
    now : Timestamp, datetime or numpy datetime64, optional
        When the data were taken; required if some tickets are unanswered
        (they are censored at ``now``).
    horizon : str or timedelta
        Only for ``"restricted-mean"`` (and required there): ``"48h"``,
        ``"2d"`` or a pandas Timedelta.

    Returns
    -------
    ServiceEstimate
        ``metric="first_response_time"``; ``n`` tickets (answered and
        censored), ``n_censored`` unanswered ones; ``details`` hold
        ``n_answered`` and, for the exact median interval, the
        ``achieved_confidence_level`` (>= the level asked for). A median
        also has ``se``, its standard error for comparing medians
        (:func:`cxkit.stats.medians.median_difference`): McKean-Schrader from
        two order statistics, or read back from the Kaplan-Meier median's
        interval; NaN below 10 tickets (20 with unanswered ones) or for an
        infinite bound. When fewer than half are answered, the median is
        ``inf`` and its interval starts at the longest wait observed.

    Raises
    ------
    CxkitTypeError
        Time columns that are not ``datetime64`` (text is never parsed), ``now`` that is not a time.
    CxkitValueError
        Unknown statistic, method or unit; a response before its ticket was
        created (naming the rows); unanswered tickets without ``now``;
        ``now`` before a ticket's creation; a mean with censored tickets; a
        zero wait with the log-scale methods; fewer than two tickets for a
        mean.
    """
    statistic = check_choice("statistic", statistic, STATISTICS)
    unit = check_unit(unit)
    level = check_confidence_level(confidence_level)
    if method is not None:
        check_choice(f"method for statistic={statistic!r}", method, METHODS[statistic])
    if statistic == "restricted-mean":
        if horizon is None:
            raise CxkitValueError("statistic='restricted-mean' needs horizon=, the time up to which waits are "
                                  "averaged, such as '48h' or '7d'.")
        tau = parse_within(horizon, name="horizon") / np.timedelta64(1, "s") / UNIT_SECONDS[unit]
    elif horizon is not None:
        raise CxkitValueError(f"horizon ({horizon!r}) applies only to statistic='restricted-mean'; got "
                              f"statistic={statistic!r}.")
    times = ticket_times(tickets, created=created, first_response=first_response, now=now)
    censored_rows = times.rows(~times.answered)
    zero_rows = times.rows(times.seconds <= 0)
    times = times.expanded()
    values = times.seconds / UNIT_SECONDS[unit]
    n, n_censored = len(values), int((~times.answered).sum())
    common = dict(metric="first_response_time", n=n, confidence_level=level, unit=unit, statistic=statistic,
                  n_censored=n_censored)
    details = {"n_answered": n - n_censored}

    if statistic == "restricted-mean":
        longest = float(values.max())
        if tau > longest:
            raise CxkitValueError(
                f"horizon ({horizon!r}, {tau:g} {unit}) is beyond the longest wait observed ({longest:g} {unit}): "
                f"the Kaplan-Meier curve says nothing about later times, so the mean up to the horizon would be "
                f"extrapolated. Choose a horizon of at most {longest:g} {unit} (as survRM2 requires).")
        curve = kaplan_meier(values, times.answered, confidence_level=level)
        value, se, low, high = restricted_mean(curve, tau, confidence_level=level)
        details.update(horizon=tau, se=se)
        note = f"mean wait counted up to {tau:g} {unit} (waits longer than that count as {tau:g} {unit})"
        return ServiceEstimate(value=value, low=low, high=high, method="kaplan-meier restricted mean",
                               note=note, details=details, **common)
    if n_censored:
        if statistic != "median":
            raise CxkitValueError(
                f"statistic={statistic!r} cannot be estimated while {n_censored} of {n} tickets are not answered "
                f"yet ({censored_rows}): their wait is only known to exceed "
                f"now - created. Use statistic='median' (Kaplan-Meier, which uses them as censored), "
                f"statistic='restricted-mean' with a horizon, or wait until they are answered; dropping them would "
                f"understate the wait."
            )
        if method == "exact":
            raise CxkitValueError(
                f"method='exact' needs every ticket answered, but {n_censored} are not; use method=None or "
                f"'kaplan-meier', which keeps the unanswered tickets as censored."
            )
        method = "kaplan-meier"
    method = METHODS[statistic][0] if method is None else method

    if method == "kaplan-meier":
        curve = kaplan_meier(values, times.answered, confidence_level=level)
        value, low, high = median_survival(curve)
        if not np.isfinite(low):  # the lower band stays above 1/2 up to the longest wait: the median is beyond it
            low = float(values.max())
        details["se"] = (interval_standard_error(low, high, confidence_level=level) if n >= MIN_N_KAPLAN_MEIER
                         else np.nan)  # for a change of medians (none below the size that keeps its test honest)
        note = "" if np.isfinite(high) else ("the upper bound is infinite: the curve's upper band does not fall "
                                             "to 1/2 before the last observed time")
        if not np.isfinite(value):
            note = "fewer than half of the tickets are answered: the median is beyond the longest wait observed"
        return ServiceEstimate(value=value, low=low, high=high, method=_METHOD_NAMES[method], note=note,
                               details=details, **common)

    if method == "exact":
        value, low, high, achieved = median_interval(values, confidence_level=level, lowest=0.0)
        note = ""
        if not np.isfinite(high):
            note = (f"with n={n} no order statistics bound the median at {level:g}: the interval is [0, inf)")
            warnings.warn(f"first_response_time: only {n} tickets; {note}.", SmallSampleWarning,
                          stacklevel=user_stacklevel())
        details["achieved_confidence_level"] = achieved
        details["se"] = (median_standard_error(values) if n >= MIN_N_ORDER_STATISTICS
                         else np.nan)  # for a change of medians (none below the size that keeps its test honest)
        return ServiceEstimate(value=value, low=low, high=high, method=_METHOD_NAMES[method], note=note,
                               details=details, **common)

    if n < 2:
        raise CxkitValueError(f"statistic={statistic!r} needs at least 2 tickets for an interval; got {n}. "
                              f"Use statistic='median' for very small samples.")
    if method in ("cox", "t-log"):
        zero = values <= 0
        if zero.any():
            raise CxkitValueError(
                f"method={method!r} works on log times, so every wait must be > 0; it is 0 in "
                f"{zero_rows}. Use statistic='median' or the mean with method='bca'."
            )
        if method == "cox":
            value, low, high = cox_interval(values, confidence_level=level)
            details["sample_mean"] = float(values.mean())
            note = "value is the log-normal estimate exp(mean log + var log / 2); assumes log-normal times"
        else:
            value, low, high = geometric_mean_interval(values, confidence_level=level)
            note = "geometric mean: exp(mean of log times)"
        return ServiceEstimate(value=value, low=low, high=high, method=_METHOD_NAMES[method], note=note,
                               details=details, **common)

    n_resamples = check_positive_int("n_resamples", n_resamples, minimum=100)
    value, low, high = bca_mean_interval(values, confidence_level=level, n_resamples=n_resamples, rng=rng)
    note = ""
    if low == high:
        note = "every wait is equal: the bootstrap interval has zero width, which is not certainty"
        warnings.warn(f"first_response_time: {note}.", SmallSampleWarning, stacklevel=user_stacklevel())
    elif n < SMALL_SAMPLE_SIZE:
        note = (f"only {n} tickets: the BCa interval of a skewed mean is approximate and tends to be too "
                f"narrow; the median's exact interval holds at any n")
        warnings.warn(f"first_response_time: {note}.", SmallSampleWarning, stacklevel=user_stacklevel())
    details["n_resamples"] = n_resamples
    return ServiceEstimate(value=value, low=low, high=high, method=_METHOD_NAMES[method], note=note,
                           details=details, **common)
