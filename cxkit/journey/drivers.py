"""Moments of truth: key-driver analysis of an outcome on touchpoint ratings.

``key_drivers(customers, outcome="nps", drivers=[...])`` says how much of the
outcome's explained variance (R²) each driver carries, with a bootstrap
interval for each driver's share: Johnson's relative weights (default) or the
LMG / Shapley decomposition; the maths and its sources are in
:mod:`cxkit.stats.relative_importance`. ``compare_drivers`` gives the
difference of shares between segments with its interval.

Data
----
One row per respondent (the wide table of :func:`cxkit.datasets.make_journeys`'
``.customers``: ``nps`` and one ``rating_<touchpoint>`` column each, NaN where
the touchpoint was not used). Any frame :mod:`cxkit.tables.engines` accepts.

Missing ratings
    ``missing="listwise"`` (default) uses the respondents who answered the
    outcome and every driver; ``attrs["n_used"]`` and ``attrs["n_missing"]``
    say how many. ``missing="pairwise"`` builds each correlation from the
    respondents who answered both columns; such a matrix need not be positive
    semi-definite, and then a clear error says so (no silent repair).
Binary outcome
    A yes/no outcome (booleans, or only 0 and 1) is analysed as a linear
    probability model on the correlation matrix (point-biserial correlations),
    as Johnson (2000) does for any outcome; ``attrs["outcome_type"]`` says
    ``"binary"``. Tonidandel & LeBreton (2010, *Journal of Business and
    Psychology* 25, 391-401) offer a logistic variant with a pseudo-R²; cxkit
    keeps the linear one so that the weights add up to an ordinary R² and
    segments compare on one scale.
Survey weights
    ``weights`` (column name, or values per row for in-memory frames) weight
    every sum; the bootstrap resamples respondents together with their weights.
Intervals
    Percentile bootstrap over respondents (Efron & Tibshirani 1993, ch. 13);
    ``n_resamples=0`` skips it (``low``/``high`` NaN). For a lazy frame the
    point estimate is ONE aggregation query of sums of products in the engine
    (:mod:`.sscp`); the bootstrap then collects only the outcome, driver and
    weight columns (rows x (k + 2) floats) to resample them in memory. For tens
    of millions of rows pass ``n_resamples=0``, or a sample, for intervals.
Collinearity
    ``vif`` per driver and ``attrs["condition_number"]``. A
    :class:`~cxkit.errors.CollinearityWarning` is raised when a VIF exceeds 5
    or the condition number 30 (Belsley, Kuh & Welsch 1980) *and* a driver
    with VIF above 5 has a bootstrap rank interval spanning more than one rank
    (its place in the ranking is not determined by the data); without a
    bootstrap the collinearity rule alone warns. ``attrs["unstable"]`` records it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import CollinearityWarning, CxkitTypeError, CxkitValueError, CxkitWarning
from ..inputs.columns import column_names, require_column, require_columns
from ..inputs.weights import check_weights
from ..metrics.estimate import user_stacklevel
from ..options import check_choice, check_confidence_level, check_positive_int
from ..stats.relative_importance import (
    CONDITION_LIMIT, IMPORTANCE_METHODS, VIF_LIMIT, check_positive_definite, collinearity,
    percentile_interval, ranks,
)
from ..tables import engines
from .sscp import Moments, check_total, engine_moments, local_moments, resampled_correlations

METHODS = tuple(IMPORTANCE_METHODS)
MISSING = ("listwise", "pairwise")
COLUMNS = ("driver", "weight", "share", "low", "high", "rank", "rank_low", "rank_high", "vif")


def _names(data, outcome, drivers, weights, by):
    columns = engines.column_list(data)
    probe = pd.DataFrame(columns=pd.Index(columns, dtype=object))
    require_column(probe, outcome, role="outcome")
    drivers = column_names(drivers, role="drivers")
    if not drivers:
        raise CxkitValueError("drivers must name at least one column (the touchpoint ratings); got none.")
    require_columns(probe, drivers, role="drivers")
    repeated = sorted({str(d) for d in drivers if drivers.count(d) > 1})
    if repeated:
        raise CxkitValueError(f"drivers names {', '.join(map(repr, repeated))} more than once; name each once.")
    if outcome in drivers:
        raise CxkitValueError(f"outcome {outcome!r} is also among the drivers; a driver cannot explain itself.")
    if isinstance(weights, str):
        require_columns(probe, [weights], role="weights")
    if by is not None:
        require_column(probe, by, role="by")
    return drivers


def numeric_column(frame: pd.DataFrame, column, role: str) -> np.ndarray:
    series = frame[column]
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("float64").to_numpy(dtype=float, na_value=np.nan) if series.hasnans else \
            series.to_numpy(dtype=float)
    if not pd.api.types.is_numeric_dtype(series.dtype):
        raise CxkitTypeError(f"{role} column {column!r} must hold numbers (ratings, scores or yes/no); "
                             f"got dtype {series.dtype}.")
    values = series.to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(values).any():
        raise CxkitValueError(f"{role} column {column!r} has {int(np.isinf(values).sum())} infinite values; "
                              f"ratings must be finite numbers (NaN for not answered).")
    return values


def _rows(frame: pd.DataFrame, outcome, drivers, weights, missing):
    """(values n x m with the outcome first, weights, n_used, n_missing) of an in-memory frame."""
    values = np.column_stack([numeric_column(frame, outcome, "outcome")]
                             + [numeric_column(frame, d, "driver") for d in drivers])
    w = check_weights(weights, frame)
    w = np.ones(len(frame)) if w is None else w
    if missing == "listwise":
        keep = ~np.isnan(values).any(axis=1)
        return values[keep], w[keep], int(keep.sum()), int((~keep).sum())
    # Pairwise: each correlation from every respondent who answered both columns -- the drivers' correlations
    # include respondents without an outcome, as in the engine's sums (sscp.engine_moments). n_used counts the
    # respondents with an outcome.
    keep = (~np.isnan(values)).sum(axis=1) >= 1
    with_outcome = int((~np.isnan(values[:, 0])).sum())
    return values[keep], w[keep], with_outcome, int(len(values) - with_outcome)


def _is_binary(values: np.ndarray) -> bool:
    answered = values[~np.isnan(values)]
    return answered.size > 0 and bool(np.isin(answered, (0.0, 1.0)).all())


def _warn_if_unstable(drivers, vif, condition, rank_low, rank_high, bootstrapped) -> bool:
    collinear = bool((vif > VIF_LIMIT).any() or condition > CONDITION_LIMIT)
    if not collinear:
        return False
    flagged = [d for d, v, lo, hi in zip(drivers, vif, rank_low, rank_high)
               if v > VIF_LIMIT and (not bootstrapped or hi > lo)]
    if bootstrapped and not flagged:
        return False
    shown = ", ".join(f"{d!r} (VIF {v:.1f})" for d, v in zip(drivers, vif) if v > VIF_LIMIT) or "none above 5"
    warnings.warn(
        f"key drivers: the drivers are strongly correlated (condition number {condition:.1f}, limit "
        f"{CONDITION_LIMIT:g}; VIF above {VIF_LIMIT:g}: {shown}), so the ranking of "
        f"{', '.join(map(repr, flagged)) or 'the collinear drivers'} is unstable: read them as a group.",
        CollinearityWarning, stacklevel=user_stacklevel())
    return True


def _analyse(moments: Moments, columns, drivers, method, cl, resample, n_resamples):
    """The table, its attrs and the bootstrap share draws (resamples x drivers) of one sample."""
    check_total(moments, columns)
    corr = moments.correlation()
    if np.isnan(corr).any():
        flat = [c for c, bad in zip(columns, np.isnan(np.diag(corr))) if bad]
        raise CxkitValueError(f"column(s) {', '.join(map(repr, flat))} have no spread among the respondents "
                              f"used (every answer equal), so their correlations are undefined; leave them out.")
    check_positive_definite(corr, drivers)
    compute = IMPORTANCE_METHODS[method]
    weight, r2 = compute(corr)
    if not -1e-9 <= r2 <= 1 + 1e-9:  # cannot happen for a PSD matrix; a guard against numerical trouble
        raise CxkitValueError(f"R² of the outcome on the drivers came out as {r2:.4g}, outside 0..1: the "
                              f"correlations are not consistent (too little overlap with missing='pairwise').")
    vif, condition = collinearity(corr)
    share = 100.0 * weight / r2 if r2 > 0 else np.full(len(drivers), np.nan)
    draws = np.full((0, len(drivers)), np.nan)
    low = high = np.full(len(drivers), np.nan)
    rank_low = rank_high = np.full(len(drivers), np.nan)
    r2_low = r2_high = np.nan
    failed = 0
    if n_resamples:
        stack = resample()
        rxx = stack[:, 1:, 1:]
        ok = ~np.isnan(stack).any(axis=(1, 2))
        ok[ok] = (np.linalg.eigvalsh(rxx[ok])[:, 0] > 1e-10) & (np.linalg.eigvalsh(stack[ok])[:, 0] > -1e-10)
        failed = int((~ok).sum())
        if failed > 0.01 * n_resamples:
            warnings.warn(
                f"key drivers: {failed} of {n_resamples} bootstrap resamples could not be analysed (a driver "
                f"without spread, or inconsistent pairwise correlations) and were left out; the intervals come "
                f"from the other {n_resamples - failed} and are biased towards resamples where every driver "
                f"varies. Collect more answers or drop rarely answered drivers.",
                CxkitWarning, stacklevel=user_stacklevel())
        if ok.sum() < 2:
            raise CxkitValueError(f"key drivers: only {int(ok.sum())} of {n_resamples} bootstrap resamples could "
                                  f"be analysed, too few for an interval; use n_resamples=0 or more answers.")
        boot_w, boot_r2 = compute(stack[ok])
        draws = np.full((n_resamples, len(drivers)), np.nan)
        draws[ok] = 100.0 * boot_w / boot_r2[:, None]
        low, high = percentile_interval(draws[ok], cl)
        rank_draws = ranks(draws[ok])
        rank_low, rank_high = percentile_interval(rank_draws, cl)
        rank_low, rank_high = np.floor(rank_low), np.ceil(rank_high)
        r2_low, r2_high = percentile_interval(boot_r2[:, None], cl)
        r2_low, r2_high = float(r2_low[0]), float(r2_high[0])
    table = pd.DataFrame({"driver": [str(d) for d in drivers], "weight": weight, "share": share, "low": low,
                          "high": high, "rank": ranks(weight), "rank_low": rank_low, "rank_high": rank_high,
                          "vif": vif})
    attrs = {"r2": float(r2), "r2_low": r2_low, "r2_high": r2_high, "condition_number": condition,
             "failed_resamples": failed}
    attrs["unstable"] = _warn_if_unstable(drivers, vif, condition, rank_low, rank_high, bool(n_resamples))
    return table, attrs, draws


#: Residual degrees of freedom (respondents - drivers - 1) below which the shares are not estimated.
MIN_RESIDUAL_DF = 10


def _check_enough(used: int, drivers, level=None) -> None:
    """Refuse a (nearly) saturated fit: with n <= k + 1 R² is 1 whatever the data, and resamples repeat it."""
    if 0 < used and used - len(drivers) - 1 < MIN_RESIDUAL_DF:  # none at all: check_total says which columns
        where = "" if level is None else f" in segment {level!r}"
        raise CxkitValueError(
            f"key drivers need at least {len(drivers) + 1 + MIN_RESIDUAL_DF} respondents with an outcome for "
            f"{len(drivers)} drivers (drivers + 1 + {MIN_RESIDUAL_DF}); got {used}{where}. Use fewer drivers or "
            f"more answers.")


def _check_options(method, missing, confidence_level, n_resamples):
    method = check_choice("method", method, METHODS)
    missing = check_choice("missing", missing, MISSING)
    cl = check_confidence_level(confidence_level)
    n_resamples = 0 if n_resamples == 0 else check_positive_int("n_resamples", n_resamples)
    return method, missing, cl, n_resamples


def _samples(data, outcome, drivers, weights, missing, by):
    """{level: (values, weights, n_used, n_missing)} (level None without ``by``) of in-memory rows."""
    needed = [outcome, *drivers] + ([weights] if isinstance(weights, str) else []) + ([by] if by is not None else [])
    if not isinstance(data, pd.DataFrame):
        if not isinstance(weights, (str, type(None))):
            raise CxkitTypeError(f"weights of a {type(data).__name__} must name its weight column; got "
                                 f"{type(weights).__name__}.")
        data = engines.local_frame(data, needed)
    if by is None:
        return {None: _rows(data, outcome, drivers, weights, missing)}
    groups = data[by]
    if groups.isna().any():
        raise CxkitValueError(f"by column {by!r} has {int(groups.isna().sum())} missing values; every "
                              f"respondent needs a segment (fill or drop them first).")
    w = check_weights(weights, data)
    out = {}
    for level in sorted(groups.unique(), key=str):
        rows = (groups == level).to_numpy()
        out[level] = _rows(data[rows], outcome, drivers, None if w is None else w[rows], missing)
    return out


def _run(data, outcome, drivers, method, n_resamples, confidence_level, weights, missing, by, rng):
    method, missing, cl, n_resamples = _check_options(method, missing, confidence_level, n_resamples)
    drivers = _names(data, outcome, drivers, weights, by)
    rng = np.random.default_rng(rng)
    columns = [outcome, *drivers]
    lazy = engines.frame_kind(data, name="data") == "lazy"
    results = {}
    if lazy and by is None and n_resamples == 0:
        moments, used, read = engine_moments(data, columns, weights if isinstance(weights, str) else None, missing)
        _check_enough(used, drivers)
        if weights is not None and not isinstance(weights, str):
            raise CxkitTypeError(f"weights of a {type(data).__name__} must name its weight column.")
        table, attrs, draws = _analyse(moments, columns, drivers, method, cl, None, 0)
        attrs.update(n_used=used, n_missing=read - used, engine="pushed down")
        results[None] = (table, attrs, draws, None)
        return results, method, missing, cl, n_resamples
    for level, (values, w, used, dropped) in _samples(data, outcome, drivers, weights, missing, by).items():
        _check_enough(used, drivers, level)
        moments = local_moments(values, w, missing)
        table, attrs, draws = _analyse(
            moments, columns, drivers, method, cl,
            lambda: resampled_correlations(values, w, missing, n_resamples, rng), n_resamples)
        attrs.update(n_used=used, n_missing=dropped, engine="in memory")
        results[level] = (table, attrs, draws, values[:, 0])
    return results, method, missing, cl, n_resamples


def key_drivers(data, *, outcome, drivers, method: str = "relative-weights", n_resamples: int = 2000,
                confidence_level: float = 0.95, weights=None, missing: str = "listwise", by=None,
                rng=None) -> pd.DataFrame:
    """Each driver's share of the outcome's R², with a bootstrap interval (see the module docstring).

    Parameters
    ----------
    data : frame, one row per respondent
    outcome : str
        The outcome column (NPS 0-10, overall satisfaction, or yes/no).
    drivers : list of str
        The driver columns (touchpoint or attribute ratings; NaN = not rated).
    method : {"relative-weights", "lmg"}
    n_resamples : int, default 2000
        Bootstrap resamples of respondents; 0 for no intervals.
    weights : str or array, optional
        Survey weights.
    missing : {"listwise", "pairwise"}
    by : str, optional
        A segment column: one block of rows per segment (analysed alone), the
        ``by`` column first; ``attrs`` then hold dicts per segment.
    rng : int or numpy Generator, optional
        Seed of the bootstrap.

    Returns
    -------
    DataFrame
        ``driver, weight, share, low, high, rank, rank_low, rank_high, vif``:
        ``weight`` the driver's raw part of R², ``share`` its percent of R²,
        ``low``/``high`` the percentile bootstrap interval of the share
        (shares are >= 0 and biased upwards near 0, so for a driver with
        almost no effect the interval can lie wholly above its share: read
        it as "no evidence of more than ``high``", not as a lower bound;
        ``plot_driver_shares`` draws such intervals as they are),
        ``rank`` 1 = most important, ``rank_low``/``rank_high`` its bootstrap
        interval. ``attrs``: ``r2`` (with ``r2_low``, ``r2_high``), ``n_used``,
        ``n_missing``, ``method``, ``missing``, ``condition_number``,
        ``unstable``, ``outcome_type``, ``confidence_level``, ``n_resamples``.
    """
    results, method, missing, cl, n_resamples = _run(data, outcome, drivers, method, n_resamples,
                                                     confidence_level, weights, missing, by, rng)
    common = {"method": method, "missing": missing, "confidence_level": cl, "n_resamples": n_resamples,
              "outcome": outcome}
    if by is None:
        table, attrs, _draws, outcome_values = results[None]
        binary = _is_binary(outcome_values) if outcome_values is not None else None
        table.attrs.update(attrs, outcome_type="binary" if binary else "numeric" if binary is not None
                           else "unknown", **common)
        return table
    parts = []
    merged: dict = {}
    for level, (table, attrs, _draws, outcome_values) in results.items():
        table.insert(0, by, level)
        parts.append(table)
        for key, value in attrs.items():
            merged.setdefault(key, {})[level] = value
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update(merged, by=by, **common)
    return out


def compare_drivers(data, *, outcome, drivers, by, reference=None, method: str = "relative-weights",
                    n_resamples: int = 2000, confidence_level: float = 0.95, weights=None,
                    missing: str = "listwise", rng=None) -> pd.DataFrame:
    """Drivers' shares compared between segments: each segment minus the reference segment.

    Each segment is analysed alone (:func:`key_drivers`) and resampled
    independently (a stratified bootstrap), so the difference of shares has a
    percentile interval from the differences of the resampled shares.
    ``reference`` defaults to the first segment in sorted order.

    Returns
    -------
    DataFrame
        ``driver, <by>, reference, share, reference_share, difference, low,
        high, significant`` (``difference`` in percentage points; ``significant``:
        the interval excludes 0). ``attrs``: ``r2`` and ``n_used`` per segment.
    """
    if by is None:
        raise CxkitValueError("compare_drivers needs by: the segment column whose levels are compared.")
    check_positive_int("n_resamples", n_resamples)
    results, method, missing, cl, n_resamples = _run(data, outcome, drivers, method, n_resamples,
                                                     confidence_level, weights, missing, by, rng)
    levels = list(results)
    if len(levels) < 2:
        raise CxkitValueError(f"by column {by!r} has {len(levels)} segment(s) ({levels!r}); comparing drivers "
                              f"needs at least two.")
    if reference is None:
        reference = levels[0]
    elif reference not in results:
        raise CxkitValueError(f"reference ({reference!r}) must be one of the segments of {by!r}: "
                              f"{', '.join(map(repr, levels))}.")
    ref_table, _a, ref_draws, _o = results[reference]
    parts = []
    for level in levels:
        if level == reference:
            continue
        table, _attrs, draws, _o = results[level]
        differences = draws - ref_draws
        ok = ~np.isnan(differences).any(axis=1)
        low, high = percentile_interval(differences[ok], cl)
        parts.append(pd.DataFrame({
            "driver": table["driver"], by: level, "reference": reference, "share": table["share"],
            "reference_share": ref_table["share"], "difference": table["share"] - ref_table["share"],
            "low": low, "high": high, "significant": (low > 0) | (high < 0)}))
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update(r2={k: v[1]["r2"] for k, v in results.items()},
                     n_used={k: v[1]["n_used"] for k, v in results.items()}, method=method, missing=missing,
                     confidence_level=cl, n_resamples=n_resamples, by=by)
    return out
