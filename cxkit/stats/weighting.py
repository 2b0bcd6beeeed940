"""Survey weights: weighted estimates, Kish's effective n, linearised standard errors.

For a metric that is a weighted mean of per-answer scores ``x`` (NPS: -1/0/+1;
a share: 0/1; a mean: the answer), with weights ``w``:

- estimate ``theta = sum(w x) / sum(w)``;
- Taylor-linearised variance of this ratio estimator (with-replacement
  approximation) ``v = sum(w^2 (x - theta)^2) / sum(w)^2`` (Woodruff 1971;
  Wolter 2007, Introduction to Variance Estimation, ch. 6);
- Kish's effective sample size ``n_eff = sum(w)^2 / sum(w^2)`` (Kish 1965,
  Survey Sampling), reported for reading;
- the interval: the metric's own method applied to *effective counts*, the
  weighted shares times ``n* = sigma^2 / v`` where ``sigma^2`` is the
  weighted variance of ``x``, so that every method keeps its small-sample
  behaviour while its variance equals the linearised one (the design-effect
  adjustment of Korn & Graubard 1998, Survey Methodology 24, 193-201).
  With equal weights ``n* = n`` and every result equals the unweighted one.

Everything works on per-group sums over answer categories, so weighting
costs two more ``bincount`` passes, not a loop over groups.
"""

from __future__ import annotations

import numpy as np


def kish_effective_n(weight_sum, weight_squared_sum):
    """Kish's effective sample size ``(sum w)^2 / sum w^2``; 0 where there are no answers."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(weight_squared_sum > 0, weight_sum**2 / weight_squared_sum, 0.0)


def effective_counts(weighted, squared, scores):
    """Effective counts, linearised standard error and Kish n per group.

    Parameters
    ----------
    weighted, squared : (groups, k) arrays
        Sums of weights and of squared weights per answer category.
    scores : (k,) array
        The score ``x`` of each category.

    Returns
    -------
    counts : (groups, k) effective counts (weighted shares times ``n*``)
    se : (groups,) linearised standard error of the estimate, in score units
    n_kish : (groups,) Kish's effective sample size
    """
    scores = np.asarray(scores, dtype=float)
    total = weighted.sum(axis=1)
    n_kish = kish_effective_n(total, squared.sum(axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        theta = weighted @ scores / total
        dev2 = (scores[None, :] - theta[:, None]) ** 2
        sigma2 = (weighted * dev2).sum(axis=1) / total
        variance = (squared * dev2).sum(axis=1) / total**2
        n_star = np.where(variance > 0, sigma2 / variance, n_kish)
        counts = weighted / total[:, None] * n_star[:, None]
    counts = np.where(total[:, None] > 0, counts, 0.0)
    return counts, np.sqrt(variance), n_kish
