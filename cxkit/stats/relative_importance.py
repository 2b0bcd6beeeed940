"""Relative importance of correlated drivers: how R² splits among them.

Everything here works on correlation matrices, never on rows: ``corr`` is a
``(..., k + 1, k + 1)`` stack of correlation matrices of ``[outcome,
driver_1, ..., driver_k]`` (the outcome first), built from the sums, sums of
squares and cross-products (SSCP) of those columns by
:func:`correlation_from_moments` (listwise) or :func:`pairwise_correlation`.
A leading stack axis holds bootstrap replicates, so a thousand resamples cost
one vectorised call. Pure numpy: no pandas here.

Methods
-------
Relative weights (:func:`relative_weights`)
    Johnson, J. W. (2000). A heuristic method for estimating the relative
    weight of predictor variables in multiple regression. *Multivariate
    Behavioral Research* 35(1), 1-19. The drivers are replaced by their
    closest orthogonal counterparts ``Z = X R_xx^{-1/2}`` (symmetric square
    root ``Λ = R_xx^{1/2}``); the outcome is regressed on Z (``β =
    Λ^{-1} r_xy``) and each Z on the drivers (``Λ``), so driver j's weight is
    ``ε_j = Σ_k Λ_jk² β_k²``. The weights add up to R² exactly.
LMG / Shapley value (:func:`lmg_weights`)
    Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980). *Introduction to
    Bivariate and Multivariate Analysis*, p. 119ff; Grömping, U. (2006).
    Relative importance for linear regression in R: the package relaimpo.
    *Journal of Statistical Software* 17(1). Driver j's share is the mean,
    over every order of adding the drivers, of the R² it adds when it enters:
    the Shapley value of the R² game. All 2^k subset R² values are needed,
    so k is limited to :data:`MAX_LMG_DRIVERS`.

Collinearity diagnostics (:func:`collinearity`)
    Variance inflation factors (the diagonal of ``R_xx^{-1}``) and the
    condition number ``sqrt(λ_max / λ_min)`` of the drivers' correlation
    matrix (Belsley, Kuh & Welsch 1980, *Regression Diagnostics*, ch. 3,
    where condition indices above 30 signal strong dependencies; a VIF above
    5 is the common rule, e.g. James et al. 2013, *An Introduction to
    Statistical Learning*, §3.3.3).
"""

from __future__ import annotations

import numpy as np

from ..errors import CxkitValueError

#: LMG needs the R² of every subset of drivers (2**k of them); beyond this k it is refused.
MAX_LMG_DRIVERS = 15
#: Rules of thumb for collinearity (see the module docstring).
VIF_LIMIT = 5.0
CONDITION_LIMIT = 30.0


def correlation_from_moments(total, sums, cross):
    """Covariance-free correlation matrix from (weighted) moments.

    ``total`` (...,): the number of rows (or the sum of weights); ``sums``
    (..., m): column sums; ``cross`` (..., m, m): sums of cross-products.
    Returns ``(corr, sd)``, ``sd`` being the standard deviations (divisor
    ``total``). A column with no spread gives NaN in its row and column.
    """
    total = np.asarray(total, dtype=float)
    sums = np.asarray(sums, dtype=float)
    cross = np.asarray(cross, dtype=float)
    t = total[..., None]
    means = sums / t
    cov = cross / t[..., None] - means[..., :, None] * means[..., None, :]
    var = np.clip(np.diagonal(cov, axis1=-2, axis2=-1), 0.0, None)
    sd = np.sqrt(var)
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / (sd[..., :, None] * sd[..., None, :])
    corr = np.clip(corr, -1.0, 1.0)
    index = np.arange(corr.shape[-1])
    corr[..., index, index] = np.where(sd > 0, 1.0, np.nan)
    return corr, sd


def pairwise_correlation(count, sums, squares, cross):
    """Correlations each from the rows where both columns are present (pairwise deletion).

    ``count[i, j]``: (weighted) rows with both i and j present; ``sums[i, j]``:
    the sum of column i over those rows; ``squares[i, j]``: the sum of its
    squares over them; ``cross[i, j]``: the sum of ``x_i x_j`` over them.
    The result need not be positive semi-definite (each entry uses other
    rows); callers check it with :func:`check_positive_definite`.
    """
    count, sums, squares, cross = (np.asarray(a, dtype=float) for a in (count, sums, squares, cross))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i = sums / count
        mean_j = np.swapaxes(mean_i, -1, -2)
        cov = cross / count - mean_i * mean_j
        var_i = squares / count - mean_i**2
        var_j = np.swapaxes(var_i, -1, -2)
        corr = cov / np.sqrt(np.clip(var_i, 0, None) * np.clip(var_j, 0, None))
    corr = np.clip(corr, -1.0, 1.0)
    index = np.arange(corr.shape[-1])
    diagonal = np.diagonal(var_i, axis1=-2, axis2=-1)
    corr[..., index, index] = np.where(diagonal > 0, 1.0, np.nan)
    return corr


