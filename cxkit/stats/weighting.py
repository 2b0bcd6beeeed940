"""Survey weights: weighted estimates, Kish's effective n, linearised standard errors.

For a metric that is a weighted mean of per-answer scores ``x`` (NPS: -1/0/+1;
a share: 0/1; a mean: the answer), with weights ``w`` over the ``n`` answers
of a group:

- estimate ``theta = sum(w x) / sum(w)``;
- Taylor-linearised variance of this ratio estimator under the
  with-replacement (one-stage, ``ids = ~1``) design,
  ``v = n / (n - 1) * sum(w^2 (x - theta)^2) / sum(w)^2``
  (Woodruff 1971, JASA 66, 411-414; Wolter 2007, Introduction to Variance
  Estimation, 2nd ed., ch. 6; Lumley 2010, Complex Surveys, ch. 2; the
  ``scale <- nPSU / (nPSU - 1)`` of ``onestrat()`` in R's survey package).
  This is exactly what R's ``survey::svymean`` reports for
  ``svydesign(ids = ~1, weights = ~w, data = <the group's rows>)``; the factor
  ``n / (n - 1)`` makes it unbiased under with-replacement sampling. With equal
  weights it equals ``s^2 / n`` (``s`` the sample standard deviation, ddof 1),
  the textbook variance of a mean; for a share ``p (1 - p) / (n - 1)``. One
  answer gives no variance estimate (NaN; R's default ``lonely.psu = "fail"``
  refuses a stratum with one PSU).
  Note: ``svyby(~x, ~g, design, svymean)`` on the *whole* sample instead uses
  the sample's row count for ``n`` (domain estimation keeps every PSU); the
  two differ by ``(n_g - 1) N / (n_g (N - 1))``, well under 1 % once a group
  has 100 answers. cxkit follows the per-group form, so that a grouped row
  equals the group analysed alone.
- Kish's effective sample size ``n_eff = sum(w)^2 / sum(w^2)`` (Kish 1965,
  Survey Sampling), reported for reading;
- the interval: the metric's own method applied to *effective counts*, the
  weighted shares times ``n* = n / deff``, where ``deff = v / v_srs`` is the
  design effect that ``svymean(..., deff = TRUE)`` reports
  (``v_srs = svyvar / n``, with ``svyvar = n / (n - 1) * sigma^2`` and
  ``sigma^2`` the weighted variance of ``x``). The factor ``n / (n - 1)``
  cancels, so ``n* = sigma^2 / sum(w^2 (x - theta)^2) * sum(w)^2``: every
  method keeps its small-sample behaviour while its spread follows the
  design (the design-effect adjustment of Korn & Graubard 1998, Survey
  Methodology 24, 193-201, with Kish's n/deff). With equal weights
  ``deff = 1``, ``n* = n`` and every interval equals the unweighted one.

Everything works on per-group sums over answer categories, so weighting
costs two more ``bincount`` passes, not a loop over groups.
"""

from __future__ import annotations

import numpy as np

from ..errors import CxkitValueError


def kish_effective_n(weight_sum, weight_squared_sum):
    """Kish's effective sample size ``(sum w)^2 / sum w^2``; 0 where there are no answers."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(weight_squared_sum > 0, weight_sum**2 / weight_squared_sum, 0.0)


def effective_counts(weighted, squared, scores, *, n_answers=None):
    """Effective counts, linearised standard error and Kish n per group.

    Parameters
    ----------
    weighted, squared : (groups, k) arrays
        Sums of weights and of squared weights per answer category.
    scores : (k,) array
        The score ``x`` of each category.
    n_answers : (groups,) array of int, optional
        Unweighted number of answers in each group (the ``n`` of
        ``n / (n - 1)``). It cannot be recovered from the weight sums (three
        answers weighted 1/3, 1/3, 4/3 have the same sums as two weighted 1, 1).
        Without it the standard error is the large-sample form without
        ``n / (n - 1)``, which is smaller than R's by ``sqrt((n - 1) / n)``.

    Returns
    -------
    counts : (groups, k) effective counts (weighted shares times ``n*``)
    se : (groups,) linearised standard error of the estimate, in score units,
        equal to ``survey::svymean``'s when ``n_answers`` is given (NaN where a
        group has one answer, or none)
    n_kish : (groups,) Kish's effective sample size
    """
    weighted = np.atleast_2d(np.asarray(weighted, dtype=float))
    squared = np.atleast_2d(np.asarray(squared, dtype=float))
    scores = np.asarray(scores, dtype=float)
    total = weighted.sum(axis=1)
    n_kish = kish_effective_n(total, squared.sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = weighted @ scores / total
        dev2 = (scores[None, :] - theta[:, None]) ** 2
        sigma2 = (weighted * dev2).sum(axis=1) / total
        # Without n / (n - 1); it cancels in n* = n / deff (see the module notes).
        spread = (squared * dev2).sum(axis=1) / total**2
        n_star = np.where(spread > 0, sigma2 / spread, n_kish)
        counts = weighted / total[:, None] * n_star[:, None]
        variance = spread * _with_replacement_factor(n_answers, len(total))
    counts = np.where(total[:, None] > 0, counts, 0.0)
    return counts, np.sqrt(variance), n_kish


def _with_replacement_factor(n_answers, groups: int):
    """``n / (n - 1)`` per group (NaN for n < 2), or 1 without ``n_answers``."""
    if n_answers is None:
        return 1.0
    n = np.asarray(n_answers, dtype=float).reshape(-1) if np.ndim(n_answers) else np.full(groups, float(n_answers))
    if n.shape != (groups,) or not np.all(np.isfinite(n) & (n >= 0)):
        raise CxkitValueError(
            f"n_answers must hold one count >= 0 per group ({groups}); got {np.asarray(n_answers)!r}."
        )
    return np.where(n >= 2, n / np.where(n >= 2, n - 1.0, 1.0), np.nan)
