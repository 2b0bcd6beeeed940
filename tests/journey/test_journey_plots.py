"""Journey charts: labelled Axes, intervals drawn, no overlapping text, labels replaceable (Russian)."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import cxkit as cx  # noqa: E402
from cxkit import journey as J  # noqa: E402
from cxkit.plotting import plot_emotion_curve, plot_flow, plot_funnel, plot_scorecard  # noqa: E402


def _texts(ax):
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    items = list(ax.texts) + [ax.title] + ax.get_xticklabels() + ax.get_yticklabels() + [ax.xaxis.label,
                                                                                        ax.yaxis.label]
    legend = ax.get_legend()
    if legend is not None:
        items += legend.get_texts()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in items if t.get_text() and t.get_visible()]


def assert_no_overlap(ax):
    boxes = _texts(ax)
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), (a, b)


@pytest.fixture(scope="module")
def tables(events, stages):
    return {"funnel": J.funnel(events, stages=stages), "card": J.touchpoint_scorecard(events),
            "curve": J.emotion_curve(events, stages=stages),
            "flow": J.transitions(events, stages=stages, by_step=True)}


def test_funnel_plot(tables):
    ax = plot_funnel(tables["funnel"], labels={"title": "Воронка", "drop_off": "отток {drop_off:.0f}%"})
    assert ax.get_title() == "Воронка"
    assert any("отток 54%" in t.get_text() for t in ax.texts)
    assert len(ax.containers) >= 2  # bars and error bars
    assert_no_overlap(ax)
    plt.close(ax.figure)


def test_scorecard_plot_highlights_pain_points(tables):
    ax = plot_scorecard(tables["card"], labels={"title": "Точки контакта", "pain_point": "болевая точка"})
    assert [t.get_text() for t in ax.get_yticklabels()][-2:] == ["call_centre", "support_call"]
    assert "болевая точка" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert_no_overlap(ax)
    plt.close(ax.figure)


def test_emotion_curve_plot(tables):
    ax = plot_emotion_curve(tables["curve"], labels={"ylabel": "средняя оценка"})
    assert ax.get_ylabel() == "средняя оценка" and len(ax.collections) == 1  # the band
    assert_no_overlap(ax)
    plt.close(ax.figure)


def test_flow_plot_unrolls_loops(tables):
    ax = plot_flow(tables["flow"], labels={"end": "уход"})
    assert any(t.get_text().startswith("уход") for t in ax.texts)
    assert len(ax.get_xticks()) == tables["flow"]["step"].max() + 2
    assert_no_overlap(ax)
    plt.close(ax.figure)


def test_plot_errors(tables):
    with pytest.raises(cx.CxkitValueError, match=r"labels has unknown key\(s\) \['titel'\]"):
        plot_funnel(tables["funnel"], labels={"titel": "x"})
    with pytest.raises(cx.CxkitValueError, match="lacks column"):
        plot_funnel(tables["card"])
    with pytest.raises(cx.CxkitValueError, match="plot one group at a time"):
        plot_emotion_curve(tables["curve"].assign(stage="x"))
    with pytest.raises(cx.CxkitValueError, match="lacks column"):
        plot_flow(tables["flow"].drop(columns="step"))


def test_counts_are_written_as_the_caller_says(tables):
    russian = lambda value: f"{value:,}".replace(",", "\u00a0")  # noqa: E731  (Babel writes 1 234 in Russian)
    ax = plot_funnel(tables["funnel"], number=russian)
    first = int(tables["funnel"]["reached"].iloc[0])
    assert any(t.get_text().startswith(f"n = {russian(first)}") for t in ax.texts)
    assert first >= 1000 and not any("," in t.get_text().split("\n")[0] for t in ax.texts)
    plt.close(ax.figure)
    ax = plot_flow(tables["flow"], number=russian)
    assert any(russian(first) in t.get_text() for t in ax.texts)
    plt.close(ax.figure)
