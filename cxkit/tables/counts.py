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

from ..inputs.answers import _EXAMPLES, _to_float_array, invalid_answers_error
from .grouping import CHUNK_ROWS, MAX_FULL_PRODUCT, Groups, combined_codes
from ..errors import CxkitValueError


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


def _chunk_codes(part: pd.Series, lowest: int, highest: int):
    """Answer codes of one chunk, and the chunk's invalid answers as given."""
    points = highest - lowest + 1
    kind = getattr(part.dtype, "kind", "O")
    masked = _masked_integers(part)
    if masked is not None:
        return _masked_codes(part, *masked, lowest, points)
    if kind in "iu":
        if part.hasnans:
            missing = part.isna().to_numpy()
            values = part.to_numpy(dtype=np.int64, na_value=lowest)
        else:
            missing, values = None, part.to_numpy(dtype=np.int64)
        codes = values - lowest
        if len(codes) and (codes.min() < 0 or codes.max() >= points):
            invalid = (codes < 0) | (codes >= points)
            if missing is not None:
                invalid &= ~missing
        else:
            invalid = None
    else:  # floats, text and booleans (a boolean answer is invalid, as in cx.nps)
        if kind == "f":
            values = part.to_numpy(dtype=float, na_value=np.nan)
            source = None
        else:
            values, source = _to_float_array(part, "answers")
        missing = np.isnan(values)
        with np.errstate(invalid="ignore"):
            whole = np.where(missing, lowest, values).astype(np.int64)
            invalid = ~missing & ((whole != values) | (whole < lowest) | (whole > highest))
        codes = whole - lowest
        if not invalid.any():
            invalid = None
    if missing is not None:
        codes[missing] = points
    shown = []
    if invalid is not None:
        codes[invalid] = points + 1
        source = part.to_numpy(dtype=object)
        shown = list(source[np.flatnonzero(invalid)[:_EXAMPLES]])
    return codes, shown


def _masked_integers(part: pd.Series):
    """(data, mask) of a pandas nullable integer column without copying, else None.

    The nullable arrays keep their values and missing-mask as two numpy arrays;
    reading them directly spares the int64 copy with a fill value that
    ``to_numpy`` makes (the dominant cost of counting millions of answers).
    """
    array = part.array
    if isinstance(array, pd.arrays.IntegerArray):
        data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
        if isinstance(data, np.ndarray) and isinstance(mask, np.ndarray) and data.shape == mask.shape:
            return data, mask
    return None


def _masked_codes(part: pd.Series, data: np.ndarray, mask: np.ndarray, lowest: int, points: int):
    """Answer codes of a nullable integer chunk: ``answer - lowest``, ``points`` where missing."""
    codes = data.astype(np.int64)
    if lowest:
        codes -= lowest
    shown = []
    # The range check runs on the values as stored (cheap in their small
    # dtype); values under the mask are arbitrary, so only a failed check
    # looks at the answered rows alone.
    invalid = None
    if len(data) and (data.min() < lowest or data.max() > lowest + points - 1):
        invalid = ~mask & ((codes < 0) | (codes >= points))
        if not invalid.any():
            invalid = None
    np.putmask(codes, mask, points)
    if invalid is not None:
        codes[invalid] = points + 1
        shown = list(part.to_numpy(dtype=object)[np.flatnonzero(invalid)[:_EXAMPLES]])
    return codes, shown


def _check_weights(weights, length: int) -> np.ndarray:
    array = weights.to_numpy(dtype=float, na_value=np.nan) if hasattr(weights, "to_numpy") else np.asarray(weights, dtype=float)
    if array.shape != (length,):
        raise CxkitValueError(f"weights must have one value per row ({length}); got shape {array.shape}.")
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        raise CxkitValueError(
            f"weights must be finite numbers >= 0; {int(bad.sum())} are not "
            f"(e.g. {', '.join(map(repr, array[bad][:_EXAMPLES].tolist()))})."
        )
    return array


def count_answers(groups: Groups, answers: pd.Series, *, scale: tuple[int, int], name: str,
                  drop_invalid: bool = False, weights=None, frequencies=None) -> CountTable:
    """Count answers per group and scale point in one pass over the rows.

    ``weights`` are survey weights (one per row); ``frequencies`` say how many
    answers each row stands for (a pre-aggregated table), so every count,
    missing and dropped ones included, is multiplied by them.
    """
    lowest, highest = scale
    points = highest - lowest + 1
    width = points + 2
    total = len(answers)
    w = None if weights is None else _check_weights(weights, total)
    observed = None
    n_groups = groups.count
    if n_groups > MAX_FULL_PRODUCT:
        observed, inverse = np.unique(combined_codes(groups, slice(0, total)), return_inverse=True)
        n_groups = len(observed)
    raw = np.zeros(n_groups * width, dtype=np.int64 if frequencies is None else float)
    weighted = np.zeros(n_groups * width) if w is not None else None
    squared = np.zeros(n_groups * width) if w is not None else None
    n_invalid, shown = 0, []
    for start in range(0, max(total, 1), CHUNK_ROWS):
        rows = slice(start, min(start + CHUNK_ROWS, total))
        codes, bad = _chunk_codes(answers.iloc[rows], lowest, highest)
        if bad:
            n_invalid += int(np.count_nonzero(codes == points + 1))
            shown += bad[: _EXAMPLES - len(shown)]
        key = inverse[rows].astype(np.int64) if observed is not None else combined_codes(groups, rows)
        key *= width
        key += codes
        raw += np.bincount(key, weights=None if frequencies is None else frequencies[rows],
                           minlength=n_groups * width)
        if w is not None:
            weighted += np.bincount(key, weights=w[rows], minlength=n_groups * width)
            squared += np.bincount(key, weights=w[rows] ** 2, minlength=n_groups * width)
    if n_invalid and not drop_invalid:
        raise invalid_answers_error(name, n_invalid, total, scale, shown)
    raw = np.rint(raw).astype(np.int64).reshape(n_groups, width)
    counts = raw[:, :points] if w is None else weighted.reshape(n_groups, width)[:, :points]
    return CountTable(
        counts=counts,
        n=raw[:, :points].sum(axis=1),
        missing=raw[:, points],
        dropped=raw[:, points + 1],
        weights_squared=None if w is None else squared.reshape(n_groups, width)[:, :points],
        observed=observed,
    )
