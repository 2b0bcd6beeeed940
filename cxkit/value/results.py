"""Result objects of the CLV models: a fitted model's parameters, and a CLV estimate with its interval.

Frozen dataclasses with a plain one-line ``repr``, an HTML table for Jupyter
(``_repr_html_``) and ``to_dict()``, like :mod:`cxkit.results`.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

import numpy as np

from ..errors import CxkitValueError
from ..options import check_confidence_level
from ..results import Details, check_contains
from .fitting import log_wald_interval

__all__ = ["ModelFit", "ClvEstimate", "result_table_html"]


def result_table_html(title: str, header: tuple, rows: list[tuple]) -> str:
    """A small HTML table with a caption (values already formatted as text)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return (f"<table class='cxkit-result'><caption>{html.escape(title)}</caption>"
            f"<tr>{head}</tr>{body}</table>")


def _g(x: float, digits: int = 4) -> str:
    return "nan" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}g}"


@dataclass(frozen=True, repr=False)
class ModelFit:
    """What every fitted CLV model carries (the model classes add their own methods).

    Attributes
    ----------
    model : str
        ``"BG/NBD"``, ``"Gamma-Gamma"`` or ``"sBG"``.
    params : Details
        Maximum-likelihood estimates by name.
    standard_errors : Details
        Their asymptotic standard errors: square roots of the diagonal of the
        inverse of minus the Hessian of the log-likelihood at the optimum
        (observed information); NaN when the Hessian is not negative definite.
    log_likelihood : float
    n : int
        Customers (for sBG: customers in the cohort) the fit used.
    converged : bool
    covariance : tuple of tuples
        The whole asymptotic covariance matrix, in the order of ``params``.
    """

    model: str
    params: Details
    standard_errors: Details
    log_likelihood: float
    n: int
    converged: bool
    covariance: tuple

    def param_intervals(self, confidence_level: float = 0.95) -> dict:
        """``{name: (low, high)}``: Wald intervals on the log scale, ``estimate * exp(-/+ z se / estimate)``.

        Every parameter is positive, so the interval is built for its logarithm
        (delta method, se(log p) = se(p) / p) and transformed back: it stays
        positive and is asymmetric like the likelihood.
        """
        level = check_confidence_level(confidence_level)
        return {k: log_wald_interval(v, self.standard_errors[k], level) for k, v in self.params.items()}

    def __repr__(self) -> str:
        parts = ", ".join(f"{k}={_g(v)} (se {_g(self.standard_errors[k], 2)})" for k, v in self.params.items())
        return f"{type(self).__name__}({self.model}: {parts}; log-likelihood {self.log_likelihood:.1f}, n={self.n})"

    def _repr_html_(self) -> str:
        rows = [(k, _g(v), _g(self.standard_errors[k], 3), *(_g(b) for b in self.param_intervals()[k]))
                for k, v in self.params.items()]
        rows.append(("log-likelihood", f"{self.log_likelihood:.2f}", "", "", ""))
        rows.append(("n", str(self.n), "", "", ""))
        return result_table_html(f"{self.model} fit (maximum likelihood)",
                                 ("parameter", "estimate", "se", "95% low", "95% high"), rows)

    def to_dict(self) -> dict:
        out = {"model": self.model}
        for k, v in self.params.items():
            out[k] = v
            out[f"{k}_se"] = self.standard_errors[k]
        out.update(log_likelihood=self.log_likelihood, n=self.n, converged=self.converged)
        return out


@dataclass(frozen=True, repr=False)
class ClvEstimate:
    """Customer lifetime value with its confidence interval.

    Attributes
    ----------
    value, low, high : float
        CLV and its interval, in the currency of the amounts.
    n : int
        Customers.
    method : str
        Interval method (``"bca"`` or ``"percentile"`` bootstrap over customers).
    confidence_level : float
    annual_revenue, annual_revenue_low, annual_revenue_high : float
        Revenue per customer-year and its interval.
    years, cac : float
        Relationship length and acquisition cost used.
    total_revenue, customer_years : float
        Totals behind ``annual_revenue``.
    n_resamples : int
    """

    value: float
    low: float
    high: float
    n: int
    method: str
    confidence_level: float
    annual_revenue: float
    annual_revenue_low: float
    annual_revenue_high: float
    years: float
    cac: float
    total_revenue: float
    customer_years: float
    n_resamples: int
    metric: str = "clv"

    def __post_init__(self):
        check_contains("clv", float(self.value), float(self.low), float(self.high))

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    def __repr__(self) -> str:
        return (f"ClvEstimate(clv={self.value:.2f} [{self.low:.2f}, {self.high:.2f}], "
                f"{round(100 * self.confidence_level, 6):g}% {self.method}, n={self.n}; "
                f"{self.annual_revenue:.2f}/year x {self.years:g} years - CAC {self.cac:g})")

    def _repr_html_(self) -> str:
        level = f"{round(100 * self.confidence_level, 6):g}%"
        rows = [("CLV", f"{self.value:.2f}", f"{self.low:.2f}", f"{self.high:.2f}"),
                ("revenue per customer-year", f"{self.annual_revenue:.2f}", f"{self.annual_revenue_low:.2f}",
                 f"{self.annual_revenue_high:.2f}"),
                ("years", f"{self.years:g}", "", ""), ("CAC", f"{self.cac:g}", "", ""),
                ("customers", str(self.n), "", ""), ("interval", f"{level} {self.method} bootstrap", "", "")]
        return result_table_html("Customer lifetime value", ("", "value", "low", "high"), rows)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("metric", "value", "low", "high", "n", "method", "confidence_level",
                                              "annual_revenue", "annual_revenue_low", "annual_revenue_high",
                                              "years", "cac", "total_revenue", "customer_years", "n_resamples")}
