"""Survey metrics with confidence intervals: NPS, CSAT, CSI, CES, CLI.

Definitions follow SPEC.md section 1 (sources: seeds 000, 002, 004):

- NPS: answers 0-10; promoters 9-10, passives 7-8, detractors 0-6;
  NPS = % promoters - % detractors, from -100 to 100.
- CSAT: share of the ``top`` highest answers of the scale, in percent
  (``top=1`` "top box", ``top=2`` "top-2 box").
- CSI: share of 4 and 5 on a 1-5 scale, in percent.
- CES: share of the two easiest answers (4-5 on 1-5), or the mean answer;
  ``reverse=True`` for scales where the lowest answer means easiest.
- CLI: mean over respondents of each respondent's mean item answer, with
  chosen items reverse-coded (``lowest + highest - answer``).
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

from ..options import check_choice, check_confidence_level, check_positive_int, check_scale
from ..inputs.answers import AnswerCounts, Answers, count_scores, require_answers
from ..errors import CxkitTypeError, CxkitValueError, SmallSampleWarning
from ..stats import MEAN_METHODS, NPS_METHODS, SHARE_METHODS
from .from_counts import (
    NPS_SCALE,
    SMALL_SAMPLE_SIZE,
    mean_from_counts,
    nps_categories,
    nps_from_categories,
    share_from_counts,
)
from ..results import Estimate

CES_STATISTICS = ("share", "mean")


def _user_stacklevel() -> int:
    """Stack level of the first frame outside cxkit, so warnings point at the caller."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("cxkit"):
        frame, level = frame.f_back, level + 1
    return level


def _warn_if_small(metric: str, n: int, degenerate: bool, method: str) -> None:
    """Warn (SmallSampleWarning) about small or one-category samples."""
    if method in ("wald", "bootstrap") and degenerate:
        warnings.warn(
            f"{metric}: every answer falls in one category, so the {method!r} interval has zero "
            f"width; that is not certainty. Use the default method for a usable interval.",
            SmallSampleWarning,
            stacklevel=_user_stacklevel(),
        )
    elif n < SMALL_SAMPLE_SIZE or degenerate:
        why = f"only {n} answer{'s' if n != 1 else ''}" if n < SMALL_SAMPLE_SIZE else "every answer falls in one category"
        warnings.warn(
            f"{metric}: {why}; the interval is approximate "
            f"(cxkit flags samples under {SMALL_SAMPLE_SIZE} answers and one-category samples).",
            SmallSampleWarning,
            stacklevel=_user_stacklevel(),
        )


def _estimate(metric: str, table: dict, answers: Answers, *, confidence_level: float, unit: str,
              details: tuple = (), extra: dict | None = None) -> Estimate:
    n = int(table["n"][0])
    method = str(table["method"][0])
    _warn_if_small(metric, n, bool(table["degenerate"][0]), method)
    info = {k: _scalar(table[k][0]) for k in details}
    info.update(extra or {})
    return Estimate(
        metric=metric,
        value=float(table["value"][0]),
        low=float(table["low"][0]),
        high=float(table["high"][0]),
        n=n,
        method=method,
        confidence_level=confidence_level,
        unit=unit,
        n_missing=answers.n_missing,
        n_dropped=answers.n_dropped,
        details=info,
    )


def _scalar(x):
    return int(x) if isinstance(x, (np.integer, int)) else float(x)


