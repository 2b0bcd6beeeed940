"""cxkit: customer-experience metrics with confidence intervals you can defend.

>>> import cxkit as cx
>>> cx.nps([10, 9, 8, 3, 10, 6, 9, 9, 7, 10])      # doctest: +SKIP
"""

# from . import datasets  (added back once datasets lands)
from .comparison import compare
from .errors import CxkitWarning, InvalidAnswersError, ReportError, SmallSampleWarning
from .loyalty_index import cli
from .metric_tables import SMALL_SAMPLE_SIZE
from .results import Comparison, Estimate
from .survey_metrics import ces, csat, csi, nps

__version__ = "0.1.0"

__all__ = [
    "nps",
    "csat",
    "csi",
    "ces",
    "cli",
    "compare",
    "Estimate",
    "Comparison",
    "CxkitWarning",
    "SmallSampleWarning",
    "InvalidAnswersError",
    "ReportError",
    "SMALL_SAMPLE_SIZE",
    "datasets",
]
