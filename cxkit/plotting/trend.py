"""Charts for notebooks and reports (matplotlib, imported only here)."""

from __future__ import annotations

from ..errors import CxkitValueError
from .readable import literal_chart, literal_text

import numpy as np
import pandas as pd


@literal_chart
def plot_trend(trend: pd.DataFrame, *, title: str = "", ylabel: str = "NPS", x: str = "month",
               reference_lines=(0.0,), ax=None):
    """Line of ``value`` over ``x`` with a shaded ``low``-``high`` interval band.

    Months without answers (NaN) leave a gap rather than a misleading line.
    Returns the matplotlib Axes.
    """
    missing = [c for c in (x, "value", "low", "high") if c not in trend.columns]
    if missing:
        raise CxkitValueError(f"trend lacks column(s) {missing}; it has {list(trend.columns)}.")
    if ax is None:
        import matplotlib.pyplot as plt  # only when drawing into a new notebook figure

        _fig, ax = plt.subplots(figsize=(9, 3.6))
    positions = np.arange(len(trend))
    ax.fill_between(positions, trend["low"].astype(float), trend["high"].astype(float),
                    alpha=0.25, color="#4C72B0", linewidth=0, label="interval")
    ax.plot(positions, trend["value"].astype(float), marker="o", color="#4C72B0", label=ylabel)
    for line in reference_lines:
        ax.axhline(line, color="grey", linewidth=0.8, linestyle="--")
    ax.set_xticks(positions)
    ax.set_xticklabels(trend[x].astype(str), rotation=45, ha="right")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return literal_text(ax)
