"""Charts of the monthly report as SVG, sized to read on a 390 px phone and on a laptop.

Each chart is 690 px wide at its natural size (as the report's PNG charts, 4.6 inches at 150 dpi): the page
lays them out in a grid, one per row on a phone and two per row on a wide screen, so tick labels (21.9 px, 10.5
pt) show at about 11.6 px on a 390 px phone and larger on a laptop. Every word on a chart (titles, legends,
month names, numbers with a decimal comma) is passed in by the report in its language. They are written as
SVG text (:mod:`cxkit.plotting.svg`): no matplotlib in the report's kernel, a few milliseconds a chart.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from .font_widths import text_width
from .readable import png_base64, wrap_label  # noqa: F401  (png_base64: reports import it from here)
from .svg import ASCENT, DESCENT, PX_PER_PT, SvgChart, _num, nice_ticks, wrap_to_width

COLOUR = "#2f5d8a"
TARGET_COLOUR = "#8a5a00"
MIX_COLOURS = ("#2e7d32", "#b0b7bf", "#c62828")  # promoters, passives, detractors
#: Natural size of a chart, px (4.6 x 3.0 inches at 150 dpi).
WIDTH, HEIGHT = 690.0, 450.0
TITLE_PX, TICK_PX, LEGEND_PX = 12 * PX_PER_PT, 10.5 * PX_PER_PT, 10 * PX_PER_PT
AXIS_COLOUR, GRID_COLOUR, TEXT_COLOUR = "#333333", "#d9d9d9", "#1a1a1a"
_TICK = 6.0  # tick mark length, px
_GAP = 0.12 * 150  # least room between two month labels: about a character
#: From the x axis to the top of its labels' boxes: below the box of the lowest y label, which is centred on
#: the axis (half of 1.17 em, 12.8 px), so the first month's label may reach left under it.
_LABEL_GAP = _TICK + 8


def _format(tick_format):
    return tick_format if tick_format is not None else (lambda v: _num(v))


def trend_chart(trend: pd.DataFrame, *, title: str, month_labels, band_label: str, tick_format=None,
                target: float | None = None, target_label: str = "", open_label: str = "") -> SvgChart:
    """Line of ``value`` with its shaded ``low``-``high`` band over the months of ``trend``, as SVG.

    ``month_labels``: one text per row (localised month names). Months
    without answers (NaN) leave a gap. A month whose median is beyond every
    wait observed (``value`` infinite: a first response time with fewer than
    half of the tickets answered) is drawn as an upward triangle at its lower
    bound, labelled ``open_label``; an infinite upper bound takes the band to
    the top of the chart. A month with an interval but no neighbouring month
    with one gets its interval as a bar (a band needs two months). A title too
    long for one line is wrapped. ``target``: a dashed line, labelled
    ``target_label``. The legend sits under the axes, never on the band.
    """
    missing = [c for c in ("value", "low", "high") if c not in trend.columns]
    if missing:
        raise CxkitValueError(f"trend lacks column(s) {missing}; it has {list(trend.columns)}.")
    month_labels = [str(label) for label in month_labels]
    if len(month_labels) != len(trend):
        raise CxkitValueError(f"month_labels has {len(month_labels)} entries; trend has {len(trend)} rows.")
    fmt = _format(tick_format)
    low, high, value = (trend[c].to_numpy(float) for c in ("low", "high", "value"))
    shown = np.concatenate([v[np.isfinite(v)] for v in (low, high, value)] + [np.array([])])
    has_target = target is not None and bool(pd.notna(target)) and math.isfinite(float(target))
    bounds = np.concatenate([shown, [float(target)] if has_target else []])
    if np.isinf(high).any() and shown.size:  # no upper bound: the band runs to the top of the chart
        top = shown.max() + 0.15 * max(shown.max() - shown.min(), abs(shown.max()) * 0.1, 1e-9)
        high = np.where(np.isinf(high), top, high)
        bounds = np.append(bounds, top)
    span = float(np.nanmax(trend["high"].astype(float)) - np.nanmin(trend["low"].astype(float))) \
        if trend[["low", "high"]].notna().any().all() else 0.0
    lowest, highest = (float(bounds.min()), float(bounds.max())) if bounds.size else (0.0, 1.0)
    flat = highest - lowest <= 1e-9 * max(abs(highest), abs(lowest), 1.0)  # one value, as far as a page shows
    margin = max(abs(highest) * 0.05, 0.5) if flat else 0.05 * (highest - lowest)
    y_low, y_high = lowest - margin, highest + margin  # matplotlib's 5 % margins: nothing drawn on the axes
    ticks, tick_texts, y_low, y_high = _y_ticks(y_low, y_high, fmt, integer=not math.isfinite(span) or span >= 4)

    chart = SvgChart(WIDTH, HEIGHT)
    legend = [(kind, text) for kind, text, shown_here in (
        ("band", band_label, True), ("open", open_label, bool(open_label) and bool((np.isinf(value) & np.isfinite(low)).any())),
        ("target", target_label, has_target and bool(target_label))) if shown_here and text]
    legend_rows = _legend_rows(legend, LEGEND_PX, WIDTH * 0.96)
    title_lines = wrap_to_width(title, TITLE_PX, WIDTH - 20)
    top = 10 + TITLE_PX * 1.2 * len(title_lines) + 16
    bottom = HEIGHT - 8 - len(legend_rows) * LEGEND_PX * 1.35 - 8 - (ASCENT + DESCENT) * TICK_PX - _LABEL_GAP
    left = 10 + max(text_width(t, TICK_PX) for t in tick_texts) + 4 + _TICK
    count = len(trend)
    last_half = text_width(month_labels[-1], TICK_PX) / 2 if count else 0.0
    right = WIDTH - 12
    pad = 0.05 * (right - left)
    right = min(right, WIDTH - 6 - last_half + pad)  # the report month's label inside the image

    def x_at(i):
        return (left + right) / 2 if count <= 1 else left + pad + i * (right - left - 2 * pad) / (count - 1)

    def y_at(v):
        return bottom - (v - y_low) / (y_high - y_low) * (bottom - top)

    for tick, text in zip(ticks, tick_texts):  # grid and y axis labels
        y = y_at(tick)
        chart.line(left, y, right, y, stroke=GRID_COLOUR, width=1, role="grid")
        chart.line(left - _TICK, y, left, y, stroke=AXIS_COLOUR, width=1.2)
        chart.text(left - _TICK - 4, y, text, size=TICK_PX, anchor="end", role="tick-y", baseline="middle")
    xs = np.array([x_at(i) for i in range(count)])
    banded = np.isfinite(low) & np.isfinite(high)
    for run in _runs(banded):  # the band: each stretch of neighbouring months with an interval
        if len(run) > 1:
            chart.polygon([(xs[i], y_at(high[i])) for i in run] + [(xs[i], y_at(low[i])) for i in run[::-1]],
                          fill=COLOUR, opacity=0.2, role="band")
    lone = isolated_points(trend)
    for i in np.flatnonzero(lone):  # a month alone: its interval as a bar
        chart.line(xs[i], y_at(low[i]), xs[i], y_at(high[i]), stroke=COLOUR, width=5 * PX_PER_PT, opacity=0.4,
                   role="interval-bar")
    if has_target:
        chart.line(left, y_at(float(target)), right, y_at(float(target)), stroke=TARGET_COLOUR,
                   width=1 * PX_PER_PT, dash="9,4", role="target")
    finite = np.isfinite(value)
    for run in _runs(finite):
        if len(run) > 1:
            chart.polyline([(xs[i], y_at(value[i])) for i in run], stroke=COLOUR, width=1.6 * PX_PER_PT, role="line")
    for i in np.flatnonzero(finite):
        chart.circle(xs[i], y_at(value[i]), 3.5 * PX_PER_PT / 2, fill=COLOUR, role="point")
    for i in np.flatnonzero(np.isinf(value) & np.isfinite(low)):
        chart.triangle(xs[i], y_at(low[i]), 7 * PX_PER_PT, fill=COLOUR, role="open")
    chart.line(left, top, left, bottom, stroke=AXIS_COLOUR, width=1.2, role="axis-y")  # left and bottom only
    chart.line(left, bottom, right, bottom, stroke=AXIS_COLOUR, width=1.2, role="axis-x")
    for i in _month_ticks(xs, month_labels):
        chart.line(xs[i], bottom, xs[i], bottom + _TICK, stroke=AXIS_COLOUR, width=1.2)
        chart.text(xs[i], bottom + _LABEL_GAP, month_labels[i], size=TICK_PX, anchor="middle", role="tick-x",
                   baseline="top")
    chart.text(10, 10, title_lines, size=TITLE_PX, role="title", baseline="top")
    _draw_legend(chart, legend_rows, HEIGHT - 8 - len(legend_rows) * LEGEND_PX * 1.35, LEGEND_PX)
    return chart


def _y_ticks(low: float, high: float, fmt, *, integer: bool) -> tuple[list[float], list[str], float, float]:
    """Round ticks inside ``low``..``high``, their texts and the axis' range: at least two ticks, no two texts
    alike (a whole-number format would print 3.5 as "4" beside 4: coarser steps then, down to two ticks; a
    flat series on such a format gets a wider axis)."""
    for _ in range(64):
        for most in range(6, 1, -1):
            for whole in dict.fromkeys((integer, False)):
                ticks = nice_ticks(low, high, most=most, integer=whole, within=True)
                texts = [fmt(t) for t in ticks]
                if len(ticks) >= 2 and len(set(texts)) == len(texts):
                    return ticks, texts, low, high
        centre, half = (low + high) / 2, high - low
        low, high = centre - half, centre + half
    raise CxkitValueError(f"tick_format gives the same text for every number (such as {texts[0]!r}); a chart "
                          f"axis needs a format that tells numbers apart.")


def _runs(mask: np.ndarray) -> list[list[int]]:
    """Stretches of consecutive True positions of ``mask``."""
    runs: list[list[int]] = []
    for i, on in enumerate(mask):
        if on and runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        elif on:
            runs.append([i])
    return runs


def _month_ticks(xs: np.ndarray, labels: list[str]) -> list[int]:
    """Positions to label: every month, or every second, third, ... counted back from the report month (always
    labelled), the smallest step whose labels leave a gap between them and stay inside the image."""
    count = len(xs)
    if count == 0:
        return []
    widths = np.array([text_width(label, TICK_PX) for label in labels])
    for step in range(1, count + 1):
        shown = list(range(count - 1, -1, -step))[::-1]
        left, right = xs[shown] - widths[shown] / 2, xs[shown] + widths[shown] / 2
        if np.all(left[1:] - right[:-1] >= _GAP) and left[0] >= 2:
            return shown
    return [count - 1]


def _legend_width(entry, size: float) -> float:
    return 28 + 8 + text_width(entry[1], size)


def _legend_rows(entries: list, size: float, room: float) -> list[list]:
    """Entries two to a row (one a row when a row would be wider than ``room``)."""
    if not entries:
        return []
    pairs = [entries[i:i + 2] for i in range(0, len(entries), 2)]
    if all(sum(_legend_width(e, size) for e in row) + 24 * (len(row) - 1) <= room for row in pairs):
        return pairs
    return [[entry] for entry in entries]


def _draw_legend(chart: SvgChart, rows: list, y0: float, size: float) -> None:
    for r, row in enumerate(rows):
        widths = [_legend_width(e, size) for e in row]
        x = (chart.width - sum(widths) - 24 * (len(row) - 1)) / 2
        middle = y0 + (r + 0.5) * size * 1.35
        for (kind, text), width in zip(row, widths):
            if kind == "band":
                chart.rect(x, middle - 7, 28, 14, fill=COLOUR, opacity=0.2)
            elif kind == "open":
                chart.triangle(x + 14, middle, 7 * PX_PER_PT, fill=COLOUR)
            elif kind == "target":
                chart.line(x, middle, x + 28, middle, stroke=TARGET_COLOUR, width=1 * PX_PER_PT, dash="9,4")
            else:  # a mix part: its colour
                chart.rect(x + 6, middle - 8, 16, 16, fill=kind)
            chart.text(x + 36, middle, text, size=size, role="legend", baseline="middle")
            x += width + 24


def isolated_points(trend: pd.DataFrame) -> np.ndarray:
    """Rows of ``trend`` with an interval but no neighbouring month with one: a shaded band cannot show them."""
    has = (trend["low"].notna() & trend["high"].notna() & trend["value"].notna()).to_numpy()
    before = np.concatenate([[False], has[:-1]])
    after = np.concatenate([has[1:], [False]])
    return has & ~before & ~after


#: Group names on the NPS-mix chart are broken into lines of at most this many characters: 18 characters of
#: 10.5 pt text take 1.3 to 1.9 of the chart's 4.6 inches (Cyrillic is wider), leaving the bars half of it or more.
MIX_LABEL_CHARS = 18
#: The group names' margin is at most this share of the chart's width; a longer word is broken to fit.
MIX_LABEL_SHARE = 0.45


def _group_lines(label: str) -> list[str]:
    """A group name in lines of at most MIX_LABEL_CHARS characters (at spaces), each line fitting the names'
    margin (a single longer word is cut into pieces rather than run off the image)."""
    room = WIDTH * MIX_LABEL_SHARE - 24
    return [piece for line in wrap_label(label, MIX_LABEL_CHARS).split("\n")
            for piece in wrap_to_width(line, TICK_PX, room)]


def mix_chart(mix: pd.DataFrame, *, group_labels, part_labels, xlabel: str, tick_format=None) -> SvgChart:
    """Horizontal stacked bars of ``promoters``, ``passives``, ``detractors`` (percent) per row of ``mix``, as SVG.

    Long group names (a names file can give any) are wrapped at spaces into lines of
    :data:`MIX_LABEL_CHARS` characters and the chart grows taller to hold them, so the names stay inside the
    image and the bars keep half of its width or more. The legend sits above the bars.
    """
    missing = [c for c in ("promoters", "passives", "detractors") if c not in mix.columns]
    if missing:
        raise CxkitValueError(f"mix lacks column(s) {missing}; it has {list(mix.columns)}.")
    group_labels = list(group_labels)
    if len(group_labels) != len(mix):
        raise CxkitValueError(f"group_labels has {len(group_labels)} entries; mix has {len(mix)} rows.")
    part_labels = [str(p) for p in part_labels]
    if len(part_labels) != 3:
        raise CxkitValueError(f"part_labels needs 3 texts (promoters, passives, detractors); got {len(part_labels)}.")
    fmt = _format(tick_format)
    names = [_group_lines(str(label)) for label in group_labels]
    most_lines = max((len(lines) for lines in names), default=1)
    row = (0.42 if most_lines == 1 else 0.2 + 0.2 * most_lines) * 150  # room for a wrapped name
    entries = list(zip(MIX_COLOURS, part_labels))
    legend_rows = _legend_rows_flow(entries, LEGEND_PX, WIDTH - 16)
    top = 8 + len(legend_rows) * LEGEND_PX * 1.35 + 10
    height = top + row * len(mix) + _LABEL_GAP + 2 * (ASCENT + DESCENT) * TICK_PX + 8 + 10
    chart = SvgChart(WIDTH, height)
    ticks = [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
    tick_texts = [fmt(t) for t in ticks]
    widest = max((text_width(line, TICK_PX) for lines in names for line in lines), default=0.0)
    left = min(widest + 24, WIDTH * MIX_LABEL_SHARE)
    right = WIDTH - text_width(tick_texts[-1], TICK_PX) / 2 - 9
    bottom = top + row * len(mix)

    def x_at(v):
        return left + v / 100 * (right - left)

    for i, lines in enumerate(names):
        centre = top + (i + 0.5) * row
        shares = [float(mix[column].iloc[i]) for column in ("promoters", "passives", "detractors")]
        start = 0.0
        for column, colour, share in zip(("promoters", "passives", "detractors"), MIX_COLOURS, shares):
            if not all(math.isfinite(v) for v in shares):  # a group without NPS answers: no bar at all
                break
            end = min(start + max(share, 0.0), 100.0)  # the axis ends at 100 %, as the bars' total does
            if end > start:
                chart.rect(x_at(start), centre - 0.35 * row, x_at(end) - x_at(start), 0.7 * row, fill=colour,
                           role=f"bar-{column}")
            start = end
        chart.line(left - _TICK, centre, left, centre, stroke=AXIS_COLOUR, width=1.2)
        chart.text(left - _TICK - 4, centre, lines, size=TICK_PX, anchor="end", role="tick-y", baseline="middle")
    chart.line(left, top, left, bottom, stroke=AXIS_COLOUR, width=1.2, role="axis-y")
    chart.line(left, bottom, right, bottom, stroke=AXIS_COLOUR, width=1.2, role="axis-x")
    for tick, text in zip(ticks, tick_texts):
        chart.line(x_at(tick), bottom, x_at(tick), bottom + _TICK, stroke=AXIS_COLOUR, width=1.2)
        chart.text(x_at(tick), bottom + _LABEL_GAP, text, size=TICK_PX, anchor="middle", role="tick-x", baseline="top")
    chart.text((left + right) / 2, bottom + _LABEL_GAP + (ASCENT + DESCENT) * TICK_PX + 8, str(xlabel), size=TICK_PX,
               anchor="middle",
               role="axis-label", baseline="top")
    _draw_legend(chart, legend_rows, 8, LEGEND_PX)
    return chart


def _legend_rows_flow(entries: list, size: float, room: float) -> list[list]:
    """All entries on one row when they fit ``room``, else as few rows as fit (in order)."""
    rows: list[list] = []
    for entry in entries:
        if rows and sum(_legend_width(e, size) for e in rows[-1] + [entry]) + 24 * len(rows[-1]) <= room:
            rows[-1].append(entry)
        else:
            rows.append([entry])
    return rows
