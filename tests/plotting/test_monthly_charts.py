"""The monthly report's SVG charts (cxkit/plotting/monthly.py) with long names, one month of data, full-year
month labels and medians beyond every wait: every text inside the image, bars readable, intervals drawn where
the numbers put them. The SVG is parsed as XML, as a browser reads it; tests/reports/test_report_browser.py
measures the same texts with the browser's own fonts."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cxkit.plotting import mix_chart, trend_chart
from cxkit.plotting.monthly import HEIGHT, LEGEND_PX, TICK_PX, WIDTH, isolated_points
from cxkit.reports.labels import labels
from cxkit.reports.locale import Formatter

NS = "{http://www.w3.org/2000/svg}"
#: 45 characters, markup included (a names file can give any text; the chart shows it as text).
LONG = {"ru": "Крупные компании и партнёры <b>VIP</b> сектор", "en": "Large companies and key partners <b>VIP</b> A"}


def _tree(chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{NS}svg" and root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    return root


def _all(root, tag: str, role: str) -> list:
    return [e for e in root.iter(f"{NS}{tag}") if e.get("class") == f"cx-{role}"]


def _text(element) -> str:
    return " ".join(span.text or "" for span in element.iter(f"{NS}tspan"))


def _texts(chart, role: str) -> list[dict]:
    return [t for t in chart.texts if t["role"] == role]


def _mix(language="en", names=None):
    words = labels(language)
    mix = pd.DataFrame({"promoters": [50.0, 40.0, 30.0], "passives": [30.0, 30.0, 30.0],
                        "detractors": [20.0, 30.0, 40.0]})
    return mix_chart(mix, group_labels=names or [words["mix_all"], LONG[language], "SMB"],
                     part_labels=[words["promoters"], words["passives"], words["detractors"]],
                     xlabel=words["share_axis"], tick_format=lambda v: Formatter(language, words).percent(v, 0))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_long_group_names_are_wrapped_inside_the_mix_chart_and_the_bars_keep_their_width(language):
    assert len(LONG[language]) == 45
    chart = _mix(language)
    root = _tree(chart)
    names = _texts(chart, "tick-y")
    assert names[1]["lines"][0] != LONG[language] and len(names[1]["lines"]) >= 2
    assert max(len(line) for line in names[1]["lines"]) <= 18
    assert " ".join(names[1]["lines"]) == LONG[language]  # wrapped at spaces, nothing lost
    assert _text(_all(root, "text", "tick-y")[1]) == LONG[language]  # markup shown as text, not parsed
    assert not list(root.iter(f"{NS}b")) and "&lt;b&gt;VIP&lt;/b&gt;" in chart.svg
    assert chart.texts_outside() == []
    assert chart.smallest_font() == pytest.approx(LEGEND_PX)  # 10 pt: 11 px on a 390 px phone
    axis = _all(root, "line", "axis-x")[0]
    left, right = float(axis.get("x1")), float(axis.get("x2"))
    assert right - left >= 0.5 * WIDTH  # the bars keep half of the 690 px image or more
    # Each row's three parts, in order, as wide as their percentages of the axis.
    for row, shares in enumerate([(50, 30, 20), (40, 30, 30), (30, 30, 40)]):
        parts = [_all(root, "rect", f"bar-{part}")[row] for part in ("promoters", "passives", "detractors")]
        widths = [float(p.get("width")) for p in parts]
        assert widths == pytest.approx([s / 100 * (right - left) for s in shares], abs=0.02)
        assert float(parts[0].get("x")) == pytest.approx(left, abs=0.01)
        assert float(parts[2].get("x")) + widths[2] == pytest.approx(right, abs=0.03)


def test_short_names_keep_the_compact_mix_chart_and_a_word_too_long_for_the_margin_is_broken():
    short = _mix(names=["all answers", "smb", "b2b"])
    tall = _mix("en")
    assert short.height < tall.height
    axis = _all(_tree(short), "line", "axis-x")[0]
    assert float(axis.get("x2")) - float(axis.get("x1")) >= 0.7 * WIDTH
    word = "enterprise_customers_north_america_and_emea"  # no space to wrap at
    chart = _mix(names=["all answers", word, "smb"])
    assert chart.texts_outside() == []
    assert "".join(_texts(chart, "tick-y")[1]["lines"]) == word
    with pytest.raises(ValueError, match="group_labels has 1 entries; mix has 3 rows"):
        mix_chart(pd.DataFrame({"promoters": [1.0] * 3, "passives": [1.0] * 3, "detractors": [1.0] * 3}),
                  group_labels=["x"], part_labels=["P", "N", "D"], xlabel="%")
    with pytest.raises(ValueError, match="mix lacks column"):
        mix_chart(pd.DataFrame({"promoters": [1.0]}), group_labels=["x"], part_labels=["P", "N", "D"], xlabel="%")


def test_a_month_without_neighbours_gets_its_interval_as_a_bar_and_gaps_break_the_band():
    nan = np.nan
    trend = pd.DataFrame({"value": [nan, 10.0, nan, 20.0, 22.0, nan, 30.0],
                          "low": [nan, 6.0, nan, 15.0, 18.0, nan, 25.0],
                          "high": [nan, 14.0, nan, 25.0, 26.0, nan, 36.0]})
    assert isolated_points(trend).tolist() == [False, True, False, False, False, False, True]
    root = _tree(trend_chart(trend, title="NPS", month_labels=list("abcdefg"), band_label="95% interval"))
    points = _all(root, "circle", "point")
    assert len(points) == 4  # months 1, 3, 4 and 6 have a value
    bars = _all(root, "line", "interval-bar")
    assert [float(b.get("x1")) for b in bars] == [float(points[0].get("cx")), float(points[3].get("cx"))]
    heights = [float(b.get("y1")) - float(b.get("y2")) for b in bars]  # low is drawn below high
    assert heights[0] / heights[1] == pytest.approx((14 - 6) / (36 - 25), rel=1e-3)
    for bar, point in zip(bars, (points[0], points[3])):  # the value inside its interval
        assert float(bar.get("y2")) < float(point.get("cy")) < float(bar.get("y1"))
    assert len(_all(root, "polygon", "band")) == 1  # months 3 and 4: the only neighbours with an interval
    assert len(_all(root, "polyline", "line")) == 1
    # One month of data: the lone point's interval is drawn inside the axes.
    one = trend.iloc[[0, 1, 2]].reset_index(drop=True)
    chart = trend_chart(one, title="NPS", month_labels=["a", "b", "c"], band_label="95% interval")
    root = _tree(chart)
    (bar,) = _all(root, "line", "interval-bar")
    axis = _all(root, "line", "axis-y")[0]
    assert float(axis.get("y1")) <= float(bar.get("y2")) < float(bar.get("y1")) <= float(axis.get("y2"))
    assert chart.texts_outside() == []


@pytest.mark.parametrize("language", ["en", "ru"])
def test_short_months_carry_the_full_year_and_the_axis_labels_never_touch(language):
    fmt = Formatter(language, labels(language))
    assert fmt.month("2026-09", short=True) == {"en": "Sep 2026", "ru": "сент. 2026"}[language]
    for months in (6, 12, 13):
        window = pd.period_range(end="2026-10", periods=months, freq="M").astype(str)
        values = np.linspace(70, 80, months)
        trend = pd.DataFrame({"value": values, "low": values - 3, "high": values + 3})
        chart = trend_chart(trend, title="CSAT", month_labels=[fmt.month(m, short=True) for m in window],
                            band_label="95% interval", target=75.0, target_label="target")
        shown = _texts(chart, "tick-x")
        assert shown[-1]["lines"] == [fmt.month("2026-10", short=True)]  # the report month is always labelled
        boxes = [t["box"] for t in shown]
        assert all(b[0] - a[2] >= 0.12 * 150 for a, b in zip(boxes, boxes[1:])), [t["lines"] for t in shown]
        assert len(shown) >= 3
        assert chart.texts_outside() == []
        legend = _texts(chart, "legend")
        assert [t["lines"] for t in legend] == [["95% interval"], ["target"]]
        assert min(t["box"][1] for t in legend) >= max(b[3] for b in boxes)  # under the axes, off the band
        root = _tree(chart)
        (target,) = _all(root, "line", "target")
        grid = {float(g.get("y1")): g for g in _all(root, "line", "grid")}
        tick_values = [float(t["lines"][0].replace(",", ".")) for t in _texts(chart, "tick-y")]
        y_of = dict(zip(tick_values, sorted(grid, reverse=True)))
        assert float(target.get("y1")) == pytest.approx(y_of[75.0], abs=0.01)  # the target at 75 on the axis
    assert len(_texts(trend_chart(trend.iloc[:6], title="CSAT", month_labels=list("abcdef"), band_label="i"),
                      "tick-x")) == 6  # short labels: every month


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_median_beyond_the_longest_wait_and_a_long_title_fit_the_chart(language):
    """The first response time of a month with fewer than half of its tickets answered: median inf, interval from
    the longest wait to inf. The month keeps its place, a triangle marks its lower bound, nothing is cut off."""
    words = labels(language)
    fmt = Formatter(language, words)
    months = pd.period_range("2025-10", periods=13, freq="M").astype(str)
    trend = pd.DataFrame({"month": months, "value": [4.0] * 12 + [np.inf], "low": [3.0] * 12 + [736.1],
                          "high": [5.0] * 12 + [np.inf]})
    title = f'{words["metric_names"]["first_response_time"]}, {words["metric_units"]["first_response_time"]}'
    chart = trend_chart(trend, title=title, month_labels=[fmt.month(m, short=True) for m in months],
                        band_label=words["interval_band"].format(level=fmt.level(0.95)),
                        open_label=words["over_legend"], tick_format=lambda v: fmt.number(v, 1))
    assert chart.texts_outside() == []
    (heading,) = _texts(chart, "title")
    assert len(heading["lines"]) == 2 and " ".join(heading["lines"]) == title  # wrapped, not cut at the edge
    root = _tree(chart)
    (triangle,) = _all(root, "polygon", "open")
    points = _all(root, "circle", "point")
    assert len(points) == 12
    tip = [tuple(map(float, p.split(","))) for p in triangle.get("points").split()]
    assert max(x for x, _ in tip) > float(points[-1].get("cx"))  # the last month keeps its place on the axis
    assert words["over_legend"] in [" ".join(t["lines"]) for t in _texts(chart, "legend")]
    assert "inf" not in chart.svg.lower() and "nan" not in chart.svg.lower()


def test_every_text_is_escaped_and_characters_xml_cannot_hold_are_replaced():
    title = "Plan $5 & $10 <script>alert(1)</script> \x01 \"q\" 'a'"
    trend = pd.DataFrame({"value": [1.0, 2.0], "low": [0.5, 1.5], "high": [1.5, 2.5]})
    chart = trend_chart(trend, title=title, month_labels=["<i>a</i>", "b & c"], band_label="band <x>")
    root = _tree(chart)  # parses: no stray markup, no forbidden character
    assert not list(root.iter(f"{NS}script")) and not list(root.iter(f"{NS}i"))
    shown = [_text(t) for t in root.iter(f"{NS}text")]
    assert title.replace("\x01", "\ufffd") in " ".join(shown)
    assert {"<i>a</i>", "b & c", "band <x>"} <= set(shown)


def test_a_trend_without_any_answer_still_draws_its_axes():
    nan = np.nan
    trend = pd.DataFrame({"value": [nan, nan], "low": [nan, nan], "high": [nan, nan]})
    chart = trend_chart(trend, title="NPS", month_labels=["a", "b"], band_label="95% interval")
    root = _tree(chart)
    assert not _all(root, "circle", "point") and not _all(root, "polygon", "band")
    assert len(_texts(chart, "tick-y")) >= 2 and chart.height == HEIGHT


def test_the_monthly_charts_never_import_matplotlib():
    """The report kernel's whole point of SVG: matplotlib's import is a third of a second."""
    import subprocess

    code = ("import sys, cxkit.plotting, cxkit.reports.monthly, cxkit.reports.formatting; "
            "import pandas as pd; from cxkit.plotting import trend_chart, mix_chart; "
            "t = pd.DataFrame({'value': [1.0, 2.0], 'low': [0.0, 1.0], 'high': [2.0, 3.0]}); "
            "trend_chart(t, title='t', month_labels=['a', 'b'], band_label='b').svg; "
            "print('matplotlib' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
    assert TICK_PX > LEGEND_PX


def _overlaps(chart) -> list:
    """Pairs of texts whose boxes (DejaVu widths, the browser's 1.17 em line box) overlap."""
    boxes = [(" / ".join(t["lines"]), t["box"]) for t in chart.texts]
    return [(a, b) for i, (a, p) in enumerate(boxes) for b, q in boxes[i + 1:]
            if p[0] < q[2] - 0.5 and q[0] < p[2] - 0.5 and p[1] < q[3] - 0.5 and q[1] < p[3] - 0.5]


_FORMATS = {"en": Formatter("en", labels("en")), "ru": Formatter("ru", labels("ru"))}


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 24), st.sampled_from(["en", "ru"]), st.sampled_from([0, 1]),
       st.floats(-100, 1000), st.floats(0, 300), st.lists(st.sampled_from(["", "nan", "inf", "ok"]), min_size=24,
                                                          max_size=24), st.one_of(st.none(), st.floats(-100, 1000)))
