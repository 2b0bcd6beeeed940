"""Turning raw survey answers into validated numbers and answer counts.

Rules (the same for every metric):

- Missing answers (NaN, None, pandas NA) are excluded and counted.
- An answer is valid when it is a number (or a string that reads as one),
  a whole number, and inside the scale. Anything else -- 11 on a 0-10 scale,
  7.5, ``"ten"``, ``True`` -- raises :class:`~cxkit.errors.InvalidAnswersError`
  saying how many, showing a few, and naming the allowed range; with
  ``drop_invalid=True`` they are dropped instead and counted.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from ..errors import CxkitTypeError, CxkitValueError, InvalidAnswersError

_EXAMPLES = 5


@dataclass(frozen=True)
class Answers:
    """Valid answers of one question, with what was set aside."""

    values: np.ndarray  # float array; NaN marks a missing or dropped answer when positions are kept
    n_missing: int
    n_dropped: int

    @property
    def n(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.values)))


def _to_float_array(scores, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Numeric view of ``scores`` plus, for object input, the original objects."""
    if isinstance(scores, (str, bytes, dict, set)) or _is_scalar(scores):
        raise CxkitTypeError(
            f"{name} must be a sequence of answers (list, numpy array or pandas Series); "
            f"got {type(scores).__name__}."
        )
    if hasattr(scores, "columns"):
        raise CxkitTypeError(
            f"{name} must be one column of answers, not a table with columns "
            f"{list(scores.columns)}; pass df['column']."
        )
    dtype = getattr(scores, "dtype", None)
    kind = getattr(dtype, "kind", None)
    if kind in ("i", "u", "f"):
        if hasattr(scores, "to_numpy"):
            values = scores.to_numpy(dtype=float, na_value=np.nan)
        else:
            values = np.asarray(scores, dtype=float)
        if values.ndim != 1:
            raise CxkitTypeError(f"{name} must be one-dimensional; got an array of shape {values.shape}.")
        return values, None
    # Everything else (booleans included) is read answer by answer: a boolean
    # answer is invalid like any other non-number, so drop_invalid applies.
    objects = scores.to_numpy(dtype=object) if hasattr(scores, "to_numpy") else np.asarray(scores, dtype=object)
    if objects.ndim != 1:
        raise CxkitTypeError(f"{name} must be one-dimensional; got an array of shape {objects.shape}.")
    out = np.empty(len(objects), dtype=float)
    bad = np.zeros(len(objects), dtype=bool)
    for i, v in enumerate(objects):
        out[i], bad[i] = _read_one(v)
    out[bad] = np.inf  # marked invalid below, whatever the scale
    return out, objects


def _is_scalar(scores) -> bool:
    """True for one value (a number, None, a 0-d array), which is no sequence of answers."""
    if isinstance(scores, np.ndarray):
        return scores.ndim == 0
    return not hasattr(scores, "__len__")


def _read_one(v) -> tuple[float, bool]:
    """(number, is_invalid) for one answer of an object column."""
    if v is None:
        return np.nan, False
    if isinstance(v, (bool, np.bool_)):
        return np.nan, True
    if isinstance(v, numbers.Real):
        return float(v), False
    if isinstance(v, str):
        try:
            number = float(v)
        except ValueError:
            return np.nan, True
        return number, not np.isfinite(number)
    try:
        if v != v:  # NaN-like objects such as pandas.NaT
            return np.nan, False
    except TypeError:  # pandas.NA refuses to be a truth value
        return np.nan, False
    return np.nan, True


def clean_answers(scores, *, scale: tuple[int, int], name: str = "scores", drop_invalid: bool = False,
                  keep_positions: bool = False) -> Answers:
    """Validate answers against an integer scale.

    Parameters
    ----------
    scores : sequence of answers
    scale : (lowest, highest)
    drop_invalid : bool
        Drop invalid answers (and count them) instead of raising.
    keep_positions : bool
        Keep the input length, with NaN for missing and dropped answers (for
        multi-item questionnaires, where rows are respondents).
    """
    values, objects = _to_float_array(scores, name)
    lowest, highest = scale
    missing = np.isnan(values)
    with np.errstate(invalid="ignore"):
        invalid = ~missing & ((values < lowest) | (values > highest) | (values != np.round(values)))
    n_invalid = int(invalid.sum())
    if n_invalid and not drop_invalid:
        source = objects if objects is not None else values
        shown = [source[i] for i in np.flatnonzero(invalid)[:_EXAMPLES]]
        raise invalid_answers_error(name, n_invalid, len(values), scale, shown)
    if keep_positions:
        kept = np.where(invalid, np.nan, values)
    else:
        kept = values[~missing & ~invalid]
    return Answers(values=kept, n_missing=int(missing.sum()), n_dropped=n_invalid)


def invalid_answers_error(name: str, n_invalid: int, total: int, scale, shown) -> InvalidAnswersError:
    """The error for answers off the scale: how many, a few of them, the allowed range."""
    lowest, highest = scale
    shown = [v.item() if isinstance(v, np.generic) else v for v in shown[:_EXAMPLES]]
    more = f" and {n_invalid - len(shown)} more" if n_invalid > len(shown) else ""
    return InvalidAnswersError(
        f"{name}: {n_invalid} of {total} answers are not valid on the "
        f"{lowest}-{highest} scale (allowed: whole numbers from {lowest} to {highest}; "
        f"missing answers as NaN or None): {', '.join(repr(v) for v in shown)}{more}. "
        f"Pass drop_invalid=True to drop them; the result then counts them as dropped.",
        count=n_invalid,
        examples=tuple(shown),
    )


def require_answers(answers: Answers, *, name: str = "scores") -> None:
    """Raise a clear ValueError when nothing is left to compute on."""
    if answers.n == 0:
        raise CxkitValueError(
            f"{name}: no valid answers to compute on (got {answers.n_missing} missing and "
            f"{answers.n_dropped} dropped); at least one answer on the scale is needed."
        )


def answer_counts(values: np.ndarray, scale: tuple[int, int]) -> np.ndarray:
    """How many answers took each point of the scale, lowest first."""
    lowest, highest = scale
    return np.bincount((values - lowest).astype(np.int64), minlength=highest - lowest + 1)


def valid_answers(scores, *, scale: tuple[int, int], drop_invalid: bool = False, name: str = "scores") -> Answers:
    """:func:`clean_answers`, then :func:`require_answers`: the answers a single-sample metric computes on."""
    answers = clean_answers(scores, scale=scale, name=name, drop_invalid=drop_invalid)
    require_answers(answers, name=name)
    return answers
