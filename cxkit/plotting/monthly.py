"""Charts of the monthly report, sized to read on a 390 px phone and on a laptop.

Each chart is small (4.6 x 3.0 inches, 690 px wide at 150 dpi): the page lays them out in a grid,
one per row on a phone and two per row on a wide screen, so tick labels (10.5 pt,
about 22 px in the image) show at about 11 px on a 390 px phone and larger on a laptop. Every word on a chart (axis labels,
legends, month names, numbers with a decimal comma) is passed in by the
report in its language.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.text import Text
from matplotlib.figure import Figure  # no pyplot: no GUI backend to resolve, no global figure list
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..errors import CxkitValueError
from .readable import literal_chart, literal_text, png_base64, wrap_label  # noqa: F401  (png_base64: reports import it)

COLOUR = "#2f5d8a"
MIX_COLOURS = ("#2e7d32", "#b0b7bf", "#c62828")  # promoters, passives, detractors
FIGSIZE = (4.6, 3.0)
_STYLE = {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 10.5,
          "ytick.labelsize": 10.5, "legend.fontsize": 10, "axes.spines.top": False, "axes.spines.right": False}


@literal_chart
def trend_figure(trend: pd.DataFrame, *, title: str, month_labels, band_label: str, tick_format=None,
                 target: float | None = None, target_label: str = "", open_label: str = ""):
    """Line of ``value`` with its shaded ``low``-``high`` band over the months of ``trend``.

    ``month_labels``: one text per row (localised month names). Months
    without answers (NaN) leave a gap. A month whose median is beyond every
    wait observed (``value`` infinite: a first response time with fewer than
    half of the tickets answered) is drawn as an upward triangle at its lower
    bound, labelled ``open_label``; an infinite upper bound takes the band to
    the top of the chart. A title too long for one line is wrapped onto two.
    Returns the matplotlib Figure.
    """
    missing = [c for c in ("value", "low", "high") if c not in trend.columns]
    if missing:
        raise CxkitValueError(f"trend lacks column(s) {missing}; it has {list(trend.columns)}.")
    month_labels = list(month_labels)
    if len(month_labels) != len(trend):
        raise CxkitValueError(f"month_labels has {len(month_labels)} entries; trend has {len(trend)} rows.")
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=FIGSIZE)
        ax = fig.subplots()
        x = np.arange(len(trend))
        low, high, value = (trend[c].to_numpy(float) for c in ("low", "high", "value"))
        shown = np.concatenate([v[np.isfinite(v)] for v in (low, high, value)] + [[]])
        if np.isinf(high).any() and shown.size:  # no upper bound: the band runs to the top of the chart
            top = shown.max() + 0.15 * max(shown.max() - shown.min(), abs(shown.max()) * 0.1, 1e-9)
            high = np.where(np.isinf(high), top, high)
        ax.fill_between(x, low, high, color=COLOUR, alpha=0.2, linewidth=0, label=band_label)
        ax.plot(x, np.where(np.isinf(value), np.nan, value), color=COLOUR, marker="o", markersize=3.5,
                linewidth=1.6)
        beyond = np.isinf(value) & np.isfinite(low)
        if beyond.any():
            ax.plot(x[beyond], low[beyond], linestyle="none", marker="^", markersize=7, color=COLOUR,
                    label=open_label or None)
        if not (np.isfinite(value[0]) and np.isfinite(value[-1])):  # every month keeps its place on the axis
            pad = 0.05 * max(len(x) - 1, 1)
            ax.set_xlim(x[0] - pad, x[-1] + pad)
        lone = isolated_points(trend)
        if lone.any():  # a band needs two neighbouring months: a month alone gets its interval as an error bar
            value, low, high = (trend[c].to_numpy(float)[lone] for c in ("value", "low", "high"))
            ax.errorbar(x[lone], value, yerr=np.vstack([value - low, high - value]), fmt="none", ecolor=COLOUR,
                        alpha=0.4, elinewidth=5, capsize=0)
        if target is not None and not np.isnan(target):
            ax.axhline(target, color="#8a5a00", linewidth=1, linestyle="--", label=target_label)
        _month_ticks(fig, ax, x, month_labels)
        span = float(np.nanmax(trend["high"].astype(float)) - np.nanmin(trend["low"].astype(float))) \
            if trend[["low", "high"]].notna().any().all() else 0.0
        # Whole-number ticks over a wide range: a formatter without decimals would print 77.5 as "78".
        ax.yaxis.set_major_locator(MaxNLocator(5, integer=span >= 4))
        if tick_format is not None:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: tick_format(v)))
        heading = ax.set_title(title, loc="left")
        lines = _fit_title(fig, heading)
        ax.grid(axis="y", alpha=0.3)
        # Under the axes, never on the band or the line (a legend inside hid part of the band).
        handles, names = ax.get_legend_handles_labels()
        legend = fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False)
        rows = 1
        if len(names) > 1 and legend.get_window_extent(fig.canvas.get_renderer()).width > 0.96 * fig.bbox.width:
            legend.remove()  # too wide for one row (a long label, or three of them): one entry a row
            fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=1, frameon=False)
            rows = len(names)
        # fixed margins: tight_layout costs a draw; a two-line title takes more of the top, a taller legend more
        # of the bottom
        fig.subplots_adjust(left=0.12, right=0.95, top=0.89 if lines == 1 else 0.82, bottom=0.22 + 0.075 * (rows - 1))
    return literal_text(fig)


def _fit_title(fig, heading) -> int:
    """Wrap a left-aligned axes title that would run past the figure's right edge onto two lines (at spaces);
    returns its number of lines."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = (fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)).get_renderer()
    text = heading.get_text()
    room = fig.bbox.width * 0.97 - heading.get_window_extent(renderer).x0
    if heading.get_window_extent(renderer).width <= room:
        return 1
    words = text.split(" ")
    for cut in range(len(words) - 1, 0, -1):  # the longest first line that fits
        heading.set_text(" ".join(words[:cut]))
        if heading.get_window_extent(renderer).width <= room:
            heading.set_text(" ".join(words[:cut]) + "\n" + " ".join(words[cut:]))
            return 2
    heading.set_text(text)
    return 1


