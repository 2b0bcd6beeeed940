"""Result objects: one estimate, the comparison of two, an estimate against a benchmark.

All are frozen dataclasses with a plain one-line ``repr``, an HTML table for
Jupyter (``_repr_html_``) and ``to_dict()`` for building DataFrames.

Interval columns and fields, one scheme everywhere
--------------------------------------------------
``low`` and ``high`` always bound the quantity a row or result is about: the
``value`` of an :class:`Estimate` and of a ``summarize`` table row, the
``difference`` of a :class:`Comparison` and of ``compare_periods`` /
``compare_groups`` rows. Any other quantity ``x`` shown with an interval
has ``x_low`` and ``x_high`` beside it: ``gap_low``/``gap_high`` when a
``summarize`` table is compared with a benchmark (its ``low``/``high`` still
bound ``value``), ``change_low``/``change_high`` in the monthly report's
table. A :class:`BenchmarkComparison` is about the gap, so its ``low`` and
``high`` bound ``gap``.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

from .errors import CxkitValueError

_TOLERANCE = 1e-9


def _fmt(x: float, digits: int = 1) -> str:
    return "nan" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def _fmt_p(p: float) -> str:
    if p is None or math.isnan(p):
        return "nan"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _fmt_level(confidence_level: float) -> str:
    """0.95 -> '95%', 0.999 -> '99.9%' (never rounded up to '100%')."""
    return f"{round(100.0 * confidence_level, 6):g}%"


def _html_table(title: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<table class='cxkit-result'><caption>{html.escape(title)}</caption>{body}</table>"


class Details(Mapping):
    """A read-only, hashable, picklable mapping of an estimate's metric-specific values."""

    __slots__ = ("_items",)

    def __init__(self, items=()):
        object.__setattr__(self, "_items", tuple(dict(items).items()))

    def __getitem__(self, key):
        for k, v in self._items:
            if k == key:
                return v
        raise KeyError(key)

    def __iter__(self):
        return (k for k, _v in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(self._items)

    def __eq__(self, other) -> bool:
        return isinstance(other, Mapping) and dict(self._items) == dict(other.items())

    def __setattr__(self, name, value):
        raise AttributeError("Details are read-only.")

    def __reduce__(self):
        return (Details, (self._items,))

    def __repr__(self) -> str:
        return f"Details({dict(self._items)!r})"


#: Metric-specific fields of an Estimate, in the order ``details`` and ``to_dict`` list them.
DETAIL_FIELDS = ("promoters", "passives", "detractors", "promoters_share", "passives_share", "detractors_share",
                 "successes", "top", "reverse", "sd", "items", "reversed", "item_answers_missing")


def check_contains(metric: str, value: float, low: float, high: float, *, relative: bool = False) -> None:
    """Raise (a cxkit bug, not a user error) when ``[low, high]`` misses ``value``; NaN passes.

    The tolerance is 1e-9, times ``max(1, |value|)`` when ``relative``.
    """
    if any(math.isnan(v) for v in (value, low, high)):
        return
    slack = _TOLERANCE * (max(1.0, abs(value)) if relative else 1.0)
    if not (low - slack <= value <= high + slack):
        raise CxkitValueError(f"interval [{low}, {high}] does not contain the estimate {value} "
                              f"for {metric}; this is a bug in cxkit, please report it.")


@dataclass(frozen=True, repr=False)
class IntervalResult:
    """What every one-number result states: the metric, its value and interval, n, method, level, unit.

    :class:`Estimate` (survey metrics) and the operational results
    (:class:`cxkit.service.ServiceEstimate`) build on it.
    """

    metric: str
    value: float
    low: float
    high: float
    n: int
    method: str
    confidence_level: float
    unit: str

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)


