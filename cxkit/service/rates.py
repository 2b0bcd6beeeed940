"""Business rates: conversion rate, customer acquisition cost, average handle time.

``conversion_rate(converted, visitors)``
    converted / visitors (source [003]) in percent, with the
    Wilson score interval by default (Wilson 1927; Brown, Cai & DasGupta
    2001), treating visitors as independent trials.
``cac(spend, acquired)``
    acquisition spend / customers acquired (source 001). The spend is taken
    as known (no sampling error); the number acquired in the period is a
    Poisson count with mean ``lambda``, and the CAC one aims to estimate is
    ``spend / lambda``, the spend per customer the campaign is expected to
    bring. Because ``spend / lambda`` is decreasing in ``lambda``, the exact
    (Garwood 1936, Biometrika 28, 437-442) interval ``[lambda_low,
    lambda_high]`` of ``acquired`` maps to the exact interval
    ``[spend / lambda_high, spend / lambda_low]``. It reflects only the
    count's randomness; uncertainty in how the spend was attributed is not
    in it.
``average_handle_time(talk, hold, calls)``
    (total talk time + total hold time) / number of calls (source 000, where
    it is called "response time"). Two forms:

    * **totals** -- ``calls`` given: ``talk`` and ``hold`` are total times
      (scalars, or one total per row -- agent, day -- with ``calls`` per
      row, summed first). The value is the source's formula; no interval,
      since the spread of single calls is unknown from totals (``low`` and
      ``high`` are NaN and ``note`` says so).
    * **per call** -- ``calls=None``: ``talk`` and ``hold`` hold one time
      per call; the value is the mean handle time with a Student t interval
      (Student 1908), adequate for the mean of many calls even when single
      calls are skewed (central limit theorem; for small, very skewed
      samples prefer :func:`cxkit.stats.skewed.bca_mean_interval`).
"""

from __future__ import annotations

import numbers

import numpy as np

from ..errors import CxkitTypeError, CxkitValueError
from ..options import check_choice, check_confidence_level
from ..stats.mean import t_interval
from ..stats.proportion import SHARE_METHODS, proportion_interval
from ..stats.skewed import poisson_interval
from .durations import check_unit, durations, rows_text
from .result import ServiceEstimate


def _count(value, name: str, *, minimum: int = 0) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise CxkitTypeError(f"{name} must be a whole number >= {minimum}; got {type(value).__name__} {value!r}.")
    if not np.isfinite(value) or value != int(value) or value < minimum:
        raise CxkitValueError(f"{name} ({value!r}) must be a whole number >= {minimum}.")
    return int(value)


def conversion_rate(converted, visitors, *, confidence_level: float = 0.95, method: str = "wilson") -> ServiceEstimate:
    """Share of visitors who converted, in percent, with a Wilson interval by default.

    ``converted`` and ``visitors`` are counts (whole numbers, ``0 <= converted
    <= visitors``, ``visitors >= 1``). ``method``: ``"wilson"`` (default),
    ``"jeffreys"``, ``"clopper-pearson"``, ``"agresti-coull"`` or ``"wald"``.
    """
    converted = _count(converted, "converted")
    visitors = _count(visitors, "visitors", minimum=1)
    if converted > visitors:
        raise CxkitValueError(f"converted ({converted}) must be at most visitors ({visitors}).")
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    low, high = proportion_interval(converted, visitors, confidence_level=level, method=method)
    return ServiceEstimate(metric="conversion_rate", value=100.0 * converted / visitors, low=100.0 * float(low),
                           high=100.0 * float(high), n=visitors, method=method, confidence_level=level, unit="%",
                           details={"converted": converted})


