"""The result of an operational metric: a value, its interval, its unit and its sample counts.

Like :class:`cxkit.Estimate` (a frozen dataclass with a one-line ``repr``, an
HTML table for Jupyter and ``to_dict()``), plus the fields operational data
need: ``statistic`` (median, mean, ...), ``n_censored`` (tickets not yet
answered, kept as censored), ``n_pending`` (tickets whose SLA is not yet
decided, left out) and ``note`` (why there is no interval, or what the
interval assumes).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import CxkitValueError
from ..results import Details, IntervalResult, check_contains

_TOLERANCE = 1e-9

_FIELDS = ("metric", "value", "low", "high", "n", "method", "confidence_level", "unit", "statistic",
           "n_censored", "n_pending", "note")


def _fmt(x, digits: int) -> str:
    if x is None:
        return "None"
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return f"{x:,.{digits}f}"


@dataclass(frozen=True, repr=False)
class ServiceEstimate(IntervalResult):
    """One operational metric with its confidence interval.

    Attributes
    ----------
    metric : str
        ``"first_response_time"``, ``"average_handle_time"``, ``"sla_compliance"``,
        ``"conversion_rate"`` or ``"cac"``.
    value, low, high : float
        Estimate and interval in ``unit``. ``high`` may be ``inf`` (a median
        that censored tickets leave unbounded); both bounds are NaN where no
        interval is defined (``note`` says why).
    n : int
        Observations used: tickets (answered and censored), decided tickets
        for an SLA share, calls, visitors.
    method : str
        Interval method actually used.
    confidence_level : float
    unit : str
        ``"h"``, ``"min"``, ``"s"`` or ``"d"`` for times, ``"%"`` for
        shares, ``"per customer"`` (money per customer) for CAC.
    statistic : str or None
        ``"median"``, ``"mean"`` or ``"geometric-mean"`` for times.
    n_censored : int or None
        Tickets not answered by ``now``, kept as censored at ``now``.
    n_pending : int or None
        SLA: unanswered tickets younger than the promise, not yet decided and left out.
    note : str
        What the interval assumes, or why there is none.
    details : Mapping
        Further values (counts, achieved coverage, the sample mean ...).
    """

    statistic: str | None = None
    n_censored: int | None = None
    n_pending: int | None = None
    note: str = ""
    details: Mapping[str, Any] = field(default_factory=Details)

    def __post_init__(self):
        object.__setattr__(self, "details", Details(self.details))
        for name in ("value", "low", "high"):
            object.__setattr__(self, name, float(getattr(self, name)))
        check_contains(self.metric, self.value, self.low, self.high, relative=True)

    @property
    def _digits(self) -> int:
        return 1 if self.unit == "%" else 2

    def to_dict(self) -> dict:
        """Flat dict: the fixed fields, then the details."""
        out = {name: getattr(self, name) for name in _FIELDS}
        out.update(self.details)
        return out

    def _level(self) -> str:
        return f"{round(100.0 * self.confidence_level, 6):g}%"

    def __repr__(self) -> str:
        d = self._digits
        extra = f", {self.n_censored} censored" if self.n_censored else ""
        extra += f", {self.n_pending} pending" if self.n_pending else ""
        stat = f" ({self.statistic})" if self.statistic else ""
        return (f"{self.metric}{stat} = {_fmt(self.value, d)} {self.unit} "
                f"[{_fmt(self.low, d)}, {_fmt(self.high, d)}] "
                f"({self._level()} {self.method}, n={self.n}{extra})")

    def _repr_html_(self) -> str:
        d = self._digits
        rows = [("value", f"{_fmt(self.value, d)} {self.unit}"),
                (f"{self._level()} interval", f"{_fmt(self.low, d)} to {_fmt(self.high, d)}"),
                ("n", str(self.n)), ("method", self.method), ("unit", self.unit)]
        for name in ("statistic", "n_censored", "n_pending"):
            if getattr(self, name) is not None:
                rows.append((name, str(getattr(self, name))))
        if self.note:
            rows.append(("note", self.note))
        rows += [(k, _fmt(v, d) if isinstance(v, float) else str(v)) for k, v in self.details.items()]
        body = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                       for k, v in rows)
        return f"<table class='cxkit-result'><caption>{html.escape(self.metric)}</caption>{body}</table>"