@dataclass(frozen=True, repr=False)
class Estimate(IntervalResult):
    """One metric with its confidence interval.

    Attributes
    ----------
    metric : str
        ``"nps"``, ``"csat"``, ``"csi"``, ``"ces"``, ``"ces_mean"`` or ``"cli"``.
    value, low, high : float
        Estimate and interval, in ``unit``: NPS points -100..100, shares in
        percent 0..100, means on the answer scale.
    n : int
        Answers (for CLI: respondents) used.
    method : str
        Interval method actually used.
    confidence_level : float
    unit : str
        The unit in words ("NPS points (-100..100)", "% of answers",
        "mean answer on the 1-5 scale").
    n_missing, n_dropped : int
        Missing answers excluded; invalid answers dropped (``drop_invalid=True``).
    small_sample : bool
        Fewer than :data:`cxkit.SMALL_SAMPLE_SIZE` answers, or every answer in
        one category: the interval is approximate.
    kind : str or None
        ``"nps"``, ``"share"`` or ``"mean"`` (see :mod:`cxkit.metrics.registry`).
    scale : (int, int) or None
        The answer scale (lowest, highest).
    promoters, passives, detractors : NPS counts (effective counts when weighted)
    promoters_share, passives_share, detractors_share : NPS shares in percent
    successes, top, reverse : shares: answers counted, how many top answers
        count, whether the scale runs the other way (CES)
    sd : means: the standard deviation of the answers (respondent means for CLI)
    items, reversed, item_answers_missing : CLI: item names, reverse-coded
        items, item answers missing
    details : Details
        The metric-specific values above that apply, plus any extra values a
        caller passed in ``details``; read-only.

    Fields that do not apply to the metric are None and left out of
    ``details`` and ``to_dict()``.
    """

    n_missing: int = 0
    n_dropped: int = 0
    small_sample: bool = False
    kind: str | None = None
    scale: tuple[int, int] | None = None
    promoters: float | None = None
    passives: float | None = None
    detractors: float | None = None
    promoters_share: float | None = None
    passives_share: float | None = None
    detractors_share: float | None = None
    successes: float | None = None
    top: int | None = None
    reverse: bool | None = None
    sd: float | None = None
    items: tuple | None = None
    reversed: tuple | None = None
    item_answers_missing: int | None = None
    details: Mapping[str, Any] = field(default_factory=Details)

    def __post_init__(self):
        given = dict(self.details)
        for name in DETAIL_FIELDS:  # values given in ``details`` fill their fields
            if name in given and getattr(self, name) is None:
                object.__setattr__(self, name, given.pop(name))
            else:
                given.pop(name, None)
        if isinstance(self.scale, list):
            object.__setattr__(self, "scale", tuple(self.scale))
        known = {name: getattr(self, name) for name in DETAIL_FIELDS if getattr(self, name) is not None}
        object.__setattr__(self, "details", Details({**known, **given}))
        check_contains(self.metric, self.value, self.low, self.high)

    def __getattr__(self, name):
        # Only reached for names that are not fields: say which values there are.
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"Estimate has no attribute {name!r}; details are "
                             f"{sorted(object.__getattribute__(self, 'details'))}.")

    @property
    def _digits(self) -> int:
        return 2 if self.kind == "mean" else 1

    def to_dict(self) -> dict:
        """Flat dict: the fixed fields, then the details."""
        out = {name: getattr(self, name) for name in _FIXED_FIELDS}
        out.update(self.details)
        return out

    def __repr__(self) -> str:
        digits = self._digits
        extra = f", {self.n_missing} missing" if self.n_missing else ""
        extra += f", {self.n_dropped} dropped" if self.n_dropped else ""
        return (
            f"{self.metric} = {_fmt(self.value, digits)} "
            f"[{_fmt(self.low, digits)}, {_fmt(self.high, digits)}] "
            f"({_fmt_level(self.confidence_level)} {self.method}, n={self.n}{extra})"
        )

    def _repr_html_(self) -> str:
        digits = self._digits
        rows = [
            ("value", _fmt(self.value, digits)),
            (f"{_fmt_level(self.confidence_level)} interval", f"{_fmt(self.low, digits)} to {_fmt(self.high, digits)}"),
            ("n", str(self.n)),
            ("method", self.method),
            ("unit", self.unit),
        ]
        if self.n_missing or self.n_dropped:
            rows.append(("missing / dropped", f"{self.n_missing} / {self.n_dropped}"))
        if self.small_sample:
            rows.append(("small sample", "yes: the interval is approximate"))
        rows += [(k, _fmt(v, digits) if isinstance(v, float) else str(v)) for k, v in self.details.items()]
        return _html_table(self.metric, rows)


_FIXED_FIELDS = ("metric", "value", "low", "high", "n", "method", "confidence_level", "unit", "n_missing",
                 "n_dropped", "small_sample", "kind", "scale")


def _estimate_cell(est: "Estimate", digits: int) -> str:
    """``value [low, high], n=...`` of an estimate, for the HTML tables of comparisons."""
    return f"{_fmt(est.value, digits)} [{_fmt(est.low, digits)}, {_fmt(est.high, digits)}], n={est.n}"


