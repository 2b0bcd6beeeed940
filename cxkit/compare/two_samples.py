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

from ..errors import CxkitTypeError
from ..metrics.effort import ces
from ..metrics.forrester import FUNCTIONS as FORRESTER_FUNCTIONS
from ..metrics.loyalty import cli
from ..metrics.nps import nps
from ..metrics.registry import call_options, option_names, resolve
from ..metrics.satisfaction import csat, csi
from ..options import check_choice, check_confidence_level
from ..results import Comparison, Estimate
from ..stats import mean_difference, nps_difference, proportion_difference

#: The single-sample function of each metric name a user passes.
METRIC_FUNCTIONS = {"nps": nps, "csat": csat, "csi": csi, "ces": ces, "cli": cli, **FORRESTER_FUNCTIONS}


def _check_metric_options(metric: str, options: dict) -> None:
    accepted = call_options(metric)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise CxkitTypeError(
            f"compare(metric={metric!r}) got unknown option(s) {', '.join(map(repr, unknown))}; "
            f"{metric} accepts {', '.join(map(repr, accepted))}."
        )


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
    spec = resolve(metric, {k: v for k, v in metric_options.items() if k in option_names(metric)})
    method = spec.check_difference_method(method)
    function = METRIC_FUNCTIONS[metric]
    est_a: Estimate = function(a, confidence_level=cl, **metric_options)
    est_b: Estimate = function(b, confidence_level=cl, **metric_options)
    if spec.kind == "nps":
        counts = [(e.detractors, e.passives, e.promoters) for e in (est_a, est_b)]
        diff, low, high, p = nps_difference(*counts, confidence_level=cl, method=method)
        scale = 100.0
    elif spec.kind == "share":
        diff, low, high, p = proportion_difference(est_a.successes, est_a.n, est_b.successes, est_b.n,
                                                   confidence_level=cl)
        scale = 100.0
    else:
        lowest, highest = spec.scale
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
