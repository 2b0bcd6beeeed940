"""A "$" in data is drawn as written on every chart, never read as a mathtext formula."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from cxkit import journey as J  # noqa: E402
from cxkit.datasets import make_journeys  # noqa: E402
from cxkit.errors import CxkitTypeError  # noqa: E402
from cxkit.plotting import (literal_text, plot_driver_shares, plot_emotion_curve, plot_flow,  # noqa: E402
                            plot_funnel, plot_importance_performance, plot_scorecard, plot_trend, png_bytes)

DOLLARS = "Plan $5 & $10_x"


@pytest.fixture(autouse=True)
def close_figures():
    """The notebook plots draw through pyplot, which keeps every figure until it is closed."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def drawn(monkeypatch):
    """Every (text, ismath) the Agg renderer is asked to draw."""
    seen = []
    original = RendererAgg.draw_text

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        seen.append((s, ismath))
        return original(self, gc, x, y, s, prop, angle, ismath, mtext)

    monkeypatch.setattr(RendererAgg, "draw_text", draw_text)
    return seen


def _journey_tables():
    events = make_journeys(400, seed=0).events
    events = events.assign(touchpoint=events["touchpoint"].replace({"courier": DOLLARS}),
                           stage=events["stage"].replace({"support": DOLLARS}))
    stages = ["awareness", "interest", "purchase", "delivery", DOLLARS, "loyalty"]
    return {"funnel": J.funnel(events, stages=stages), "card": J.touchpoint_scorecard(events),
            "curve": J.emotion_curve(events, stages=stages),
            "flow": J.transitions(events, stages=stages, by_step=True)}


def _charts():
    tables = _journey_tables()
    drivers = pd.DataFrame({"driver": [DOLLARS, "app"], "share": [60.0, 40.0], "low": [50.0, 30.0],
                            "high": [70.0, 50.0]})
    ipa = pd.DataFrame({"driver": [DOLLARS, "app"], "importance": [60.0, 40.0], "importance_low": [50.0, 30.0],
                        "importance_high": [70.0, 50.0], "performance": [70.0, 40.0],
                        "performance_low": [65.0, 35.0], "performance_high": [75.0, 45.0],
                        "quadrant": ["key strength", "secondary"]})
    ipa.attrs.update(importance_line=50.0, performance_line=55.0)
    trend = pd.DataFrame({"month": pd.period_range("2026-01", periods=3, freq="M").astype(str),
                          "value": [20.0, 25.0, 30.0], "low": [10.0, 15.0, 20.0], "high": [30.0, 35.0, 40.0]})
    return {
        "funnel": lambda: plot_funnel(tables["funnel"]).figure,
        "funnel rows": lambda: plot_funnel(tables["funnel"], orientation="horizontal").figure,
        "scorecard": lambda: plot_scorecard(tables["card"]).figure,
        "emotion curve": lambda: plot_emotion_curve(tables["curve"]).figure,
        "flow": lambda: plot_flow(tables["flow"]).figure,
        "driver shares": lambda: plot_driver_shares(drivers),
        "importance-performance": lambda: plot_importance_performance(ipa),
        "trend": lambda: plot_trend(trend.assign(n=100), title=DOLLARS).figure,
    }


@pytest.mark.parametrize("name", list(_charts()))
def test_a_dollar_in_the_data_is_drawn_as_written_in_a_notebook_and_in_a_report(name, drawn):
    chart = _charts()[name]
    fig = chart()
    FigureCanvasAgg(fig).draw()  # as a notebook shows it: no cxkit code between the chart and the draw
    assert (DOLLARS, False) in drawn, sorted({s for s, _ in drawn})
    assert not [s for s, ismath in drawn if ismath]
    drawn.clear()
    png_bytes(chart())  # as a report page embeds it
    assert (DOLLARS, False) in drawn
    assert not [s for s, ismath in drawn if ismath]


def test_png_bytes_draws_any_figure_without_mathtext_even_ticks_made_while_it_draws(drawn):
    fig = Figure()
    ax = fig.subplots()
    ax.barh([DOLLARS, "$1 and $2"], [1, 2])  # category ticks: matplotlib makes their labels when it draws
    ax.set_title("$x$ and $y$")
    png_bytes(fig)
    texts = {s for s, ismath in drawn if not ismath}
    assert {DOLLARS, "$1 and $2", "$x$ and $y$"} <= texts
    assert not [s for s, ismath in drawn if ismath]
    assert matplotlib.rcParams["text.parse_math"] is True  # the setting is the caller's again afterwards


def test_literal_text_touches_only_the_axes_it_is_given_and_refuses_other_objects():
    fig = Figure()
    mine, theirs = fig.subplots(1, 2)
    mine.set_title("$5 and $6")
    theirs.set_title(r"$\alpha$")
    assert literal_text(mine) is mine
    assert mine.title.get_parse_math() is False
    assert theirs.title.get_parse_math() is True  # the user's own formula elsewhere in their figure stays
    with pytest.raises(CxkitTypeError, match="Figure or Axes; got ndarray"):
        literal_text(np.zeros(2))


def test_the_layout_measures_the_text_that_is_drawn_so_nothing_is_cut_off():
    """Laid out as a formula ("Plan 5&10", narrower) but drawn as written, a label ran past the image's edge."""
    import base64
    import re

    from cxkit.plotting import texts_cut
    from cxkit.reports.benchmark_labels import benchmark_labels
    from cxkit.reports.benchmark_page import rank_figure

    for group in ("Plan 5 & 10", DOLLARS):
        ranked = pd.DataFrame({"segment": [group, "Basic", "Pro"], "metric": ["nps"] * 3, "value": [10.0, 20.0, 30.0],
                               "low": [5.0, 15, 25], "high": [15.0, 25, 35], "rank": [3, 2, 1],
                               "rank_low": [2, 1, 1], "rank_high": [3, 3, 2]})
        page = rank_figure(ranked, label_column="segment", metric_title="NPS", grouping_title="segment",
                           level_text="95%", words=benchmark_labels("en"), language="en")
        assert texts_cut(base64.b64decode(re.search(r"base64,([^']+)'", page).group(1))) == 0, group
        drivers = pd.DataFrame({"driver": [f"{group} delivery", "app"], "share": [60.0, 40.0], "low": [50.0, 30.0],
                                "high": [70.0, 50.0]})
        assert texts_cut(png_bytes(plot_driver_shares(drivers))) == 0, group