def _interval_and_p(result, digits: int) -> str:
    """``[low, high], p = ...`` of a comparison, for its one-line repr."""
    return f"[{_fmt(result.low, digits)}, {_fmt(result.high, digits)}], p = {_fmt_p(result.p_value)}"


def _test_rows(result, digits: int) -> list[tuple[str, str]]:
    """The interval, p-value and significance rows of a comparison's HTML table."""
    return [
        (f"{_fmt_level(result.confidence_level)} interval", f"{_fmt(result.low, digits)} to {_fmt(result.high, digits)}"),
        ("p-value", _fmt_p(result.p_value)),
        ("significant", "yes" if result.significant else "no"),
    ]


@dataclass(frozen=True, repr=False)
class Comparison:
    """Difference ``b - a`` of one metric between two independent samples.

    Attributes
    ----------
    metric : str
    difference, low, high : float
        ``b.value - a.value`` and its interval, in the metric's unit.
    p_value : float
        Two-sided p-value of "no difference".
    method : str
    confidence_level : float
    a, b : Estimate
    """

    metric: str
    difference: float
    low: float
    high: float
    p_value: float
    method: str
    confidence_level: float
    a: Estimate
    b: Estimate

    @property
    def significant(self) -> bool:
        """True when the p-value is below ``1 - confidence_level``."""
        return bool(self.p_value < 1.0 - self.confidence_level)

    def to_dict(self) -> dict:
        return {
            "metric": self.metric,
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "p_value": self.p_value,
            "significant": self.significant,
            "method": self.method,
            "confidence_level": self.confidence_level,
            "value_a": self.a.value,
            "value_b": self.b.value,
            "n_a": self.a.n,
            "n_b": self.b.n,
        }

    def __repr__(self) -> str:
        digits = self.a._digits
        return (
            f"{self.metric} difference (b - a) = {self.difference:+.{digits}f} {_interval_and_p(self, digits)} "
            f"({_fmt_level(self.confidence_level)} {self.method}; a = {_fmt(self.a.value, digits)}, "
            f"n={self.a.n}; b = {_fmt(self.b.value, digits)}, n={self.b.n})"
        )

    def _repr_html_(self) -> str:
        digits = self.a._digits
        rows = [
            ("a", _estimate_cell(self.a, digits)),
            ("b", _estimate_cell(self.b, digits)),
            ("difference b - a", f"{self.difference:+.{digits}f}"),
            *_test_rows(self, digits),
            ("method", self.method),
        ]
        return _html_table(f"{self.metric}: b - a", rows)


@dataclass(frozen=True, repr=False)
class BenchmarkComparison:
    """An estimate against a fixed published value: ``gap = value - benchmark``.

    Attributes
    ----------
    metric : str
    value, benchmark : float
    gap, low, high : float
        The gap and its interval (the estimate's interval shifted by the
        benchmark), in the metric's unit.
    p_value : float
        Two-sided p-value of "the metric equals the benchmark".
    confidence_level : float
    estimate : Estimate

    Also readable by key (``result["gap"]``), like the dict it replaces.
    """

    metric: str
    value: float
    benchmark: float
    gap: float
    low: float
    high: float
    p_value: float
    confidence_level: float
    estimate: Estimate

    @property
    def significant(self) -> bool:
        """True when the p-value is below ``1 - confidence_level``."""
        return bool(self.p_value < 1.0 - self.confidence_level)

    def __getitem__(self, key: str):
        if key not in _BENCHMARK_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def to_dict(self) -> dict:
        return {key: getattr(self, key) for key in _BENCHMARK_KEYS}

    def __repr__(self) -> str:
        digits = self.estimate._digits
        return (
            f"{self.metric} gap to benchmark {self.benchmark:g} = {self.gap:+.{digits}f} {_interval_and_p(self, digits)} "
            f"({_fmt_level(self.confidence_level)} {self.estimate.method}; value = {_fmt(self.value, digits)}, "
            f"n={self.estimate.n})"
        )

    def _repr_html_(self) -> str:
        digits = self.estimate._digits
        rows = [
            ("value", _estimate_cell(self.estimate, digits)),
            ("benchmark", f"{self.benchmark:g}"),
            ("gap", f"{self.gap:+.{digits}f}"),
            *_test_rows(self, digits),
        ]
        return _html_table(f"{self.metric} against {self.benchmark:g}", rows)


_BENCHMARK_KEYS = ("metric", "value", "benchmark", "gap", "low", "high", "p_value", "significant",
                   "confidence_level")
