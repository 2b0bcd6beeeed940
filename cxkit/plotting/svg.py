"""Charts written as SVG text: the small drawing layer of the monthly report's charts (no matplotlib).

A report chart is a few dozen shapes and texts. Writing them as SVG takes
milliseconds where matplotlib takes a third of a second to import and a
twentieth of a second per PNG, and the result is sharper: vector text and
lines at any zoom, on a phone and in print, in a file a fraction of the PNG's
size. The page embeds it as an ``<img>`` (``data:image/svg+xml``) with its alt
text: an image cannot run script or load anything, whatever its text holds.

Coordinates are CSS pixels of the chart's natural size (690 px wide, as the
PNG charts at 4.6 inches and 150 dpi, :mod:`cxkit.plotting.readable`), so font
sizes carry over: 10 pt there is 20.8 px here, shown at 11 px on a 390 px
phone. Text is laid out with DejaVu Sans' widths
(:func:`cxkit.plotting.font_widths.text_width`); every text from the data is
escaped for XML, and characters XML cannot hold become U+FFFD.
"""

from __future__ import annotations

import base64
import math
import re

from ..errors import CxkitValueError
from .font_widths import text_width

#: The charts' fonts: DejaVu Sans (whose widths lay the charts out), then narrower ones (not Verdana: wider in
#: places, such as the space, '.', '%' and 'I').
FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
#: Points to chart pixels: the report charts' 150 dpi (``readable.DPI``).
PX_PER_PT = 150 / 72
#: A text line's box above and below its baseline, in em: DejaVu Sans' ascender and descender (hhea), which is
#: the box a browser gives a text (getBBox), taller than the letters themselves.
ASCENT, DESCENT = 0.93, 0.24
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value) -> str:
    """``value`` as XML character data or attribute text: markup escaped, characters XML forbids replaced, tabs
    and line breaks kept as character references (an XML parser would otherwise normalise them)."""
    text = _NOT_XML.sub("\ufffd", str(value))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;").replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;"))


