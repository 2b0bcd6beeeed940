"""Charts for notebooks and reports (matplotlib is imported only in this package)."""

from .drivers import plot_driver_shares, plot_importance_performance
from .journey import plot_emotion_curve, plot_flow, plot_funnel, plot_scorecard
from .monthly import mix_figure, trend_figure
from .readable import (MIN_TEXT_PX, PHONE_CONTENT_PX, fit_for_phone, phone_text_px, png_base64, png_bytes,
                       readable_png, text_record, texts_cut)
from .trend import plot_trend

__all__ = ["plot_trend", "trend_figure", "mix_figure", "png_base64", "png_bytes", "readable_png", "fit_for_phone",
           "text_record", "texts_cut", "phone_text_px", "PHONE_CONTENT_PX", "MIN_TEXT_PX", "plot_funnel", "plot_scorecard",
           "plot_emotion_curve", "plot_flow", "plot_driver_shares", "plot_importance_performance"]