def test_any_trend_lays_out_inside_the_image_without_texts_on_each_other(months, language, digits, level, spread,
                                                                         kinds, target):
    """Values from flat to wide, NaN months, infinite medians, a target anywhere: the chart is drawn, every text
    inside, none on another, and no two y labels alike (a whole-number format would print 3.5 as "4")."""
    fmt = _FORMATS[language]
    window = pd.period_range(end="2026-10", periods=months, freq="M").astype(str)
    rng = np.random.default_rng(months)
    value = level + spread * rng.random(months)
    low, high = value - spread * 0.1, value + spread * 0.1
    for i, kind in enumerate(kinds[:months]):
        if kind == "nan":
            value[i] = low[i] = high[i] = np.nan
        elif kind == "inf":
            value[i], high[i] = np.inf, np.inf
    trend = pd.DataFrame({"value": value, "low": low, "high": high})
    chart = trend_chart(trend, title="Время первого ответа, медиана ожидания первого ответа, часы",
                        month_labels=[fmt.month(m, short=True) for m in window], band_label="95% interval",
                        open_label="median beyond the longest wait so far", target=target, target_label="target",
                        tick_format=lambda v: fmt.number(v, digits))
    _tree(chart)
    assert chart.texts_outside() == []
    assert _overlaps(chart) == []
    ticks = [" ".join(t["lines"]) for t in _texts(chart, "tick-y")]
    assert len(ticks) >= 2 and len(set(ticks)) == len(ticks), ticks
    assert _texts(chart, "tick-x")[-1]["lines"] == [fmt.month("2026-10", short=True)]


