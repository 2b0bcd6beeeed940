"""Survey weights as they enter cxkit: one finite, non-negative float per row.

``weights`` may be a column name, a pandas Series, a numpy array or a list:

- a Series is aligned with the data by index label: the same labels in
  another order are put in the data's order; missing, extra or repeated
  labels are an error (never reordered by guess or filled with NaN). Pass
  ``weights.to_numpy()`` to match by position instead;
- an array or a list must have one value per row;
- booleans, text, dates, masked and missing values, negative numbers and
  infinities are errors;
- weights whose sums cannot be formed in floating point are errors: all zero
  (no estimate is defined), so large that the sums of squares overflow to
  infinity, or so small that a weight's square vanishes. Rescaling every
  weight by the same factor changes no estimate, so the message says to rescale.

A group whose answers all have weight zero has answers but no weight, so its
weighted estimate is undefined: :func:`check_group_weights` raises and names
such groups (drop those rows, or give them weights, to go on).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError
from .answers import MAX_EXAMPLES
from .columns import require_columns

#: A weight's square must stay above this (the smallest normal float) to count.
_TINY = np.finfo(float).tiny


def _examples(labels) -> str:
    labels = list(labels)
    shown = ", ".join(repr(v.item() if isinstance(v, np.generic) else v) for v in labels[:MAX_EXAMPLES])
    return shown + (f" and {len(labels) - MAX_EXAMPLES} more" if len(labels) > MAX_EXAMPLES else "")


def _aligned(weights: pd.Series, index: pd.Index) -> pd.Series:
    """A weights Series in the data's row order, matched by index label."""
    if weights.index.equals(index):
        return weights
    for what, labels in (("the weights' index", weights.index), ("the data's index", index)):
        if labels.has_duplicates:
            raise CxkitValueError(
                f"weights (a Series) are matched to rows by index label, but {what} repeats label(s) "
                f"{_examples(labels[labels.duplicated()].unique())}; give each row one label, or pass "
                f"weights.to_numpy() to match by position."
            )
    missing, extra = index.difference(weights.index), weights.index.difference(index)
    if len(missing) or len(extra):
        parts = []
        if len(missing):
            parts.append(f"{len(missing)} row label(s) of the data have no weight ({_examples(missing)})")
        if len(extra):
            parts.append(f"{len(extra)} weight label(s) are not rows of the data ({_examples(extra)})")
        raise CxkitValueError(
            "weights (a Series) must have the same index labels as the data, to be matched to rows by "
            f"label; {' and '.join(parts)}. Pass weights.to_numpy() to match by position."
        )
    return weights.reindex(index)


def _numbers(weights, length: int) -> np.ndarray:
    """The weights as a float array, refusing anything that is not a number."""
    if isinstance(weights, np.ma.MaskedArray):
        n_masked = int(np.ma.count_masked(weights))
        if n_masked:
            raise CxkitValueError(f"weights has {n_masked} masked value(s); every row needs a weight "
                                  f"(0 leaves a row out of the weighted estimate).")
        weights = np.ma.getdata(weights)
    if isinstance(weights, (list, tuple)):
        weights = np.asarray(weights, dtype=object)
    dtype = getattr(weights, "dtype", None)
    kind = getattr(dtype, "kind", None)
    if kind in ("b", "M", "m", "U", "S") or str(dtype) == "boolean":
        raise CxkitTypeError(f"weights must be numbers; got dtype {dtype}.")
    if kind == "O" or (kind is None and not np.isscalar(weights)):
        objects = weights.to_numpy(dtype=object) if hasattr(weights, "to_numpy") else np.asarray(weights, dtype=object)
        wrong = [v for v in objects.ravel() if isinstance(v, (bool, np.bool_, str, bytes))]
        if wrong:
            raise CxkitTypeError(f"weights must be numbers; got {len(wrong)} that are not (e.g. {_examples(wrong)}).")
        try:
            array = objects.astype(float)
        except (TypeError, ValueError):
            raise CxkitTypeError(f"weights must be numbers; got values such as {_examples(objects[:MAX_EXAMPLES])}.") from None
    elif hasattr(weights, "to_numpy"):
        array = weights.to_numpy(dtype=float, na_value=np.nan)
    else:
        array = np.asarray(weights, dtype=float)
    if array.shape != (length,):
        raise CxkitValueError(f"weights must have one value per row ({length}); got shape {array.shape}.")
    return array


