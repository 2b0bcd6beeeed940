"""Journey charts: funnel, touchpoint scorecard, emotion curve and flow diagram (matplotlib only).

Each takes the table of the matching :mod:`cxkit.journey` function and returns
the matplotlib Axes. Every text on the chart comes from ``labels`` (a dict
merged over the English defaults, so a report can pass Russian text) or from
the data's stage and touchpoint names. Texts that would collide are left out
(flow node labels of thin nodes) or placed apart (one row per bar).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path

from ..errors import CxkitTypeError, CxkitValueError
from .readable import literal_chart, literal_text, wrap_label

BLUE, RED, GREY = "#4C72B0", "#C44E52", "#8C8C8C"

FUNNEL_LABELS = {"title": "", "ylabel": "customers reaching the stage, % of the first stage",
                 "conversion": "{conversion:.0f}% of previous", "drop_off": "drop-off {drop_off:.0f}%",
                 "reached": "n = {reached}"}
SCORECARD_LABELS = {"title": "", "xlabel": "mean rating", "overall": "journey overall {overall:.2f}",
                    "pain_point": "pain point", "other": "touchpoint"}
EMOTION_LABELS = {"title": "", "ylabel": "mean rating", "band": "interval", "line": "mean"}
FLOW_LABELS = {"title": "", "start": "start", "end": "exit", "step": "step {step}"}


def _labels(defaults, labels):
    if labels is None:
        return dict(defaults)
    if not isinstance(labels, dict):
        raise CxkitTypeError(f"labels must be a dict of texts (keys {sorted(defaults)}); got {type(labels).__name__}.")
    unknown = sorted(set(labels) - set(defaults))
    if unknown:
        raise CxkitValueError(f"labels has unknown key(s) {unknown}; allowed: {sorted(defaults)}.")
    return {**defaults, **labels}


def _require(table, columns, what):
    if not isinstance(table, pd.DataFrame):
        raise CxkitTypeError(f"{what} must be the DataFrame cxkit.journey returns; got {type(table).__name__}.")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CxkitValueError(f"{what} lacks column(s) {missing}; it has {list(table.columns)}.")


def _axes(ax, size):
    if ax is None:
        _fig, ax = plt.subplots(figsize=size)
    return ax


def _grouped(value: int) -> str:
    return f"{value:,}"


@literal_chart
def plot_funnel(funnel: pd.DataFrame, *, labels=None, ax=None, number=None, orientation: str = "vertical"):
    """Bars of each stage's share of the first stage, with Wilson error bars; conversion and drop-off labelled.

    ``funnel``: the table of :func:`cxkit.journey.funnel` for one group
    (filter a ``by`` table first). ``number``: how a count is written
    (default ``1,234``; a Russian page passes Babel's ``1 234``).
    ``orientation``: ``"vertical"`` (one column per stage, for a wide
    screen) or ``"horizontal"`` (one row per stage: its name and count
    above the bar, conversion and drop-off under it, every text on its own
    line, so a narrow chart keeps large text on a phone).
    """
    number = _grouped if number is None else number
    if orientation not in ("vertical", "horizontal"):
        raise CxkitValueError(f"orientation must be 'vertical' or 'horizontal'; got {orientation!r}.")
    _require(funnel, ["stage", "reached", "from_start", "from_start_low", "from_start_high", "conversion",
                      "drop_off"], "funnel")
    if funnel["stage"].duplicated().any():
        raise CxkitValueError("funnel has several rows per stage (a by table): plot one group at a time, e.g. "
                              "table[table.segment == 'new'].")
    text = _labels(FUNNEL_LABELS, labels)
    if orientation == "horizontal":
        return literal_text(_funnel_rows(funnel, text, ax, number))
    ax = _axes(ax, (max(6.0, 1.5 * len(funnel)), 4.2))
    x = np.arange(len(funnel))
    value = funnel["from_start"].to_numpy(dtype=float)
    err = np.vstack([value - funnel["from_start_low"].to_numpy(dtype=float),
                     funnel["from_start_high"].to_numpy(dtype=float) - value])
    ax.bar(x, value, color=BLUE, alpha=0.85, width=0.6)
    ax.errorbar(x, value, yerr=err, fmt="none", ecolor="black", capsize=4, linewidth=1)
    top = funnel["from_start_high"].to_numpy(dtype=float)
    for i, row in enumerate(funnel.itertuples(index=False)):
        lines = [text["reached"].format(reached=number(int(row.reached)))]
        if i > 0:
            lines += [text["conversion"].format(conversion=row.conversion),
                      text["drop_off"].format(drop_off=row.drop_off)]
        ax.text(i, top[i] + 2.0, "\n".join(lines), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels(funnel["stage"].astype(str), rotation=20 if len(funnel) > 5 else 0, ha="center")
    ax.set_ylim(0, 135)
    ax.set_ylabel(text["ylabel"])
    if text["title"]:
        ax.set_title(text["title"])
    ax.grid(axis="y", alpha=0.3)
    ax.figure.tight_layout()
    return literal_text(ax)


def _funnel_rows(funnel, text, ax, number):
    """The horizontal funnel: per stage a row of name and count, the bar with its interval, then the rates."""
    ax = _axes(ax, (4.6, 0.8 * len(funnel) + 0.9))
    value = funnel["from_start"].to_numpy(dtype=float)
    err = np.vstack([value - funnel["from_start_low"].to_numpy(dtype=float),
                     funnel["from_start_high"].to_numpy(dtype=float) - value])
    y = -np.arange(len(funnel), dtype=float)  # one unit per stage, first on top
    ax.barh(y, value, height=0.26, color=BLUE, alpha=0.85)
    ax.errorbar(value, y, xerr=np.clip(np.nan_to_num(err), 0, None), fmt="none", ecolor="black", capsize=3,
                linewidth=1)
    for i, row in enumerate(funnel.itertuples(index=False)):
        ax.text(0, y[i] + 0.17, str(row.stage), ha="left", va="bottom", fontweight="bold")
        ax.text(100, y[i] + 0.17, text["reached"].format(reached=number(int(row.reached))), ha="right",
                va="bottom")
        if i > 0:
            ax.text(0, y[i] - 0.17, text["conversion"].format(conversion=row.conversion) + " · "
                    + text["drop_off"].format(drop_off=row.drop_off), ha="left", va="top")
    ax.set_xlim(0, 104)
    ax.set_ylim(y[-1] - 0.75, 0.62)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(wrap_label(text["ylabel"], 48))
    if text["title"]:
        ax.set_title(text["title"])
    ax.grid(axis="x", alpha=0.3)
    ax.figure.tight_layout()
    return ax


@literal_chart
def plot_scorecard(scorecard: pd.DataFrame, *, by="touchpoint", labels=None, ax=None):
    """Mean rating per touchpoint with its interval, ranked (best on top), pain points in red."""
    _require(scorecard, [by, "mean", "low", "high", "pain_point", "rank"], "scorecard")
    text = _labels(SCORECARD_LABELS, labels)
    table = scorecard.sort_values("rank", kind="stable").reset_index(drop=True)
    ax = _axes(ax, (7.5, 0.38 * len(table) + 1.6))
    y = np.arange(len(table))[::-1]
    mean = table["mean"].to_numpy(dtype=float)
    colours = np.where(table["pain_point"].to_numpy(dtype=bool), RED, BLUE)
    err = np.vstack([mean - table["low"].to_numpy(dtype=float), table["high"].to_numpy(dtype=float) - mean])
    for colour, name in ((BLUE, text["other"]), (RED, text["pain_point"])):
        pick = colours == colour
        if pick.any():
            ax.errorbar(mean[pick], y[pick], xerr=err[:, pick], fmt="o", color=colour, capsize=3, label=name)
    overall = scorecard.attrs.get("overall_mean")
    if overall is not None:
        ax.axvline(overall, color=GREY, linestyle="--", linewidth=1,
                   label=text["overall"].format(overall=overall))
    ax.set_yticks(y)
    ax.set_yticklabels([wrap_label(v, 20) for v in table[by].astype(str)])  # long names: lines, not cut off
    ax.set_xlabel(text["xlabel"])
    if text["title"]:
        ax.set_title(text["title"], pad=56)
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower left", frameon=False, bbox_to_anchor=(0.0, 1.0), ncol=1)  # one per line: fits a phone
    ax.figure.tight_layout()
    return literal_text(ax)


@literal_chart
def plot_emotion_curve(curve: pd.DataFrame, *, labels=None, ax=None):
    """The mean rating by stage in journey order, with its interval as a band (gaps where a stage has no ratings)."""
    _require(curve, ["stage", "mean", "low", "high"], "curve")
    if curve["stage"].duplicated().any():
        raise CxkitValueError("curve has several rows per stage (a by table): plot one group at a time.")
    text = _labels(EMOTION_LABELS, labels)
    ax = _axes(ax, (max(6.0, 1.4 * len(curve)), 3.6))
    x = np.arange(len(curve))
    ax.fill_between(x, curve["low"].astype(float), curve["high"].astype(float), color=BLUE, alpha=0.25,
                    linewidth=0, label=text["band"])
    ax.plot(x, curve["mean"].astype(float), marker="o", color=BLUE, label=text["line"])
    ax.set_xticks(x)
    names = curve["stage"].astype(str).tolist()
    ax.set_xticklabels(names)
    ax.set_ylabel(text["ylabel"])
    if text["title"]:
        ax.set_title(text["title"])
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False)
    ax.figure.tight_layout()
    _stagger_if_crowded(ax, names)
    return literal_text(ax)


def _stagger_if_crowded(ax, names):
    """Put every second x label one line lower when the labels are wider than the space between ticks
    (a narrow phone chart), so none overlaps and none is shrunk or slanted."""
    fig = ax.figure
    slot = ax.get_position().width * fig.get_size_inches()[0] / max(len(names) - 1, 1)  # inches between ticks
    size = ax.xaxis.get_ticklabels()[0].get_fontsize() if len(ax.xaxis.get_ticklabels()) else 10.0
    widest = max((len(n) for n in names), default=0) * 0.62 * size / 72.0  # a generous average glyph width
    if widest > 0.95 * slot:
        ax.set_xticklabels([("\n" + n) if i % 2 else n for i, n in enumerate(names)])
        fig.tight_layout()


def _band(ax, x0, y0, x1, y1, height, colour, place=lambda c, p: (c, p)):
    """A link of constant ``height`` from (x0, y0..y0+h) to (x1, y1..y1+h), as cubic Bezier edges.

    Coordinates are (step, position); ``place`` maps them onto the axes (identity: steps left to right).
    """
    mid = (x0 + x1) / 2.0
    vertices = [(x0, y0), (mid, y0), (mid, y1), (x1, y1), (x1, y1 + height), (mid, y1 + height),
                (mid, y0 + height), (x0, y0 + height), (x0, y0)]
    codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO, Path.CURVE4, Path.CURVE4,
             Path.CURVE4, Path.CLOSEPOLY]
    ax.add_patch(PathPatch(Path([place(c, p) for c, p in vertices], codes), facecolor=colour, edgecolor="none",
                           alpha=0.35))


@literal_chart
def plot_flow(transitions: pd.DataFrame, *, labels=None, ax=None, min_count: int = 1, node_width: float = 0.12,
              gap: float = 0.03, number=None, direction: str = "right"):
    """A Sankey-like flow diagram of :func:`cxkit.journey.transitions` with ``by_step=True``.

    Each column is a step of the paths; a revisit (``purchase > interest``)
    goes to the *next* column, so loops never break the layout. Node height
    is proportional to customers; links thinner than ``min_count`` are left
    out; a node's name is written only where it is tall enough to hold it.
    ``direction``: ``"right"`` (steps from left to right, for a wide
    screen) or ``"down"`` (steps from top to bottom, one row each, so ten
    steps fit a phone's width; a node's name and count are written under it,
    only where they fit within the node's width).
    """
    from ..journey.flows import END, START

    if direction not in ("right", "down"):
        raise CxkitValueError(f"direction must be 'right' or 'down'; got {direction!r}.")
    _require(transitions, ["step", "from_stage", "to_stage", "count"], "transitions (by_step=True)")
    text = _labels(FLOW_LABELS, labels)
    table = transitions[transitions["count"] >= min_count]
    if table.empty:
        raise CxkitValueError(f"no transition has at least min_count ({min_count}) customers.")
    stages = list(transitions.attrs.get("stages") or pd.unique(table["to_stage"][table["to_stage"] != END]))
    order = {s: i for i, s in enumerate([START] + stages + [END])}
    inflow, outflow = {}, {}
    for row in table.itertuples(index=False):
        source, target = (int(row.step), row.from_stage), (int(row.step) + 1, row.to_stage)
        outflow[source] = outflow.get(source, 0) + row.count
        inflow[target] = inflow.get(target, 0) + row.count
    nodes = sorted(set(inflow) | set(outflow), key=lambda n: (n[0], order.get(n[1], len(order))))
    size = {n: max(inflow.get(n, 0), outflow.get(n, 0)) for n in nodes}
    total = max(sum(size[n] for n in nodes if n[0] == c) for c in {n[0] for n in nodes})
    scale = 1.0 / total
    columns = sorted({n[0] for n in nodes})
    down = direction == "down"
    place = (lambda c, p: (1.0 - p, -c)) if down else (lambda c, p: (c, p))
    ax = _axes(ax, (4.6, 0.62 * len(columns) + 1.2) if down else (max(7.0, 1.6 * len(columns)), 5.0))
    y = {}
    for c in columns:
        top = 1.0
        for n in [n for n in nodes if n[0] == c]:
            height = size[n] * scale
            y[n] = top - height
            top = y[n] - gap
    colours = {s: plt.cm.tab10(i % 10) for i, s in enumerate(stages)}
    colours[START], colours[END] = GREY, GREY
    out_used = {n: 0.0 for n in nodes}
    in_used = {n: 0.0 for n in nodes}
    ranked = table.assign(_o=table["to_stage"].map(order)).sort_values(["step", "_o"], kind="stable")
    for row in ranked.itertuples(index=False):
        source, target = (int(row.step), row.from_stage), (int(row.step) + 1, row.to_stage)
        height = row.count * scale
        y0 = y[source] + size[source] * scale - out_used[source] - height
        y1 = y[target] + size[target] * scale - in_used[target] - height
        out_used[source] += height
        in_used[target] += height
        _band(ax, source[0] + node_width / 2, y0, target[0] - node_width / 2, y1, height, colours[row.to_stage],
              place)
    min_text = 0.06
    written = []
    for n in nodes:
        height = size[n] * scale
        (ax0, ay0), (ax1, ay1) = place(n[0] - node_width / 2, y[n]), place(n[0] + node_width / 2, y[n] + height)
        ax.add_patch(Rectangle((min(ax0, ax1), min(ay0, ay1)), abs(ax1 - ax0), abs(ay1 - ay0),
                               facecolor=colours[n[1]], edgecolor="black", linewidth=0.5))
        name = text["start"] if n[1] == START else text["end"] if n[1] == END else str(n[1])
        count = (number or _grouped)(int(size[n]))
        if down:
            label = ax.text((ax0 + ax1) / 2, -n[0] - node_width / 2 - 0.04, f"{name} {count}", ha="center",
                            va="top", bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 0.5})
            written.append((label, abs(ax1 - ax0)))
        elif height >= min_text:
            ax.text(n[0] + node_width / 2 + 0.02, y[n] + height / 2, f"{name}\n{count}", va="center",
                    ha="left", fontsize=7)
    step_labels = [text["step"].format(step=c) for c in columns]
    for side in ("right", "top") + (("bottom",) if down else ("left",)):
        ax.spines[side].set_visible(False)
    if text["title"]:
        ax.set_title(text["title"])
    if down:
        ax.set_xlim(-0.01, 1.01)
        ax.set_ylim(-columns[-1] - 0.55, -columns[0] + node_width)
        ax.set_yticks([-c for c in columns])
        ax.set_yticklabels(step_labels)
        ax.set_xticks([])
        shown = [s for s in stages if any(n[1] == s for n in nodes)]
        keys = [Rectangle((0, 0), 1, 1, facecolor=colours[s], edgecolor="black", linewidth=0.5) for s in shown]
        keys.append(Rectangle((0, 0), 1, 1, facecolor=GREY, edgecolor="black", linewidth=0.5))
        ax.legend(keys, [str(s) for s in shown] + [text["end"]], loc="upper center", bbox_to_anchor=(0.5, 0.0),
                  ncol=3, frameon=False)  # names every colour, also of nodes too thin to write on
        ax.figure.tight_layout()
        _keep_fitting_labels(ax, written)
    else:
        ax.set_xlim(columns[0] - 0.3, columns[-1] + 0.8)
        ax.set_ylim(min(y.values()) - 0.02, 1.02)
        ax.set_xticks(columns)
        ax.set_xticklabels(step_labels, fontsize=8)
        ax.set_yticks([])
        ax.figure.tight_layout()
    return literal_text(ax)


def _keep_fitting_labels(ax, written):
    """Remove each node label wider than its node (in display pixels), so labels never run into each other."""
    renderer = ax.figure.canvas.get_renderer() if hasattr(ax.figure.canvas, "get_renderer") else None
    per_unit = abs(ax.transData.transform((1.0, 0.0))[0] - ax.transData.transform((0.0, 0.0))[0])
    for label, width in written:
        if label.get_window_extent(renderer).width > width * per_unit:
            label.remove()
