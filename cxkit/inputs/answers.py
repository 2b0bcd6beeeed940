"""Turning raw survey answers into validated numbers and answer counts.

Rules (the same for every metric and every entry point, single-sample or
grouped):

- Missing answers (NaN, None, pandas NA, and the masked entries of a numpy
  masked array) are excluded and counted.
- An answer is valid when it is a number (or a string that reads as one),
  a whole number, and inside the scale. Anything else -- 11 on a 0-10 scale,
  7.5, ``"ten"``, ``True``, an integer too large for a float such as
  ``10**400`` -- raises :class:`~cxkit.errors.InvalidAnswersError` saying how
  many, showing a few, and naming the allowed range; with
  ``drop_invalid=True`` they are dropped instead and counted.
- A column of dates or durations is the wrong column, not a few bad answers:
  it raises :class:`~cxkit.errors.CxkitTypeError` whatever ``drop_invalid`` says.

Numeric input (numpy or pandas integer and float columns, nullable ones
included) is counted in chunks of :data:`ANSWER_CHUNK_ROWS` rows straight from
its own buffers (:func:`count_scores`), so counting 50 million int8 answers
needs about a megabyte besides the answers themselves, never a float copy of
the column.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError, InvalidAnswersError

#: How many offending answers an error message shows.
MAX_EXAMPLES = 5
#: Rows per chunk when counting one column: a chunk's temporaries (8 bytes a
#: row) stay near 1 MiB however long the column is.
ANSWER_CHUNK_ROWS = 1 << 17


@dataclass(frozen=True)
class Answers:
    """Valid answers of one question, with what was set aside."""

    values: np.ndarray  # float array; NaN marks a missing or dropped answer when positions are kept
    n_missing: int
    n_dropped: int

    @property
    def n(self) -> int:
        return int(np.count_nonzero(~np.isnan(self.values)))


@dataclass(frozen=True)
class AnswerCounts:
    """How many valid answers took each point of the scale, with what was set aside."""

    counts: np.ndarray  # int64, one per scale point, lowest first
    n_missing: int
    n_dropped: int

    @property
    def n(self) -> int:
        return int(self.counts.sum())


def check_drop_invalid(drop_invalid) -> bool:
    """``drop_invalid`` must be a real bool (numpy's included): 1 or "yes" is no answer to "drop?"."""
    if not isinstance(drop_invalid, (bool, np.bool_)):
        raise CxkitTypeError(
            f"drop_invalid must be True or False; got {drop_invalid!r} of type {type(drop_invalid).__name__}."
        )
    return bool(drop_invalid)


def _check_container(scores, name: str) -> None:
    """One column of answers: a 1-D sequence, not a scalar, a table or a column of dates."""
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
    kind = getattr(getattr(scores, "dtype", None), "kind", None)
    if kind in ("M", "m"):
        what = "dates" if kind == "M" else "durations"
        raise CxkitTypeError(
            f"{name} holds {what} (dtype {scores.dtype}), not answers; answers must be numbers on the "
            f"metric's scale, such as 0-10. Pass the answer column."
        )
    shape = getattr(scores, "shape", None)
    if shape is not None and len(shape) != 1:
        raise CxkitTypeError(f"{name} must be one-dimensional; got an array of shape {shape}.")


def _is_scalar(scores) -> bool:
    """True for one value (a number, None, a 0-d array), which is no sequence of answers."""
    if isinstance(scores, np.ndarray):
        return scores.ndim == 0
    return not hasattr(scores, "__len__")


def numeric_buffers(scores, name: str = "scores") -> tuple[np.ndarray, np.ndarray | None] | None:
    """``(values, missing)`` of numeric answers as numpy arrays, without copying.

    ``values`` has an integer or float dtype; ``missing`` is a boolean mask
    (values under it are arbitrary) or None. Returns None for answers that
    must be read one by one: lists, text, booleans, objects. Raises
    CxkitTypeError for anything that is no column of answers.
    """
    _check_container(scores, name)
    if isinstance(scores, np.ma.MaskedArray):  # masked entries are missing answers
        mask = np.ma.getmask(scores)
        data = np.ma.getdata(scores)
        return (data, None if mask is np.ma.nomask else mask) if data.dtype.kind in "iuf" else None
    if isinstance(scores, np.ndarray):
        return (scores, None) if scores.dtype.kind in "iuf" else None
    array = getattr(scores, "array", None)
    if isinstance(array, (pd.arrays.IntegerArray, pd.arrays.FloatingArray)):
        # The nullable arrays keep their values and missing-mask as two numpy
        # arrays; reading them directly spares the copy that to_numpy makes.
        data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
        if isinstance(data, np.ndarray) and isinstance(mask, np.ndarray) and data.shape == mask.shape:
            return data, mask
        return array.to_numpy(dtype=float, na_value=np.nan), None
    dtype = getattr(scores, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf" and hasattr(scores, "to_numpy"):
        return scores.to_numpy(), None
    return None


def to_float_array(scores, name: str = "scores") -> tuple[np.ndarray, np.ndarray]:
    """Answers as floats (NaN = missing, inf = unreadable), and the answers as given, for messages."""
    buffers = numeric_buffers(scores, name)
    if buffers is not None:
        data, missing = buffers
        values = data.astype(float)
        if missing is not None:
            values[missing] = np.nan
        return values, data
    # Everything else (booleans included) is read answer by answer: a boolean
    # answer is invalid like any other non-number, so drop_invalid applies.
    if isinstance(scores, np.ma.MaskedArray):
        objects = np.ma.getdata(scores).astype(object)
        objects[np.ma.getmaskarray(scores)] = None
    elif hasattr(scores, "to_numpy"):
        objects = scores.to_numpy(dtype=object)
    else:
        objects = np.asarray(scores, dtype=object)
    if objects.ndim != 1:
        raise CxkitTypeError(f"{name} must be one-dimensional; got an array of shape {objects.shape}.")
    out = np.empty(len(objects), dtype=float)
    bad = np.zeros(len(objects), dtype=bool)
    for i, v in enumerate(objects):
        out[i], bad[i] = _read_one(v)
    out[bad] = np.inf  # marked invalid below, whatever the scale
    return out, objects


#: An answer written as text: ASCII digits, an optional minus and decimal part, spaces around. Python's float()
#: also takes "1e1", "+10", "1_0", "inf" and digits of other scripts, which no survey tool writes as an answer.
_PLAIN_NUMBER = re.compile(r"\s*-?[0-9]+(?:\.[0-9]+)?\s*", re.ASCII)


def _read_one(v) -> tuple[float, bool]:
    """(number, is_invalid) for one answer of an object column."""
    if v is None:
        return np.nan, False
    if isinstance(v, (bool, np.bool_)):
        return np.nan, True
    if isinstance(v, numbers.Real):
        try:
            return float(v), False
        except OverflowError:  # an integer beyond any float, such as 10**400
            return np.nan, True
    if isinstance(v, str):
        if not _PLAIN_NUMBER.fullmatch(v):  # "1e1", "+10", "1_0", "９", "١٠": not an answer as written
            return np.nan, True
        return float(v), False
    try:
        if v != v:  # NaN-like objects such as pandas.NaT
            return np.nan, False
    except TypeError:  # pandas.NA refuses to be a truth value
        return np.nan, False
    return np.nan, True


def answer_codes(values: np.ndarray, missing: np.ndarray | None, lowest: int, highest: int):
    """Codes of a chunk of numeric answers, and where the invalid ones are.

    Codes are ``answer - lowest`` for valid answers, ``points`` for missing
    and ``points + 1`` for invalid ones, ready for ``numpy.bincount``;
    the mask of invalid answers is None when there are none. Integers are
    range-checked in their own dtype (a uint64 beyond int64 is invalid, never
    wrapped into the scale); floats also for whole numbers.
    """
    points = highest - lowest + 1
    invalid = None
    if values.dtype.kind in "iu":
        if len(values) and (values.min() < lowest or values.max() > highest):
            invalid = (values < lowest) | (values > highest)
        codes = values.astype(np.intp)
        if lowest:
            codes -= lowest
    else:
        nan = np.isnan(values)
        missing = nan if missing is None else nan | missing
        with np.errstate(invalid="ignore"):
            codes = np.where(missing, lowest, values).astype(np.intp)
            invalid = (codes != values) | (codes < lowest) | (codes > highest)
        codes -= lowest
    if invalid is not None:
        if missing is not None:
            invalid &= ~missing
        if not invalid.any():
            invalid = None
    if missing is not None:
        np.putmask(codes, missing, points)
    if invalid is not None:
        np.putmask(codes, invalid, points + 1)
    return codes, invalid


def count_scores(scores, *, scale: tuple[int, int], name: str = "scores", drop_invalid: bool = False) -> AnswerCounts:
    """Count the answers of one column per scale point, checking them as :func:`clean_answers` does.

    Numeric input is counted in chunks from its own buffers (see the module
    docstring); other input goes through :func:`clean_answers`. The result
    is the same either way.
    """
    drop_invalid = check_drop_invalid(drop_invalid)
    buffers = numeric_buffers(scores, name)
    if buffers is None:
        answers = clean_answers(scores, scale=scale, name=name, drop_invalid=drop_invalid)
        return AnswerCounts(answer_counts(answers.values, scale), answers.n_missing, answers.n_dropped)
    values, missing = buffers
    lowest, highest = scale
    points = highest - lowest + 1
    totals = np.zeros(points + 2, dtype=np.int64)
    shown = []
    for start in range(0, len(values), ANSWER_CHUNK_ROWS):
        rows = slice(start, start + ANSWER_CHUNK_ROWS)
        codes, invalid = answer_codes(values[rows], None if missing is None else missing[rows], lowest, highest)
        totals += np.bincount(codes, minlength=points + 2)
        if invalid is not None and len(shown) < MAX_EXAMPLES:
            shown += list(values[rows][np.flatnonzero(invalid)[: MAX_EXAMPLES - len(shown)]])
    n_invalid = int(totals[points + 1])
    if n_invalid and not drop_invalid:
        raise invalid_answers_error(name, n_invalid, len(values), scale, shown)
    return AnswerCounts(counts=totals[:points], n_missing=int(totals[points]), n_dropped=n_invalid)


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
    drop_invalid = check_drop_invalid(drop_invalid)
    values, given = to_float_array(scores, name)
    lowest, highest = scale
    missing = np.isnan(values)
    with np.errstate(invalid="ignore"):
        invalid = ~missing & ((values < lowest) | (values > highest) | (values != np.round(values)))
    n_invalid = int(invalid.sum())
    if n_invalid and not drop_invalid:
        shown = [given[i] for i in np.flatnonzero(invalid)[:MAX_EXAMPLES]]
        raise invalid_answers_error(name, n_invalid, len(values), scale, shown)
    if keep_positions:
        kept = np.where(invalid, np.nan, values)
    else:
        kept = values[~missing & ~invalid]
    return Answers(values=kept, n_missing=int(missing.sum()), n_dropped=n_invalid)


def invalid_answers_error(name: str, n_invalid: int, total: int, scale, shown) -> InvalidAnswersError:
    """The error for answers off the scale: how many, a few of them, the allowed range."""
    lowest, highest = scale
    shown = [v.item() if isinstance(v, np.generic) else v for v in shown[:MAX_EXAMPLES]]
    more = f" and {n_invalid - len(shown)} more" if n_invalid > len(shown) else ""
    return InvalidAnswersError(
        f"{name}: {n_invalid} of {total} answers are not valid on the "
        f"{lowest}-{highest} scale (allowed: whole numbers from {lowest} to {highest}; "
        f"missing answers as NaN or None): {', '.join(repr(v) for v in shown)}{more}. "
        f"Pass drop_invalid=True to drop them; the result then counts them as dropped.",
        count=n_invalid,
        examples=tuple(shown),
    )


def require_answers(answers: Answers | AnswerCounts, *, name: str = "scores") -> None:
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


def valid_answers(scores, *, scale: tuple[int, int], drop_invalid: bool = False,
                  name: str = "scores") -> AnswerCounts:
    """:func:`count_scores`, then :func:`require_answers`: the answer counts a single-sample metric computes on."""
    answers = count_scores(scores, scale=scale, name=name, drop_invalid=drop_invalid)
    require_answers(answers, name=name)
    return answers
