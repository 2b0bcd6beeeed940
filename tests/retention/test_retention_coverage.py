"""Seeded simulations: actual coverage of the churn-rate intervals against their nominal 95 % (fast, < 10 s)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from cxkit.retention import churn_rate, churn_rate_counts, poisson_rate_interval
from cxkit.stats.proportion import proportion_interval

REPLICATES = 10_000


@pytest.mark.parametrize("base", [300, 500, 1000])
@pytest.mark.parametrize("true_rate", [0.03, 0.05, 0.10])
def test_wilson_churn_rate_covers_about_95_percent(base, true_rate):
    rng = np.random.default_rng([base, int(true_rate * 1000)])
    churned = rng.binomial(base, true_rate, REPLICATES)
    table = churn_rate_counts(churned, base)
    covered = ((table["low"] <= 100 * true_rate) & (100 * true_rate <= table["high"])).mean()
    assert 0.93 <= covered <= 0.97
    # The exact coverage by enumerating every count, which the simulation estimates (4 Monte Carlo SE).
    x = np.arange(base + 1)
    low, high = proportion_interval(x, base)
    exact = binom.pmf(x, base, true_rate)[(low <= true_rate) & (true_rate <= high)].sum()
    assert abs(covered - exact) <= 4 * np.sqrt(exact * (1 - exact) / REPLICATES)


def test_churn_rate_end_to_end_covers_a_constant_monthly_churn():
    # Customers start uniformly in 2023; each one active at the start of a later month leaves in that month
    # with probability 5 % (geometric number of months after the start month), on a uniform day of it. Given
    # the base, a month's churned count is then Binomial(base, 0.05) exactly.
    rng = np.random.default_rng(2024)
    p, covered, total = 0.05, 0, 0
    as_of = pd.Timestamp("2024-12-31")
    for _ in range(40):
        n = 400
        start = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
        end_month = start.to_period("M") + 0  # PeriodIndex
        months = rng.geometric(p, n)
        end_period = pd.PeriodIndex([m + int(k) for m, k in zip(end_month, months)], freq="M")
        days = end_period.days_in_month.to_numpy()
        end = end_period.start_time + pd.to_timedelta(np.floor(rng.random(n) * days), unit="D")
        end = pd.Series(end).where(pd.Series(end) <= as_of)
        table = churn_rate(pd.DataFrame({"start_date": start, "end_date": end.to_numpy()}), as_of=as_of)
        used = table[table["base"] > 0]
        covered += int(((used["low"] <= 100 * p) & (100 * p <= used["high"])).sum())
        total += len(used)
    assert total > 800
    assert 0.93 <= covered / total <= 0.97


@pytest.mark.parametrize("expected_events", [2.0, 10.0, 50.0])
def test_exact_poisson_interval_covers_at_least_95_percent(expected_events):
    rng = np.random.default_rng(int(expected_events))
    hazard = 0.04  # churn events per customer-month
    exposure = expected_events / hazard
    events = rng.poisson(expected_events, REPLICATES)
    low, high = poisson_rate_interval(events, exposure)
    covered = ((low <= hazard) & (hazard <= high)).mean()
    assert covered >= 0.95 - 3 * np.sqrt(0.95 * 0.05 / REPLICATES)
