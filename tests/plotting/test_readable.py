"""Chart text readable on a 390 px phone: the PNG record of the smallest drawn font, the on-screen sum,
the fitting of foreign figures, and every journey chart built as the report builds it (both languages).

The on-screen height of text is font_pt / 72 * dpi * shown / natural (CSS px); at a 390 px viewport a
chart is shown 366 px wide (the page's content box). The browser test checks the same on the rendered
pages with the widths Chromium reports.
"""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import cxkit as cx  # noqa: E402
from cxkit import journey as J  # noqa: E402
from cxkit.datasets import make_journeys  # noqa: E402
from cxkit.plotting import (MIN_TEXT_PX, PHONE_CONTENT_PX, fit_for_phone, phone_text_px, png_base64,  # noqa: E402
                            png_bytes, readable_png, text_record, texts_cut)
from cxkit.reports import journey_display as show  # noqa: E402
from cxkit.reports.journey_labels import journey_labels  # noqa: E402
from cxkit.reports.locale import Formatter  # noqa: E402


def _phone_px(png: bytes) -> float:
    font_pt, dpi, natural = text_record(png)
    return phone_text_px(font_pt, dpi, natural)


def test_the_record_holds_the_smallest_text_actually_drawn():
    fig = Figure(figsize=(4.6, 3.0))
    ax = fig.subplots()
    ax.set_title("title", fontsize=12)
    ax.text(0.5, 0.5, "small", fontsize=7.5)
    ax.text(0.2, 0.2, "   ", fontsize=3)  # blank: nothing drawn
    ax.text(0.2, 0.8, "hidden", fontsize=4).set_visible(False)  # not drawn either
    ax.tick_params(labelsize=11)
    png = png_bytes(fig, dpi=120)
    font_pt, dpi, natural = text_record(png)
    assert (font_pt, dpi, natural) == (7.5, 120.0, round(4.6 * 120))
    assert texts_cut(png) == 0
    ax.text(0.98, 0.5, "runs off the right edge", transform=fig.transFigure)
    assert texts_cut(png_bytes(fig)) == 1


def test_on_screen_size_is_points_times_dpi_times_the_shrink():
    # 10 pt at 150 dpi is 20.83 image px; a 690 px image shown 366 px wide: 11.05 CSS px.
    assert phone_text_px(10, 150, 690) == pytest.approx(10 / 72 * 150 * 366 / 690)
    assert phone_text_px(10, 150, 690, 690) == pytest.approx(10 / 72 * 150)
    assert PHONE_CONTENT_PX == 366
    with pytest.raises(cx.CxkitValueError, match="natural_px must be a positive"):
        phone_text_px(10, 150, 0)


def test_a_png_without_a_record_is_refused():
    import io

    fig = Figure(figsize=(2, 2))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    with pytest.raises(cx.CxkitValueError, match="carries no 'cxkit:min_font_pt'"):
        text_record(buffer.getvalue())
    with pytest.raises(cx.CxkitValueError, match="PNG signature"):
        text_record(b"GIF89a")
    with pytest.raises(cx.CxkitTypeError, match="must be a matplotlib Figure"):
        png_bytes("figure")


def test_png_base64_carries_the_record():
    fig = Figure(figsize=(4.6, 3.0))
    fig.subplots().plot([1, 2])
    assert text_record(base64.b64decode(png_base64(fig)))[2] == 690


def test_a_wide_figure_with_small_text_is_fitted_to_a_phone():
    """What the benchmark page's rank charts were: 6.4 in at 160 dpi, 11 pt, long labels and title (8 px)."""
    fig = Figure(figsize=(6.4, 2.6))
    ax = fig.subplots()
    ax.errorbar([30, 20, 10], [2, 1, 0], xerr=5, fmt="o")
    ax.set_yticks([2, 1, 0])
    ax.set_yticklabels(["a company with a very long name [1-2]", "b [1-3]", "c [2-3]"], fontsize=11)
    ax.set_title("NPS by competitor, 95 % intervals; the rank interval in brackets after each name", fontsize=11)
    ax.text(20, 1.5, "note", fontsize=6)
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=160)
    before = phone_text_px(6, 160, 6.4 * 160)
    assert before < 5  # the note: unreadable
    png = readable_png(fig)
    font_pt, dpi, natural = text_record(png)
    assert natural == 690 and font_pt >= 10 and texts_cut(png) == 0
    assert _phone_px(png) >= MIN_TEXT_PX
    assert "\n" in ax.get_title() and "\n" in ax.get_yticklabels()[0].get_text()
    fig.draw_without_rendering()
    inside = fig.bbox.padded(2)
    for text in [ax.title, *ax.get_yticklabels()]:
        box = text.get_window_extent()
        assert inside.x0 <= box.x0 and box.x1 <= inside.x1, text.get_text()  # nothing cut off at the sides


def test_fitting_never_shrinks_text():
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    ax.set_title("big", fontsize=16)
    fit_for_phone(fig)
    assert ax.title.get_fontsize() == 16 and fig.get_size_inches()[0] == pytest.approx(4.6)


