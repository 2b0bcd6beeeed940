"""Charts for notebooks and reports (matplotlib is imported only in this package).

The monthly report's charts (:mod:`.monthly`) are SVG written by :mod:`.svg`, without matplotlib; the
journey and benchmark figures draw on ``matplotlib.figure.Figure`` without pyplot (:mod:`.readable` imports
matplotlib only inside its functions), and the notebook plots of the other modules load pyplot when first
used (PEP 562), so the monthly report's kernel never imports matplotlib.
"""

from .monthly import mix_chart, trend_chart
from .svg import SvgChart
from .readable import (MIN_TEXT_PX, PHONE_CONTENT_PX, fit_for_phone, literal_text, phone_text_px, png_base64,
                       png_bytes, readable_png, text_record, texts_cut)

_LAZY = {"plot_trend": ".trend", "plot_funnel": ".journey", "plot_scorecard": ".journey",
         "plot_emotion_curve": ".journey", "plot_flow": ".journey", "plot_driver_shares": ".drivers",
         "plot_importance_performance": ".drivers"}

__all__ = ["plot_trend", "trend_chart", "mix_chart", "SvgChart", "png_base64", "png_bytes", "readable_png", "fit_for_phone",
           "literal_text", "text_record", "texts_cut", "phone_text_px", "PHONE_CONTENT_PX", "MIN_TEXT_PX", "plot_funnel",
           "plot_scorecard", "plot_emotion_curve", "plot_flow", "plot_driver_shares", "plot_importance_performance"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxkit.plotting' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))
