"""Adjusting p-values across the rows of one comparison table.

- ``"holm"`` (default): Holm's step-down method, controls the family-wise
  error rate under any dependence. Holm, S. (1979). A simple sequentially
  rejective multiple test procedure. Scand. J. Statistics 6, 65-70.
- ``"bh"``: Benjamini-Hochberg step-up, controls the false discovery rate
  (independent or positively dependent tests). Benjamini, Y. & Hochberg, Y.
  (1995). JRSS B 57, 289-300.
- ``"none"``: the raw p-values.

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
