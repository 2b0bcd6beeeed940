"""Customer Effort Score (sources [000], [002], [004] of the README).

Variant A (sources [000], [004]): percent of answers in the two easiest points
(4-5 on 1-5), metric ``"ces"``; variant B (source [002]): the mean answer,
metric ``"ces_mean"``. ``reverse=True`` for scales where the lowest answer
means easiest. Both are registry entries (:mod:`cxkit.metrics.registry`).
"""

from __future__ import annotations

from ..inputs.answers import valid_answers
from ..results import Estimate
from .estimate import check_common, estimate_from_answers
from .registry import resolve

CES_STATISTICS = ("share", "mean")


def ces(scores, *, scale=(1, 5), statistic: str = "share", reverse: bool = False,
        confidence_level: float = 0.95, method: str | None = None,
        n_resamples: int = 10_000, rng=None, drop_invalid: bool = False) -> Estimate:
    """Customer Effort Score.

    Parameters
    ----------
    statistic : {"share", "mean"}
        ``"share"`` (variant A, sources [000], [004]): percent of answers in the two
        easiest points (4-5 on 1-5), metric ``"ces"``; ``"mean"`` (variant B,
        source [002]): the mean answer, metric ``"ces_mean"``.
    reverse : bool
        The scale runs the other way (lowest answer = easiest). Answers are
        turned (``lowest + highest - answer``) so that higher is easier.
    method : str or None
        For shares the proportion methods (default ``"wilson"``); for the mean
        ``"t"`` (default) or ``"bootstrap"``.

    Examples
    --------
    >>> import cxkit as cx
    >>> cx.ces([1] * 2 + [2] * 8 + [3] * 15 + [4] * 18 + [5] * 7, statistic="mean").value
    3.4
    """
    metric = resolve("ces", {"scale": scale, "statistic": statistic, "reverse": reverse})
    level, method = check_common(metric, confidence_level, method, n_resamples, none_is_default=True)
    answers = valid_answers(scores, scale=metric.scale, drop_invalid=drop_invalid)
    return estimate_from_answers(metric, answers, confidence_level=level, method=method,
                                 n_resamples=n_resamples, rng=rng)
