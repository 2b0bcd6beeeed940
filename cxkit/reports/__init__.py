"""Report notebooks: parameters, data, what the reports compute, formatting, labels, rendering.

Python API (the command line ``cxkit report`` does the same)::

    import cxkit.reports as reports
    reports.render("monthly", language="ru")                       # one report -> RenderedReport
    reports.render_many("monthly", month=["2026-09", "2026-10"])    # one per month -> [RenderedReport]
    reports.render_many("all")                                     # every registered report
    print(reports.describe_reports())                              # reports and their parameters

A render leaves one fresh kernel warming up for the next render in the same
session (:mod:`cxkit.reports.spare`); ``reports.start_spare_kernel()`` starts
one at once, for the session's first render; ``reports.set_spare_kernel(False)``
switches that off.
"""

from .outputs import ReportOutputs, read_outputs
from .api import render, render_many
from .runner import REPORTS, RenderedReport, ReportKind, describe_reports, register, render_monthly_report, render_report
from .spare import close_spare_kernel, set_spare_kernel, start_spare_kernel

__all__ = ["ReportOutputs", "read_outputs", "REPORTS", "RenderedReport", "ReportKind", "describe_reports",
           "register", "render", "render_many", "render_monthly_report", "render_report", "close_spare_kernel",
           "set_spare_kernel", "start_spare_kernel"]
