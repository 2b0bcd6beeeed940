"""Charts for notebooks and reports (matplotlib is imported only in this package)."""

from .journey import plot_emotion_curve, plot_flow, plot_funnel, plot_scorecard
from .trend import plot_trend

__all__ = ["plot_trend", "plot_funnel", "plot_scorecard", "plot_emotion_curve", "plot_flow"]
