"""Confidence intervals for ranks: who is first, and how sure can we be.

Ranking groups (competitors, channels, regions) by their point estimates
claims more than the data knows: two NPS values of 31 and 29 from a few
hundred answers each do not say which group is better. This module gives
each group's rank an interval, after

    Mogstad, M., Romano, J. P., Shaikh, A. M. & Wilhelm, D. (2024).
    Inference for ranks with applications to mobility across neighbourhoods
    and academic achievement across countries. *Review of Economic Studies*
    91(1), 476-518. (Sections 3.1-3.2; stepwise refinement, Algorithm 3.1.)

The rank of group ``j`` among ``p`` groups (1 = highest value) is
``r_j = 1 + #{k: theta_k > theta_j}``. With estimates
``theta_hat ~ N(theta, diag(se^2))`` (independent samples), the method builds
simultaneous two-sided confidence intervals for the pairwise differences
``theta_k - theta_j``,

    theta_hat_k - theta_hat_j  +-  c * sqrt(se_k^2 + se_j^2),

with ``c`` the ``confidence_level`` quantile of ``max |Z_k - Z_j| / se_kj``,
``Z ~ N(0, diag(se^2))`` (drawn by simulation). Every difference whose
interval lies above 0 proves a group ahead of ``j``; every one below 0 a
group behind it. So

    rank_low  = 1 + #{k: interval of theta_k - theta_j above 0}
    rank_high = p - #{k: interval of theta_k - theta_j below 0}.

The maximum runs over the pairs that involve ``j`` (``simultaneous=False``:
a *marginal* interval for each group's rank, each covering its own rank with
probability ``confidence_level``) or over all pairs (``simultaneous=True``:
every group's interval covers its rank at once with that probability, the
"joint" statement; Mogstad et al. 2024, Section 3.2). The stepwise
refinement (``stepdown=True``; their Algorithm 3.1, the step-down idea of
Romano & Wolf 2005, *Econometrica* 73, 1237-1282) recomputes ``c`` over the
pairs not yet separated until no further pair separates: intervals are never
wider and the coverage statement is kept.

Ties in the true values make the intervals conservative, never liberal.
Coverage is checked by seeded simulation in ``tests/compare/test_ranking.py``.
Pure numpy: no pandas here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import CxkitTypeError, CxkitValueError
from ..options import check_confidence_level, check_positive_int


@dataclass(frozen=True)
class RankIntervals:
    """Ranks with intervals, one entry per group in the input order (NaN where the estimate is NaN).

    ``rank``: 1 + the number of groups with a higher estimate (ties share the
    better rank); ``low``/``high``: the rank interval; ``critical_value``:
    ``c`` of the first step (the largest used).
    """

    rank: np.ndarray
    low: np.ndarray
    high: np.ndarray
    critical_value: float
    confidence_level: float
    simultaneous: bool
    method: str


def _check_inputs(estimates, standard_errors):
    try:
        theta = np.asarray(estimates, dtype=float)
        se = np.asarray(standard_errors, dtype=float)
    except (TypeError, ValueError):
        raise CxkitTypeError(f"estimates and standard_errors must be numbers; got {estimates!r} and "
                             f"{standard_errors!r}.") from None
    if theta.ndim != 1 or se.shape != theta.shape:
        raise CxkitValueError(f"estimates and standard_errors must be one-dimensional and of the same length; "
                              f"got shapes {theta.shape} and {se.shape}.")
    bad = ~np.isnan(theta) & (np.isnan(se) | (se < 0) | np.isinf(se))
    if bad.any() or np.isinf(theta).any():
        raise CxkitValueError(f"every standard error must be a finite number >= 0 and every estimate finite "
                              f"(or NaN for a group without data); got estimates {theta[bad | np.isinf(theta)].tolist()} "
                              f"with standard errors {se[bad | np.isinf(theta)].tolist()}.")
    return theta, se


def _separated(t_draws: np.ndarray, t_obs: np.ndarray, level: float, stepdown: bool) -> np.ndarray:
    """Which pairs of one family have their difference's interval away from 0.

    ``t_draws`` holds ``|Z_k - Z_j| / se_kj`` (draws x pairs of the family),
    ``t_obs`` the observed ``|t|``. Single step: ``|t| > c`` with ``c`` the
    ``level`` quantile of the max over the family. Step-down: ``c`` is
    recomputed over the pairs not yet separated until none is added.
    """
    active = np.ones(len(t_obs), dtype=bool)
    while active.any():
        c = np.quantile(t_draws[:, active].max(axis=1), level)
        new = active & (t_obs > c)
        active &= ~new
        if not new.any() or not stepdown:
            break
    return ~active


def rank_intervals(estimates, standard_errors, *, confidence_level: float = 0.95, simultaneous: bool = False,
                   stepdown: bool = True, higher_is_better: bool = True, n_draws: int = 10_000,
                   rng=None) -> RankIntervals:
    """Ranks of ``estimates`` with confidence intervals (Mogstad, Romano, Shaikh & Wilhelm 2024).

    Parameters
    ----------
    estimates, standard_errors : 1-D arrays of the same length
        Independent estimates and their standard errors; a NaN estimate (a
        group without data) gets NaN rank and is left out of the ranking.
    simultaneous : bool
        False: each group's interval covers its own rank with probability
        ``confidence_level`` (marginal). True: all intervals cover all ranks
        at once with that probability.
    stepdown : bool
        The stepwise refinement of the critical value (never wider).
    higher_is_better : bool
        Rank 1 is the highest value (True) or the lowest (False, e.g. churn).
    n_draws, rng
        Normal draws for the critical value and their random generator (a
        seed for reproducible output).
    """
    theta, se = _check_inputs(estimates, standard_errors)
    cl = check_confidence_level(confidence_level)
    n_draws = check_positive_int("n_draws", n_draws, minimum=100)
    for name, flag in (("simultaneous", simultaneous), ("stepdown", stepdown), ("higher_is_better", higher_is_better)):
        if not isinstance(flag, (bool, np.bool_)):
            raise CxkitTypeError(f"{name} must be True or False; got {flag!r}.")
    keep = ~np.isnan(theta)
    p = int(keep.sum())
    rank = np.full(theta.shape, np.nan)
    low, high = rank.copy(), rank.copy()
    method = "mrsw-" + ("simultaneous" if simultaneous else "marginal") + ("-stepdown" if stepdown else "")
    if p == 0:
        return RankIntervals(rank, low, high, float("nan"), cl, bool(simultaneous), method)
    value = (1.0 if higher_is_better else -1.0) * theta[keep]
    sd = se[keep]
    k, j = np.triu_indices(p, 1)
    se_pair = np.sqrt(sd[k] ** 2 + sd[j] ** 2)
    diff = value[k] - value[j]  # > 0: k ahead of j
    with np.errstate(divide="ignore", invalid="ignore"):
        t_obs = np.where(se_pair > 0, np.abs(diff) / se_pair, np.where(diff != 0, np.inf, 0.0))
        draws = np.random.default_rng(rng).standard_normal((n_draws, p)) * sd
        t_draws = np.where(se_pair > 0, np.abs(draws[:, k] - draws[:, j]) / se_pair, 0.0)
    ahead = np.zeros(p, dtype=int)  # groups proven ahead of each group
    behind = np.zeros(p, dtype=int)  # groups proven behind it
    if simultaneous:
        families = [np.arange(len(k))]
        first = float(np.quantile(t_draws.max(axis=1), cl)) if len(k) else 0.0
    else:
        families = [np.flatnonzero((k == g) | (j == g)) for g in range(p)]
        first = max((float(np.quantile(t_draws[:, f].max(axis=1), cl)) for f in families if len(f)), default=0.0)
    for g, family in enumerate(families):
        if not len(family):
            continue
        sep = family[_separated(t_draws[:, family], t_obs[family], cl, stepdown)]
        for who, other_ahead in ((j[sep], diff[sep] > 0), (k[sep], diff[sep] < 0)):
            mine = slice(None) if simultaneous else (who == g)
            np.add.at(ahead, who[mine][other_ahead[mine]], 1)
            np.add.at(behind, who[mine][~other_ahead[mine]], 1)
    point = 1 + (value[None, :] > value[:, None]).sum(axis=1)
    rank[keep], low[keep], high[keep] = point, 1 + ahead, p - behind
    return RankIntervals(rank, low, high, first, cl, bool(simultaneous), method)
