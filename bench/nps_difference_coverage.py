"""Exact coverage of intervals for the difference of two independent NPS.

    python bench/nps_difference_coverage.py            # full grid, about 1 min on one core
    python bench/nps_difference_coverage.py --quick    # n = 20, 30, 100 and 30 vs 100, about 5 s
    python bench/nps_difference_coverage.py --stress --check-p adjusted-wald-welch-c1   # + harder grid, ~2 min
    python bench/nps_difference_coverage.py --methods wald adjusted-wald-c1.5 mover-score

(Run from the repository root with the project's environment, e.g.
``.venv/bin/python bench/...``; only numpy and scipy are needed, cxkit is
not imported. numpy runs on one BLAS thread.)

What is measured
----------------
Two independent samples of ``n_a`` and ``n_b`` answers, each a trinomial
(detractors, passives, promoters) from a true distribution given as
(promoter share, detractor share). The target is the difference of the true
scores ``NPS_b - NPS_a`` on the -1..1 scale (NPS = promoter share - detractor
share). The coverage of a 95 % method is the probability that its interval
contains the true difference; for a = b (true difference 0) one minus the
coverage is the type-I error of the matching test ("reject when the interval
excludes 0").

Coverage is computed exactly, by enumeration of the outcome pairs, not by
simulation: the outcomes of each sample (``(n + 1)(n + 2) / 2`` of them) are
sorted by multinomial probability and the least likely ones, together at most
``--tail`` (default 1e-7) of the probability, are dropped; every pair of the
remaining outcomes is evaluated (in chunks of rows of outcomes of sample a
against all outcomes of sample b, with numpy broadcasting) and weighted by
its probability. The printed coverage is therefore exact up to a downward
error of at most ``2 * tail`` (2e-7); there is no Monte Carlo error. A bound
equal to the true difference counts as covering (tolerance 1e-9).

Methods (each a function ``difference_interval_<name>(counts_a, counts_b, z)``
taking ``(detractors, passives, promoters)`` of each sample -- arrays that
broadcast against each other -- and returning ``(low, high)`` of
``NPS_b - NPS_a`` on the -1..1 scale; every interval is widened, if needed,
to contain the raw difference and clipped to [-2, 2], as cxkit does today)

``wald``
    Raw counts: centre = raw difference, variance ``Var_a + Var_b`` with
    ``Var = (p + d - (p - d)^2) / n`` on the raw shares (Rocks 2016).
``adjusted-wald-c<c>``
    Add ``c/4, c/2, c/4`` pseudo-answers (detractors, passives, promoters)
    to EACH sample, then the Wald formula on the adjusted shares and the
    adjusted size ``n + c``; centre = adjusted difference. ``c = 3`` is
    Rocks' adjustment (0.75, 1.5, 0.75) and cxkit's current default; ``c = 2``
    is the trinomial analogue of Agresti & Caffo (2000), who add one success
    and one failure to each sample.
``adjusted-wald-thirds-c<c>``
    The same with ``c/3`` pseudo-answers in each category.
``adjusted-wald-welch-c<c>``
    Added here: the ``adjusted-wald-c<c>`` centre and variance, but the
    normal quantile replaced by Student's t quantile at the Welch-Satterthwaite
    degrees of freedom ``df = (V_a + V_b)^2 / (V_a^2/(m_a - 1) + V_b^2/(m_b - 1))``
    (``V`` the adjusted variances, ``m = n + c`` the adjusted sizes). The NPS
    is the mean of scores -1/0/1 and ``V`` the (divide-by-m) variance of that
    mean, so this is Welch's interval (Welch 1947, Biometrika 34, 28-35; what
    cxkit already uses for means) on the scores with ``c`` pseudo-answers.
    The z-quantile of the normal-based methods under-covers when the smaller
    group dominates the variance (e.g. 30 vs 300 answers, near-balanced
    scores); the t quantile fixes that. The t quantile is computed by a
    four-term Cornish-Fisher expansion (error < 2e-5 at df >= 19); the p-value
    (:func:`p_value_adjusted_wald_welch`) uses scipy's exact t distribution.
``mover-score``
    MOVER (Newcombe 1998 method 10; Zou & Donner 2008) built from the two
    single-sample Tango score intervals ``(l, u)`` around the sample scores
    ``N``: ``L = D - sqrt((N_b - l_b)^2 + (u_a - N_a)^2)``,
    ``U = D + sqrt((u_b - N_b)^2 + (N_a - l_a)^2)``, ``D = N_b - N_a``.
    Tango's interval for one sample (b promoters, c detractors, n answers)
    is the set of ``delta`` with ``|T(delta)| <= z``,
    ``T = (b - c - n delta) / sqrt(n (2 q + delta (1 - delta)))``, where the
    detractor share ``q`` is its constrained ML estimate under
    ``p - d = delta``, the positive root of
    ``2n q^2 + (-b - c + (2n - b + c) delta) q - c delta (1 - delta) = 0``
    (computed here by vectorised bisection on ``delta``, 60 steps).
``mover-adjusted-wald``
    MOVER with Rocks' single-sample adjusted Wald interval (pseudo-counts
    0.75, 1.5, 0.75, widened to contain the sample score, clipped to -1..1).

Not evaluated: a two-sample score interval (constrained ML of both
trinomials under ``NPS_b - NPS_a = delta`` for every delta and every outcome
pair) -- it needs a nested numerical solve per pair and per bisection step,
far beyond the time budget of exact enumeration over ~10^8 pairs.

Grid: true distributions (promoters, detractors) in 7 pairs with a = b
(type-I error) and 6 pairs with a real difference, each at n per group in
{20, 30, 50, 100, 200, 300} and at the unequal sizes (30, 100) and (50, 300).
The summary gives, per method, the mean and minimum coverage over rows with
both n >= 30, the root-mean-square distance of those coverages from 0.95,
the same at n = 20, over all rows, and the range of type-I errors of the
a = b rows. ``--stress`` adds a second, separately summarised grid outside
the acceptance grid: near-empty categories (2 % or 1 % detractors, 5 %
promoters and detractors), near-empty passives (50/45 vs 45/50) and very
unequal sizes (20 vs 100, 20 vs 300, 30 vs 300).

A p-value consistent with an interval (below ``1 - level`` exactly when the
interval excludes 0) is ``2 (1 - Phi(z*))`` with ``z*`` the smallest z at
which the interval contains 0 (the intervals are nested in z);
:func:`p_value_by_inversion` computes it by bisection;
:func:`p_value_adjusted_wald` (z-test) and :func:`p_value_adjusted_wald_welch`
(Welch t-test) give the closed forms, 1 where the raw difference is 0 or on
the other side of 0 from the adjusted centre (the widened interval then holds
0 at every level); ``--check-p METHOD`` verifies on all outcome pairs at
n = 20 vs 30 that p < 0.05 exactly when the 95 % interval excludes 0 and
that closed form and inversion agree.

Results of the full run (exact; n = smaller group; rms = root-mean-square
distance from 0.95)
------------------------------------------------------------------------
::

    method                  mean n>=30  min n>=30  rms    mean n=20  min n=20  type-I n>=30
    wald                    0.9440      0.9191     .0080  0.9349     0.9279    0.051-0.072
    adjusted-wald-c3 (now)  0.9540      0.9470     .0077  0.9625     0.9475    0.023-0.052
    adjusted-wald-c1.5      0.9501      0.9433     .0041  0.9525     0.9427    0.036-0.056
    adjusted-wald-c2        0.9516      0.9445     .0054  0.9564     0.9442    0.031-0.054
    adjusted-wald-welch-c1  0.9511      0.9481     .0033  0.9555     0.9465    0.036-0.052
    mover-score             0.9519      0.9482     .0050  0.9581     0.9459    0.031-0.051

Every adjusted method meets "mean 0.94-0.96, minimum >= 0.93 at n >= 30"
on this grid; ``adjusted-wald-welch-c1`` is closest to 0.95 (rms 0.0033) with
the highest minimum among the less conservative ones, and keeps >= 0.946 on
the ``--stress`` grid at n >= 30 (>= 0.944 at n = 20), where the z-based
adjusted Wald methods fall to 0.939-0.945 at 30 vs 300 answers.

Sources
-------
- Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
  The American Statistician 70(4), 365-372.
- Tango, T. (1998). Equivalence test and confidence interval for the
  difference in proportions for the paired-sample design. Statistics in
  Medicine 17, 891-908.
- Newcombe, R. G. (1998). Interval estimation for the difference between
  independent proportions: comparison of eleven methods. Statistics in
  Medicine 17, 873-890.
- Zou, G. Y. & Donner, A. (2008). Construction of confidence limits about
  effect measures: a general approach. Statistics in Medicine 27, 1693-1702.
- Agresti, A. & Caffo, B. (2000). Simple and effective confidence intervals
  for proportions and differences of proportions result from adding two
  successes and two failures. The American Statistician 54, 280-288.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path
import os
import time

# One BLAS thread: the work is elementwise numpy; a benchmark should not take every core.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from scipy.special import gammaln, ndtr, ndtri, stdtr, xlogy  # noqa: E402

# ---------------------------------------------------------------------------
# Interval methods (pure numpy; counts broadcast against each other)
# ---------------------------------------------------------------------------

#: Rocks' pseudo-counts (detractors, passives, promoters), cxkit's current adjustment.
ROCKS_ADJUSTMENT = (0.75, 1.5, 0.75)


def _counts(counts):
    d, pa, p = (np.asarray(c, dtype=float) for c in counts)
    return d, pa, p


def _score_and_variance(d, pa, p, pseudo=(0.0, 0.0, 0.0)):
    """NPS and its variance ``(p + d - (p - d)^2) / n`` after adding ``pseudo``."""
    d, pa, p = d + pseudo[0], pa + pseudo[1], p + pseudo[2]
    n = d + pa + p
    with np.errstate(divide="ignore", invalid="ignore"):
        share_p, share_d = p / n, d / n
        score = share_p - share_d
        variance = (share_p + share_d - score**2) / n
    return score, variance


def _raw_difference(counts_a, counts_b):
    d_a, pa_a, p_a = _counts(counts_a)
    d_b, pa_b, p_b = _counts(counts_b)
    return (p_b - d_b) / (d_b + pa_b + p_b) - (p_a - d_a) / (d_a + pa_a + p_a)


def _finish(low, high, raw_difference):
    """Widen to contain the raw difference, clip to the possible range [-2, 2]."""
    low = np.clip(np.minimum(low, raw_difference), -2.0, 2.0)
    high = np.clip(np.maximum(high, raw_difference), -2.0, 2.0)
    return low, high


def difference_interval_adjusted_wald(counts_a, counts_b, z, *, pseudo=ROCKS_ADJUSTMENT):
    """Adjusted Wald interval of ``NPS_b - NPS_a`` with ``pseudo`` added to each sample."""
    est_a, var_a = _score_and_variance(*_counts(counts_a), pseudo)
    est_b, var_b = _score_and_variance(*_counts(counts_b), pseudo)
    centre = est_b - est_a
    half = z * np.sqrt(var_a + var_b)
    return _finish(centre - half, centre + half, _raw_difference(counts_a, counts_b))


def _t_quantile(z, df):
    """Student t quantile matching the normal quantile ``z``, Cornish-Fisher in 1/df.

    Four terms: error below 2e-5 for df >= 19 (the smallest Welch df at n >= 20),
    and thousands of times faster than ``scipy.special.stdtrit`` on 10^8 pairs.
    """
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3))


def difference_interval_adjusted_wald_welch(counts_a, counts_b, z, *, pseudo=(0.25, 0.5, 0.25)):
    """Adjusted Wald with the normal quantile replaced by Student's t at Welch's df.

    ``df = (V_a + V_b)^2 / (V_a^2 / (m_a - 1) + V_b^2 / (m_b - 1))`` with the
    adjusted sizes ``m = n + c`` (Welch-Satterthwaite); where both variances
    are 0, the normal quantile.
    """
    d_a, pa_a, p_a = _counts(counts_a)
    d_b, pa_b, p_b = _counts(counts_b)
    est_a, var_a = _score_and_variance(d_a, pa_a, p_a, pseudo)
    est_b, var_b = _score_and_variance(d_b, pa_b, p_b, pseudo)
    m_a, m_b = d_a + pa_a + p_a + sum(pseudo), d_b + pa_b + p_b + sum(pseudo)
    variance = var_a + var_b
    with np.errstate(divide="ignore", invalid="ignore"):
        df = variance**2 / (var_a**2 / (m_a - 1.0) + var_b**2 / (m_b - 1.0))
        q = np.where(np.isfinite(df) & (df > 0), _t_quantile(z, df), z)
    centre = est_b - est_a
    half = q * np.sqrt(variance)
    return _finish(centre - half, centre + half, _raw_difference(counts_a, counts_b))


def difference_interval_wald(counts_a, counts_b, z):
    """Wald interval on the raw counts."""
    return difference_interval_adjusted_wald(counts_a, counts_b, z, pseudo=(0.0, 0.0, 0.0))


def _pseudo_quarters(c):
    return (c / 4.0, c / 2.0, c / 4.0)


def _pseudo_thirds(c):
    return (c / 3.0, c / 3.0, c / 3.0)


def _bisect(predicate, lo, hi, iterations=60):
    """Boundary of a predicate False at ``lo`` and True at ``hi`` (vectorised)."""
    lo = np.array(lo, dtype=float, copy=True)
    hi = np.array(hi, dtype=float, copy=True)
    for _ in range(iterations):
        mid = 0.5 * (lo + hi)
        beyond = predicate(mid)
        hi = np.where(beyond, mid, hi)
        lo = np.where(beyond, lo, mid)
    return 0.5 * (lo + hi)


def tango_statistic(delta, b, c, n):
    """Tango's score statistic at ``delta`` (b promoters, c detractors, n answers)."""
    a2 = 2.0 * n
    b_coef = -b - c + (2.0 * n - b + c) * delta
    c_coef = -c * delta * (1.0 - delta)
    disc = np.maximum(b_coef**2 - 4.0 * a2 * c_coef, 0.0)
    q = (-b_coef + np.sqrt(disc)) / (2.0 * a2)
    variance = np.maximum(n * (2.0 * q + delta * (1.0 - delta)), 0.0)
    numerator = b - c - n * delta
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = numerator / np.sqrt(variance)
    degenerate = np.where(numerator > 0, np.inf, np.where(numerator < 0, -np.inf, 0.0))
    return np.where(variance > 0, stat, degenerate)


