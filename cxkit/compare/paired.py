"""NPS change in a panel: the same respondents answering twice.

Each respondent's answer becomes a category score (detractor -1, passive 0,
promoter +1); the NPS change is the mean of the per-respondent differences
(each -2..+2) times 100, and its interval is the paired t interval on those
differences -- the paired-sample counterpart of the trinomial-mean approach
(Rocks 2016, section 4; Student 1908). Pairing removes the between-respondent
variation, so a panel detects smaller changes than two independent samples.
Where every difference is equal the t interval collapses and Hoeffding's
interval on the -2..2 range is used instead (see :mod:`cxkit.stats.mean`).
"""

from __future__ import annotations

import numpy as np

from ..options import check_confidence_level
from ..inputs.answers import clean_answers
from ..stats.mean import mean_interval
from ..results import Comparison
from ..metrics.nps import nps
from ..metrics.registry import resolve
from ..errors import CxkitValueError
from scipy.special import stdtr


def _category(values: np.ndarray) -> np.ndarray:
    """Each answer's NPS score (detractor -1, passive 0, promoter +1), from the registry's bands."""
    metric = resolve("nps")
    return metric.answer_scores()[(values - metric.scale[0]).astype(np.int64)]


def paired_nps_change(before, after, *, confidence_level: float = 0.95, drop_invalid: bool = False) -> Comparison:
    """NPS change ``after - before`` for the same respondents, in points.

    ``before`` and ``after`` hold the two answers of each respondent in the
    same order. Respondents missing either answer are left out (both
    Estimates count them in ``n_missing``).
    """
    cl = check_confidence_level(confidence_level)
    scale = resolve("nps").scale
    first = clean_answers(before, scale=scale, name="before", drop_invalid=drop_invalid, keep_positions=True)
    second = clean_answers(after, scale=scale, name="after", drop_invalid=drop_invalid, keep_positions=True)
    if len(first.values) != len(second.values):
        raise CxkitValueError(
            f"before and after must hold the same respondents in the same order; got {len(first.values)} "
            f"and {len(second.values)} answers."
        )
    both = ~np.isnan(first.values) & ~np.isnan(second.values)
    if not both.any():
        raise CxkitValueError("no respondent has a valid answer both before and after; a paired change needs at least one.")
    diff = _category(second.values[both]) - _category(first.values[both])
    values, counts = np.unique(diff, return_counts=True)
    low, high, methods = mean_interval(values, counts[None, :], lowest=-2.0, highest=2.0, confidence_level=cl, method="t")
    n = int(both.sum())
    mean = float(diff.mean())
    sd = float(diff.std(ddof=1)) if n > 1 else 0.0
    if sd > 0:
        p_value = float(2 * stdtr(n - 1, -abs(mean) / (sd / np.sqrt(n))))
    else:
        p_value = 1.0 if mean == 0 else 0.0
    unpaired = int((~both).sum())
    est_before = nps(first.values[both], confidence_level=cl)
    est_after = nps(second.values[both], confidence_level=cl)
    est_before = _with_missing(est_before, unpaired)
    est_after = _with_missing(est_after, unpaired)
    return Comparison(metric="nps", difference=100 * mean, low=100 * float(low[0]), high=100 * float(high[0]),
                      p_value=p_value, method=f"paired-{methods[0]}", confidence_level=cl,
                      a=est_before, b=est_after)


def _with_missing(est, unpaired: int):
    from dataclasses import replace

    return replace(est, n_missing=unpaired, details=dict(est.details))
