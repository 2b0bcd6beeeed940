"""Charts of key-driver analysis: driver shares with intervals, and the importance-performance map.

Both take the tidy tables of :mod:`cxkit.journey.drivers` and
:mod:`cxkit.journey.importance` and return a matplotlib Figure. Every word on
a chart comes from ``labels`` (a dict merged over :data:`LABELS`), so a report
in another language passes its own words, e.g. ``labels={"importance": "Важность,
% R²", "priority": "приоритет"}``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from .readable import literal_chart, literal_text, wrap_label

LABELS = {
    "share": "share of R² (%)", "importance": "importance (% of R²)", "performance": "performance",
    "shares_title": "Key drivers", "map_title": "Importance and performance",
    "key strength": "key strength", "priority": "priority", "maintain": "maintain", "secondary": "secondary",
    "uncertain": "open marker: an interval crosses a line",
}
_COLOURS = {"key strength": "#2E7D32", "priority": "#C62828", "maintain": "#1565C0", "secondary": "#757575"}


def _words(labels) -> dict:
    if labels is None:
        return dict(LABELS)
    if not isinstance(labels, dict):
        raise CxkitTypeError(f"labels must be a dict of words (keys {', '.join(map(repr, LABELS))}); "
                             f"got {type(labels).__name__}.")
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        raise CxkitValueError(f"labels has unknown key(s) {', '.join(map(repr, unknown))}; the keys are "
                              f"{', '.join(map(repr, LABELS))}.")
    return {**LABELS, **labels}


def _require(table, columns, name):
    if not isinstance(table, pd.DataFrame):
        raise CxkitTypeError(f"{name} must be a DataFrame; got {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CxkitValueError(f"{name} lacks column(s) {missing}; it has {list(map(str, table.columns))}.")


@literal_chart
def plot_driver_shares(table: pd.DataFrame, *, labels=None, ax=None):
    """Horizontal bars of each driver's share of R², largest on top, with interval whiskers."""
    _require(table, ("driver", "share", "low", "high"), "table")
    words = _words(labels)
    ordered = table.sort_values("share")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 0.45 * len(ordered) + 1.5))
    y = np.arange(len(ordered))
    share = ordered["share"].to_numpy(float)
    low, high = ordered["low"].to_numpy(float), ordered["high"].to_numpy(float)
    ax.barh(y, share, color="#4C72B0", alpha=0.85)
    # Whiskers from low to high as lines, not error bars: a percentile bootstrap interval of a share near 0
    # can lie wholly above the estimate (a biased statistic), which error bars cannot draw.
    shown = ~(np.isnan(low) | np.isnan(high))
    ax.hlines(y[shown], low[shown], high[shown], color="black", linewidth=1.2)
    for edge in (low, high):
        ax.plot(edge[shown], y[shown], "|", color="black", markersize=8)
    ax.set_yticks(y)
    ax.set_yticklabels([wrap_label(v, 20) for v in ordered["driver"].astype(str)])  # long names: lines
    ax.set_xlabel(words["share"])
    ax.set_title(words["shares_title"])
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return literal_text(ax).figure


def _spread_labels(ax, xs, ys, texts, *, steps=200):
    """Place text labels near their points, pushed apart (in display pixels) until none overlap."""
    import matplotlib as mpl

    transform = ax.transData
    points = transform.transform(np.column_stack([xs, ys]))
    positions = points + np.array([6.0, 6.0])
    em = mpl.rcParams["font.size"] * ax.figure.dpi / 72.0  # label size in display pixels, from the font in use
    texts = [wrap_label(t, 16) for t in texts]  # long names on lines of their own
    sizes = np.array([[0.62 * em * max(map(len, t.splitlines())) + 4, 1.45 * em * len(t.splitlines())]
                      for t in texts])
    for _ in range(steps):
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                dx = positions[j, 0] - positions[i, 0]
                dy = positions[j, 1] - positions[i, 1]
                overlap_x = (sizes[i, 0] + sizes[j, 0]) / 2 - abs(dx)
                overlap_y = (sizes[i, 1] + sizes[j, 1]) / 2 - abs(dy)
                if overlap_x > 0 and overlap_y > 0:
                    push = np.array([0.0, (overlap_y / 2 + 1) * (1 if dy >= 0 else -1)])
                    positions[j] += push
                    positions[i] -= push
                    moved = True
        if not moved:
            break
    # Labels start right of their point; one that would run past the axes' right edge ends there instead.
    box = ax.bbox
    positions[:, 0] = np.maximum(np.minimum(positions[:, 0], box.x1 - sizes[:, 0]), box.x0)
    inverse = transform.inverted()
    for (x, y), position, text in zip(np.column_stack([xs, ys]), positions, texts):
        tx, ty = inverse.transform(position)
        ax.annotate(text, (x, y), xytext=(tx, ty), textcoords="data",
                    arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.6})