def nps_interval_score(d, pa, p, z):
    """Tango's score interval of one NPS (the statistic decreases in delta)."""
    d, pa, p = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (d, pa, p)))
    z = np.asarray(z, dtype=float)
    n = d + pa + p
    estimate = (p - d) / n
    low = _bisect(lambda t: tango_statistic(t, p, d, n) <= z, np.full_like(n, -1.0), estimate)
    high = _bisect(lambda t: tango_statistic(t, p, d, n) < -z, estimate, np.full_like(n, 1.0))
    low = np.where(tango_statistic(-1.0, p, d, n) <= z, -1.0, low)
    high = np.where(tango_statistic(1.0, p, d, n) >= -z, 1.0, high)
    return np.minimum(low, estimate), np.maximum(high, estimate)


def nps_interval_adjusted_wald(d, pa, p, z, pseudo=ROCKS_ADJUSTMENT):
    """Rocks' single-sample adjusted Wald interval, widened to the sample score, in -1..1."""
    d, pa, p = (np.asarray(v, dtype=float) for v in (d, pa, p))
    centre, variance = _score_and_variance(d, pa, p, pseudo)
    half = z * np.sqrt(variance)
    estimate = (p - d) / (d + pa + p)
    return (np.clip(np.minimum(centre - half, estimate), -1.0, 1.0),
            np.clip(np.maximum(centre + half, estimate), -1.0, 1.0))


