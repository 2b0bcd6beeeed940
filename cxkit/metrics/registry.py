"""What a metric name plus its options means for grouped computation.

``metric_spec("csat", {"top": 1})`` -> the scale, which answers count, the
interval methods allowed, the output metric name. Used by the grouped tables
(:mod:`cxkit.tables.summarize`) and comparisons, so options are checked in one place
with the same messages as the single-sample functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..options import check_choice, check_scale
from ..stats import MEAN_METHODS, NPS_METHODS, SHARE_METHODS
from .survey import CES_STATISTICS, _check_top
from ..errors import CxkitTypeError

METRICS = ("nps", "csat", "csi", "ces", "cli")

#: Options each metric accepts in grouped calls (besides drop_invalid).
OPTIONS = {
    "nps": (),
    "csat": ("scale", "top"),
    "csi": (),
    "ces": ("scale", "statistic", "reverse"),
    "cli": ("scale", "reverse"),
}


@dataclass(frozen=True)
class MetricSpec:
    """A metric with its options resolved."""

    metric: str  # output name: nps, csat, csi, ces, ces_mean, cli
    kind: str  # "nps", "share" or "mean"
    scale: tuple[int, int]
    top: int = 2
    reverse: bool | tuple = False
    methods: tuple[str, ...] = ()

    @property
    def points(self) -> np.ndarray:
        return np.arange(self.scale[0], self.scale[1] + 1, dtype=float)

    def check_method(self, method: str | None) -> str:
        return self.methods[0] if method is None else check_choice("method", method, self.methods)


def metric_spec(metric: str, options: dict) -> MetricSpec:
    """Resolve and check ``metric`` with its ``options``."""
    metric = check_choice("metric", metric, METRICS)
    unknown = sorted(set(options) - set(OPTIONS[metric]))
    if unknown:
        accepted = ", ".join(map(repr, OPTIONS[metric])) or "no options"
        raise CxkitTypeError(f"metric {metric!r} got unknown option(s) {', '.join(map(repr, unknown))}; it accepts {accepted}.")
    if metric == "nps":
        return MetricSpec("nps", "nps", (0, 10), methods=NPS_METHODS)
    if metric == "csi":
        return MetricSpec("csi", "share", (1, 5), top=2, methods=SHARE_METHODS)
    if metric == "csat":
        scale = check_scale(options.get("scale", (1, 5)))
        return MetricSpec("csat", "share", scale, top=_check_top(options.get("top", 2), scale), methods=SHARE_METHODS)
    if metric == "ces":
        scale = check_scale(options.get("scale", (1, 5)))
        statistic = check_choice("statistic", options.get("statistic", "share"), CES_STATISTICS)
        reverse = options.get("reverse", False)
        if not isinstance(reverse, (bool, np.bool_)):
            raise CxkitTypeError(f"reverse must be True or False; got {reverse!r}.")
        if statistic == "share":
            return MetricSpec("ces", "share", scale, top=2, reverse=bool(reverse), methods=SHARE_METHODS)
        return MetricSpec("ces_mean", "mean", scale, reverse=bool(reverse), methods=MEAN_METHODS)
    scale = check_scale(options.get("scale", (0, 10)))
    reverse = options.get("reverse", ())
    reverse = (reverse,) if isinstance(reverse, str) else tuple(reverse)
    return MetricSpec("cli", "mean", scale, reverse=reverse, methods=MEAN_METHODS)
