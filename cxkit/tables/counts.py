"""The group x answer count table of one answer column, in a single chunked pass.

See :mod:`cxkit.tables.grouping` for the group codes. Each chunk of rows turns its
answers into codes -- ``answer - lowest`` for valid answers, ``points`` for
missing, ``points + 1`` for invalid -- and adds one ``numpy.bincount`` into
the table. Integer columns (numpy or pandas nullable) are checked with a
min/max only; float columns also for whole numbers; text columns go through
the general reader of :mod:`cxkit.inputs.answers`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..inputs.answers import (
    MAX_EXAMPLES,
    answer_codes,
    check_drop_invalid,
    invalid_answers_error,
    numeric_buffers,
    to_float_array,
)
from .grouping import CHUNK_ROWS, MAX_FULL_PRODUCT, Groups, combined_codes


@dataclass(frozen=True)
class CountTable:
    """Answer counts per group.

    counts : (groups, points) float array -- weighted counts when weighted
    n : (groups,) int -- valid answers (unweighted)
    missing, dropped : (groups,) int
    weights_squared : (groups, points) float or None -- sums of squared weights
    observed : int array or None -- the combination codes of the rows, when
        only observed combinations are kept (see grouping.MAX_FULL_PRODUCT)
    """

    counts: np.ndarray
    n: np.ndarray
    missing: np.ndarray
    dropped: np.ndarray
    weights_squared: np.ndarray | None = None
    observed: np.ndarray | None = None


def _chunk_codes(answers, buffers, rows: slice, lowest: int, highest: int, name: str):
    """Answer codes of one chunk of rows, and the chunk's invalid answers as given."""
    if buffers is not None:  # numeric: straight from the column's own buffers
        values, missing = buffers
        values = values[rows]
        codes, invalid = answer_codes(values, None if missing is None else missing[rows], lowest, highest)
    else:  # text, booleans and other objects, read one by one
        values_read, values = to_float_array(answers.iloc[rows], name)
        codes, invalid = answer_codes(values_read, None, lowest, highest)
    shown = [] if invalid is None else list(values[np.flatnonzero(invalid)[:MAX_EXAMPLES]])
    return codes, shown


def count_answers(groups: Groups, answers: pd.Series, *, scale: tuple[int, int], name: str,
                  drop_invalid: bool = False, weights=None, frequencies=None, weight_squares=None) -> CountTable:
    """Count answers per group and scale point in one pass over the rows.

    ``weights`` are survey weights, one float per row as
    :func:`cxkit.inputs.weights.check_weights` returns them; ``frequencies`` say how many
    answers each row stands for (a pre-aggregated table), so every count,
    missing and dropped ones included, is multiplied by them; there
    ``weights`` are each row's sum of weights and ``weight_squares`` its sum
    of squared weights (without it, the squares of ``weights``).
    """
    drop_invalid = check_drop_invalid(drop_invalid)
    buffers = numeric_buffers(answers, name)
    lowest, highest = scale
    points = highest - lowest + 1
    width = points + 2
    total = len(answers)
    observed = None
    n_groups = groups.count
    if n_groups > MAX_FULL_PRODUCT:
        observed, inverse = np.unique(combined_codes(groups, slice(0, total)), return_inverse=True)
        n_groups = len(observed)
    raw = np.zeros(n_groups * width, dtype=np.int64 if frequencies is None else float)
    weighted = np.zeros(n_groups * width) if weights is not None else None
    squared = np.zeros(n_groups * width) if weights is not None else None
    n_invalid, shown = 0, []
    for start in range(0, max(total, 1), CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, total))
        codes, bad = _chunk_codes(answers, buffers, rows, lowest, highest, name)
        if bad:
            invalid = codes == points + 1
            n_invalid += int(np.count_nonzero(invalid) if frequencies is None else frequencies[rows][invalid].sum())
            shown += bad[: MAX_EXAMPLES - len(shown)]
        key = inverse[rows].astype(np.int64) if observed is not None else combined_codes(groups, rows)
        key *= width
        key += codes
        raw += np.bincount(key, weights=None if frequencies is None else frequencies[rows],
                           minlength=n_groups * width)
        if weights is not None:
            weighted += np.bincount(key, weights=weights[rows], minlength=n_groups * width)
            squares = weights[rows] ** 2 if weight_squares is None else weight_squares[rows]
            squared += np.bincount(key, weights=squares, minlength=n_groups * width)
    if n_invalid and not drop_invalid:
        raise invalid_answers_error(name, n_invalid, total if frequencies is None else int(np.sum(frequencies)),
                                    scale, shown)
    raw = np.rint(raw).astype(np.int64).reshape(n_groups, width)
    counts = raw[:, :points] if weights is None else weighted.reshape(n_groups, width)[:, :points]
    return CountTable(
        counts=counts,
        n=raw[:, :points].sum(axis=1),
        missing=raw[:, points],
        dropped=raw[:, points + 1],
        weights_squared=None if weights is None else squared.reshape(n_groups, width)[:, :points],
        observed=observed,
    )
