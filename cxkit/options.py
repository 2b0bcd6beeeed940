"""Checks of options shared by every public function.

One message template everywhere: what is wrong, what is allowed, what was
given -- ``method ('wilsn') must be one of 'wilson', 'jeffreys', ...``.
"""

from __future__ import annotations

from .errors import CxkitValueError, CxkitTypeError

import numbers
from collections.abc import Iterable


def _quoted(values: Iterable) -> str:
    items = [repr(v) for v in values]
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


def check_choice(name: str, value, allowed: Iterable):
    """Return ``value`` if it is one of ``allowed``, else raise ValueError."""
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise CxkitValueError(f"{name} ({value!r}) must be one of {_quoted(allowed)}.")
    return value


def check_confidence_level(confidence_level) -> float:
    """A confidence level greater than 0 and at most 0.999999999 (0.95, not 95).

    Every interval method returns finite bounds containing its estimate for
    every level this accepts (``tests/stats/test_interval_edges.py``). Levels near 0
    are allowed: the interval shrinks towards the estimate (or, for methods
    that are not centred on it, is widened to contain it).

    The cap 1 - 1e-9 (z = 6.109): closer to 1 the level is barely
    representable (0.9999999999999999 is the last double below 1, and
    1 - 1e-17 *is* 1.0), the tail probability ``1 - level`` keeps few correct
    digits, and no survey sample supports such a statement.
    """
    highest = 1.0 - 1e-9
    if isinstance(confidence_level, bool) or not isinstance(confidence_level, numbers.Real):
        raise CxkitTypeError(
            f"confidence_level must be a number strictly between 0 and 1, such as 0.95; "
            f"got {confidence_level!r} of type {type(confidence_level).__name__}."
        )
    level = float(confidence_level)
    if not 0.0 < level < 1.0:
        hint = f" (did you mean {level / 100:g}?)" if 1.0 < level < 100.0 else ""
        raise CxkitValueError(
            f"confidence_level ({confidence_level!r}) must be strictly between 0 and 1, "
            f"such as 0.95{hint}."
        )
    if level > highest:
        raise CxkitValueError(
            f"confidence_level ({confidence_level!r}) is too close to 1: it must be greater than 0 and at most "
            f"0.999999999 (1 - 1e-9), where the interval is already +/- 6.1 standard errors."
        )
    return level


#: The most resamples a bootstrap may draw: each one is a pass over the
#: answers (or their counts), so more would run for hours or exhaust memory
#: without making the interval any more accurate. 10,000 is the usual choice.
MAX_RESAMPLES = 10_000_000
#: The most points a rating scale may have (0-1000 at the widest). More is no
#: rating scale, and every point costs a column in the count tables.
MAX_SCALE_POINTS = 1_001
#: Upper limits of integer options, by name, with what to say about them.
_MAXIMUMS = {"n_resamples": (MAX_RESAMPLES, "10,000 is the usual choice")}


def check_positive_int(name: str, value, *, minimum: int = 1) -> int:
    """An integer (not bool) no smaller than ``minimum`` (and, for ``n_resamples``, within its limit)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise CxkitTypeError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    if value < minimum:
        raise CxkitValueError(f"{name} ({value!r}) must be an integer >= {minimum}.")
    if name in _MAXIMUMS:
        maximum, advice = _MAXIMUMS[name]
        if value > maximum:
            raise CxkitValueError(f"{name} ({value!r}) must be at most {maximum:,} (a limit that keeps memory "
                                  f"and run time bounded); {advice}.")
    return int(value)


def check_scale(scale, *, name: str = "scale") -> tuple[int, int]:
    """An integer rating scale ``(lowest, highest)`` with 2 to :data:`MAX_SCALE_POINTS` points."""
    ok = (
        isinstance(scale, (tuple, list))
        and len(scale) == 2
        and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in scale)
        and scale[0] < scale[1]
    )
    if not ok:
        raise CxkitValueError(
            f"{name} ({scale!r}) must be a pair of integers (lowest, highest) with "
            f"lowest < highest, such as (1, 5) or (0, 10)."
        )
    lowest, highest = int(scale[0]), int(scale[1])
    if highest - lowest + 1 > MAX_SCALE_POINTS:
        raise CxkitValueError(
            f"{name} ({scale!r}) has {highest - lowest + 1:,} points; a rating scale may have at most "
            f"{MAX_SCALE_POINTS:,} (such as (0, 1000)), such as (1, 5) or (0, 10)."
        )
    return lowest, highest
