"""How many answers a survey needs: sample size, margin of error, power.

Normal-approximation planning formulas (Cochran 1977, Sampling Techniques,
ch. 4; Chow, Shao & Wang 2008, Sample Size Calculations in Clinical Research,
ch. 4 for two groups):

- margin of error ``m = z * sigma / sqrt(n)``, so ``n = (z * sigma / m)^2``;
- per-group n to detect a difference ``delta`` between two independent
  groups with two-sided level ``1 - confidence_level`` and power ``1 - beta``:
  ``n = (z_{alpha/2} + z_beta)^2 * (sigma_a^2 + sigma_b^2) / delta^2``.

``sigma`` is the standard deviation of one answer's score:

- NPS (score -1/0/+1): ``sigma^2 = p + d - (p - d)^2``; without an expected
  value the worst case ``sigma^2 = 1`` (all promoters and detractors, half
  each), so +/-5 points at 95 % needs 1,537 answers; with an expected NPS
  alone, the worst case for that NPS, ``1 - nps^2`` (no passives); with
  expected ``(promoters %, detractors %)`` the exact value.
- shares: ``p (1 - p)``, worst case ``p = 50 %``.
- means: an expected standard deviation, or the worst case on the scale,
  half its range.

Inputs are checked before any arithmetic, so nonsense never comes back as a
sample size of 1: margins and differences must be finite, non-zero and no
wider than the metric's whole range (200 NPS points, 100 %, the answer
scale); ``expected`` must lie within the metric's range and leave a non-zero
spread (a share of 0 % or 100 %, an NPS of +/-100 or an expected standard
deviation of 0 make ``sigma = 0``); power strictly between 0 and 1.
"""

from __future__ import annotations

import math
import numbers

from scipy.special import ndtri

from .metrics.registry import KINDS, REGISTRY
from .options import check_choice, check_confidence_level, check_scale
from .stats.numeric import z_value
from .errors import CxkitValueError

#: Generic kinds a plan may name instead of a metric (see cxkit.metrics.registry.KINDS).
PLANNING_METRICS = KINDS


def _kind(metric: str) -> str:
    """The kind of a registry metric (``csat`` -> ``share``), or a generic kind itself."""
    metric = check_choice("metric", metric, tuple(dict.fromkeys(PLANNING_METRICS + tuple(REGISTRY))))
    return REGISTRY[metric].kind if metric in REGISTRY else metric


def _sigma(metric: str, expected, scale) -> float:
    """Standard deviation of one answer's score (on the -1..1 / 0..1 / answer scale), never 0."""
    kind = _kind(metric)
    if kind == "nps":
        if expected is None:
            return 1.0
        if isinstance(expected, (tuple, list)) and len(expected) == 2:
            if not all(_is_finite_number(v) for v in expected) or not (
                    0 <= expected[0] and 0 <= expected[1] and expected[0] + expected[1] <= 100):
                raise CxkitValueError(f"expected ({expected!r}) must be (promoters %, detractors %), each 0-100, "
                                      f"summing to at most 100.")
            p, d = (float(v) / 100 for v in expected)
            variance = p + d - (p - d) ** 2
            if not variance > 0:
                raise CxkitValueError(
                    f"expected ({expected!r}) must leave some spread: with no promoters and no detractors, or "
                    f"100 % of one of them, every answer scores the same and no sample size follows; "
                    f"give shares such as (50, 20)."
                )
            return math.sqrt(variance)
        value = _number("expected", expected, -100, 100) / 100
        if abs(value) == 1:
            raise CxkitValueError(f"expected ({expected!r}) must be strictly between -100 and 100: at an NPS of "
                                  f"+/-100 every answer scores the same and no sample size follows.")
        return math.sqrt(1 - value**2)
    if kind == "share":
        p = 0.5 if expected is None else _number("expected", expected, 0, 100) / 100
        if p in (0.0, 1.0):
            raise CxkitValueError(f"expected ({expected!r}) must be strictly between 0 and 100: at 0 % or 100 % the "
                                  f"normal-approximation variance is 0 and no sample size follows.")
        return math.sqrt(p * (1 - p))
    lowest, highest = check_scale(scale)
    if expected is None:
        return (highest - lowest) / 2
    sd = _number("expected", expected, 0, (highest - lowest) / 2)
    if sd == 0:
        raise CxkitValueError(f"expected ({expected!r}) is the expected standard deviation of one answer and must "
                              f"be greater than 0 (and at most {(highest - lowest) / 2:g} on the scale {scale!r}).")
    return sd