@pytest.fixture(scope="module")
def journey_tables():
    data = make_journeys(1500, seed=3)
    events, stages = data.events, list(data.truth["stages"])
    card = J.touchpoint_scorecard(events)
    return {"funnel": J.funnel(events, stages=stages), "card": card,
            "curve": J.emotion_curve(events, stages=stages),
            "flow": J.transitions(events, stages=stages, by_step=True)}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_journey_chart_reads_on_a_phone(journey_tables, language):
    """Built through the functions the journey template calls; each chart's smallest text >= MIN_TEXT_PX."""
    words = journey_labels(language)
    fmt = Formatter(language, words)
    pages = {
        "funnel": show.funnel_figure(journey_tables["funnel"], words, fmt, 0.95, "October 2026"),
        "scorecard": show.scorecard_figure(journey_tables["card"], "touchpoint", words, fmt, 0.95),
        "emotion": show.emotion_figure(journey_tables["curve"], words, fmt, 0.95),
        "flow": show.flow_figure(journey_tables["flow"], words, fmt),
    }
    for name, html in pages.items():
        png = base64.b64decode(html.split("base64,", 1)[1].split("'", 1)[0])
        font_pt, dpi, natural = text_record(png)
        shown = phone_text_px(font_pt, dpi, natural)
        assert shown >= MIN_TEXT_PX, (name, language, font_pt, dpi, natural, shown)
        assert natural <= 700, (name, natural)  # a chart as wide as the monthly ones, not a 1,100 px one
        assert texts_cut(png) == 0, (name, language)  # no legend or label runs off the image
        assert "alt='" in html and "alt=''" not in html


LONG = "a very long touchpoint name indeed"  # 34 characters, as a user's names file may give


def _png_of(html: str) -> bytes:
    return base64.b64decode(html.split("base64,", 1)[1].split("'", 1)[0])


@pytest.mark.parametrize("language", ["en", "ru"])
def test_long_touchpoint_names_stay_inside_the_scorecard_and_the_driver_charts(journey_tables, language):
    import numpy as np
    import pandas as pd
    from types import SimpleNamespace

    words = journey_labels(language)
    fmt = Formatter(language, words)
    card = journey_tables["card"].copy()
    card.loc[card.index[-1], "touchpoint"] = LONG
    png = _png_of(show.scorecard_figure(card, "touchpoint", words, fmt, 0.95))
    assert texts_cut(png) == 0 and phone_text_px(*text_record(png)) >= MIN_TEXT_PX
    names = ["website", "courier", LONG, "app"]
    table = pd.DataFrame({"touchpoint": names, "share": [0.4, 0.3, 0.2, 0.1], "low": [0.3, 0.2, 0.1, 0.0],
                          "high": [0.5, 0.4, 0.3, 0.2]})
    performance = np.array([4.1, 4.2, 4.4, 3.9])  # the long name is the rightmost point
    ipa = pd.DataFrame({"touchpoint": names, "importance": [0.4, 0.3, 0.2, 0.1],
                        "importance_low": [0.3, 0.2, 0.1, 0.0], "importance_high": [0.5, 0.4, 0.3, 0.2],
                        "performance": performance, "performance_low": performance - 0.1,
                        "performance_high": performance + 0.1,
                        "quadrant": ["priority", "keep", "overkill", "low"]})
    ipa.attrs.update(importance_line=0.25, performance_line=4.15)
    html = show.drivers_figures(SimpleNamespace(table=table, ipa=ipa), words, fmt, 0.95)
    for part in html.split("<img")[1:]:
        png = _png_of(part)
        assert texts_cut(png) == 0 and phone_text_px(*text_record(png)) >= MIN_TEXT_PX


@pytest.mark.parametrize("language", ["en", "ru"])
def test_flow_tables_name_the_start_and_the_exit_in_the_page_language(journey_tables, language):
    words = journey_labels(language)
    fmt = Formatter(language, words)
    flows = journey_tables["flow"]
    shown = show.transitions_display(flows, words, fmt)
    cells = set(shown.iloc[:, 0]) | set(shown.iloc[:, 1])
    assert "(start)" not in cells and "(end)" not in cells
    assert {words["flow_start"], words["flow_end"]} <= cells


@pytest.mark.parametrize(("where", "expected"), [
    (dict(x=0.5, y=0.5, ha="center", va="center"), 0), (dict(x=0.5, y=0.02, va="bottom"), 0),
    (dict(x=0.5, y=0.5, rotation=90, ha="center", va="center"), 0),
    (dict(x=0.9, y=0.5), 2), (dict(x=0.05, y=0.5, ha="right"), 2), (dict(x=0.5, y=0.98, va="bottom"), 2),
    (dict(x=0.5, y=0.02, va="top"), 2), (dict(x=0.5, y=0.9, rotation=90), 2)])
def test_lines_of_a_multi_line_text_past_the_edge_are_counted_as_cut(where, expected):
    """matplotlib draws each line of a wrapped label without its Text: the lines are checked one by one."""
    fig = Figure(figsize=(3, 2))
    fig.subplots().set_axis_off()
    fig.text(s="line one\nline two", **where)
    assert texts_cut(png_bytes(fig)) == expected
