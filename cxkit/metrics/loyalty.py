"""Customer Loyalty Index (CLI): several 0-10 loyalty questions in one index.

Seed 000 asks four questions on 0-10 -- would you recommend us, keep buying
here, buy our other products, buy the same products elsewhere -- and averages
all answers. The last question is reverse-worded (a high answer means less
loyalty), so chosen items can be reverse-coded as ``lowest + highest - answer``.

cxkit averages each respondent's answered items first, then computes the mean
over respondents with its interval, so that respondents (not answers) are the
independent units the interval is about. A respondent with no valid item
answer is excluded and counted in ``n_missing``.
"""

from __future__ import annotations

import numpy as np

from ..inputs.answers import clean_answers
from ..results import Estimate
from .estimate import check_common, estimate_from_table
from .from_counts import metric_table
from .registry import resolve
from ..errors import CxkitValueError, CxkitTypeError


def _item_columns(items) -> tuple[list[str], list]:
    """Names and columns of a DataFrame, a mapping or a 2-D array of items."""
    if hasattr(items, "columns"):
        return [str(c) for c in items.columns], [items[c] for c in items.columns]
    if isinstance(items, dict):
        return [str(k) for k in items], list(items.values())
    array = np.asarray(items, dtype=object)
    if array.ndim != 2:
        raise CxkitTypeError(
            f"items must be a DataFrame (one column per question), a dict of columns or a "
            f"2-D array (rows = respondents); got an array of shape {array.shape}."
        )
    return [str(i) for i in range(array.shape[1])], [array[:, i] for i in range(array.shape[1])]


def _reverse_positions(reverse: tuple, names: list[str], items) -> set[int]:
    positions = set()
    by_name = hasattr(items, "columns") or isinstance(items, dict)
    for r in reverse:
        key = str(r)
        if by_name and key in names:
            positions.add(names.index(key))
        elif not by_name and isinstance(r, (int, np.integer)) and 0 <= r < len(names):
            positions.add(int(r))
        else:
            allowed = ", ".join(repr(n) for n in names) if by_name else f"positions 0 to {len(names) - 1}"
            raise CxkitValueError(f"reverse names an unknown item ({r!r}); the items are {allowed}.")
    return positions


def cli(items, *, scale=(0, 10), reverse=(), confidence_level: float = 0.95, method: str = "t",
        n_resamples: int = 10_000, rng=None, drop_invalid: bool = False) -> Estimate:
    """Customer Loyalty Index: mean of respondents' mean item answers.

    Parameters
    ----------
    items : DataFrame, dict of columns, or 2-D array
        One row per respondent, one column per question.
    scale : (lowest, highest), default (0, 10)
    reverse : iterable
        Items to reverse-code: column names (DataFrame, dict) or positions (array).
    method : {"t", "bootstrap"}
        Student t (default) or BCa bootstrap over respondents; Hoeffding's
        interval where every respondent mean is equal (see
        :mod:`cxkit.stats.mean`).

    Returns
    -------
    Estimate
        metric ``"cli"`` on the answer scale; details ``items``, ``reversed``,
        ``item_answers_missing``, ``sd``.
    """
    return item_index("cli", items, scale=scale, reverse=reverse, confidence_level=confidence_level,
                      method=method, n_resamples=n_resamples, rng=rng, drop_invalid=drop_invalid)


def item_index(name: str, items, *, scale, reverse=(), confidence_level: float = 0.95, method: str = "t",
               n_resamples: int = 10_000, rng=None, drop_invalid: bool = False) -> Estimate:
    """Mean of respondents' mean item answers for any item metric of the registry (the CLI, the
    Forrester dimensions of :mod:`cxkit.metrics.forrester`)."""
    metric = resolve(name, {"scale": scale, "reverse": reverse})
    scale = metric.scale
    cl, method = check_common(metric, confidence_level, method, n_resamples)
    names, columns = _item_columns(items)
    if not names:
        raise CxkitValueError(f"items has no columns; {'the CLI' if name == 'cli' else name} needs at least one "
                              f"question.")
    flip = _reverse_positions(metric.reverse, names, items)
    lengths = {len(c) for c in columns}
    if len(lengths) != 1:
        raise CxkitValueError(f"items must all have the same number of respondents; got lengths {sorted(lengths)}.")
    matrix, missing_items, dropped = [], 0, 0
    for i, (name, column) in enumerate(zip(names, columns)):
        answers = clean_answers(column, scale=scale, name=f"items[{name!r}]", drop_invalid=drop_invalid,
                                keep_positions=True)
        values = scale[0] + scale[1] - answers.values if i in flip else answers.values
        matrix.append(values)
        missing_items += answers.n_missing
        dropped += answers.n_dropped
    matrix = np.column_stack(matrix)
    answered = ~np.isnan(matrix)
    has_any = answered.any(axis=1)
    if not has_any.any():
        raise CxkitValueError(
            f"items{'' if metric.name == 'cli' else ' of ' + metric.name}: no respondent has a valid answer ({len(matrix)} rows, {missing_items} missing "
            f"and {dropped} dropped item answers); at least one is needed."
        )
    respondent_means = np.nanmean(matrix[has_any], axis=1)
    values, counts = np.unique(respondent_means, return_counts=True)
    table = metric_table(metric, counts[None, :], values=values, confidence_level=cl, method=method,
                         n_resamples=n_resamples, rng=rng)
    return estimate_from_table(
        metric, table, confidence_level=cl, n_missing=int((~has_any).sum()), n_dropped=dropped,
        items=tuple(names), reversed=tuple(names[i] for i in sorted(flip)),
        item_answers_missing=missing_items,
    )
