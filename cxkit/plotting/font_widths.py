"""Advance widths of DejaVu Sans, the font the report charts name first, for laying out chart text without
a font library.

A chart drawn as SVG is laid out before any browser sees it: where a month label goes, whether a title
needs two lines, how wide the group names' margin is. :func:`text_width` sums the advance widths of a
text's characters in DejaVu Sans (matplotlib's bundled font, Debian's default sans-serif; the fonts the
charts name after it, Liberation Sans, Arial and Helvetica, are narrower), so a layout made with it leaves
room in every browser. Widths are in thousandths of an em, rounded up, read
from ``DejaVuSans.ttf``'s ``hmtx`` table (version 2.37); ``tests/plotting/test_svg.py`` checks them
against the font file matplotlib ships. A character outside these ranges counts as one em (wider than
any Latin or Cyrillic letter), so unknown scripts are given room rather than cut.
"""

from __future__ import annotations

#: (first code point, widths of it and the following code points) in 1/1000 em.
_RANGES = (
    (0x0020, (
        318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637, 637,
        637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 531, 1000, 685, 687, 699, 771, 632, 576, 775,
        752, 295, 295, 656, 558, 863, 749, 788, 604, 788, 695, 635, 611, 732, 685, 989, 686, 611, 686, 391,
        337, 391, 838, 500, 500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612,
        635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
    )),
    (0x00A0, (
        318, 401, 637, 637, 637, 637, 337, 500, 500, 1000, 472, 612, 838, 361, 1000, 500, 500, 838, 401,
        401, 500, 637, 637, 318, 500, 401, 472, 612, 970, 970, 970, 531, 685, 685, 685, 685, 685, 685, 975,
        699, 632, 632, 632, 632, 295, 295, 295, 295, 775, 749, 788, 788, 788, 788, 788, 838, 788, 732, 732,
        732, 732, 611, 605, 630, 613, 613, 613, 613, 613, 613, 982, 550, 616, 616, 616, 616, 278, 278, 278,
        278, 612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
    )),
    (0x0400, (
        632, 632, 787, 610, 699, 635, 295, 295, 295, 1094, 1045, 787, 710, 749, 610, 752, 685, 687, 687,
        610, 782, 632, 1078, 642, 749, 749, 710, 752, 863, 752, 788, 752, 604, 699, 611, 610, 861, 686, 777,
        686, 1070, 1094, 833, 883, 687, 699, 1080, 695, 613, 617, 590, 526, 692, 616, 901, 532, 650, 650,
        605, 640, 755, 654, 612, 654, 635, 550, 583, 592, 855, 592, 681, 591, 916, 942, 707, 790, 590, 549,
        842, 602, 616, 616, 625, 526, 549, 521, 278, 278, 278, 903, 899, 652, 605, 650, 592, 654,
    )),
    (0x2009, (
        200, 100, 0, 0, 0, 0, 0, 361, 361, 637, 500, 1000, 1000, 500, 500, 318, 318, 318, 318, 519, 519,
        519, 519, 500, 500, 590, 590, 335, 668, 1000,
    )),
)
#: Single characters outside the ranges: narrow no-break space, ‰, №, minus sign, ≤ ≥, the card arrows ▲△▼▽, € and ₽.
_SINGLE = {0x202F: 200, 0x2030: 1342, 0x2116: 1041, 0x2212: 838, 0x2264: 838, 0x2265: 838, 0x25B2: 770, 0x25B3: 770, 0x25BC: 770, 0x25BD: 770, 0x20AC: 637, 0x20BD: 637}
#: Width of a character not in the table, in 1/1000 em.
UNKNOWN = 1000

WIDTHS: dict[int, int] = {start + i: width for start, widths in _RANGES for i, width in enumerate(widths)}
WIDTHS.update(_SINGLE)


def text_width(text: str, size: float) -> float:
    """Width of one line of ``text`` at font size ``size`` (same unit as the result) in DejaVu Sans."""
    return sum(WIDTHS.get(ord(ch), UNKNOWN) for ch in str(text)) * float(size) / 1000.0
