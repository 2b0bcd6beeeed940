"""Satisfaction shares: CSAT and CSI (sources [000], [004] of the README).

- CSAT: share of the ``top`` highest answers of the scale, in percent
  (``top=1`` "top box", ``top=2`` "top-2 box").
- CSI: share of 4 and 5 on a 1-5 scale, in percent.

Both are registry entries of kind ``"share"`` (:mod:`cxkit.metrics.registry`);
the interval maths is in :mod:`cxkit.stats.proportion`.
"""

from __future__ import annotations

from ..inputs.answers import valid_answers
from ..results import Estimate
from .estimate import check_common, estimate_from_answers
from .registry import resolve


def csat(scores, *, scale=(1, 5), top: int = 2, confidence_level: float = 0.95,
         method: str = "wilson", drop_invalid: bool = False) -> Estimate:
    """Customer Satisfaction Score: share of the ``top`` highest answers, in percent.

    ``top=1`` is the "top box", ``top=2`` (default) the "top-2 box" method
    of the sources. Intervals: ``"wilson"`` (default), ``"jeffreys"``,
    ``"clopper-pearson"``, ``"agresti-coull"``, ``"wald"``; see
    :mod:`cxkit.stats.proportion` for sources.

    Examples
    --------
    >>> import cxkit as cx
    >>> answers = [1] * 5 + [2] * 10 + [3] * 15 + [4] * 30 + [5] * 40
    >>> cx.csat(answers, top=1).value, cx.csat(answers).value
    (40.0, 70.0)
    """
    metric = resolve("csat", {"scale": scale, "top": top})
    level, method = check_common(metric, confidence_level, method, 1)
    answers = valid_answers(scores, scale=metric.scale, drop_invalid=drop_invalid)
    return estimate_from_answers(metric, answers, confidence_level=level, method=method)


def csi(scores, *, confidence_level: float = 0.95, method: str = "wilson",
        drop_invalid: bool = False) -> Estimate:
    """Customer Satisfaction Index: share of 4 and 5 among 1-5 ratings, in percent (source [000])."""
    metric = resolve("csi")
    level, method = check_common(metric, confidence_level, method, 1)
    answers = valid_answers(scores, scale=metric.scale, drop_invalid=drop_invalid)
    return estimate_from_answers(metric, answers, confidence_level=level, method=method)
