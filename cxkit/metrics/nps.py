"""Net Promoter Score (sources [000], [002], [004] of the README).

Answers 0-10 to "how likely are you to recommend us?"; promoters answer 9-10,
passives 7-8, detractors 0-6; NPS = % promoters - % detractors, from -100 to
100. The bands and the interval methods are those of the registry entry
``"nps"`` (:mod:`cxkit.metrics.registry`); the interval maths is in
:mod:`cxkit.stats.nps`.
"""

from __future__ import annotations

from ..inputs.answers import valid_answers
from ..results import Estimate
from .estimate import check_common, estimate_from_answers
from .registry import resolve


def nps(scores, *, confidence_level: float = 0.95, method: str = "adjusted-wald",
        n_resamples: int = 10_000, rng=None, drop_invalid: bool = False) -> Estimate:
    """Net Promoter Score of 0-10 answers, in points from -100 to 100.

    Parameters
    ----------
    scores : sequence of answers 0..10
    confidence_level : float, default 0.95
    method : {"adjusted-wald", "wald", "score", "bootstrap", "bayes"}
        Interval method; see :mod:`cxkit.stats.nps` for each one's source.
        The default is Rocks' (2016) adjusted Wald interval. Its exact coverage
        is at least 0.93 for n >= 36 on every distribution checked, and from
        n = 10 wherever promoters and detractors each exceed 2 %; for smaller
        samples with a nearly empty category prefer ``"score"`` (see the
        coverage table in :mod:`cxkit.stats.nps`).
    n_resamples, rng : bootstrap settings (``method="bootstrap"`` only).
    drop_invalid : bool
        Drop answers off the 0-10 scale instead of raising (counted in
        ``n_dropped``).

    Returns
    -------
    Estimate
        With ``promoters``, ``passives``, ``detractors`` (counts) and their
        ``*_share`` in percent.

    Examples
    --------
    >>> import cxkit as cx
    >>> cx.nps([10] * 50 + [7] * 30 + [3] * 20).value
    30.0
    """
    metric = resolve("nps")
    level, method = check_common(metric, confidence_level, method, n_resamples)
    answers = valid_answers(scores, scale=metric.scale, drop_invalid=drop_invalid)
    return estimate_from_answers(metric, answers, confidence_level=level, method=method,
                                 n_resamples=n_resamples, rng=rng)