def _mover(counts_a, counts_b, z, single):
    d_a, pa_a, p_a = _counts(counts_a)
    d_b, pa_b, p_b = _counts(counts_b)
    n_a, n_b = (p_a - d_a) / (d_a + pa_a + p_a), (p_b - d_b) / (d_b + pa_b + p_b)
    l_a, u_a = single(d_a, pa_a, p_a, z)
    l_b, u_b = single(d_b, pa_b, p_b, z)
    diff = n_b - n_a
    low = diff - np.sqrt((n_b - l_b) ** 2 + (u_a - n_a) ** 2)
    high = diff + np.sqrt((u_b - n_b) ** 2 + (n_a - l_a) ** 2)
    return _finish(low, high, diff)


def difference_interval_mover_score(counts_a, counts_b, z):
    """MOVER from the two single-sample Tango score intervals."""
    return _mover(counts_a, counts_b, z, nps_interval_score)


def difference_interval_mover_adjusted_wald(counts_a, counts_b, z):
    """MOVER from the two single-sample Rocks adjusted Wald intervals."""
    return _mover(counts_a, counts_b, z, nps_interval_adjusted_wald)


METHODS = {
    "wald": difference_interval_wald,
    **{f"adjusted-wald-c{c:g}": functools.partial(difference_interval_adjusted_wald,
                                                  pseudo=_pseudo_quarters(c))
       for c in (1.0, 1.5, 2.0, 3.0)},
    **{f"adjusted-wald-thirds-c{c:g}": functools.partial(difference_interval_adjusted_wald,
                                                         pseudo=_pseudo_thirds(c))
       for c in (1.5, 3.0)},
    **{f"adjusted-wald-welch-c{c:g}": functools.partial(difference_interval_adjusted_wald_welch,
                                                        pseudo=_pseudo_quarters(c))
       for c in (0.5, 1.0, 1.5)},
    "mover-score": difference_interval_mover_score,
    "mover-adjusted-wald": difference_interval_mover_adjusted_wald,
}
#: cxkit's default since the re-foundation: adjusted-wald-welch-c1, named "adjusted-welch"
#: in cxkit.stats.difference (the method chosen from this script's table).
CURRENT_DEFAULT = "adjusted-wald-welch-c1"