def check_positive_definite(corr, names=None, *, what="the drivers' correlation matrix"):
    """Raise when the correlations are not a correlation matrix (not PSD) or the drivers' block is singular.

    The whole matrix of ``[outcome, drivers]`` must be positive semi-definite:
    pairwise deletion can give a drivers' block that is fine while the whole
    is not, and then ``R² = r_xy' R_xx^-1 r_xy`` can exceed 1.
    """
    full = np.asarray(corr, dtype=float)
    drivers = full[1:, 1:]
    if np.isnan(full).any():
        return
    smallest = np.linalg.eigvalsh(full)[0]
    if smallest < -1e-10:
        raise CxkitValueError(
            f"the correlation matrix of the outcome and the drivers is not positive semi-definite (smallest "
            f"eigenvalue {smallest:.3g}): pairwise deletion built each correlation from different respondents, "
            f"and too few answered some pairs together. Use missing='listwise', or fewer drivers with more overlap."
        )
    eigenvalues = np.linalg.eigvalsh(drivers)
    if eigenvalues[0] < -1e-10:
        raise CxkitValueError(
            f"{what} is not positive semi-definite (smallest eigenvalue {eigenvalues[0]:.3g}): pairwise "
            f"deletion built each correlation from different respondents. Use missing='listwise', or fewer "
            f"drivers with more overlap."
        )
    if eigenvalues[0] < 1e-10 * max(eigenvalues[-1], 1.0):
        listed = "" if names is None else f" among {', '.join(map(repr, names))}"
        raise CxkitValueError(
            f"{what} is singular: some driver{listed} is an exact linear combination of the others "
            f"(smallest eigenvalue {eigenvalues[0]:.3g}), so its share of R² is not defined. Drop the "
            f"duplicate or combined driver."
        )


def _symmetric_sqrt(matrix):
    values, vectors = np.linalg.eigh(matrix)
    root = np.sqrt(np.clip(values, 0.0, None))
    return (vectors * root[..., None, :]) @ np.swapaxes(vectors, -1, -2)


def relative_weights(corr):
    """Johnson's (2000) relative weights of the drivers and R² (see the module docstring).

    Returns ``(weights (..., k), r2 (...))``; ``weights.sum(-1) == r2``.
    """
    corr = np.asarray(corr, dtype=float)
    rxx = corr[..., 1:, 1:]
    rxy = corr[..., 1:, 0]
    lam = _symmetric_sqrt(rxx)
    beta = np.linalg.solve(lam, rxy[..., None])[..., 0]
    weights = (lam**2) @ (beta**2)[..., None]
    weights = weights[..., 0]
    return weights, weights.sum(axis=-1)


def subset_r2(corr):
    """R² of the outcome on every subset of drivers: (..., 2**k), subset = bit mask of drivers."""
    corr = np.asarray(corr, dtype=float)
    k = corr.shape[-1] - 1
    out = np.zeros(corr.shape[:-2] + (2**k,))
    for mask in range(1, 2**k):
        chosen = [i + 1 for i in range(k) if mask >> i & 1]
        rxx = corr[..., chosen, :][..., :, chosen]
        rxy = corr[..., chosen, 0]
        solved = np.linalg.solve(rxx, rxy[..., None])[..., 0]
        out[..., mask] = np.einsum("...i,...i->...", rxy, solved)
    return out


def lmg_weights(corr):
    """LMG (Shapley value) decomposition of R² (see the module docstring).

    Returns ``(weights (..., k), r2 (...))``; the weights add up to R².
    """
    corr = np.asarray(corr, dtype=float)
    k = corr.shape[-1] - 1
    if k > MAX_LMG_DRIVERS:
        raise CxkitValueError(f"method 'lmg' needs the R² of all 2**k subsets of drivers, so it takes at most "
                              f"{MAX_LMG_DRIVERS} drivers; got {k}. Use method='relative-weights'.")
    r2 = subset_r2(corr)
    masks = np.arange(2**k)
    sizes = np.array([bin(m).count("1") for m in masks])
    from math import factorial

    shapley = np.array([factorial(s) * factorial(k - s - 1) / factorial(k) if s < k else 0.0 for s in sizes])
    weights = np.empty(corr.shape[:-2] + (k,))
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        gains = r2[..., without | (1 << j)] - r2[..., without]
        weights[..., j] = gains @ shapley[without]
    return weights, r2[..., -1]


IMPORTANCE_METHODS = {"relative-weights": relative_weights, "lmg": lmg_weights}


def collinearity(corr):
    """VIF per driver and the condition number of the drivers' correlation matrix."""
    rxx = np.asarray(corr, dtype=float)[1:, 1:]
    eigenvalues = np.linalg.eigvalsh(rxx)
    vif = np.diag(np.linalg.inv(rxx))
    condition = float(np.sqrt(eigenvalues[-1] / eigenvalues[0])) if eigenvalues[0] > 0 else np.inf
    return vif, condition


def percentile_interval(draws, confidence_level: float):
    """Percentile bootstrap interval of each column of ``draws`` (resamples x quantities), NaNs ignored."""
    tail = (1.0 - confidence_level) / 2.0
    return (np.nanquantile(draws, tail, axis=0), np.nanquantile(draws, 1.0 - tail, axis=0))


def ranks(weights):
    """Rank of each driver, 1 = largest weight (ties share the smaller rank), along the last axis."""
    weights = np.asarray(weights, dtype=float)
    return (weights[..., None, :] > weights[..., :, None]).sum(axis=-1) + 1
