"""``df.cx``: the grouped functions as DataFrame methods.

    df.cx.summarize(metric="nps", score="nps_score", by="region")
    df.cx.nps("nps_score")              # one Estimate for the whole column
    df.cx.compare_periods(metric="nps", score="nps_score", date="answered_at")

Registered when cxkit is imported.
"""

from __future__ import annotations

import pandas as pd

from .metrics import survey as survey_metrics
from .compare.periods_groups import compare_groups, compare_periods
from .metrics.loyalty import cli
from .tables.summarize import summarize
from .inputs.columns import column_names, require_column, require_columns


@pd.api.extensions.register_dataframe_accessor("cx")
class CxAccessor:
    """cxkit on a DataFrame of survey answers."""

    def __init__(self, frame: pd.DataFrame):
        self._frame = frame

    def _column(self, column: str, method: str):
        return require_column(self._frame, column, role=f"df.cx.{method}")

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
        return survey_metrics.nps(self._column(column, "nps"), **options)

    def csat(self, column: str, **options):
        """:func:`cxkit.csat` of one column."""
        return survey_metrics.csat(self._column(column, "csat"), **options)

    def csi(self, column: str, **options):
        """:func:`cxkit.csi` of one column."""
        return survey_metrics.csi(self._column(column, "csi"), **options)

    def ces(self, column: str, **options):
        """:func:`cxkit.ces` of one column."""
        return survey_metrics.ces(self._column(column, "ces"), **options)

    def cli(self, columns, **options):
        """:func:`cxkit.cli` of the item columns."""
        columns = column_names(columns, role="df.cx.cli")
        require_columns(self._frame, columns, role="df.cx.cli")
        return cli(self._frame[columns], **options)