def _month_ticks(fig, ax, x, month_labels) -> None:
    """Label every second, third, ... month counted back from the report month (always labelled): the
    smallest step whose labels ("Sep 2026", "сент. 2026") leave a gap between them at the chart's width.

    Each label's width is measured once with the Agg renderer (the one that draws the PNG) and set around
    its tick's position, as matplotlib centres x tick labels; no trial drawing of the whole figure.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = (fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)).get_renderer()
    fig.subplots_adjust(left=0.12, right=0.95)
    font = ax.xaxis.get_major_ticks()[0].label1.get_fontproperties()  # the tick labels' own font
    widths = np.array([Text(text=label, fontproperties=font, figure=fig).get_window_extent(renderer).width
                       if label else 0.0 for label in month_labels])
    ax.get_xlim()  # the view limits from the data, as the draw will have them
    centres = ax.transData.transform(np.column_stack([x, np.zeros(len(x))]))[:, 0]
    gap = 0.12 * fig.dpi  # about a character
    step = 2
    for step in range(2, max(len(x), 2) + 1):
        shown = x[::-step][::-1]
        left, right = centres[shown] - widths[shown] / 2, centres[shown] + widths[shown] / 2
        if np.all(left[1:] - right[:-1] >= gap):
            break
    shown = x[::-step][::-1]
    ax.set_xticks(shown)
    ax.set_xticklabels([month_labels[i] for i in shown], rotation=0)


def isolated_points(trend: pd.DataFrame) -> np.ndarray:
    """Rows of ``trend`` with an interval but no neighbouring month with one: a shaded band cannot show them."""
    has = (trend["low"].notna() & trend["high"].notna() & trend["value"].notna()).to_numpy()
    before = np.concatenate([[False], has[:-1]])
    after = np.concatenate([has[1:], [False]])
    return has & ~before & ~after


#: Group names on the NPS-mix chart are broken into lines of at most this many characters: 18 characters of
#: 10.5 pt text take 1.3 to 1.9 of the chart's 4.6 inches (Cyrillic is wider), leaving the bars half of it or more.
MIX_LABEL_CHARS = 18


@literal_chart
def mix_figure(mix: pd.DataFrame, *, group_labels, part_labels, xlabel: str, tick_format=None):
    """Horizontal stacked bars of ``promoters``, ``passives``, ``detractors`` (percent) per row of ``mix``.

    Long group names (a names file can give any) are wrapped at spaces into lines of
    :data:`MIX_LABEL_CHARS` characters and the chart grows taller to hold them, so the names stay inside the
    image and the bars keep half of its width or more.
    """
    missing = [c for c in ("promoters", "passives", "detractors") if c not in mix.columns]
    if missing:
        raise CxkitValueError(f"mix lacks column(s) {missing}; it has {list(mix.columns)}.")
    group_labels = [wrap_label(label, MIX_LABEL_CHARS) for label in group_labels]
    if len(group_labels) != len(mix):
        raise CxkitValueError(f"group_labels has {len(group_labels)} entries; mix has {len(mix)} rows.")
    lines = [label.count("\n") + 1 for label in group_labels]
    row_height = 0.42 if max(lines, default=1) == 1 else 0.2 + 0.2 * max(lines)  # room for a wrapped name
    height = 1.1 + row_height * len(mix)
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=(FIGSIZE[0], height))
        ax = fig.subplots()
        y = np.arange(len(mix))[::-1]
        left = np.zeros(len(mix))
        for column, colour, label in zip(("promoters", "passives", "detractors"), MIX_COLOURS, part_labels):
            values = mix[column].to_numpy(float)
            ax.barh(y, values, left=left, color=colour, label=label, height=0.7)
            left += values
        ax.set_yticks(y)
        ax.set_yticklabels(group_labels)
        ax.set_xlim(0, 100)
        if tick_format is not None:
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: tick_format(v)))
        ax.set_xlabel(xlabel)
        # Above the bars, centred on the figure (not the axes, which long group names push right), so the
        # three 10 pt entries stay inside a 690 px image.
        fig.legend(*ax.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=3,
                   frameon=False, fontsize=10, handlelength=1, columnspacing=0.6, handletextpad=0.3)
        bottom = 0.62 / height  # the x tick labels and the axis title
        fig.subplots_adjust(left=0.3, right=0.96, bottom=bottom, top=1 - 0.36 / height)
        # The left margin from the widest drawn name (measured, not guessed from its length) plus the tick.
        fig.draw_without_rendering()
        widest = max((t.get_window_extent().width for t in ax.get_yticklabels()), default=0.0) / fig.dpi
        fig.subplots_adjust(left=min(widest + 0.16, FIGSIZE[0] * 0.45) / FIGSIZE[0])
        # The right margin holds half of the last tick label ("100 %" is centred on the axes' right end).
        last = max((t.get_window_extent().width for t in ax.get_xticklabels() if t.get_text()), default=0.0)
        fig.subplots_adjust(right=1 - (last / 2 / fig.dpi + 0.06) / FIGSIZE[0])
    return literal_text(fig)