def _num(value: float) -> str:
    """A coordinate as short text: two decimals at most, no trailing zeros."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def nice_ticks(low: float, high: float, *, most: int = 6, integer: bool = False, within: bool = False) -> list[float]:
    """Round tick values for ``low``..``high``: a step of 1, 2, 2.5 or 5 times a power of ten, the smallest
    giving at most ``most`` ticks (as matplotlib's MaxNLocator picks them). The first tick is at or below
    ``low`` and the last at or above ``high``; ``within``: only the ticks between them. ``integer``:
    whole-number steps only."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise CxkitValueError(f"nice_ticks needs finite bounds; got {low!r} and {high!r}.")
    if high < low:
        low, high = high, low
    if high == low:
        spread = max(abs(low) * 0.1, 1.0)
        low, high = low - spread, high + spread
    raw = (high - low) / max(most - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    if integer:
        power = max(power, 1.0)
    scale = 1.0
    while True:  # ever coarser steps: the count of ticks falls until it is at most ``most``
        for multiple in (1, 2, 2.5, 5):
            step = multiple * power * scale
            if integer and step != int(step):
                continue
            if within:
                first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
            else:
                first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
            if last - first + 1 <= most:
                return [round(k * step, 10) for k in range(first, last + 1)]
        scale *= 10


def _pieces(word: str, size: float, width: float) -> list[str]:
    """A word cut into pieces no wider than ``width`` (at least one character each)."""
    pieces = []
    while len(word) > 1 and text_width(word, size) > width:
        cut = max((k for k in range(1, len(word)) if text_width(word[:k], size) <= width), default=1)
        pieces.append(word[:cut])
        word = word[cut:]
    return pieces + [word]


def wrap_to_width(text: str, size: float, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` at font ``size``; a word wider than that
    alone is cut into pieces that fit (rather than run off the image)."""
    lines: list[str] = []
    for word in str(text).split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.extend(_pieces(word, size, width))
    return lines or [""]


def _role(role: str) -> str:
    """The class attribute naming what a shape is (``cx-band``, ``cx-axis``): for checks and styling."""
    return f" class='cx-{xml_text(role)}'" if role else ""


class SvgChart:
    """One chart as SVG text, with a record of its texts for checks.

    ``texts`` holds, for every text drawn, its lines, font size, anchor
    point and alignment and its estimated box (DejaVu Sans widths):
    ``{"lines", "size", "x", "y", "anchor", "box": (x0, y0, x1, y1), "role"}``.
    In a notebook the chart shows itself (``_repr_svg_``).
    """

    def __init__(self, width: float, height: float):
        if not (width > 0 and height > 0):
            raise CxkitValueError(f"a chart needs a positive width and height; got {width!r} x {height!r}.")
        self.width, self.height = float(width), float(height)
        self.parts: list[str] = []
        self.texts: list[dict] = []

    # --- shapes ---------------------------------------------------------------------------------------
    def rect(self, x, y, w, h, *, fill: str, opacity: float | None = None, role: str = "") -> None:
        extra = f" fill-opacity='{_num(opacity)}'" if opacity is not None else ""
        self.parts.append(f"<rect{_role(role)} x='{_num(x)}' y='{_num(y)}' width='{_num(max(w, 0))}' height='{_num(max(h, 0))}' "
                          f"fill='{fill}'{extra}/>")

    def line(self, x1, y1, x2, y2, *, stroke: str, width: float = 1.0, dash: str = "", opacity: float | None = None,
             cap: str = "butt", role: str = "") -> None:
        extra = (f" stroke-dasharray='{dash}'" if dash else "") + \
            (f" stroke-opacity='{_num(opacity)}'" if opacity is not None else "")
        self.parts.append(f"<line{_role(role)} x1='{_num(x1)}' y1='{_num(y1)}' x2='{_num(x2)}' y2='{_num(y2)}' stroke='{stroke}' "
                          f"stroke-width='{_num(width)}' stroke-linecap='{cap}'{extra}/>")

    def polyline(self, points, *, stroke: str, width: float, role: str = "") -> None:
        joined = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        self.parts.append(f"<polyline{_role(role)} points='{joined}' fill='none' stroke='{stroke}' stroke-width='{_num(width)}' "
                          f"stroke-linejoin='round' stroke-linecap='round'/>")

    def polygon(self, points, *, fill: str, opacity: float | None = None, role: str = "") -> None:
        joined = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        extra = f" fill-opacity='{_num(opacity)}'" if opacity is not None else ""
        self.parts.append(f"<polygon{_role(role)} points='{joined}' fill='{fill}'{extra}/>")

    def circle(self, x, y, r, *, fill: str, role: str = "") -> None:
        self.parts.append(f"<circle{_role(role)} cx='{_num(x)}' cy='{_num(y)}' r='{_num(r)}' fill='{fill}'/>")

    def triangle(self, x, y, size, *, fill: str, role: str = "") -> None:
        """An upward triangle ``size`` px wide centred on (x, y) (matplotlib's "^" marker)."""
        half = size / 2
        self.polygon([(x - half, y + half * 0.9), (x + half, y + half * 0.9), (x, y - half * 0.9)], fill=fill,
                     role=role)

    # --- text -----------------------------------------------------------------------------------------
    def text(self, x, y, lines, *, size: float, anchor: str = "start", role: str = "text", fill: str = "#1a1a1a",
             line_height: float = 1.2, baseline: str = "alphabetic") -> dict:
        """Draw one or more lines; (x, y) is the first line's baseline (``baseline="middle"``: the block's
        vertical centre; ``"top"``: its top). ``anchor`` start, middle or end. Returns its record."""
        lines = [str(line) for line in ([lines] if isinstance(lines, str) else lines)]
        if anchor not in ("start", "middle", "end"):
            raise CxkitValueError(f"anchor must be start, middle or end; got {anchor!r}.")
        step = size * line_height
        ascent, descent = ASCENT * size, DESCENT * size
        block = ascent + descent + step * (len(lines) - 1)
        if baseline == "middle":
            y = y - block / 2 + ascent
        elif baseline == "top":
            y = y + ascent
        widest = max((text_width(line, size) for line in lines), default=0.0)
        x0 = {"start": x, "middle": x - widest / 2, "end": x - widest}[anchor]
        record = {"lines": lines, "size": size, "x": x, "y": y, "anchor": anchor, "role": role,
                  "box": (x0, y - ascent, x0 + widest, y - ascent + block)}
        self.texts.append(record)
        spans = "".join(f"<tspan x='{_num(x)}' dy='{_num(0 if i == 0 else step)}'>{xml_text(line)}</tspan>"
                        for i, line in enumerate(lines))
        self.parts.append(f"<text class='cx-{role}' x='{_num(x)}' y='{_num(y)}' font-size='{_num(size)}' "
                          f"text-anchor='{anchor}' fill='{fill}'>{spans}</text>")
        return record

    # --- output ---------------------------------------------------------------------------------------
    @property
    def svg(self) -> str:
        """The chart as a standalone SVG document (UTF-8 text)."""
        w, h = _num(self.width), _num(self.height)
        return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' viewBox='0 0 {w} {h}' "
                f"font-family=\"{FONT_FAMILY}\">"
                f"<rect width='100%' height='100%' fill='#ffffff'/>{''.join(self.parts)}</svg>")

    def base64(self) -> str:
        """The SVG as base64 text, for a ``data:image/svg+xml;base64,`` URL."""
        return base64.b64encode(self.svg.encode("utf-8")).decode("ascii")

    def smallest_font(self) -> float:
        """The smallest font size of any non-empty text, px at the natural size (0 when there is none)."""
        return min((t["size"] for t in self.texts if any(line.strip() for line in t["lines"])), default=0.0)

    def texts_outside(self, slack: float = 1.0) -> list[str]:
        """Texts whose estimated box reaches past the chart's edges (empty: every text is inside)."""
        return [" / ".join(t["lines"]) for t in self.texts
                if t["box"][0] < -slack or t["box"][1] < -slack or t["box"][2] > self.width + slack
                or t["box"][3] > self.height + slack]

    def _repr_svg_(self) -> str:
        return self.svg
