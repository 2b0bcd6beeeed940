"""``df.cx``: cxkit's table functions as DataFrame methods.

    df.cx.summarize(metric="nps", score="nps_score", by="region")
    df.cx.nps("nps_score")              # one Estimate for the whole column
    df.cx.compare_periods(metric="nps", score="nps_score", date="answered_at")

Each method wraps the public function with :func:`functools.wraps`, so its
signature and docstring carry over (``help(df.cx.summarize)`` shows
``cx.summarize``'s). Registered when cxkit is imported.
"""

from __future__ import annotations

import functools

import pandas as pd

from .compare.periods_groups import compare_groups, compare_periods
from .inputs.columns import column_names, require_column, require_columns
from .metrics.effort import ces
from .metrics.loyalty import cli
from .metrics.nps import nps
from .metrics.satisfaction import csat, csi
from .tables.summarize import summarize


def _on_frame(function):
    """A method calling ``function(frame, ...)``."""

    @functools.wraps(function)
    def method(self, *args, **options):
        return function(self._frame, *args, **options)

    return method


def _on_column(function):
    """A method calling ``function(frame[column], ...)`` after checking the column."""

    @functools.wraps(function)
    def method(self, column, **options):
        return function(require_column(self._frame, column, role=f"df.cx.{function.__name__}"), **options)

    return method


@pd.api.extensions.register_dataframe_accessor("cx")
class CxAccessor:
    """cxkit on a DataFrame of survey answers."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame

    summarize = _on_frame(summarize)
    compare_periods = _on_frame(compare_periods)
    compare_groups = _on_frame(compare_groups)
    nps = _on_column(nps)
    csat = _on_column(csat)
    csi = _on_column(csi)
    ces = _on_column(ces)

    @functools.wraps(cli)
    def cli(self, columns, **options):
        columns = column_names(columns, role="df.cx.cli")
        require_columns(self._frame, columns, role="df.cx.cli")
        return cli(self._frame[columns], **options)
