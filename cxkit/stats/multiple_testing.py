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
and stay NaN.
"""

from __future__ import annotations

import numpy as np

from ..options import check_choice

ADJUSTMENTS = ("holm", "bh", "none")


def adjust_p_values(p_values, *, method: str = "holm") -> np.ndarray:
    """Adjusted p-values, in the input order."""
    method = check_choice("adjust", method, ADJUSTMENTS)
    p = np.asarray(p_values, dtype=float)
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
