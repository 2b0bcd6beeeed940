"""Interval mathematics on counts and summary statistics.

Pure numpy/scipy: nothing here imports pandas or matplotlib. Every function is
vectorised over groups (arrays of counts in, arrays of bounds out), so a
grouped table of a thousand segments costs one call, not a thousand.
"""

from .proportion import SHARE_METHODS, proportion_interval
from .nps import NPS_METHODS, nps_interval
from .mean import MEAN_METHODS, mean_interval, hoeffding_interval, t_interval
from .bootstrap import bca_interval_from_counts
from .medians import median_difference, median_standard_error
from .difference import (
    NPS_DIFFERENCE_METHODS,
    hoeffding_difference,
    mean_difference,
    nps_difference,
    proportion_difference,
    welch_difference,
)

__all__ = [
    "SHARE_METHODS",
    "NPS_METHODS",
    "MEAN_METHODS",
    "NPS_DIFFERENCE_METHODS",
    "proportion_interval",
    "nps_interval",
    "mean_interval",
    "t_interval",
    "hoeffding_interval",
    "bca_interval_from_counts",
    "median_standard_error",
    "median_difference",
    "proportion_difference",
    "nps_difference",
    "welch_difference",
    "mean_difference",
    "hoeffding_difference",
]