def cac(spend, acquired, *, confidence_level: float = 0.95) -> ServiceEstimate:
    """Customer acquisition cost ``spend / acquired`` with the exact Poisson (Garwood) interval.

    ``spend`` is a known amount >= 0 (money of the period's acquisition
    effort); ``acquired`` the whole number (>= 1) of customers it brought.
    The interval is ``[spend / lambda_high, spend / lambda_low]`` where
    ``[lambda_low, lambda_high]`` is Garwood's exact interval for the
    Poisson mean of ``acquired`` (see the module docstring).
    """
    if isinstance(spend, (bool, np.bool_)) or not isinstance(spend, numbers.Real):
        raise CxkitTypeError(f"spend must be a number >= 0 (money); got {type(spend).__name__} {spend!r}.")
    if not np.isfinite(spend) or spend < 0:
        raise CxkitValueError(f"spend ({spend!r}) must be a finite number >= 0.")
    acquired = _count(acquired, "acquired")
    if acquired == 0:
        raise CxkitValueError("acquired (0) must be at least 1: with no customer acquired the cost per customer "
                              "is undefined (its upper bound is infinite).")
    level = check_confidence_level(confidence_level)
    lam_low, lam_high = poisson_interval(acquired, confidence_level=level)
    spend = float(spend)
    return ServiceEstimate(metric="cac", value=spend / acquired, low=spend / lam_high, high=spend / lam_low,
                           n=acquired, method="garwood exact poisson", confidence_level=level, unit="per customer",
                           note="spend taken as known; acquired customers as a Poisson count",
                           details={"spend": spend, "acquired": acquired})


def _times(values, unit, out_unit, name):
    return durations(values, unit, to=out_unit, name=name).values


def average_handle_time(talk, hold, calls=None, *, unit: str = "min", input_unit: str | None = None,
                        confidence_level: float = 0.95) -> ServiceEstimate:
    """Average handle time ``(talk + hold) / calls``, in ``unit``.

    Parameters
    ----------
    talk, hold : timedelta(s) or numbers
        Per call (``calls=None``): one talk and one hold time per call, same
        length. Totals (``calls`` given): total talk and hold times, scalars
        or one total per row matching ``calls``.
    calls : int, array of int or None
        Number of calls behind each total; None for per-call data.
    unit : {"min", "s", "h", "d"}
        Output unit.
    input_unit : {"s", "min", "h", "d"} or None
        Unit of plain numbers in ``talk`` and ``hold`` (not needed for timedeltas).

    Returns
    -------
    ServiceEstimate
        ``metric="average_handle_time"``; per call: ``n`` calls, ``method="t"``;
        totals: ``low``/``high`` NaN, ``method="none (totals)"``.
    """
    unit = check_unit(unit)
    level = check_confidence_level(confidence_level)
    talk_v = _times(talk, input_unit, unit, "talk")
    hold_v = _times(hold, input_unit, unit, "hold")
    if talk_v.shape != hold_v.shape:
        raise CxkitValueError(f"talk and hold must have the same length (one value per call or per row of "
                              f"totals); got {talk_v.size} and {hold_v.size}.")
    missing = np.isnan(talk_v) | np.isnan(hold_v)
    if missing.any():
        raise CxkitValueError(f"talk and hold must be given for every call or row; missing at "
                              f"{rows_text(np.flatnonzero(missing))}.")
    handle = talk_v + hold_v
    if calls is not None:
        counts = np.atleast_1d(np.asarray(calls, dtype=object))
        if counts.size != handle.size:
            raise CxkitValueError(f"calls must have one count per total (talk has {handle.size}); got {counts.size}.")
        counts = np.array([_count(c, "calls") for c in counts], dtype=np.int64)
        total_calls = int(counts.sum())
        if total_calls == 0:
            raise CxkitValueError("calls must add up to at least 1; got 0 calls.")
        empty = (counts == 0) & (handle > 0)
        if empty.any():
            raise CxkitValueError(f"calls is 0 where talk + hold is positive, at {rows_text(np.flatnonzero(empty))}.")
        value = float(handle.sum() / total_calls)
        return ServiceEstimate(metric="average_handle_time", value=value, low=np.nan, high=np.nan, n=total_calls,
                               method="none (totals)", confidence_level=level, unit=unit,
                               note="no interval from totals: give per-call talk and hold times for a t interval",
                               details={"form": "totals"})
    n = handle.size
    if n < 2:
        raise CxkitValueError(f"per-call data need at least 2 calls for an interval; got {n}. Pass totals with "
                              f"calls=... for the value alone.")
    mean, sd = float(handle.mean()), float(handle.std(ddof=1))
    low, high = t_interval(mean, sd, n, confidence_level=level)
    return ServiceEstimate(metric="average_handle_time", value=mean, low=float(low), high=float(high), n=n,
                           method="t", confidence_level=level, unit=unit, note="", details={"form": "per call",
                                                                                             "sd": sd})