def check_weights(weights, frame: pd.DataFrame) -> np.ndarray | None:
    """Survey weights for the rows of ``frame``: a float array, or None without weights."""
    if weights is None:
        return None
    if isinstance(weights, str):
        require_columns(frame, [weights], role="weights")
        weights = frame[weights]
    elif isinstance(weights, pd.DataFrame):
        raise CxkitTypeError(f"weights must be one column of weights (a name, Series, array or list), "
                             f"not a table with columns {list(weights.columns)}.")
    elif isinstance(weights, pd.Series):
        weights = _aligned(weights, frame.index)
    array = _numbers(weights, len(frame))
    bad = ~np.isfinite(array) | (array < 0)
    if bad.any():
        raise CxkitValueError(
            f"weights must be finite numbers >= 0; {int(bad.sum())} are not "
            f"(e.g. {', '.join(map(repr, array[bad][:MAX_EXAMPLES].tolist()))})."
        )
    with np.errstate(over="ignore", under="ignore"):
        squares = array * array
        vanishing = (array > 0) & (squares < _TINY)
        total, total_squared = array.sum(), squares.sum()
        overflow = not (np.isfinite(total * total) and np.isfinite(total_squared))
    if vanishing.any():
        raise CxkitValueError(
            f"weights must be 0 or large enough that their squares are floating-point numbers "
            f"(>= {np.sqrt(_TINY):.3g}); {int(vanishing.sum())} are smaller (e.g. "
            f"{_examples(array[vanishing][:MAX_EXAMPLES].tolist())}). Rescale the weights: multiplying every "
            f"weight by the same factor changes no estimate."
        )
    if overflow:
        raise CxkitValueError(
            f"weights are so large that their sums overflow (sum {total:.3g}, sum of squares "
            f"{total_squared:.3g}; the square of the sum must stay below {np.finfo(float).max:.3g}). Rescale the "
            f"weights, e.g. divide them by their mean: multiplying every weight by the same factor changes no "
            f"estimate."
        )
    if len(array) and total == 0:
        raise CxkitValueError(f"weights are all zero ({len(array)} rows); a weighted estimate needs some weight > 0.")
    return array


def check_group_weights(weight_totals, n, labels) -> None:
    """Refuse groups that have answers but no weight (every answer weighted 0).

    ``weight_totals`` and ``n`` are per group; ``labels(rows)`` returns the
    group columns of those rows (a DataFrame), for the message.
    """
    n = np.asarray(n)
    empty = (n > 0) & (np.asarray(weight_totals) == 0)
    if not empty.any():
        return
    rows = np.flatnonzero(empty)
    shown = labels(rows[:MAX_EXAMPLES]).reset_index(drop=True)
    if shown.shape[1]:
        described = [", ".join(f"{c}={shown.at[i, c]!r}" for c in shown.columns) + f" ({int(n[row])} answers)"
                     for i, row in enumerate(rows[:MAX_EXAMPLES])]
    else:
        described = [f"all {int(n[0])} answers"]
    more = f" and {len(rows) - MAX_EXAMPLES} more" if len(rows) > MAX_EXAMPLES else ""
    raise CxkitValueError(
        f"weights are zero for every answer of {len(rows)} group(s): {'; '.join(described)}{more}. Such a group "
        f"has answers but no weight, so its weighted estimate is undefined; give those answers weights > 0 "
        f"or leave their rows out of the data."
    )
