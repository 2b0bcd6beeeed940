"""Adjusting p-values across the rows of one comparison table.

- ``"holm"`` (default): Holm's step-down method, controls the family-wise
  error rate under any dependence. Holm, S. (1979). A simple sequentially
  rejective multiple test procedure. Scand. J. Statistics 6, 65-70.
- ``"bh"``: Benjamini-Hochberg step-up, controls the false discovery rate
  (independent or positively dependent tests). Benjamini, Y. & Hochberg, Y.
  (1995). JRSS B 57, 289-300.
- ``"none"``: the raw p-values.

:func:`adjust_point_nulls` is Holm's method with Shaffer's (1986) logical
constraint, for rows that test point nulls of a few parameters (a metric
against several published values or thresholds).

Both equal ``statsmodels.stats.multitest.multipletests`` (``holm``,
``fdr_bh``). NaN p-values (rows without answers) are left out of the family
and stay NaN. Any other value outside 0..1 (a negative p-value, one above 1,
an infinity) is a caller's bug, not a row to adjust: it raises, as does an
input that is not one-dimensional (a table's rows are one family).
"""

from __future__ import annotations

import numpy as np

from ..options import check_choice
from ..errors import CxkitTypeError, CxkitValueError

ADJUSTMENTS = ("holm", "bh", "none")


def adjust_p_values(p_values, *, method: str = "holm") -> np.ndarray:
    """Adjusted p-values, in the input order."""
    method = check_choice("adjust", method, ADJUSTMENTS)
    p = _check_p_values(p_values)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    family = p[ok]
    m = family.size
    if m == 0 or method == "none":
        out[ok] = family
        return out
    order = np.argsort(family, kind="stable")
    ranked = family[order]
    if method == "holm":
        adjusted = np.maximum.accumulate((m - np.arange(m)) * ranked)
    else:
        adjusted = np.minimum.accumulate((m / np.arange(m, 0, -1) * ranked[::-1]))[::-1]
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    out[ok] = result
    return out


def adjust_point_nulls(p_values, *, parameters, values) -> np.ndarray:
    """Holm's step-down with Shaffer's logical constraint, for rows that each test a point null "parameter = value".

    Several values of one parameter cannot all be true: a company's NPS equals at most one of 30, 32 and 45.
    Rows with the same parameter and value test the same null (the same p-value). Shaffer's method S2 rejects
    the j-th smallest p-value when it, and every smaller one, is at most alpha / t_j, where t_j is the largest
    number of nulls that can be true given that the j - 1 specific nulls before it are false: here, the number
    of parameters with a null among the rest. (Method S1 uses the largest number over any j - 1 rejections,
    min(parameters, m - j + 1): never smaller, so S2 rejects at least as much.) It controls the family-wise
    error rate under any dependence, as Holm's method does (a first false rejection needs a true null's p-value
    at most alpha / t, t at least the number of true nulls: Bonferroni over them), and is never less powerful.
    One parameter: no adjustment (t = 1); every parameter once: Holm's method.

    Shaffer, J. P. (1986). Modified sequentially rejective multiple test procedures. J. American Statistical
    Association 81, 826-831 (method S2). Adjusted p-values as in Westfall, P. H. & Young, S. S. (1993),
    Resampling-Based Multiple Testing, section 2.7: the running maximum of min(1, t_j p_(j)).

    NaN p-values are left out and stay NaN, as in :func:`adjust_p_values`.
    """
    p = _check_p_values(p_values)
    keys = list(zip(parameters, values))
    if len(keys) != p.size:
        raise CxkitValueError(f"parameters and values must give one (parameter, value) per p-value; got "
                              f"{len(keys)} pairs for {p.size} p-values.")
    out = np.full(p.shape, np.nan)
    distinct: dict = {}  # (parameter, value) -> its p-value
    for key, value in zip(keys, p):
        if np.isnan(value):
            continue
        if key in distinct and distinct[key] != value:
            raise CxkitValueError(f"the rows testing {key[0]!r} = {key[1]!r} have different p-values "
                                  f"({distinct[key]!r} and {float(value)!r}); one null has one p-value.")
        distinct[key] = float(value)
    if not distinct:
        return out
    ranked = sorted(distinct, key=distinct.get)
    left = {}  # parameter -> how many of its nulls are not yet passed
    for parameter, _value in ranked:
        left[parameter] = left.get(parameter, 0) + 1
    adjusted, running = {}, 0.0
    for parameter, value in ranked:
        t = sum(1 for count in left.values() if count > 0)
        running = max(running, min(1.0, t * distinct[(parameter, value)]))
        adjusted[(parameter, value)] = running
        left[parameter] -= 1
    for i, (key, value) in enumerate(zip(keys, p)):
        if not np.isnan(value):
            out[i] = adjusted[key]
    return out


def _check_p_values(p_values) -> np.ndarray:
    """A 1-D float array of p-values in 0..1 or NaN."""
    try:
        p = np.asarray(p_values, dtype=float)
    except (TypeError, ValueError):
        raise CxkitTypeError(
            f"p_values must be a one-dimensional sequence of numbers from 0 to 1 (NaN for rows "
            f"without answers); got {p_values!r} of type {type(p_values).__name__}."
        ) from None
    if p.ndim != 1:
        raise CxkitValueError(
            f"p_values must be one-dimensional (one p-value per row of the table); "
            f"got an array of shape {p.shape}."
        )
    bad = ~np.isnan(p) & ~((p >= 0.0) & (p <= 1.0))
    if bad.any():
        examples = ", ".join(repr(float(v)) for v in p[bad][:3])
        raise CxkitValueError(
            f"p_values must be from 0 to 1, or NaN for rows without answers; "
            f"{int(bad.sum())} are not (e.g. {examples})."
        )
    return p
