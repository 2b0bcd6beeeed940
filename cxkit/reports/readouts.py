"""Reading a value against the sources' thresholds, with its whole interval.

The thresholds live in the metric registry (:mod:`cxkit.metrics.registry`,
``Readout``: the NPS bands of source [002], the share targets of source [000];
the README lists the sources). A
value is "above" a threshold only when the interval's lower bound is above
it, "below" when the upper bound is below it, and otherwise the interval
"straddles" it: the data cannot tell yet.
"""

from __future__ import annotations

import math

from ..metrics.registry import definition


def band(metric: str, value: float) -> str:
    """Label key of the band a value falls in (metrics with bands, such as the NPS)."""
    readout = definition(metric).readout
    if math.isnan(value):
        return "not_available"
    first_edge = readout.bands[0][0]
    if value < first_edge:
        return readout.below
    label = readout.at_edge
    for edge, key in readout.bands:
        if value > edge:
            label = key
    return label


def position(low: float, high: float, threshold: float) -> str:
    """"above", "below" or "straddles": where the interval lies against a threshold."""
    if math.isnan(low) or math.isnan(high):
        return "not_available"
    if low > threshold:
        return "above"
    if high < threshold:
        return "below"
    return "straddles"


def readout(metric: str, value: float, low: float, high: float) -> str:
    """The read-out key of a metric's value: its band, or ``"<position>|<target label>"``."""
    entry = definition(metric).readout
    if entry.bands:
        return band(metric, value)
    if entry.target is None:
        return "not_available"
    threshold, label = entry.target
    return f"{position(low, high, threshold)}|{label}"


def bands_touched(metric: str, low: float, high: float) -> list[str]:
    """Label keys of every band the interval ``[low, high]`` reaches, lowest first (NPS bands).

    A read-out built on the point value alone would print "above 0: good" for
    an NPS whose interval runs from -1 to 57; this lists "alarm", "good" and
    "excellent" instead, so the page says the band is not settled.
    """
    from ..metrics.registry import REGISTRY

    if metric not in REGISTRY:  # operational metrics (first response time) have no bands
        return []
    entry = definition(metric).readout
    if not entry.bands or math.isnan(low) or math.isnan(high):
        return []
    edges = [edge for edge, _key in entry.bands]
    keys = [entry.below] + [key for _edge, key in entry.bands]
    first = sum(low > e for e in edges) if low not in edges else edges.index(low)
    last = sum(high > e for e in edges)
    return keys[first:last + 1] if first <= last else [keys[first]]
