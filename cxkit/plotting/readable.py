"""Chart text that reads on a 390 px phone: one figure width, a floor under font sizes, and a record
of the smallest text each PNG holds.

A report page shows a chart at the width of its content box, whatever the
image's own width: at a 390 px viewport that box is 366 CSS px (``main`` has
12 px padding on each side below 600 px, templates/nbconvert/cxkit). A text of
``f`` points in a PNG saved at ``dpi`` and ``w`` pixels wide is then
``f / 72 * dpi * 366 / w`` CSS px tall on the phone (:func:`phone_text_px`).
The monthly charts (4.6 inches at 150 dpi, 690 px) show their 10 pt legends at
11 px; every report chart is held to :data:`MIN_TEXT_PX` by the same sum.

:func:`png_bytes` saves a figure and records, while it draws, the size of
every text the renderer actually draws (tick labels, legends, annotations,
titles; not artists left out or empty strings), and writes the smallest, and
the dpi, into the PNG as ``tEXt`` chunks (``cxkit:min_font_pt``,
``cxkit:dpi``), with the number of texts that reach past the image's edges
(``cxkit:texts_cut``). A browser test reads them beside the image's displayed width,
so a chart that regresses fails whatever its alt text or page.
"""

from __future__ import annotations

import base64
import io
import struct
import textwrap
import zlib
from contextlib import contextmanager

import numpy as np

from ..errors import CxkitTypeError, CxkitValueError

#: Width of a report page's content box at a 390 px phone viewport (CSS px).
PHONE_CONTENT_PX = 366
#: Smallest chart text allowed on that phone, CSS px (the monthly charts' legends show at 11 px, their
#: NPS-mix legend at 10.5 px; 9 px is the least anyone reads comfortably).
MIN_TEXT_PX = 10.0
#: Width of a report chart, inches, and its resolution: 690 px, as the monthly charts.
FIGURE_WIDTH = 4.6
DPI = 150
#: Smallest font a report chart uses (10 pt shows at 11 px at 390 px for a 690 px image).
MIN_FONT_PT = 10.0
#: matplotlib settings of the report charts: nothing below MIN_FONT_PT.
STYLE = {"font.size": 10.5, "axes.titlesize": 11.5, "axes.labelsize": 10.5, "xtick.labelsize": 10,
         "ytick.labelsize": 10, "legend.fontsize": 10, "axes.spines.top": False, "axes.spines.right": False,
         "legend.handlelength": 1.2, "legend.columnspacing": 1.0}

KEY_FONT, KEY_DPI, KEY_CUT = "cxkit:min_font_pt", "cxkit:dpi", "cxkit:texts_cut"


def phone_text_px(font_pt: float, dpi: float, natural_px: float, shown_px: float = PHONE_CONTENT_PX) -> float:
    """On-screen height (CSS px) of ``font_pt`` text in a ``natural_px`` wide image shown ``shown_px`` wide."""
    if natural_px <= 0:
        raise CxkitValueError(f"natural_px must be a positive image width in pixels; got {natural_px!r}.")
    return font_pt / 72.0 * dpi * shown_px / natural_px


@contextmanager
def _recording_text(sizes: list, cut: set):
    """Record the point size of every non-empty text matplotlib's Agg renderer draws inside the block, and
    which texts reach past the canvas' edges (cut off in the image)."""
    from matplotlib.backends.backend_agg import RendererAgg

    original = RendererAgg.draw_text

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if str(s).strip():
            sizes.append(float(prop.get_size_in_points()))
            if mtext is not None and id(mtext) not in cut:
                box = mtext.get_window_extent(self)
                if box.x0 < -1 or box.y0 < -1 or box.x1 > self.width + 1 or box.y1 > self.height + 1:
                    cut.add(id(mtext))
            elif mtext is None:  # one line of a multi-line text: matplotlib draws it without its Text
                width, height, descent = self.get_text_width_height_descent(s, prop, ismath)
                corners = np.array([[0.0, -descent], [width, -descent], [0.0, height - descent],
                                    [width, height - descent]])
                turn = np.deg2rad(angle)
                rotated = corners @ np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
                xs, ys = x + rotated[:, 0], self.height - y + rotated[:, 1]  # Agg passes y from the top
                if xs.min() < -1 or ys.min() < -1 or xs.max() > self.width + 1 or ys.max() > self.height + 1:
                    cut.add(("line", str(s), round(float(x)), round(float(y))))
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    RendererAgg.draw_text = draw_text
    try:
        yield sizes
    finally:
        RendererAgg.draw_text = original


