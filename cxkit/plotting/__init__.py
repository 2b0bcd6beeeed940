"""Charts for notebooks and reports (matplotlib is imported only in this package)."""

from .drivers import plot_driver_shares, plot_importance_performance
from .journey import plot_emotion_curve, plot_flow, plot_funnel, plot_scorecard
from .monthly import mix_figure, png_base64, trend_figure
from .trend import plot_trend

__all__ = ["plot_trend", "trend_figure", "mix_figure", "png_base64", "plot_funnel", "plot_scorecard",
           "plot_emotion_curve", "plot_flow", "plot_driver_shares", "plot_importance_performance"]
