"""cxkit: customer-experience metrics with confidence intervals you can defend.

Single samples: :func:`nps`, :func:`csat`, :func:`csi`, :func:`ces`,
:func:`cli`, :func:`compare`. Grouped tables: :func:`summarize`,
:func:`summarize_counts`, :func:`compare_periods`, :func:`compare_groups`,
:func:`compare_benchmark`, and ``df.cx``. Planning: :func:`sample_size`,
:func:`margin_of_error`, :func:`sample_size_per_group`. Reports:
``cxkit report monthly --month YYYY-MM``.
"""

from . import accessor as _accessor  # noqa: F401  (registers df.cx)
from . import datasets, journey
from .compare.benchmark import compare_benchmark
from .compare.two_samples import compare
from .errors import (
    CxkitError,
    CxkitTypeError,
    CxkitValueError,
    CxkitWarning,
    DataFileError,
    InvalidAnswersError,
    ReportError,
    SmallSampleWarning,
)
from .compare.periods_groups import compare_groups, compare_periods
from .metrics.loyalty import cli
from .metrics.forrester import cx_ease, cx_enjoyability, cx_index, cx_usefulness
from .metrics.registry import SMALL_SAMPLE_SIZE
from .stats.multiple_testing import adjust_p_values
from .compare.paired import paired_nps_change
from .inputs.files import read
from .retention import (
    churn_rate,
    churn_rate_counts,
    cohort_retention,
    compare_retention,
    median_lifetime,
    retention_curve,
)
from .service import (
    ServiceEstimate,
    average_handle_time,
    cac,
    conversion_rate,
    durations,
    first_response_time,
    sla_compliance,
)
from .planning import margin_of_error, sample_size, sample_size_per_group
from .results import BenchmarkComparison, Comparison, Estimate
from .tables.summarize import summarize, summarize_counts
from .metrics.effort import ces
from .metrics.nps import nps
from .metrics.satisfaction import csat, csi

__version__ = "0.1.0"

#: Loaded on first use (PEP 562): customer lifetime value fits need scipy.optimize, a quarter of a
#: second of start-up that every report kernel and ``import cxkit`` would otherwise pay.
_LAZY = {name: ".value" for name in (
    "BgNbdFit", "ClvEstimate", "GammaGammaFit", "SbgFit", "bgnbd_clv", "bgnbd_clv_interval", "clv",
    "clv_from_transactions", "cx_roi_scenario", "fit_bgnbd", "fit_gamma_gamma", "fit_sbg", "rfm_summary")}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxkit' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))

__all__ = [
    "journey",
    "nps",
    "csat",
    "csi",
    "ces",
    "cli",
    "cx_usefulness",
    "cx_ease",
    "cx_enjoyability",
    "cx_index",
    "compare",
    "summarize",
    "summarize_counts",
    "read",
    "churn_rate",
    "churn_rate_counts",
    "retention_curve",
    "median_lifetime",
    "compare_retention",
    "cohort_retention",
    "first_response_time",
    "sla_compliance",
    "average_handle_time",
    "conversion_rate",
    "cac",
    "durations",
    "ServiceEstimate",
    "clv",
    "clv_from_transactions",
    "rfm_summary",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "bgnbd_clv",
    "bgnbd_clv_interval",
    "fit_sbg",
    "cx_roi_scenario",
    "ClvEstimate",
    "BgNbdFit",
    "GammaGammaFit",
    "SbgFit",
    "compare_periods",
    "compare_groups",
    "compare_benchmark",
    "paired_nps_change",
    "adjust_p_values",
    "sample_size",
    "margin_of_error",
    "sample_size_per_group",
    "Estimate",
    "Comparison",
    "BenchmarkComparison",
    "CxkitError",
    "CxkitValueError",
    "CxkitTypeError",
    "DataFileError",
    "CxkitWarning",
    "SmallSampleWarning",
    "InvalidAnswersError",
    "ReportError",
    "SMALL_SAMPLE_SIZE",
    "datasets",
]