def _with_text_chunks(png: bytes, items: dict) -> bytes:
    """The PNG with ``tEXt`` chunks for ``items`` inserted before its IEND chunk (PNG spec, section 11.3.4.3)."""
    end = png.rfind(b"IEND") - 4
    if end < 8 or png[:8] != b"\x89PNG\r\n\x1a\n":
        raise CxkitValueError("png_bytes expected matplotlib to write a PNG; the bytes are not one.")
    chunks = b""
    for key, value in items.items():
        data = key.encode("latin-1") + b"\0" + str(value).encode("latin-1")
        chunks += struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return png[:end] + chunks + png[end:]


def literal_text(artist):
    """Every text of ``artist`` (a Figure, or one Axes) drawn as written; returns ``artist``.

    matplotlib reads a text with two unescaped ``$`` as a TeX formula
    (mathtext): a segment "Plan $5 & $10" would be drawn as "Plan 5&10" in
    italics. Chart text comes from the data (segments, touchpoints,
    competitors), so every text is set not to parse math
    (``Text.set_parse_math(False)``). Tick labels are made now for the axes'
    current ticks (matplotlib makes them when it draws, with the default);
    :func:`png_bytes` also draws with ``text.parse_math`` off, for ticks
    made later. cxkit's charts use no mathtext of their own.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase
    from matplotlib.text import Text

    if isinstance(artist, FigureBase):
        axes = artist.get_axes()
    elif isinstance(artist, Axes):
        axes = [artist]
    else:
        raise CxkitTypeError(f"literal_text needs a matplotlib Figure or Axes; got {type(artist).__name__}.")
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            axis.get_major_ticks()
            axis.get_minor_ticks()
    for text in artist.findobj(Text):
        text.set_parse_math(False)
    return artist


def literal_chart(function):
    """Decorator of a chart function: every text it makes is literal from the start (``text.parse_math`` off
    while it runs), so its own layout (tight_layout, label placement) measures the text that is drawn. The
    function still ends with :func:`literal_text` on its axes, for tick labels matplotlib makes later."""
    import functools

    @functools.wraps(function)
    def chart(*args, **kwargs):
        import matplotlib as mpl

        with mpl.rc_context({"text.parse_math": False}):
            return function(*args, **kwargs)

    return chart


def png_bytes(fig, *, dpi: int = DPI) -> bytes:
    """The figure as PNG bytes, with the smallest drawn font (pt) and the dpi in its ``tEXt`` chunks.

    Every text is drawn as written, never as mathtext (:func:`literal_text`).
    """
    import matplotlib as mpl

    if not hasattr(fig, "savefig"):
        raise CxkitTypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}.")
    buffer = io.BytesIO()
    sizes: list = []
    cut: set = set()
    literal_text(fig)
    with _recording_text(sizes, cut), mpl.rc_context({"text.parse_math": False}):
        fig.savefig(buffer, format="png", dpi=dpi)
    smallest = min(sizes) if sizes else 0.0
    return _with_text_chunks(buffer.getvalue(), {KEY_FONT: f"{smallest:g}", KEY_DPI: f"{dpi:g}",
                                                 KEY_CUT: str(len(cut))})


def png_base64(fig, *, dpi: int = DPI) -> str:
    """The figure as base64 PNG text (for a data: URL), carrying its smallest font and dpi."""
    return base64.b64encode(png_bytes(fig, dpi=dpi)).decode("ascii")


def _records(png: bytes) -> dict:
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise CxkitValueError("text_record needs PNG bytes; these do not start with the PNG signature.")
    found, at = {}, 8
    while at < len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        if kind == b"tEXt":
            key, _, value = png[at + 8:at + 8 + length].partition(b"\0")
            found[key.decode("latin-1")] = value.decode("latin-1")
        at += 12 + length
    if KEY_FONT not in found or KEY_DPI not in found:
        raise CxkitValueError(f"the PNG carries no {KEY_FONT!r} / {KEY_DPI!r} record: it was not saved through "
                              "cxkit.plotting.png_bytes.")
    return found


def text_record(png: bytes) -> tuple[float, float, int]:
    """(smallest font in pt, dpi, width in px) of a PNG written by :func:`png_bytes`."""
    found = _records(png)
    return float(found[KEY_FONT]), float(found[KEY_DPI]), struct.unpack(">I", png[16:20])[0]


def texts_cut(png: bytes) -> int:
    """How many texts of a PNG written by :func:`png_bytes` reach past its edges (0: none is cut off)."""
    return int(_records(png).get(KEY_CUT, "0"))


def wrap_label(text: str, width: int = 18) -> str:
    """A long label broken at spaces into lines of at most ``width`` characters (words are never split)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)) or str(text)


