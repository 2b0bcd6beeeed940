"""The monthly report's charts (cxkit/plotting/monthly.py) with long names, one month of data and full-year
month labels: every text inside the image, bars readable, intervals drawn."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxkit.plotting import mix_figure, png_bytes, text_record, texts_cut  # noqa: E402
from cxkit.reports.labels import labels  # noqa: E402
from cxkit.reports.locale import Formatter  # noqa: E402

#: 45 characters, markup included (a names file can give any text; the chart shows it as text).
LONG = {"ru": "Крупные компании и партнёры <b>VIP</b> сектор", "en": "Large companies and key partners <b>VIP</b> A"}


def _inside(fig) -> list:
    """Texts of the figure whose drawn box reaches past the image (multi-line ones included)."""
    fig.draw_without_rendering()
    box = fig.bbox
    texts = [t for ax in fig.axes for t in ax.get_yticklabels() + ax.get_xticklabels()]
    texts += [t for legend in fig.legends for t in legend.get_texts()]
    return [t.get_text() for t in texts if t.get_text()
            and (t.get_window_extent().x0 < box.x0 - 1 or t.get_window_extent().x1 > box.x1 + 1)]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_long_group_names_are_wrapped_inside_the_mix_chart_and_the_bars_keep_their_width(language):
    assert len(LONG[language]) == 45
    words = labels(language)
    mix = pd.DataFrame({"promoters": [50.0, 40.0, 30.0], "passives": [30.0, 30.0, 30.0],
                        "detractors": [20.0, 30.0, 40.0]})
    fig = mix_figure(mix, group_labels=[words["mix_all"], LONG[language], "SMB"],
                     part_labels=[words["promoters"], words["passives"], words["detractors"]],
                     xlabel=words["share_axis"], tick_format=lambda v: Formatter(language, words).percent(v, 0))
    shown = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert shown[1].count("\n") >= 2 and max(len(line) for line in shown[1].split("\n")) <= 18
    assert shown[1].replace("\n", " ") == LONG[language]  # wrapped at spaces, nothing lost
    png = png_bytes(fig)
    assert texts_cut(png) == 0
    assert _inside(fig) == []
    assert text_record(png)[0] >= 10.0
    bars = fig.axes[0].get_position()
    assert bars.width >= 0.5  # the bars keep half of the 690 px image or more
    assert fig.get_size_inches()[1] > 1.1 + 0.42 * 3  # taller rows hold the wrapped name


def test_short_names_keep_the_compact_mix_chart():
    mix = pd.DataFrame({"promoters": [50.0, 40.0], "passives": [30.0, 30.0], "detractors": [20.0, 30.0]})
    fig = mix_figure(mix, group_labels=["all answers", "smb"], part_labels=["P", "N", "D"], xlabel="%")
    assert fig.get_size_inches()[1] == pytest.approx(1.1 + 0.42 * 2)
    assert fig.axes[0].get_position().width >= 0.7
    assert texts_cut(png_bytes(fig)) == 0 and _inside(fig) == []
    with pytest.raises(ValueError, match="group_labels has 1 entries; mix has 2 rows"):
        mix_figure(mix, group_labels=["x"], part_labels=["P", "N", "D"], xlabel="%")


def test_a_month_without_neighbours_gets_its_interval_as_an_error_bar():
    from matplotlib.collections import LineCollection

    from cxkit.plotting import trend_figure
    from cxkit.plotting.monthly import isolated_points

    nan = np.nan
    trend = pd.DataFrame({"value": [nan, 10.0, nan, 20.0, 22.0, nan, 30.0],
                          "low": [nan, 6.0, nan, 15.0, 18.0, nan, 25.0],
                          "high": [nan, 14.0, nan, 25.0, 26.0, nan, 36.0]})
    assert isolated_points(trend).tolist() == [False, True, False, False, False, False, True]
    fig = trend_figure(trend, title="NPS", month_labels=list("abcdefg"), band_label="95% interval")
    bars = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    assert len(bars) == 1
    segments = sorted((tuple(s[0]), tuple(s[1])) for s in bars[0].get_segments())
    assert segments == [((1.0, 6.0), (1.0, 14.0)), ((6.0, 25.0), (6.0, 36.0))]  # low to high at months 1 and 6
    # One month of data: the lone point's interval is drawn, and its top and bottom are inside the axes.
    one = trend.iloc[[0, 1, 2]].reset_index(drop=True)
    fig = trend_figure(one, title="NPS", month_labels=["a", "b", "c"], band_label="95% interval")
    low, high = fig.axes[0].get_ylim()
    assert low <= 6.0 and high >= 14.0
    assert texts_cut(png_bytes(fig)) == 0


@pytest.mark.parametrize("language", ["en", "ru"])
def test_short_months_carry_the_full_year_and_the_axis_labels_never_touch(language):
    from cxkit.plotting import trend_figure
    from cxkit.reports.locale import Formatter

    fmt = Formatter(language, labels(language))
    assert fmt.month("2026-09", short=True) == {"en": "Sep 2026", "ru": "сент. 2026"}[language]
    assert fmt.month("2025-10", short=True) == {"en": "Oct 2025", "ru": "окт. 2025"}[language]
    for months in (12, 13):
        window = pd.period_range(end="2026-10", periods=months, freq="M").astype(str)
        values = np.linspace(70, 80, months)
        trend = pd.DataFrame({"value": values, "low": values - 3, "high": values + 3})
        fig = trend_figure(trend, title="CSAT", month_labels=[fmt.month(m, short=True) for m in window],
                           band_label="95% interval", target=75.0, target_label="target")
        png = png_bytes(fig)
        ax = fig.axes[0]
        fig.draw_without_rendering()
        shown = [t.get_text() for t in ax.get_xticklabels()]
        assert shown[-1] == fmt.month("2026-10", short=True)  # the report month is always labelled
        boxes = [t.get_window_extent() for t in ax.get_xticklabels()]
        assert all(b.x0 > a.x1 for a, b in zip(boxes, boxes[1:])), shown
        assert len(shown) >= 3
        assert texts_cut(png) == 0 and _inside(fig) == []
        # The legend sits under the axes, off the band.
        (legend,) = fig.legends
        assert legend.get_window_extent().y1 <= ax.get_tightbbox().y0 + 1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_median_beyond_the_longest_wait_and_a_long_title_fit_the_chart(language):
    """The first response time of a month with fewer than half of its tickets answered: median inf, interval from
    the longest wait to inf. The month keeps its place, a triangle marks its lower bound, nothing is cut off."""
    from matplotlib.lines import Line2D

    from cxkit.plotting import trend_figure

    words = labels(language)
    fmt = Formatter(language, words)
    months = pd.period_range("2025-10", periods=13, freq="M").astype(str)
    trend = pd.DataFrame({"month": months, "value": [4.0] * 12 + [np.inf], "low": [3.0] * 12 + [736.1],
                          "high": [5.0] * 12 + [np.inf]})
    title = f'{words["metric_names"]["first_response_time"]}, {words["metric_units"]["first_response_time"]}'
    fig = trend_figure(trend, title=title, month_labels=[fmt.month(m, short=True) for m in months],
                       band_label=words["interval_band"].format(level=fmt.level(0.95)),
                       open_label=words["over_legend"])
    png = png_bytes(fig)
    assert texts_cut(png) == 0
    (ax,) = fig.axes
    assert "\n" in ax.get_title(loc="left")  # wrapped onto two lines, not cut at the right edge
    assert ax.get_xlim()[1] > 12  # the last month is on the axis
    triangles = [line for line in ax.get_lines() if line.get_marker() == "^"]
    assert len(triangles) == 1 and list(triangles[0].get_ydata()) == [736.1]
    assert words["over_legend"] in [t.get_text() for t in fig.legends[0].get_texts()]
    assert all(np.isfinite(ax.get_ylim()))
    assert isinstance(triangles[0], Line2D)
