"""The sums, sums of squares and cross-products (SSCP) behind key-driver analysis.

Relative weights and LMG need only the correlation matrix of ``[outcome,
drivers]``, and that is a function of a few sums over respondents ("aggregate,
then infer"):

- listwise (a respondent counts only with every column answered): the number
  of rows ``n`` (or the sum of the weights), the column sums ``Σ w x_i`` and
  the cross-products ``Σ w x_i x_j``;
- pairwise (each correlation from the respondents who answered both): per
  pair of columns ``(i, j)`` the rows with both present ``Σ w m_i m_j``, the
  sums ``Σ w x_i m_j``, the squares ``Σ w x_i² m_j`` and the products ``Σ w x_i
  x_j`` (``m`` = answered, ``x`` = 0 where missing).

In memory the sums are matrix products. For a lazy frame (DuckDB relation,
Polars LazyFrame, Dask, PySpark/sqlframe) they are ONE aggregation query of
``sum(...)`` terms run in the engine through narwhals; only the small matrix
comes back (see :mod:`cxkit.tables.engines`). A missing value is a NULL or a
float NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CxkitValueError
from ..stats.relative_importance import correlation_from_moments, pairwise_correlation


@dataclass(frozen=True)
class Moments:
    """(Weighted) moments of the columns; ``count`` etc. are matrices in pairwise mode."""

    mode: str
    total: np.ndarray        # listwise: (...,) rows or weight sum; pairwise: (..., m, m) counts per pair
    sums: np.ndarray         # listwise: (..., m); pairwise: (..., m, m)
    cross: np.ndarray        # (..., m, m)
    squares: np.ndarray | None = None  # pairwise only (..., m, m)

    def correlation(self) -> np.ndarray:
        if self.mode == "listwise":
            return correlation_from_moments(self.total, self.sums, self.cross)[0]
        return pairwise_correlation(self.total, self.sums, self.squares, self.cross)


def local_moments(values: np.ndarray, weights: np.ndarray, mode: str) -> Moments:
    """Moments of an (n x m) float array (NaN = missing; listwise rows already complete)."""
    if mode == "listwise":
        weighted = values * weights[:, None]
        return Moments(mode, np.asarray(weights.sum()), weights @ values, weighted.T @ values)
    answered = (~np.isnan(values)).astype(float)
    zeroed = np.where(np.isnan(values), 0.0, values)
    wz = zeroed * weights[:, None]
    return Moments(mode, (answered * weights[:, None]).T @ answered, wz.T @ answered, wz.T @ zeroed,
                   (wz * zeroed).T @ answered)


def resampled_correlations(values: np.ndarray, weights: np.ndarray, mode: str, n_resamples: int, rng):
    """Correlation matrices of ``n_resamples`` bootstrap resamples of the rows: (B, m, m).

    Each resample draws n rows with replacement (Efron 1979): row i enters
    ``c_i`` times, so its weight becomes ``c_i w_i`` and the moments are one
    weighted matrix product per resample; survey weights travel with their rows.
    """
    n, m = values.shape
    out = np.empty((n_resamples, m, m))
    answered = zeroed = None
    if mode == "pairwise":
        answered = (~np.isnan(values)).astype(float)
        zeroed = np.where(np.isnan(values), 0.0, values)
    for b in range(n_resamples):
        w = np.bincount(rng.integers(0, n, n), minlength=n) * weights
        if mode == "listwise":
            total, sums = w.sum(), w @ values
            cross = (values * w[:, None]).T @ values
            out[b] = correlation_from_moments(total, sums, cross)[0]
        else:
            wz = zeroed * w[:, None]
            out[b] = pairwise_correlation((answered * w[:, None]).T @ answered, wz.T @ answered,
                                          (wz * zeroed).T @ answered, wz.T @ zeroed)
    return out


def engine_moments(frame, columns: list, weights: str | None, mode: str):
    """Moments of a lazy frame's columns, aggregated in its own engine: (Moments, rows used, rows read)."""
    import narwhals as nw

    lazy = nw.from_native(frame)
    schema = lazy.collect_schema()
    m = len(columns)
    names = [f"__cx_{i}" for i in range(m)]
    derived = []
    for name, column in zip(names, columns):
        expr = nw.col(column)
        if schema[column] == nw.Boolean:
            expr = expr.cast(nw.Int8)
        expr = expr.cast(nw.Float64)
        if schema[column].is_float():
            expr = nw.when(nw.col(column).is_nan()).then(None).otherwise(expr)
        derived.append(expr.alias(name))
    w = nw.lit(1.0) if weights is None else nw.col(weights).cast(nw.Float64)
    derived.append(w.alias("__cx_w"))
    lazy = lazy.select(*derived)
    bad = nw.col("__cx_w").is_null() | (nw.col("__cx_w") < 0) | nw.col("__cx_w").is_nan()
    lazy = lazy.with_columns(bad.cast(nw.Float64).alias("__cx_bad_w"))
    aggregations = [nw.len().alias("__cx_rows"), nw.col("__cx_bad_w").sum()]
    products = []
    if mode == "listwise":
        complete = nw.all_horizontal(*[~nw.col(n).is_null() for n in names], ignore_nulls=False)
        lazy = lazy.with_columns(complete.cast(nw.Float64).alias("__cx_complete"))
        aggregations.append(nw.col("__cx_complete").sum().alias("__cx_used"))
        keep = nw.col("__cx_complete") * nw.col("__cx_w")
        products.append(("t", keep))
        for i in range(m):
            products.append((f"s{i}", keep * nw.col(names[i]).fill_null(0.0)))
            for j in range(i, m):
                products.append((f"p{i}_{j}",
                                 keep * nw.col(names[i]).fill_null(0.0) * nw.col(names[j]).fill_null(0.0)))
    else:
        aggregations.append((~nw.col("__cx_0").is_null()).cast(nw.Float64).sum().alias("__cx_used"))
        mask = [(~nw.col(n).is_null()).cast(nw.Float64) * nw.col("__cx_w") for n in names]
        for i in range(m):
            xi = nw.col(names[i]).fill_null(0.0)
            for j in range(m):
                mj = (~nw.col(names[j]).is_null()).cast(nw.Float64)
                if j >= i:
                    products.append((f"n{i}_{j}", mask[i] * mj))
                    products.append((f"p{i}_{j}", nw.col("__cx_w") * xi * nw.col(names[j]).fill_null(0.0)))
                products.append((f"s{i}_{j}", nw.col("__cx_w") * xi * mj))
                products.append((f"q{i}_{j}", nw.col("__cx_w") * xi * xi * mj))
    lazy = lazy.with_columns(*[p.alias(name) for name, p in products])
    aggregations += [nw.col(name).sum() for name, _p in products]
    small = lazy.select(*aggregations)
    row = (small.collect(backend="pandas").to_native() if isinstance(small, nw.LazyFrame)
           else small.to_pandas()).iloc[0]
    rows_read, used = int(row["__cx_rows"]), int(row["__cx_used"])
    if row["__cx_bad_w"] > 0:
        raise CxkitValueError(f"weights must be finite numbers >= 0; {int(row['__cx_bad_w'])} are not (missing, "
                              f"NaN or negative values in column {weights!r}).")
    cross = np.empty((m, m))
    if mode == "listwise":
        sums = np.array([row[f"s{i}"] for i in range(m)], dtype=float)
        for i in range(m):
            for j in range(i, m):
                cross[i, j] = cross[j, i] = row[f"p{i}_{j}"]
        return Moments(mode, np.asarray(float(row["t"])), sums, cross), used, rows_read
    count, sums, squares = np.empty((m, m)), np.empty((m, m)), np.empty((m, m))
    for i in range(m):
        for j in range(m):
            a, b = min(i, j), max(i, j)
            count[i, j] = row[f"n{a}_{b}"]
            cross[i, j] = row[f"p{a}_{b}"]
            sums[i, j] = row[f"s{i}_{j}"]
            squares[i, j] = row[f"q{i}_{j}"]
    return Moments(mode, count, sums, cross, squares), used, rows_read


def check_total(moments: Moments, columns: list) -> None:
    """Refuse moments with too few complete rows to define the correlations."""
    total = np.asarray(moments.total)
    fewest = float(total.min()) if total.size else 0.0
    if fewest <= 0:
        raise CxkitValueError(f"no respondent has answers for all of {', '.join(map(repr, columns))} "
                              f"(the outcome and every driver); key drivers need complete answers "
                              f"(missing='listwise') or, with missing='pairwise', some answers to each pair.")