def fit_for_phone(fig, *, width: float = FIGURE_WIDTH, min_font_pt: float = MIN_FONT_PT, wrap: int = 22):
    """Make a figure drawn elsewhere read on a phone: ``width`` inches wide, no text under ``min_font_pt``,
    long fixed tick labels wrapped at ``wrap`` characters, laid out again. Returns the figure."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedLocator

    height = fig.get_size_inches()[1]
    for ax in fig.axes:  # titles and axis labels broken into lines that fit the narrower figure
        for label in (ax.title, ax.xaxis.label):
            size = max(label.get_fontsize(), min_font_pt)
            fits = max(int(width * 72 / (0.6 * size)) - 10, 12)
            if len(label.get_text()) > fits:
                label.set_text(wrap_label(label.get_text().replace("\n", " "), fits))
                height += (label.get_text().count("\n")) * 1.25 * size / 72
    fig.set_size_inches(width, height, forward=False)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not isinstance(axis.get_major_locator(), FixedLocator):
                continue  # numbers: short already
            names = [t.get_text() for t in axis.get_ticklabels()]
            if any(len(name) > wrap for name in names):
                axis.set_ticklabels([wrap_label(name, wrap) for name in names])
    for text in fig.findobj(Text):
        if text.get_fontsize() < min_font_pt:
            text.set_fontsize(min_font_pt)
    for ax in fig.axes:  # ticks made at draw time copy the axis' settings, not the labels changed above
        for axis in (ax.xaxis, ax.yaxis):
            shown = [t.get_fontsize() for t in axis.get_ticklabels()]
            axis.set_tick_params(labelsize=max([min_font_pt, *shown[:1]]))
    fig.tight_layout()
    for _ in range(4):  # a title centred over axes pushed right by long labels: break it shorter until it fits
        fig.draw_without_rendering()  # places the titles
        spill = [t for ax in fig.axes for t in (ax.title, ax.xaxis.label) if t.get_text() and _spills(fig, t)]
        if not spill:
            break
        for t in spill:
            lines = t.get_text().split("\n")
            shorter = wrap_label(" ".join(lines), max(int(max(map(len, lines)) * 0.8), 8))
            fig.set_size_inches(width, fig.get_size_inches()[1] + (shorter.count("\n") - len(lines) + 1)
                                * 1.25 * t.get_fontsize() / 72, forward=False)
            t.set_text(shorter)
        fig.tight_layout()
    return fig


def _spills(fig, text) -> bool:
    """Whether the text reaches past the figure's left or right edge."""
    box = text.get_window_extent()
    return box.x0 < 0 or box.x1 > fig.bbox.x1


def readable_png(fig, *, dpi: int = DPI) -> bytes:
    """:func:`fit_for_phone`, then :func:`png_bytes`: a foreign figure as a PNG that reads at 390 px.

    Its texts are made literal (:func:`literal_text`) before it is laid out again, so the layout measures
    the text that is drawn ("Plan $5 & $10", not the formula "Plan 5&10")."""
    import matplotlib as mpl

    literal_text(fig)
    with mpl.rc_context({"text.parse_math": False}):
        return png_bytes(fit_for_phone(fig), dpi=dpi)