def cxkit_method(name: str):
    """cxkit's own implementation of difference method ``name`` as a ``(counts_a, counts_b, z)``
    function, so the table can show what the package ships next to the candidates."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from cxkit.stats.difference import nps_difference

    def interval(counts_a, counts_b, z):
        level = float(2.0 * ndtr(z) - 1.0)
        _diff, low, high, _p = nps_difference(counts_a, counts_b, confidence_level=level, method=name)
        return low, high

    return interval


for _name in ("adjusted-welch", "adjusted-wald", "wald"):
    METHODS[f"cxkit-{_name}"] = cxkit_method(_name)

# ---------------------------------------------------------------------------
# p-values consistent with the intervals
# ---------------------------------------------------------------------------


def p_value_adjusted_wald(counts_a, counts_b, *, pseudo=ROCKS_ADJUSTMENT):
    """Two-sided z-test on the adjusted centre and variance, matching the widened interval.

    1 where the raw difference is 0 or on the other side of 0 from the
    adjusted centre (the widened interval holds 0 at every level).
    """
    est_a, var_a = _score_and_variance(*_counts(counts_a), pseudo)
    est_b, var_b = _score_and_variance(*_counts(counts_b), pseudo)
    centre, se = est_b - est_a, np.sqrt(var_a + var_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(se > 0, 2.0 * ndtr(-np.abs(centre / se)), np.where(centre == 0, 1.0, 0.0))
    diff = _raw_difference(counts_a, counts_b)
    return np.where(np.sign(diff) * np.sign(centre) > 0, p, 1.0)


def p_value_adjusted_wald_welch(counts_a, counts_b, *, pseudo=(0.25, 0.5, 0.25)):
    """Welch t-test on the adjusted centre and variance (exact t distribution), with the
    same rule as :func:`p_value_adjusted_wald` where the raw difference is 0 or on the
    other side of 0 from the adjusted centre."""
    d_a, pa_a, p_a = _counts(counts_a)
    d_b, pa_b, p_b = _counts(counts_b)
    est_a, var_a = _score_and_variance(d_a, pa_a, p_a, pseudo)
    est_b, var_b = _score_and_variance(d_b, pa_b, p_b, pseudo)
    m_a, m_b = d_a + pa_a + p_a + sum(pseudo), d_b + pa_b + p_b + sum(pseudo)
    variance = var_a + var_b
    centre = est_b - est_a
    with np.errstate(divide="ignore", invalid="ignore"):
        df = variance**2 / (var_a**2 / (m_a - 1.0) + var_b**2 / (m_b - 1.0))
        t = np.abs(centre) / np.sqrt(variance)
        p = np.where(np.isfinite(df) & (df > 0), 2.0 * stdtr(df, -t), 2.0 * ndtr(-t))
    diff = _raw_difference(counts_a, counts_b)
    return np.where(np.sign(diff) * np.sign(centre) > 0, p, 1.0)


def p_value_by_inversion(method, counts_a, counts_b, *, iterations=50):
    """``2 (1 - Phi(z*))``, ``z*`` the smallest z whose interval holds 0 (bisection on z)."""
    d_a, pa_a, p_a = np.broadcast_arrays(*_counts(counts_a), *_counts(counts_b))[:3]
    shape = d_a.shape
    holds = lambda z: np.broadcast_to(  # noqa: E731
        (lambda lh: (lh[0] <= 0.0) & (0.0 <= lh[1]))(method(counts_a, counts_b, z)), shape)
    lo, hi = np.zeros(shape), np.full(shape, 40.0)
    z_star = _bisect(holds, lo, hi, iterations=iterations)
    z_star = np.where(holds(np.zeros(shape)), 0.0, z_star)
    return 2.0 * ndtr(-z_star)


# ---------------------------------------------------------------------------
# Exact enumeration
# ---------------------------------------------------------------------------

#: Pairs of true distributions, each (promoter share, detractor share).
EQUAL_PAIRS = tuple((dist, dist) for dist in (
    (0.30, 0.20), (0.50, 0.20), (0.60, 0.10), (0.40, 0.40), (0.80, 0.05), (0.10, 0.10), (0.20, 0.60)))
UNEQUAL_PAIRS = (
    ((0.30, 0.20), (0.40, 0.15)), ((0.50, 0.20), (0.40, 0.25)), ((0.60, 0.10), (0.70, 0.05)),
    ((0.80, 0.05), (0.90, 0.02)), ((0.20, 0.60), (0.30, 0.50)), ((0.45, 0.45), (0.50, 0.40)))
DISTRIBUTION_PAIRS = EQUAL_PAIRS + UNEQUAL_PAIRS
SIZES = ((20, 20), (30, 30), (50, 50), (100, 100), (200, 200), (300, 300), (30, 100), (50, 300))
QUICK_SIZES = ((20, 20), (30, 30), (100, 100), (30, 100))
#: Harder cases, outside the brief's grid (``--stress``): near-empty categories,
#: near-empty passives and very unequal group sizes.
STRESS_PAIRS = tuple((dist, dist) for dist in (
    (0.90, 0.02), (0.95, 0.02), (0.30, 0.01), (0.05, 0.05), (0.70, 0.25))) + (
    ((0.90, 0.02), (0.80, 0.05)), ((0.80, 0.05), (0.90, 0.02)), ((0.50, 0.45), (0.45, 0.50)))
STRESS_SIZES = ((20, 20), (30, 30), (50, 50), (100, 100), (20, 100), (20, 300), (30, 300))

CHUNK = 1 << 20  # outcome pairs per broadcast block


@functools.lru_cache(maxsize=None)
def likely_outcomes(n: int, promoter: float, detractor: float, tail: float):
    """Outcomes of one sample, most likely first, dropping at most ``tail`` of probability.

    Returns ``(counts, probabilities)`` with counts of shape (3, k):
    detractors, passives, promoters.
    """
    d, p = np.divmod(np.arange((n + 1) ** 2), n + 1)
    keep = d + p <= n
    d, p = d[keep], p[keep]
    pa = n - d - p
    passive = 1.0 - promoter - detractor
    log_prob = (gammaln(n + 1) - gammaln(d + 1) - gammaln(pa + 1) - gammaln(p + 1)
                + xlogy(d, detractor) + xlogy(pa, passive) + xlogy(p, promoter))
    prob = np.exp(log_prob)
    order = np.argsort(-prob, kind="stable")
    prob = prob[order]
    k = int(np.searchsorted(np.cumsum(prob), 1.0 - tail)) + 1
    k = min(k, len(prob))
    counts = np.stack([d, pa, p]).astype(float)[:, order[:k]]
    return counts, prob[:k]


def exact_coverage(methods, dist_a, dist_b, n_a, n_b, z, tail):
    """``{method: coverage}`` of ``NPS_b - NPS_a`` for one grid point."""
    counts_a, prob_a = likely_outcomes(n_a, *dist_a, tail)
    counts_b, prob_b = likely_outcomes(n_b, *dist_b, tail)
    truth = (dist_b[0] - dist_b[1]) - (dist_a[0] - dist_a[1])
    rows = max(1, CHUNK // counts_b.shape[1])
    cb = counts_b[:, None, :]
    cover = dict.fromkeys(methods, 0.0)
    for start in range(0, counts_a.shape[1], rows):
        ca = counts_a[:, start:start + rows, None]
        pa = prob_a[start:start + rows]
        for name in methods:
            low, high = METHODS[name](ca, cb, z)
            inside = (low <= truth + 1e-9) & (truth - 1e-9 <= high)
            cover[name] += float(pa @ (inside @ prob_b))
    return cover, counts_a.shape[1] * counts_b.shape[1]


def coverage_table(methods, pairs=DISTRIBUTION_PAIRS, sizes=SIZES, *, confidence_level=0.95,
                   tail=1e-7, verbose=False):
    z = float(ndtri(0.5 + confidence_level / 2.0))
    table = {}
    for n_a, n_b in sizes:
        for dist_a, dist_b in pairs:
            t0 = time.perf_counter()
            cover, n_pairs = exact_coverage(methods, dist_a, dist_b, n_a, n_b, z, tail)
            table[(dist_a, dist_b, n_a, n_b)] = cover
            if verbose:
                print(f"  {dist_a} {dist_b} {n_a}/{n_b}: {n_pairs:,} outcome pairs, "
                      f"{time.perf_counter() - t0:.1f} s", flush=True)
    return table


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def summary(table, methods):
    """Per method: mean/min coverage over n >= 30, at n = 20, over all; type-I error ranges."""
    groups = {
        "n >= 30": [k for k in table if min(k[2], k[3]) >= 30],
        "n = 20": [k for k in table if min(k[2], k[3]) == 20],
        "all n": list(table),
    }
    out = {}
    for m in methods:
        row = {}
        for label, keys in groups.items():
            if keys:
                values = np.array([table[k][m] for k in keys])
                row[label] = (values.mean(), values.min(), keys[int(values.argmin())],
                              np.sqrt(np.mean((values - 0.95) ** 2)))
        for label, keys in groups.items():
            null = [1.0 - table[k][m] for k in keys if k[0] == k[1]]
            if null:
                row["type-I " + label] = (min(null), max(null))
        out[m] = row
    return out


def _dist(d):
    return f"{d[0]:.2f}/{d[1]:.2f}"


def format_report(table, methods, *, confidence_level=0.95, tail=1e-7, title=""):
    short = {m: m.replace("adjusted-wald", "aw") for m in methods}
    width = max(9, *(len(s) for s in short.values())) + 1
    lines = [f"{title}Exact coverage of {confidence_level:.0%} intervals for NPS_b - NPS_a "
             f"(outcome pairs enumerated; dropped tail <= {2 * tail:.0e} per row)",
             "dist = promoter share/detractor share; aw = adjusted-wald",
             f"{'dist a':>9} {'dist b':>9} {'n_a':>4} {'n_b':>4} " + "".join(f"{short[m]:>{width}}" for m in methods)]
    for key in sorted(table, key=lambda k: (k[0] != k[1], k[0], k[1], k[2], k[3])):
        dist_a, dist_b, n_a, n_b = key
        lines.append(f"{_dist(dist_a):>9} {_dist(dist_b):>9} {n_a:>4} {n_b:>4} "
                     + "".join(f"{table[key][m]:>{width}.4f}" for m in methods))
    lines.append("")
    lines.append("Summary (coverage mean / minimum / root-mean-square distance from 0.95; "
                 "type-I error = 1 - coverage of a = b rows, min-max; n = smaller group)")
    summ = summary(table, methods)
    head = (f"{'method':<26}{'mean n>=30':>11}{'min n>=30':>10}{'rms n>=30':>10}{'mean n=20':>10}"
            f"{'min n=20':>9}{'mean all':>9}{'min all':>8}{'type-I n>=30':>16}{'type-I n=20':>15}")
    lines.append(head)
    for m in methods:
        r = summ[m]

        def cell(label, i, w):
            return f"{r[label][i]:>{w}.4f}" if label in r else f"{'-':>{w}}"

        def rng(label, w):
            return f"{r[label][0]:.4f}-{r[label][1]:.4f}".rjust(w) if label in r else "-".rjust(w)

        lines.append(f"{m:<26}{cell('n >= 30', 0, 11)}{cell('n >= 30', 1, 10)}{cell('n >= 30', 3, 10)}"
                     f"{cell('n = 20', 0, 10)}"
                     f"{cell('n = 20', 1, 9)}{cell('all n', 0, 9)}{cell('all n', 1, 8)}"
                     f"{rng('type-I n >= 30', 16)}{rng('type-I n = 20', 15)}")
    lines.append("")
    lines.append("Where each minimum over n >= 30 occurs:")
    for m in methods:
        if "n >= 30" in summ[m]:
            _, value, (dist_a, dist_b, n_a, n_b), _ = summ[m]["n >= 30"]
            lines.append(f"  {m:<26}{value:.4f} at {_dist(dist_a)} vs {_dist(dist_b)}, n {n_a}/{n_b}")
    ok = [m for m in methods if "n >= 30" in summ[m]
          and 0.94 <= summ[m]["n >= 30"][0] <= 0.96 and summ[m]["n >= 30"][1] >= 0.93]
    lines.append("Methods with mean 0.94-0.96 and minimum >= 0.93 over these rows with n >= 30: "
                 + (", ".join(ok) if ok else "none"))
    return "\n".join(lines)


def check_p_values(method_name="adjusted-wald-c1.5", n_a=20, n_b=30, confidence_level=0.95):
    """On every outcome pair at (n_a, n_b): inverted p-value vs closed form, and p < alpha vs 0 excluded."""
    z = float(ndtri(0.5 + confidence_level / 2.0))
    counts_a, _ = likely_outcomes(n_a, 0.4, 0.3, 0.0)
    counts_b, _ = likely_outcomes(n_b, 0.4, 0.3, 0.0)
    ca, cb = counts_a[:, :, None], counts_b[:, None, :]
    method = METHODS[method_name]
    low, high = method(ca, cb, z)
    excluded = (low > 0) | (high < 0)
    p_inv = p_value_by_inversion(method, ca, cb)
    lines = [f"p-value check, {method_name}, all {ca.shape[1] * cb.shape[2]:,} outcome pairs at n {n_a}/{n_b}:",
             f"  (p_inversion < {1 - confidence_level:.2f}) == interval excludes 0: "
             f"{np.mean((p_inv < 1 - confidence_level) == excluded):.6f} of pairs"]
    pseudo = getattr(method, "keywords", {}).get("pseudo")
    if pseudo is not None:
        closed = (p_value_adjusted_wald_welch if method.func is difference_interval_adjusted_wald_welch
                  else p_value_adjusted_wald)
        p_closed = closed(ca, cb, pseudo=pseudo)
        lines.append(f"  max |closed-form p - inverted p| = {np.max(np.abs(p_closed - p_inv)):.2e}; "
                     f"(p_closed < {1 - confidence_level:.2f}) == excludes 0: "
                     f"{np.mean((p_closed < 1 - confidence_level) == excluded):.6f} of pairs")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="n per group 20, 30, 100 and 30 vs 100 only (under a minute)")
    parser.add_argument("--methods", nargs="+", choices=list(METHODS), default=list(METHODS))
    parser.add_argument("--confidence-level", type=float, default=0.95)
    parser.add_argument("--tail", type=float, default=1e-7,
                        help="probability dropped per sample (least likely outcomes)")
    parser.add_argument("--stress", action="store_true",
                        help="also run the harder grid (rare categories, 20 or 30 vs 300)")
    parser.add_argument("--check-p", metavar="METHOD", choices=list(METHODS),
                        help="also verify the p-value of METHOD against its interval")
    parser.add_argument("--verbose", action="store_true", help="print the time of each grid point")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    table = coverage_table(args.methods, sizes=QUICK_SIZES if args.quick else SIZES,
                           confidence_level=args.confidence_level, tail=args.tail, verbose=args.verbose)
    print(format_report(table, args.methods, confidence_level=args.confidence_level, tail=args.tail))
    if args.stress:
        stress = coverage_table(args.methods, STRESS_PAIRS, STRESS_SIZES,
                                confidence_level=args.confidence_level, tail=args.tail, verbose=args.verbose)
        print()
        print(format_report(stress, args.methods, confidence_level=args.confidence_level, tail=args.tail,
                            title="STRESS GRID (not part of the acceptance grid). "))
    if args.check_p:
        print(check_p_values(args.check_p, confidence_level=args.confidence_level))
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
