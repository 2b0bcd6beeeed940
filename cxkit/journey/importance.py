"""Importance-performance analysis: where to act among the key drivers.

Martilla, J. A. & James, J. C. (1977). Importance-performance analysis.
*Journal of Marketing* 41(1), 77-79. Each driver is placed by its importance
(its share of R² from :func:`~cxkit.journey.drivers.key_drivers`) and its
performance (the current score of that touchpoint), and the plane is cut into
four quadrants:

===================  =====================  ================================
quadrant             importance             performance
===================  =====================  ================================
``"key strength"``   at or above the line   at or above the line (keep it up)
``"priority"``       at or above the line   below the line (fix first)
``"maintain"``       below the line         at or above the line
``"secondary"``      below the line         below the line
===================  =====================  ================================

A quadrant placed by two point estimates can be an accident of sampling, so
each driver also gets ``quadrant_certain``: True when its importance interval
and its performance interval each lie wholly on one side of their line (the
lines taken as given), False when either interval crosses its line: the
driver could belong to a neighbouring quadrant. The same rule as everywhere
else in cxkit -- a verdict only where the interval allows one.

Lines (``threshold``): ``"mean"`` (default) puts the importance line at the
mean share, which is the equal split ``100 / k``, and the performance line at
the mean of the drivers' scores; ``"median"`` uses the medians. Both are
common in the IPA literature (Bacon 2003, *International Journal of Market
Research* 45(1), 55-71, compares them).

Performance is measured on every respondent who rated the driver (not only
those the listwise key-driver model used): the mean rating with a Student t
interval (``performance="mean"``) or the top-box share in percent with a
Wilson interval (``performance="top-box"``, the ``top`` highest answers of
``scale``). With survey weights: the weighted mean with its Taylor-linearised
standard error (:mod:`cxkit.stats.weighting`), or the weighted share with a
Wilson interval on Kish's effective sample size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from ..errors import CxkitValueError
from ..inputs.weights import check_weights
from ..options import check_choice, check_confidence_level, check_positive_int, check_scale
from ..stats import proportion_interval, t_interval
from ..tables import engines
from .drivers import numeric_column, key_drivers

PERFORMANCE = ("mean", "top-box")
THRESHOLDS = ("mean", "median")
QUADRANTS = ("key strength", "priority", "maintain", "secondary")
COLUMNS = ("driver", "importance", "importance_low", "importance_high", "performance", "performance_low",
           "performance_high", "n", "quadrant")


def _performance(values, weights, kind, scale, top, cl):
    answered = ~np.isnan(values)
    x, w = values[answered], (np.ones(answered.sum()) if weights is None else weights[answered])
    n = int(answered.sum())
    if n == 0:
        return np.nan, np.nan, np.nan, 0
    if kind == "top-box":
        x = (x > scale[1] - top).astype(float)
    total = w.sum()
    value = float(w @ x / total)
    if kind == "top-box":
        n_eff = total**2 / (w @ w) if weights is not None else n
        low, high = proportion_interval(value * n_eff, n_eff, confidence_level=cl)
        return 100 * value, 100 * float(low), 100 * float(high), n
    if weights is None:
        low, high = t_interval(value, np.std(x, ddof=1) if n > 1 else np.nan, n, confidence_level=cl)
        return value, float(low), float(high), n
    if n < 2:
        return value, np.nan, np.nan, n
    se = np.sqrt(n / (n - 1) * np.sum(w**2 * (x - value) ** 2) / total**2)
    half = -stdtrit(n - 1, (1 - cl) / 2) * se
    return value, value - half, value + half, n


def importance_performance(data, *, outcome, drivers, performance: str = "mean", scale=(1, 5), top: int = 2,
                           threshold: str = "mean", confidence_level: float = 0.95, weights=None,
                           drivers_table: pd.DataFrame | None = None, **key_driver_options) -> pd.DataFrame:
    """Importance (share of R²) x performance (current score) per driver, with quadrants.

    Parameters
    ----------
    data, outcome, drivers, weights, confidence_level
        As for :func:`~cxkit.journey.drivers.key_drivers`.
    performance : {"mean", "top-box"}
        The mean rating, or the share of the ``top`` highest answers of ``scale``.
    scale : (lowest, highest), default (1, 5)
        The drivers' rating scale (for ``"top-box"``; every answer must lie on it).
    threshold : {"mean", "median"}
        Where the quadrant lines are (see the module docstring).
    drivers_table : DataFrame, optional
        A :func:`key_drivers` result to reuse (else it is computed with
        ``**key_driver_options``: method, n_resamples, missing, rng).

    Returns
    -------
    DataFrame
        ``driver, importance, importance_low, importance_high, performance,
        performance_low, performance_high, n, quadrant, quadrant_certain``
        (see the module docstring); importance in percent
        of R², performance on the rating scale (mean) or in percent (top-box),
        ``n`` the respondents who rated the driver. ``attrs``: ``importance_line``,
        ``performance_line``, ``threshold``, ``performance_kind`` and the key-driver attrs.
    """
    kind = check_choice("performance", performance, PERFORMANCE)
    threshold = check_choice("threshold", threshold, THRESHOLDS)
    cl = check_confidence_level(confidence_level)
    scale = check_scale(scale)
    top = check_positive_int("top", top)
    if top >= scale[1] - scale[0] + 1:
        raise CxkitValueError(f"top ({top}) must be from 1 to {scale[1] - scale[0]} for the {scale[0]}-{scale[1]} "
                              f"scale (how many of the highest answers count).")
    if drivers_table is None:
        drivers_table = key_drivers(data, outcome=outcome, drivers=drivers, weights=weights,
                                    confidence_level=cl, **key_driver_options)
    names = list(drivers_table["driver"])
    frame = data if isinstance(data, pd.DataFrame) else engines.local_frame(
        data, list(drivers) + ([weights] if isinstance(weights, str) else []))
    w = check_weights(weights, frame)
    rows = []
    for driver, original in zip(names, drivers):
        values = numeric_column(frame, original, "driver")
        if kind == "top-box":
            answered = values[~np.isnan(values)]
            off = answered[(answered < scale[0]) | (answered > scale[1]) | (answered != np.round(answered))]
            if off.size:
                raise CxkitValueError(f"driver column {original!r} has {off.size} answers off the {scale[0]}-"
                                      f"{scale[1]} scale (e.g. {off[:5].tolist()}); pass its scale=(lowest, "
                                      f"highest), or use performance='mean'.")
        rows.append(_performance(values, w, kind, scale, top, cl))
    out = pd.DataFrame({
        "driver": names,
        "importance": drivers_table["share"].to_numpy(dtype=float),
        "importance_low": drivers_table["low"].to_numpy(dtype=float),
        "importance_high": drivers_table["high"].to_numpy(dtype=float),
        "performance": [r[0] for r in rows], "performance_low": [r[1] for r in rows],
        "performance_high": [r[2] for r in rows], "n": [r[3] for r in rows],
    })
    centre = np.nanmean if threshold == "mean" else np.nanmedian
    importance_line, performance_line = float(centre(out["importance"])), float(centre(out["performance"]))
    important = out["importance"] >= importance_line
    good = out["performance"] >= performance_line
    out["quadrant"] = np.select([important & good, important & ~good, ~important & good],
                                list(QUADRANTS[:3]), QUADRANTS[3])
    out["quadrant_certain"] = (_one_side(out["importance_low"], out["importance_high"], importance_line)
                               & _one_side(out["performance_low"], out["performance_high"], performance_line))
    out.attrs.update(drivers_table.attrs, importance_line=importance_line, performance_line=performance_line,
                     threshold=threshold, performance_kind=kind,
                     performance_unit="percent" if kind == "top-box" else "scale")
    return out


def _one_side(low: pd.Series, high: pd.Series, line: float) -> np.ndarray:
    """Whether each interval lies wholly at or above ``line``, or wholly below it (no interval: False)."""
    low, high = low.to_numpy(dtype=float), high.to_numpy(dtype=float)
    return (low >= line) | (high < line)