@literal_chart
def plot_importance_performance(table: pd.DataFrame, *, labels=None, ax=None):
    """Drivers as points (importance x performance) with interval bars, quadrant lines and labels.

    ``table`` is an :func:`~cxkit.journey.importance.importance_performance`
    result; the lines are its ``attrs["importance_line"]`` and
    ``attrs["performance_line"]``, and each point is coloured by its quadrant;
    an open marker where ``quadrant_certain`` is False (an interval crosses a line).
    """
    _require(table, ("driver", "importance", "importance_low", "importance_high", "performance",
                     "performance_low", "performance_high", "quadrant"), "table")
    words = _words(labels)
    if ax is None:
        _fig, ax = plt.subplots(figsize=(8, 6))
    x, y = table["performance"].to_numpy(float), table["importance"].to_numpy(float)
    xerr = np.vstack([x - table["performance_low"].to_numpy(float), table["performance_high"].to_numpy(float) - x])
    yerr = np.vstack([y - table["importance_low"].to_numpy(float), table["importance_high"].to_numpy(float) - y])
    certain = (table["quadrant_certain"].to_numpy(dtype=bool) if "quadrant_certain" in table.columns
               else np.ones(len(table), dtype=bool))
    for quadrant, colour in _COLOURS.items():
        rows = (table["quadrant"] == quadrant).to_numpy()
        for sure in (True, False):  # open markers where an interval crosses a line (the quadrant is not certain)
            pick = rows & (certain == sure)
            if pick.any():
                ax.errorbar(x[pick], y[pick], xerr=np.clip(np.nan_to_num(xerr[:, pick]), 0, None),
                            yerr=np.clip(np.nan_to_num(yerr[:, pick]), 0, None), fmt="o", color=colour,
                            ecolor=colour, elinewidth=0.8, capsize=2, markerfacecolor=colour if sure else "white",
                            label=words[quadrant] if sure or not (rows & certain).any() else None)
    if not certain.all():
        ax.plot([], [], "o", color="grey", markerfacecolor="white", label=words["uncertain"])
    importance_line = table.attrs.get("importance_line", float(np.nanmean(y)))
    performance_line = table.attrs.get("performance_line", float(np.nanmean(x)))
    ax.axhline(importance_line, color="grey", linestyle="--", linewidth=0.8)
    ax.axvline(performance_line, color="grey", linestyle="--", linewidth=0.8)
    ax.set_xlabel(words["performance"])
    ax.set_ylabel(words["importance"])
    ax.set_title(words["map_title"])
    ax.grid(alpha=0.3)
    ax.figure.tight_layout()
    ax.figure.canvas.draw()
    # The legend goes under the x axis label: inside the axes it covered points and the tops of error bars.
    below = ax.transAxes.inverted().transform(ax.xaxis.get_tightbbox().get_points())[0, 1]
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, below - 0.02), ncol=1, frameon=False,
              handletextpad=0.4, columnspacing=1.2)
    ax.figure.tight_layout()
    ax.figure.canvas.draw()
    _spread_labels(ax, x, y, table["driver"].astype(str).tolist())
    return literal_text(ax).figure
