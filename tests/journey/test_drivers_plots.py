"""Key-driver charts and the importance-performance table."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot  # noqa: E402

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.journey.importance import importance_performance
from cxkit.plotting.drivers import plot_driver_shares, plot_importance_performance
from cxkit.stats import proportion_interval


def ratings(n=600, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({c: np.clip(np.round(rng.normal(mu, 1, n)), 1, 5)
                          for c, mu in (("app", 4.2), ("courier", 2.6), ("website", 4.0), ("email", 2.5))})
    frame["nps"] = np.clip(np.round(2 * frame["app"] + 1.5 * frame["courier"] - 4 + rng.normal(0, 1.5, n)), 0, 10)
    return frame


def test_quadrants_follow_planted_importance_and_performance():
    table = importance_performance(ratings(), outcome="nps", drivers=["app", "courier", "website", "email"],
                                   n_resamples=200, rng=1)
    quadrant = table.set_index("driver")["quadrant"]
    assert quadrant["app"] == "key strength" and quadrant["courier"] == "priority"
    assert quadrant["website"] == "maintain" and quadrant["email"] == "secondary"
    assert table.attrs["importance_line"] == pytest.approx(25.0)
    row = table.set_index("driver").loc["app"]
    assert row["performance_low"] < row["performance"] < row["performance_high"]


def test_top_box_performance_is_a_wilson_interval_in_percent():
    frame = ratings()
    table = importance_performance(frame, outcome="nps", drivers=["app", "courier"], performance="top-box",
                                   n_resamples=0).set_index("driver")
    successes = int((frame["courier"] >= 4).sum())
    low, high = proportion_interval(successes, len(frame))
    assert table.loc["courier", "performance"] == pytest.approx(100 * successes / len(frame))
    assert table.loc["courier", ["performance_low", "performance_high"]].tolist() == pytest.approx([100 * low, 100 * high])
    with pytest.raises(CxkitValueError, match="off the 1-5 scale"):
        importance_performance(frame.assign(app=frame["app"] * 3), outcome="nps", drivers=["app", "courier"],
                               performance="top-box", n_resamples=0)
    with pytest.raises(CxkitValueError, match="threshold .* must be one of"):
        importance_performance(frame, outcome="nps", drivers=["app"], threshold="mode", n_resamples=0)


def test_charts_return_figures_with_the_callers_words():
    table = importance_performance(ratings(), outcome="nps", drivers=["app", "courier", "website", "email"],
                                   n_resamples=100, rng=2)
    figure = plot_importance_performance(table, labels={"importance": "Важность, % R²", "priority": "приоритет"})
    ax = figure.axes[0]
    assert ax.get_ylabel() == "Важность, % R²"
    assert "приоритет" in [t.get_text() for t in ax.get_legend().get_texts()]
    texts = [t for t in ax.texts]
    assert sorted(t.get_text() for t in texts) == ["app", "courier", "email", "website"]
    figure.canvas.draw()
    boxes = [t.get_window_extent() for t in texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    shares = table.rename(columns={"importance": "share", "importance_low": "low", "importance_high": "high"})
    bars = plot_driver_shares(shares, labels={"share": "доля R², %"})
    assert bars.axes[0].get_xlabel() == "доля R², %"
    with pytest.raises(CxkitValueError, match="unknown key"):
        plot_driver_shares(shares, labels={"sharee": "x"})
    with pytest.raises(CxkitValueError, match="lacks column"):
        plot_importance_performance(shares)
    with pytest.raises(CxkitTypeError, match="must be a DataFrame"):
        plot_driver_shares([1, 2])


def test_a_share_below_its_own_bootstrap_interval_is_drawn_with_the_interval_as_it_is():
    # A percentile bootstrap interval of a share near 0 can lie wholly above the estimate (Somerville's housing cost).
    table = pd.DataFrame({"driver": ["a", "b"], "share": [0.175, 60.0], "low": [0.182, 40.0], "high": [9.0, 80.0]})
    figure = plot_driver_shares(table)
    lines = figure.axes[0].collections[0].get_segments()
    assert [tuple(seg[:, 0]) for seg in lines] == [(0.182, 9.0), (40.0, 80.0)]
    matplotlib.pyplot.close(figure)


def test_a_quadrant_is_certain_only_when_both_intervals_keep_to_one_side_of_their_lines():
    frame = ratings()
    table = importance_performance(frame, outcome="nps", drivers=["app", "courier", "website", "email"],
                                   n_resamples=200, rng=1)
    lines = table.attrs["importance_line"], table.attrs["performance_line"]
    for row in table.itertuples():
        importance_side = row.importance_low >= lines[0] or row.importance_high < lines[0]
        performance_side = row.performance_low >= lines[1] or row.performance_high < lines[1]
        assert row.quadrant_certain == (importance_side and performance_side), row.driver
    # app (planted strong and well rated) is certain; a driver whose interval crosses a line is not.
    assert table.set_index("driver").loc["app", "quadrant_certain"]
    crossed = importance_performance(frame, outcome="nps", drivers=["app", "courier", "website", "email"],
                                     drivers_table=table.rename(columns={"importance": "share",
                                                                         "importance_low": "low",
                                                                         "importance_high": "high"})
                                     .assign(low=lambda t: np.where(t["driver"] == "email", 0.0, t["low"]),
                                             high=lambda t: np.where(t["driver"] == "email", 99.0, t["high"])))
    assert not crossed.set_index("driver").loc["email", "quadrant_certain"]  # 0-99 % crosses the 25 % line
    assert crossed.set_index("driver").loc["app", "quadrant_certain"]


def test_uncertain_quadrants_are_drawn_as_open_markers_with_a_legend_entry():
    table = importance_performance(ratings(), outcome="nps", drivers=["app", "courier", "website", "email"],
                                   n_resamples=100, rng=2)
    table["quadrant_certain"] = [True, False, True, True]
    figure = plot_importance_performance(table, labels={"uncertain": "пустой кружок: интервал пересекает линию"})
    ax = figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "пустой кружок: интервал пересекает линию" in legend
    faces = [matplotlib.colors.to_hex(line.get_markerfacecolor()) for line in ax.lines
             if line.get_marker() == "o" and len(line.get_xdata())]
    assert faces.count("#ffffff") == 1  # courier, and only courier, is open
    table["quadrant_certain"] = True
    legend = [t.get_text() for t in plot_importance_performance(table).axes[0].get_legend().get_texts()]
    assert not any("open marker" in t for t in legend)


def test_the_importance_performance_legend_sits_under_the_axes_never_on_the_points():
    table = importance_performance(ratings(), outcome="nps", drivers=["app", "courier", "website", "email"],
                                   n_resamples=200, rng=1)
    fig = plot_importance_performance(table)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (ax,) = fig.axes
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 < ax.get_window_extent(renderer).y0  # below the plotting area
    assert legend.y1 <= ax.xaxis.get_tightbbox(renderer).y0 + 1  # and below the axis label
    assert legend.y0 >= 0 and legend.x0 >= 0 and legend.x1 <= fig.bbox.width  # inside the figure
    matplotlib.pyplot.close(fig)
