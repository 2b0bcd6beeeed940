"""Read-out thresholds stated in the source documents (SPEC.md, BENCHMARKS.md).

Each read-out looks at the whole interval, not just the point: a value is
"above" a threshold only when the interval's lower bound is above it, and
"near" it when the interval straddles it.
"""

from __future__ import annotations

import math

#: NPS read-out bands of seed 002: below 0 alarm, above 0 good, above 50
#: excellent, above 70 world class.
NPS_BANDS = ((0.0, "nps_good"), (50.0, "nps_excellent"), (70.0, "nps_world_class"))

#: metric -> (threshold in percent, direction where the metric is fine, label key, seed)
SHARE_TARGETS = {
    "csi": (80.0, "at_least", "csi_target", "000"),
    "csat": (75.0, "at_least", "csat_target", "000"),
    "ces": (60.0, "above", "ces_target", "000"),
}

#: Monthly churn at or below 5 % is fine (seed 000).
CHURN_MONTHLY_MAX = 5.0


def nps_band(value: float) -> str:
    """Label key of the seed-002 band an NPS value falls in."""
    if math.isnan(value):
        return "not_available"
    if value < 0:
        return "nps_alarm"
    band = "nps_zero"
    for edge, label in NPS_BANDS:
        if value > edge:
            band = label
    return band


def position(low: float, high: float, threshold: float) -> str:
    """"above", "below" or "straddles": where the interval lies against a threshold."""
    if math.isnan(low) or math.isnan(high):
        return "not_available"
    if low > threshold:
        return "above"
    if high < threshold:
        return "below"
    return "straddles"
