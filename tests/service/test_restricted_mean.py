"""The restricted mean wait: area under the Kaplan-Meier curve up to a horizon, with its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.stats.survival import kaplan_meier, restricted_mean




def test_hand_computed_value_and_klein_moeschberger_variance():
    # Waits 1, 2, 2, 3+, 4, 5+ hours (+ = censored), horizon 4.5 h.
    t = np.array([1, 2, 2, 3, 4, 5.0])
    e = np.array([1, 1, 1, 0, 1, 0], dtype=bool)
    mu, se, low, high = restricted_mean(kaplan_meier(t, e), 4.5)
    # S = 1 on [0,1), 5/6 on [1,2), 1/2 on [2,4), 1/4 on [4,4.5).
    assert mu == pytest.approx(1 + 5 / 6 + 1 / 2 * 2 + 1 / 4 * 0.5)
    a1, a2, a4 = 5 / 6 + 1 + 0.125, 1 + 0.125, 0.125
    variance = a1 ** 2 * 1 / (6 * 5) + a2 ** 2 * 2 / (5 * 3) + a4 ** 2 * 1 / (2 * 1)
    assert se == pytest.approx(np.sqrt(variance))
    assert (low, high) == pytest.approx((mu - 1.959963984540054 * se, mu + 1.959963984540054 * se))


def test_without_censoring_and_a_horizon_past_every_wait_it_is_the_sample_mean():
    t = np.array([0.5, 1.5, 2.0, 7.0, 3.0])
    mu, se, _low, _high = restricted_mean(kaplan_meier(t, np.ones(5, bool)), 10.0)
    assert mu == pytest.approx(t.mean())
    # Then the variance is the plug-in variance of the mean, sum (x - mean)^2 / n^2.
    assert se == pytest.approx(np.sqrt(((t - t.mean()) ** 2).sum()) / len(t))


def test_first_response_time_restricted_mean_keeps_unanswered_tickets():
    created = pd.Timestamp("2026-10-01")
    now = created + pd.Timedelta(hours=30)
    waits = [1, 2, 2, 4, 10, None, None]  # two unanswered, censored at 30 h
    tickets = pd.DataFrame({"created_at": [created] * 7,
                            "first_response_at": [created + pd.Timedelta(hours=h) if h else pd.NaT for h in waits]})
    got = cx.first_response_time(tickets, statistic="restricted-mean", horizon="24h", now=now)
    t = np.array([1, 2, 2, 4, 10, 30, 30.0])
    e = np.array([1, 1, 1, 1, 1, 0, 0], bool)
    mu, se, low, high = restricted_mean(kaplan_meier(t, e), 24.0)
    assert (got.value, got.low, got.high, got.n, got.n_censored) == pytest.approx((mu, low, high, 7, 2))
    assert got.value == pytest.approx((1 + 2 + 2 + 4 + 10 + 24 + 24) / 7)
    assert got.details["horizon"] == 24.0 and got.method == "kaplan-meier restricted mean"
    with pytest.raises(cx.CxkitValueError, match=r"needs horizon=, the time up to which"):
        cx.first_response_time(tickets, statistic="restricted-mean", now=now)
    with pytest.raises(cx.CxkitValueError, match=r"horizon \('2 days'\) must be a number followed by"):
        cx.first_response_time(tickets, statistic="restricted-mean", horizon="2 days", now=now)
    with pytest.raises(cx.CxkitValueError, match=r"horizon \('48h', 48 h\) is beyond the longest wait observed "
                                                 r"\(30 h\)"):
        cx.first_response_time(tickets, statistic="restricted-mean", horizon="48h", now=now)
    with pytest.raises(cx.CxkitValueError, match=r"horizon \('24h'\) applies only to statistic='restricted-mean'"):
        cx.first_response_time(tickets, horizon="24h", now=now)
    with pytest.raises(cx.CxkitValueError, match=r"statistic='restricted-mean' with a horizon"):
        cx.first_response_time(tickets, statistic="mean", now=now)


def test_coverage_with_exponential_waits_and_random_censoring():
    # Waits ~ Exp(rate 1/8 h), censoring ~ Exp(rate 1/30 h); true mean within tau = (1 - exp(-tau/8)) * 8.
    rng = np.random.default_rng(2024)
    tau, scale, reps, n = 12.0, 8.0, 600, 150
    truth = scale * (1 - np.exp(-tau / scale))
    hits = 0
    for _ in range(reps):
        wait, censor = rng.exponential(scale, n), rng.exponential(30.0, n)
        t, e = np.minimum(wait, censor), wait <= censor
        _mu, _se, low, high = restricted_mean(kaplan_meier(t, e), tau)
        hits += low <= truth <= high
    coverage = hits / reps
    # 600 replications: the binomial SE of a true 0.95 is 0.009.
    assert 0.93 <= coverage <= 0.97, coverage
