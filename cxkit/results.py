"""Result objects: one estimate, and the comparison of two.

Both are frozen dataclasses with a plain one-line ``repr``, an HTML table for
Jupyter (``_repr_html_``) and ``to_dict()`` for building DataFrames.
"""

from __future__ import annotations

from .errors import CxkitValueError

import html
import math
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Mapping

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


@dataclass(frozen=True, repr=False)
class Estimate:
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
    n_missing, n_dropped : int
        Missing answers excluded; invalid answers dropped (``drop_invalid=True``).
    details : mapping
        Metric-specific values, also readable as attributes
        (``est.promoters_share``).
    """

    metric: str
    value: float
    low: float
    high: float
    n: int
    method: str
    confidence_level: float
    unit: str
    n_missing: int = 0
    n_dropped: int = 0
    details: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))
        if not any(math.isnan(v) for v in (self.value, self.low, self.high)):
            if not (self.low - _TOLERANCE <= self.value <= self.high + _TOLERANCE):
                raise CxkitValueError(
                    f"interval [{self.low}, {self.high}] does not contain the estimate {self.value} "
                    f"for {self.metric}; this is a bug in cxkit, please report it."
                )

    def __reduce__(self):
        # MappingProxyType cannot be pickled: rebuild from a plain dict.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["details"] = dict(self.details)
        return (_rebuild_estimate, (values,))

    def __getattr__(self, name):
        if name.startswith("__"):  # copy/pickle probe dunders before __init__ ran
            raise AttributeError(name)
        details = object.__getattribute__(self, "details")
        if name in details:
            return details[name]
        raise AttributeError(f"Estimate has no attribute {name!r}; details are {sorted(details)}.")

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    def to_dict(self) -> dict:
        """Flat dict: the fixed fields, then the details."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "details"}
        out.update(self.details)
        return out

    def __repr__(self) -> str:
        digits = 2 if self.unit.startswith("mean") else 1
        extra = f", {self.n_missing} missing" if self.n_missing else ""
        extra += f", {self.n_dropped} dropped" if self.n_dropped else ""
        return (
            f"{self.metric} = {_fmt(self.value, digits)} "
            f"[{_fmt(self.low, digits)}, {_fmt(self.high, digits)}] "
            f"({_fmt_level(self.confidence_level)} {self.method}, n={self.n}{extra})"
        )

    def _repr_html_(self) -> str:
        digits = 2 if self.unit.startswith("mean") else 1
        rows = [
            ("value", _fmt(self.value, digits)),
            (f"{_fmt_level(self.confidence_level)} interval", f"{_fmt(self.low, digits)} to {_fmt(self.high, digits)}"),
            ("n", str(self.n)),
            ("method", self.method),
            ("unit", self.unit),
        ]
        if self.n_missing or self.n_dropped:
            rows.append(("missing / dropped", f"{self.n_missing} / {self.n_dropped}"))
        rows += [(k, _fmt(v, digits) if isinstance(v, float) else str(v)) for k, v in self.details.items()]
        return _html_table(self.metric, rows)


def _rebuild_estimate(values: dict) -> "Estimate":
    return Estimate(**values)


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
        digits = 2 if self.a.unit.startswith("mean") else 1
        return (
            f"{self.metric} difference (b - a) = {self.difference:+.{digits}f} "
            f"[{_fmt(self.low, digits)}, {_fmt(self.high, digits)}], p = {_fmt_p(self.p_value)} "
            f"({_fmt_level(self.confidence_level)} {self.method}; a = {_fmt(self.a.value, digits)}, "
            f"n={self.a.n}; b = {_fmt(self.b.value, digits)}, n={self.b.n})"
        )

    def _repr_html_(self) -> str:
        digits = 2 if self.a.unit.startswith("mean") else 1
        rows = [
            ("a", f"{_fmt(self.a.value, digits)} [{_fmt(self.a.low, digits)}, {_fmt(self.a.high, digits)}], n={self.a.n}"),
            ("b", f"{_fmt(self.b.value, digits)} [{_fmt(self.b.low, digits)}, {_fmt(self.b.high, digits)}], n={self.b.n}"),
            ("difference b - a", f"{self.difference:+.{digits}f}"),
            (f"{_fmt_level(self.confidence_level)} interval", f"{_fmt(self.low, digits)} to {_fmt(self.high, digits)}"),
            ("p-value", _fmt_p(self.p_value)),
            ("significant", "yes" if self.significant else "no"),
            ("method", self.method),
        ]
        return _html_table(f"{self.metric}: b - a", rows)
