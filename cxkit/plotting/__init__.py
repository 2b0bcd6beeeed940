"""Charts for notebooks and reports (matplotlib is imported only in this package)."""

from .monthly import mix_figure, png_base64, trend_figure
from .trend import plot_trend

__all__ = ["plot_trend", "trend_figure", "mix_figure", "png_base64"]
