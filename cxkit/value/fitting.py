"""Maximum-likelihood machinery shared by the BG/NBD, Gamma-Gamma and sBG fits (numpy/scipy only).

- :func:`maximise`: maximise a log-likelihood of positive parameters over
  their logarithms (so the optimiser never leaves the parameter space), with
  Nelder-Mead to get close and BFGS to polish.
- :func:`numerical_hessian`: central finite differences of the analytic
  log-likelihood; the inverse of minus the Hessian at the optimum is the
  asymptotic covariance of the estimates (observed information).
- :func:`log_wald_interval`: an interval for a positive parameter from its
  standard error, symmetric on the log scale (delta method), so it stays
  positive.
- :func:`check_rfm`, :func:`check_spend`: the per-customer arrays the models read.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy import optimize

from ..errors import CxkitTypeError, CxkitValueError
from ..stats.numeric import z_value
from .transactions import rows_text

__all__ = ["maximise", "numerical_hessian", "covariance_from_hessian", "log_wald_interval", "as_float_array",
           "check_rfm", "check_spend", "check_number", "FitOutcome"]


class FitOutcome:
    """What :func:`maximise` found: parameters, log-likelihood, covariance, convergence."""

    __slots__ = ("params", "log_likelihood", "covariance", "converged", "message")

    def __init__(self, params, log_likelihood, covariance, converged, message):
        self.params = params
        self.log_likelihood = log_likelihood
        self.covariance = covariance
        self.converged = converged
        self.message = message


def numerical_hessian(f, theta, *, relative_step: float = 1e-4) -> np.ndarray:
    """Hessian of scalar ``f`` at ``theta`` by central differences (steps relative to each |theta_i|)."""
    theta = np.asarray(theta, dtype=float)
    k = theta.size
    h = relative_step * np.maximum(np.abs(theta), 1e-3)
    hess = np.empty((k, k))
    f0 = f(theta)
    for i in range(k):
        ei = np.zeros(k)
        ei[i] = h[i]
        hess[i, i] = (f(theta + ei) - 2.0 * f0 + f(theta - ei)) / h[i] ** 2
        for j in range(i):
            ej = np.zeros(k)
            ej[j] = h[j]
            value = (f(theta + ei + ej) - f(theta + ei - ej) - f(theta - ei + ej) + f(theta - ei - ej)) / (
                4.0 * h[i] * h[j])
            hess[i, j] = hess[j, i] = value
    return hess


def covariance_from_hessian(hess) -> np.ndarray:
    """Inverse of minus the Hessian of the log-likelihood; NaN when it is not positive definite."""
    info = -np.asarray(hess, dtype=float)
    try:
        np.linalg.cholesky(info)
    except np.linalg.LinAlgError:
        return np.full(info.shape, np.nan)
    return np.linalg.inv(info)


def maximise(log_likelihood, start) -> FitOutcome:
    """Maximise ``log_likelihood(params)`` over positive ``params``, starting from ``start``.

    The search runs on ``log(params)``; the covariance is computed on the
    natural scale, from the Hessian of the log-likelihood at the optimum.
    """
    def negative(log_theta):
        value = log_likelihood(np.exp(log_theta))
        return -value if np.isfinite(value) else 1e300

    x0 = np.log(np.asarray(start, dtype=float))
    first = optimize.minimize(negative, x0, method="Nelder-Mead",
                              options={"xatol": 1e-6, "fatol": 1e-9, "maxiter": 5_000, "maxfev": 10_000})
    second = optimize.minimize(negative, first.x, method="BFGS", options={"gtol": 1e-8})
    best = second if second.fun <= first.fun else first
    theta = np.exp(best.x)
    hess = numerical_hessian(log_likelihood, theta)
    # Converged when the optimiser says so or the gradient (on the log scale, by central
    # differences) is negligible: BFGS often stops with "precision loss" at a flat optimum.
    step = 1e-6
    grad = np.array([(negative(best.x + step * e) - negative(best.x - step * e)) / (2 * step)
                     for e in np.eye(best.x.size)])
    converged = bool(np.isfinite(best.fun) and (second.success or np.max(np.abs(grad)) < 1e-3))
    return FitOutcome(theta, float(-best.fun), covariance_from_hessian(hess), converged, str(best.message))


def log_wald_interval(value: float, se: float, confidence_level: float) -> tuple[float, float]:
    """``value * exp(-/+ z se / value)``: Wald on the log scale (delta method), always positive."""
    if not (np.isfinite(se) and value > 0):
        return (float("nan"), float("nan"))
    spread = z_value(confidence_level) * se / value
    return (float(value * np.exp(-spread)), float(value * np.exp(spread)))


def as_float_array(values, name: str) -> np.ndarray:
    """A 1-d float array of finite numbers (scalars become length-1 arrays)."""
    if isinstance(values, (str, bytes)) or isinstance(values, bool):
        raise CxkitTypeError(f"{name} must be numbers (an array, Series or scalar); got {type(values).__name__} "
                             f"{values!r}.")
    raw = np.asarray(values, dtype=object if isinstance(values, (list, tuple)) else None)
    if raw.dtype.kind == "b" or raw.dtype.kind in "USaV" or (
            raw.dtype.kind == "O" and any(isinstance(v, (str, bytes, bool, np.bool_)) for v in raw.ravel())):
        raise CxkitTypeError(f"{name} must be numbers (an array, Series or scalar), not text or booleans; "
                             f"got {type(values).__name__} of dtype {raw.dtype}: parse text into numbers first.")
    try:
        arr = np.asarray([np.nan if v is None else v for v in raw.ravel()] if raw.dtype.kind == "O" else raw,
                         dtype=float).reshape(raw.shape)
    except (TypeError, ValueError):
        raise CxkitTypeError(f"{name} must be numbers (an array, Series or scalar); got "
                             f"{type(values).__name__} holding non-numbers.") from None
    arr = np.atleast_1d(arr).ravel() if arr.ndim <= 1 else arr
    if arr.ndim != 1:
        raise CxkitValueError(f"{name} must be one-dimensional; got shape {arr.shape}.")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise CxkitValueError(f"{name} has {int(bad.sum())} missing or infinite values "
                              f"({rows_text(np.flatnonzero(bad))}); it must hold finite numbers.")
    return arr


def _same_length(arrays: dict) -> int:
    lengths = {name: a.size for name, a in arrays.items()}
    sizes = {v for v in lengths.values() if v != 1}
    if len(sizes) > 1:
        shown = ", ".join(f"{k} {v}" for k, v in lengths.items())
        raise CxkitValueError(f"the per-customer arrays must have the same length (or be scalars); got {shown}.")
    return sizes.pop() if sizes else 1


def check_rfm(x, t_x, T, *, need_data: bool = True):
    """``x`` (integers >= 0), ``t_x`` and ``T`` (>= 0, ``t_x <= T``, ``t_x = 0`` when ``x = 0``), broadcast."""
    arrays = {"x": as_float_array(x, "x"), "t_x": as_float_array(t_x, "t_x"), "T": as_float_array(T, "T")}
    n = _same_length(arrays)
    if need_data and n == 0:
        raise CxkitValueError("x, t_x and T are empty; fitting needs at least one customer.")
    x, t_x, T = (np.broadcast_to(a, (n,)) if a.size == 1 else a for a in arrays.values())
    checks = (
        ((x < 0) | (x != np.round(x)), "x", "x must be whole numbers >= 0 (repeat purchases)"),
        (t_x < 0, "t_x", "t_x must be >= 0"),
        (T < 0, "T", "T must be >= 0"),
        ((x > 0) & (t_x > T), "x > 0 with t_x > T", "the last repeat purchase must fall within the "
                                                    "observation time T"),
        ((x == 0) & (t_x != 0), "x = 0 with t_x != 0", "t_x must be 0 when there is no repeat purchase"),
    )
    for bad, what, rule in checks:
        if bad.any():
            label = f"{what} has" if what in ("x", "t_x", "T") else f"{what} in"
            values = "values" if what in ("x", "t_x", "T") else "customers"
            raise CxkitValueError(f"{label} {int(bad.sum())} bad {values} ({rows_text(np.flatnonzero(bad))}); "
                                  f"{rule}.")
    return x, t_x, T


def check_spend(x, mean_spend, *, need_data: bool = True):
    """``x`` (whole numbers >= 0) and ``mean_spend`` (> 0 where x > 0), same length."""
    arrays = {"x": as_float_array(x, "x"), "mean_spend": as_float_array(mean_spend, "mean_spend")}
    n = _same_length(arrays)
    x, m = (np.broadcast_to(a, (n,)) if a.size == 1 else a for a in arrays.values())
    bad = (x < 0) | (x != np.round(x))
    if bad.any():
        raise CxkitValueError(f"x has {int(bad.sum())} bad values ({rows_text(np.flatnonzero(bad))}); x must be "
                              f"whole numbers >= 0 (repeat purchases).")
    bad = (x > 0) & (m <= 0)
    if bad.any():
        raise CxkitValueError(f"mean_spend has {int(bad.sum())} values <= 0 for customers with x > 0 "
                              f"({rows_text(np.flatnonzero(bad))}); the Gamma-Gamma model needs a positive "
                              f"mean spend.")
    bad = m < 0
    if bad.any():
        raise CxkitValueError(f"mean_spend has {int(bad.sum())} negative values ({rows_text(np.flatnonzero(bad))}); "
                              f"spend must be >= 0.")
    return x, m


def check_number(value, name: str, *, minimum: float = 0.0, strict: bool = False) -> float:
    """A finite real number >= ``minimum`` (> when ``strict``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise CxkitTypeError(f"{name} must be a number; got {type(value).__name__} {value!r}.")
    value = float(value)
    ok = np.isfinite(value) and (value > minimum if strict else value >= minimum)
    if not ok:
        sign = ">" if strict else ">="
        raise CxkitValueError(f"{name} ({value!r}) must be a finite number {sign} {minimum:g}.")
    return value
