"""Charts for notebooks and reports (matplotlib is imported only in this package)."""

from .trend import plot_trend

__all__ = ["plot_trend"]