def test_the_cases_a_review_found():
    fmt = _FORMATS["en"]
    window = pd.period_range(end="2026-10", periods=13, freq="M").astype(str)
    labels_13 = [fmt.month(m, short=True) for m in window]
    # A first month whose median is beyond every wait of under 3 hours: the axis is narrow and whole-numbered.
    lone = pd.DataFrame({"value": [np.inf], "low": [2.5], "high": [np.inf]})
    chart = trend_chart(lone, title="FRT", month_labels=["Oct 2026"], band_label="b", open_label="o")
    assert len(_all(_tree(chart), "polygon", "open")) == 1 and chart.texts_outside() == []
    # Flat NPS at 40: the lowest y label sat on the first month's label.
    flat = pd.DataFrame({"value": np.full(13, 40.0), "low": np.full(13, 40.0), "high": np.full(13, 40.0)})
    assert _overlaps(trend_chart(flat, title="NPS", month_labels=labels_13, band_label="i",
                                 tick_format=lambda v: fmt.number(v, 0))) == []
    # Hours around 4 with a whole-number format: no "4, 4, 4, 5" on the axis.
    hours = np.full(13, 4.0)
    chart = trend_chart(pd.DataFrame({"value": hours, "low": hours - 0.8, "high": hours + 1.1}), title="FRT",
                        month_labels=labels_13, band_label="i", tick_format=lambda v: fmt.number(v, 0))
    ticks = [t["lines"][0] for t in _texts(chart, "tick-y")]
    assert len(set(ticks)) == len(ticks) >= 2, ticks
    # No target given in any of the ways a caller may say it.
    for missing in (np.float32("nan"), pd.NA, float("inf"), None):
        assert not _all(_tree(trend_chart(flat, title="NPS", month_labels=labels_13, band_label="i",
                                          target=missing, target_label="target")), "line", "target")
    # A title of one unbreakable word is cut to fit.
    assert trend_chart(flat, title="x" * 80, month_labels=labels_13, band_label="i").texts_outside() == []
    # Mix shares past 100 % stop at the axis' end; a group without answers (NaN) draws no bar.
    mix = pd.DataFrame({"promoters": [60.0, 50.0], "passives": [30.0, np.nan], "detractors": [20.0, 30.0]})
    root = _tree(mix_chart(mix, group_labels=["a", "b"], part_labels=["P", "N", "D"], xlabel="%"))
    axis = _all(root, "line", "axis-x")[0]
    bars = [e for e in root.iter(f"{NS}rect") if (e.get("class") or "").startswith("cx-bar-")]
    assert len(bars) == 3  # row a only
    assert max(float(b.get("x")) + float(b.get("width")) for b in bars) == pytest.approx(float(axis.get("x2")))
