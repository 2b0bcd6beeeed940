"""Compare one metric between two independent samples: ``cx.compare(a, b)``.

The difference is ``b - a`` (so with ``a`` last month and ``b`` this month,
a negative difference is a drop). Methods and their sources are in
:mod:`cxkit.stats.difference`:

==========================  ============================  ==================
metric                      difference methods            default
==========================  ============================  ==================
nps                         "adjusted-wald", "wald"       "adjusted-wald"
csat, csi, ces (share)      "newcombe"                    "newcombe"
ces (statistic="mean"), cli "welch"                       "welch"
==========================  ============================  ==================

Where every answer of both samples is equal (no spread) Welch is undefined;
the mean difference then uses Hoeffding's bound and ``method`` reads
``"hoeffding"`` (see :mod:`cxkit.stats.difference`).
"""

from __future__ import annotations

import inspect

from ..options import check_choice, check_confidence_level
from ..stats import NPS_DIFFERENCE_METHODS, mean_difference, nps_difference, proportion_difference
from ..metrics.loyalty import cli
from ..results import Comparison, Estimate
from ..metrics.survey import ces, csat, csi, nps
from ..errors import CxkitTypeError

METRIC_FUNCTIONS = {"nps": nps, "csat": csat, "csi": csi, "ces": ces, "cli": cli}


def difference_kind(metric: str, statistic: str = "share") -> str:
    """"nps", "share" or "mean": which difference formula a metric uses."""
    if metric == "nps":
        return "nps"
    if metric == "cli" or (metric == "ces" and statistic == "mean"):
        return "mean"
    return "share"


_DIFFERENCE_METHODS = {"nps": NPS_DIFFERENCE_METHODS, "share": ("newcombe",), "mean": ("welch",)}


def _check_metric_options(metric: str, options: dict) -> None:
    function = METRIC_FUNCTIONS[metric]
    accepted = [name for name, p in inspect.signature(function).parameters.items()
                if p.kind is p.KEYWORD_ONLY and name not in ("confidence_level", "method")]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise CxkitTypeError(
            f"compare(metric={metric!r}) got unknown option(s) {', '.join(map(repr, unknown))}; "
            f"{metric} accepts {', '.join(map(repr, accepted))}."
        )


def _answer_scale(metric: str, options: dict) -> tuple[int, int]:
    """The answer scale the metric function used (its ``scale`` option or default)."""
    if "scale" in options:
        return tuple(options["scale"])
    return inspect.signature(METRIC_FUNCTIONS[metric]).parameters["scale"].default


def compare(a, b, *, metric: str = "nps", confidence_level: float = 0.95, method: str | None = None,
            **metric_options) -> Comparison:
    """Difference of ``metric`` between two independent samples, ``b - a``.

    Parameters
    ----------
    a, b : answers (for ``cli``: item tables)
    metric : {"nps", "csat", "csi", "ces", "cli"}
    method : str or None
        Difference method; ``None`` picks the default for the metric.
    **metric_options
        Passed to the metric function for both samples (``scale``, ``top``,
        ``statistic``, ``reverse``, ``drop_invalid``, ...). Each sample's own
        interval uses the metric's default method.

    Returns
    -------
    Comparison
    """
    metric = check_choice("metric", metric, tuple(METRIC_FUNCTIONS))
    cl = check_confidence_level(confidence_level)
    _check_metric_options(metric, metric_options)
    kind = difference_kind(metric, metric_options.get("statistic", "share"))
    allowed = _DIFFERENCE_METHODS[kind]
    method = allowed[0] if method is None else check_choice("method", method, allowed)
    function = METRIC_FUNCTIONS[metric]
    est_a: Estimate = function(a, confidence_level=cl, **metric_options)
    est_b: Estimate = function(b, confidence_level=cl, **metric_options)
    if kind == "nps":
        counts = [(e.detractors, e.passives, e.promoters) for e in (est_a, est_b)]
        diff, low, high, p = nps_difference(*counts, confidence_level=cl, method=method)
        scale = 100.0
    elif kind == "share":
        diff, low, high, p = proportion_difference(est_a.successes, est_a.n, est_b.successes, est_b.n,
                                                   confidence_level=cl)
        scale = 100.0
    else:
        lowest, highest = _answer_scale(metric, metric_options)
        diff, low, high, p, used = mean_difference(est_a.value, est_a.sd, est_a.n, est_b.value, est_b.sd,
                                                   est_b.n, lowest=lowest, highest=highest, confidence_level=cl)
        method = str(used)
        scale = 1.0
    return Comparison(
        metric=est_a.metric,
        difference=float(diff) * scale,
        low=float(low) * scale,
        high=float(high) * scale,
        p_value=float(p),
        method=method,
        confidence_level=cl,
        a=est_a,
        b=est_b,
    )
