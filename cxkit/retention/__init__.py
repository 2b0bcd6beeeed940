"""Churn and retention: churn rates per period, retention curves, median lifetime, cohort tables.

- :func:`churn_rate`, :func:`churn_rate_counts` (:mod:`.churn`): the monthly
  (or quarterly) churn rate with a binomial (Wilson) or exact Poisson interval.
- :func:`retention_curve`, :func:`median_lifetime`, :func:`compare_retention`
  (:mod:`.curves`): Kaplan-Meier curves with Greenwood log-log bands, the
  median lifetime with its interval, log-rank tests (Holm-adjusted across
  groups), on :mod:`cxkit.stats.survival`.
- :func:`cohort_retention` (:mod:`.cohorts`): start cohort x periods since
  start, right-censored cells NaN.
- :func:`poisson_rate_interval` (:mod:`.rates`): Garwood's exact interval for
  events per unit of exposure.
"""

from .churn import churn_rate, churn_rate_counts
from .cohorts import cohort_retention
from .curves import compare_retention, median_lifetime, retention_curve
from .rates import poisson_rate_interval

__all__ = ["churn_rate", "churn_rate_counts", "retention_curve", "median_lifetime", "compare_retention",
           "cohort_retention", "poisson_rate_interval"]
