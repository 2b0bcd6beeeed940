"""The SVG drawing layer (cxkit/plotting/svg.py) and the font widths it lays text out with."""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings, strategies as st

from cxkit.errors import CxkitValueError
from cxkit.plotting.font_widths import UNKNOWN, WIDTHS, text_width
from cxkit.plotting.svg import SvgChart, nice_ticks, wrap_to_width, xml_text

NS = "{http://www.w3.org/2000/svg}"


def test_the_width_table_is_dejavu_sans_as_matplotlib_ships_it():
    """Every width equals the font file's advance width (hmtx), in thousandths of an em rounded up."""
    import matplotlib
    from fontTools.ttLib import TTFont

    font = TTFont(os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf"))
    cmap, metrics, per_em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    checked = 0
    for code, width in WIDTHS.items():
        if code in cmap:
            assert width == math.ceil(metrics[cmap[code]][0] * 1000 / per_em), hex(code)
            checked += 1
        else:
            assert width == UNKNOWN, hex(code)
    assert checked >= 320
    assert {ord(c) for c in "Sep 2026сент.ёЁ«»–—№−▲▽\u00a0\u202f"} <= set(WIDTHS)


def test_text_width_sums_the_characters_and_gives_unknown_scripts_room():
    assert text_width("", 20) == 0
    assert text_width("0", 1000) == 637  # DejaVu Sans digits are 0.637 em
    assert text_width("00", 10) == pytest.approx(12.74)
    assert text_width("дн.", 10) == pytest.approx((WIDTHS[ord("д")] + WIDTHS[ord("н")] + WIDTHS[ord(".")]) / 100)
    assert text_width("漢字", 10) == 20  # one em each: wider than any Latin letter, never cut


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e6), st.sampled_from([4, 5, 6, 8]), st.booleans())
def test_nice_ticks_cover_the_range_with_a_round_step(low, spread, most, within):
    high = low + spread
    ticks = nice_ticks(low, high, most=most, within=within)
    assert 2 <= len(ticks) <= most
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:])}
    step = ticks[1] - ticks[0]
    assert max(steps) - min(steps) <= 1e-6 * max(abs(step), 1)  # evenly spaced
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 2.5, 5, 10)) < 1e-4  # far from 0 the difference loses digits
    tolerance = 1e-9 * max(abs(low), abs(high), 1)
    if within:
        assert low - tolerance <= ticks[0] and ticks[-1] <= high + tolerance
        assert ticks[0] - step < low + tolerance and ticks[-1] + step > high - tolerance  # none left out
    else:
        assert ticks[0] <= low + tolerance and ticks[-1] >= high - tolerance


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e4, 1e4), st.floats(1e-4, 1e4), st.sampled_from([3, 4, 6]), st.booleans())
def test_whole_number_ticks_exist_for_any_range_even_a_narrow_one(low, spread, most, within):
    """(Two ticks cannot cover a range around 0 on multiples of one step: ``most`` is 3 or more.)"""
    ticks = nice_ticks(low, low + spread, most=most, integer=True, within=within)
    assert len(ticks) <= most and all(t == int(t) for t in ticks)
    if not within:
        slack = 1e-8 * max(abs(low), spread, 1)  # the rounding tolerance: a billionth of a step
        assert len(ticks) >= 2 and ticks[0] <= low + slack and ticks[-1] >= low + spread - slack
    else:
        slack = 1e-8 * max(abs(low), spread, 1)
        assert all(low - slack <= t <= low + spread + slack for t in ticks)  # may be none: no whole number inside


def test_nice_ticks_known_cases_and_bad_bounds():
    assert nice_ticks(-2, 42, most=6, within=True) == [0, 10, 20, 30, 40]
    assert nice_ticks(74.5, 90.5, most=6, within=True) == [75, 80, 85, 90]
    assert nice_ticks(6.55, 7.35, most=6, within=True) == [6.6, 6.8, 7.0, 7.2]
    assert nice_ticks(0, 10, integer=True, most=6) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(3, 3) == [2, 2.5, 3, 3.5, 4]  # one value: a range around it
    assert nice_ticks(2.47, 2.53, integer=True, within=True) == []  # no whole number inside: the caller decides
    assert nice_ticks(2.47, 2.53, integer=True) == [2, 3]
    with pytest.raises(CxkitValueError, match="finite bounds"):
        nice_ticks(0, math.inf)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)
                .filter(lambda w: " " not in w), min_size=1, max_size=12), st.floats(60, 400))
def test_wrap_to_width_keeps_every_character_and_every_line_fits(words, width):
    text = " ".join(words)
    lines = wrap_to_width(text, 20, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert text_width(line, 20) <= width or len(line) == 1  # a word wider than the line is cut to fit
    if all(text_width(w, 20) <= width for w in words):
        assert " ".join(lines) == text  # words that fit are never cut


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_any_text_survives_as_xml_text_and_attribute(text):
    chart = SvgChart(100, 50)
    chart.text(0, 20, text, size=12, role="any")
    root = ET.fromstring(chart.svg)
    shown = "".join(span.text or "" for span in root.iter(f"{NS}tspan"))
    expected = "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n\r") or 0xD800 <= ord(c) <= 0xDFFF
                       or c in "\ufffe\uffff" else c for c in text)
    assert shown == expected
    assert ET.fromstring(f"<a b='{xml_text(text)}'/>").get("b") == expected


def test_text_records_their_boxes_and_the_chart_finds_texts_outside():
    chart = SvgChart(200, 100)
    record = chart.text(190, 50, "0000", size=10, anchor="end", role="tick")
    assert record["box"] == pytest.approx((190 - 25.48, 50 - 9.3, 190, 50 + 2.4))  # DejaVu's 0.93 / 0.24 em
    assert chart.texts_outside() == []
    chart.text(190, 50, "0000", size=10, anchor="start", role="tick")  # runs past the right edge
    assert chart.texts_outside() == ["0000"]
    two = chart.text(10, 10, ["a", "b"], size=10, baseline="top")
    assert two["box"][1] == pytest.approx(10) and two["box"][3] == pytest.approx(10 + 11.7 + 12)
    assert chart.smallest_font() == 10
    with pytest.raises(CxkitValueError, match="anchor must be"):
        chart.text(0, 0, "x", size=10, anchor="left")
    with pytest.raises(CxkitValueError, match="positive width"):
        SvgChart(0, 10)
    assert chart._repr_svg_() == chart.svg and chart.base64()
