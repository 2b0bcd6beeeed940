"""``df.cx``: the grouped functions as DataFrame methods.

    df.cx.summarize(metric="nps", score="nps_score", by="region")
    df.cx.nps("nps_score")              # one Estimate for the whole column
    df.cx.compare_periods(metric="nps", score="nps_score", date="answered_at")

Registered when cxkit is imported.
"""

from __future__ import annotations

import pandas as pd

from .metrics import effort, nps, satisfaction
from .compare.periods_groups import compare_groups, compare_periods
from .metrics.loyalty import cli
from .tables.summarize import summarize
from .errors import CxkitValueError


@pd.api.extensions.register_dataframe_accessor("cx")
class CxAccessor:
    """cxkit on a DataFrame of survey answers."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame

    def _column(self, column: str):
        if column not in self._frame.columns:
            raise CxkitValueError(f"column {column!r} is not in the data; it has {list(map(str, self._frame.columns))}.")
        return self._frame[column]

    def summarize(self, metric: str = "nps", score=None, by=(), **options) -> pd.DataFrame:
        """:func:`cxkit.tables.summarize` on this DataFrame."""
        return summarize(self._frame, metric, score, by, **options)

    def compare_periods(self, **options) -> pd.DataFrame:
        """:func:`cxkit.compare_periods` on this DataFrame."""
        return compare_periods(self._frame, **options)

    def compare_groups(self, **options) -> pd.DataFrame:
        """:func:`cxkit.compare_groups` on this DataFrame."""
        return compare_groups(self._frame, **options)

    def nps(self, column: str, **options):
        """:func:`cxkit.nps` of one column."""
        return nps.nps(self._column(column), **options)

    def csat(self, column: str, **options):
        """:func:`cxkit.csat` of one column."""
        return satisfaction.csat(self._column(column), **options)

    def csi(self, column: str, **options):
        """:func:`cxkit.csi` of one column."""
        return satisfaction.csi(self._column(column), **options)

    def ces(self, column: str, **options):
        """:func:`cxkit.ces` of one column."""
        return effort.ces(self._column(column), **options)

    def cli(self, columns, **options):
        """:func:`cxkit.cli` of the item columns."""
        return cli(self._frame[[self._column(c).name for c in columns]], **options)