def _valid(scores, scale, drop_invalid) -> AnswerCounts:
    answers = count_scores(scores, scale=scale, drop_invalid=drop_invalid)
    require_answers(answers)
    return answers


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
        With details ``promoters``, ``passives``, ``detractors`` (counts) and
        their ``*_share`` in percent.

    Examples
    --------
    >>> import cxkit as cx
    >>> cx.nps([10] * 50 + [7] * 30 + [3] * 20).value
    30.0
    """
    cl, method = _check_common(confidence_level, method, NPS_METHODS)
    check_positive_int("n_resamples", n_resamples)
    answers = _valid(scores, NPS_SCALE, drop_invalid)
    categories = nps_categories(answers.counts)
    table = nps_from_categories(categories, confidence_level=cl, method=method,
                                n_resamples=n_resamples, rng=rng)
    details = ("promoters", "passives", "detractors", "promoters_share", "passives_share", "detractors_share")
    return _estimate("nps", table, answers, confidence_level=cl, unit="NPS points (-100..100)",
                     details=details)


def _check_common(confidence_level, method, allowed):
    return check_confidence_level(confidence_level), check_choice("method", method, allowed)


def _top_share(metric, scores, *, scale, top, confidence_level, method, drop_invalid, reverse=False,
               extra=None) -> Estimate:
    cl, method = _check_common(confidence_level, method, SHARE_METHODS)
    answers = _valid(scores, scale, drop_invalid)
    counts = answers.counts
    if reverse:
        counts = counts[::-1]
    successes = counts[-top:].sum()
    table = share_from_counts([successes], [counts.sum()], confidence_level=cl, method=method)
    info = {"scale": f"{scale[0]}-{scale[1]}", "top": top, **(extra or {})}
    return _estimate(metric, table, answers, confidence_level=cl, unit="% of answers",
                     details=("successes",), extra=info)


def _check_top(top, scale):
    points = scale[1] - scale[0] + 1
    top = check_positive_int("top", top)
    if top >= points:
        raise CxkitValueError(
            f"top ({top}) must be from 1 to {points - 1} for the {scale[0]}-{scale[1]} scale "
            f"(the number of highest answers that count as satisfied)."
        )
    return top


def csat(scores, *, scale=(1, 5), top: int = 2, confidence_level: float = 0.95,
         method: str = "wilson", drop_invalid: bool = False) -> Estimate:
    """Customer Satisfaction Score: share of the ``top`` highest answers, in percent.

    ``top=1`` is the "top box" method, ``top=2`` (default) the "top-2 box"
    method of SPEC.md. Intervals: ``"wilson"`` (default), ``"jeffreys"``,
    ``"clopper-pearson"``, ``"agresti-coull"``, ``"wald"``; see
    :mod:`cxkit.stats.proportion` for sources.

    Examples
    --------
    >>> import cxkit as cx
    >>> answers = [1] * 5 + [2] * 10 + [3] * 15 + [4] * 30 + [5] * 40
    >>> cx.csat(answers, top=1).value, cx.csat(answers).value
    (40.0, 70.0)
    """
    scale = check_scale(scale)
    top = _check_top(top, scale)
    return _top_share("csat", scores, scale=scale, top=top, confidence_level=confidence_level,
                      method=method, drop_invalid=drop_invalid)


def csi(scores, *, confidence_level: float = 0.95, method: str = "wilson",
        drop_invalid: bool = False) -> Estimate:
    """Customer Satisfaction Index: share of 4 and 5 among 1-5 ratings, in percent (seed 000)."""
    return _top_share("csi", scores, scale=(1, 5), top=2, confidence_level=confidence_level,
                      method=method, drop_invalid=drop_invalid)


def ces(scores, *, scale=(1, 5), statistic: str = "share", reverse: bool = False,
        confidence_level: float = 0.95, method: str | None = None,
        n_resamples: int = 10_000, rng=None, drop_invalid: bool = False) -> Estimate:
    """Customer Effort Score.

    Parameters
    ----------
    statistic : {"share", "mean"}
        ``"share"`` (variant A, seeds 000/004): percent of answers in the two
        easiest points (4-5 on 1-5), metric ``"ces"``; ``"mean"`` (variant B,
        seed 002): the mean answer, metric ``"ces_mean"``.
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
    scale = check_scale(scale)
    statistic = check_choice("statistic", statistic, CES_STATISTICS)
    if not isinstance(reverse, (bool, np.bool_)):
        raise CxkitTypeError(f"reverse must be True or False; got {reverse!r}.")
    if statistic == "share":
        method = "wilson" if method is None else method
        return _top_share("ces", scores, scale=scale, top=2, confidence_level=confidence_level,
                          method=method, drop_invalid=drop_invalid, reverse=bool(reverse),
                          extra={"reverse": bool(reverse)})
    method = "t" if method is None else method
    cl, method = _check_common(confidence_level, method, MEAN_METHODS)
    check_positive_int("n_resamples", n_resamples)
    answers = _valid(scores, scale, drop_invalid)
    counts = answers.counts
    if reverse:
        counts = counts[::-1]
    points = np.arange(scale[0], scale[1] + 1, dtype=float)
    table = mean_from_counts(points, counts[None, :], lowest=scale[0], highest=scale[1],
                             confidence_level=cl, method=method, n_resamples=n_resamples, rng=rng)
    return _estimate("ces_mean", table, answers, confidence_level=cl,
                     unit=f"mean answer on the {scale[0]}-{scale[1]} scale", details=("sd",),
                     extra={"scale": f"{scale[0]}-{scale[1]}", "reverse": bool(reverse)})