def _is_finite_number(value) -> bool:
    return (not isinstance(value, bool) and isinstance(value, numbers.Real)
            and math.isfinite(value))


def _number(name: str, value, low: float, high: float) -> float:
    """A real number (not bool, not NaN) from ``low`` to ``high``, both included."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not low <= value <= high:
        raise CxkitValueError(f"{name} ({value!r}) must be a number from {low:g} to {high:g}.")
    return float(value)


def _unit(metric: str) -> float:
    """Metric units per score unit: 100 for NPS points and percent, 1 on the answer scale."""
    return 1.0 if _kind(metric) == "mean" else 100.0


def _width(metric: str, scale) -> float:
    """The full range of the metric in its unit: 200 NPS points, 100 %, or the answer scale."""
    kind = _kind(metric)
    if kind == "nps":
        return 200.0
    if kind == "share":
        return 100.0
    lowest, highest = check_scale(scale)
    return float(highest - lowest)


#: The most answers a plan may ask for: beyond it the margin or difference is too small to plan for.
MAX_PLANNED_ANSWERS = 10**12


def _answers_needed(exact: float, what: str) -> int:
    """``ceil(exact)`` as an int, refusing plans beyond :data:`MAX_PLANNED_ANSWERS`."""
    if not exact <= MAX_PLANNED_ANSWERS:
        raise CxkitValueError(f"{what} would need more than {MAX_PLANNED_ANSWERS:.0e} answers; "
                              f"ask for a larger one.")
    return math.ceil(exact - 1e-9)


def sample_size(*, metric: str = "nps", margin: float, confidence_level: float = 0.95, expected=None,
                scale=(1, 5)) -> int:
    """Answers needed for a two-sided margin of error ``margin`` (in the metric's unit).

    >>> sample_size(metric="nps", margin=5)
    1537
    """
    cl = check_confidence_level(confidence_level)
    sigma = _sigma(metric, expected, scale) * _unit(metric)
    given = margin
    width = _width(metric, scale)
    nan = isinstance(margin, numbers.Real) and not isinstance(margin, bool) and math.isnan(margin)
    margin = math.nan if nan else _number("margin", margin, 0, math.inf)
    if margin == 0:
        raise CxkitValueError("margin (0) must be greater than 0.")
    if not margin <= width:
        raise CxkitValueError(
            f"margin ({given!r}) must be a finite number greater than 0 and at most {width:g}, the whole "
            f"range of {metric} in its unit."
        )
    z = z_value(cl)
    return max(1, _answers_needed((z * sigma / margin) ** 2 if sigma / margin < 1e150 else math.inf,
                                  f"margin ({given!r})"))


def margin_of_error(*, metric: str = "nps", n: int, confidence_level: float = 0.95, expected=None,
                    scale=(1, 5)) -> float:
    """Half-width of the normal-approximation interval with ``n`` answers, in the metric's unit."""
    cl = check_confidence_level(confidence_level)
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise CxkitValueError(f"n ({n!r}) must be a whole number of answers >= 1.")
    sigma = _sigma(metric, expected, scale) * _unit(metric)
    return z_value(cl) * sigma / math.sqrt(n)


def sample_size_per_group(*, metric: str = "nps", difference: float, power: float = 0.8,
                          confidence_level: float = 0.95, expected=None, expected_b=None, scale=(1, 5)) -> int:
    """Answers needed in each of two groups to detect ``difference`` with the given power.

    ``expected`` describes group a (and group b unless ``expected_b`` is given);
    without them the worst case is assumed.
    """
    cl = check_confidence_level(confidence_level)
    given = power
    power = _number("power", power, 0, 1)
    if not 0 < power < 1:
        raise CxkitValueError(f"power ({given!r}) must be strictly between 0 and 1, such as 0.8.")
    delta = abs(_number("difference", difference, -math.inf, math.inf))
    if delta == 0:
        raise CxkitValueError("difference (0) must be non-zero: no sample size detects a zero difference.")
    width = _width(metric, scale)
    if not delta <= width:
        raise CxkitValueError(
            f"difference ({difference!r}) must be a finite number, non-zero and at most {width:g} in absolute "
            f"value, the whole range of {metric} in its unit."
        )
    unit = _unit(metric)
    var = (_sigma(metric, expected, scale) * unit) ** 2 + (_sigma(metric, expected_b if expected_b is not None else expected, scale) * unit) ** 2
    z = z_value(cl) + float(ndtri(power))
    ratio = math.sqrt(var) / delta if delta > 0 else math.inf
    return max(2, _answers_needed((z * ratio) ** 2 if ratio < 1e150 else math.inf, f"difference ({difference!r})"))
