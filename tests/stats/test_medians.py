"""The median's standard error and the difference of two medians (cxkit.stats.medians): Bonett's own reference
values, simulated coverage and size, properties, and their use for the first response time's changes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy.special import bdtr, ndtri

import cxkit as cx
from cxkit.errors import CxkitValueError
from cxkit.reports.monthly_service import service_rows
from cxkit.stats.medians import interval_standard_error, median_difference, median_standard_error
from cxkit.stats.survival import kaplan_meier, median_survival

# R package statpsych (D. G. Bonett), examples of ci.median and ci.median2.
Y = [30.2, 20.4, 15.1, 10.2, 10.5, 60.8, 20.8, 25.0, 20.7, 30.9, 10.8, 5.1, 50.9, 40.0, 20.9, 10.8, 0, 20.5, 50.8]
Y1 = [32.1, 39.8, 26.3, 35.0, 43.1, 27.0, 40.9, 37.4, 34.0, 29.2]
Y2 = [36.8, 44.0, 47.1, 42.7, 49.0, 39.6, 46.2, 31.6, 33.1, 48.4]


def test_bonett_reference_values():
    assert median_standard_error(Y) == pytest.approx(4.292277, abs=1e-6)  # ci.median(.05, y): SE
    s1, s2 = median_standard_error(Y1), median_standard_error(Y2)
    difference, low, high, p = median_difference(np.median(Y1), s1, np.median(Y2), s2, confidence_level=0.95)
    # ci.median2(.05, y1, y2): -8.85, SE 4.494993, LL -17.66002, UL -0.0399751
    assert (difference, np.hypot(s1, s2), low, high) == pytest.approx((-8.85, 4.494993, -17.66002, -0.0399751),
                                                                      abs=5e-6)  # as printed, 7 digits
    assert p == pytest.approx(2 * (1 - 0.9755), abs=2e-3) and p < 0.05  # z = 1.969: just significant


def _se_rows(sorted_rows: np.ndarray) -> np.ndarray:
    """median_standard_error of every row at once (the same sums, vectorised for the simulation)."""
    n = sorted_rows.shape[1]
    c = max(1, int(round(n / 2 - np.sqrt(n))))
    return (sorted_rows[:, n - c] - sorted_rows[:, c - 1]) / (2 * ndtri(1 - bdtr(c - 1, n, 0.5)))


@pytest.mark.parametrize("draw, median", [
    (lambda rng, scale, size: rng.exponential(scale, size), lambda scale: scale * np.log(2)),
    (lambda rng, scale, size: scale * rng.lognormal(0.0, 1.0, size), lambda scale: scale),
])
@pytest.mark.parametrize("n1, n2", [(15, 15), (40, 80), (200, 150)])
def test_simulated_coverage_and_size_of_the_difference_interval(draw, median, n1, n2):
    """Waits are skewed: exponential and log-normal, medians 5 and 7 (coverage) or equal (size), 4,000 runs."""
    rng = np.random.default_rng(n1 * 1000 + n2)
    reps = 4000
    a, b, same = (np.sort(draw(rng, scale, (reps, n)), axis=1) for scale, n in ((5.0, n1), (7.0, n2), (5.0, n2)))
    _d, low, high, _p = median_difference(np.median(a, 1), _se_rows(a), np.median(b, 1), _se_rows(b))
    truth = median(5.0) - median(7.0)
    assert _se_rows(a[:1])[0] == pytest.approx(median_standard_error(a[0]))
    coverage = np.mean((low <= truth) & (truth <= high))
    _d, _low, _high, p = median_difference(np.median(a, 1), _se_rows(a), np.median(same, 1), _se_rows(same))
    size = np.mean(p < 0.05)
    assert 0.935 <= coverage <= 0.972, coverage  # nominal 0.95; Monte Carlo SE 0.0035
    assert 0.025 <= size <= 0.065, size


def test_simulated_coverage_with_unanswered_tickets_kaplan_meier_medians():
    """Censored waits: Kaplan-Meier medians, SE read back from their Brookmeyer-Crowley intervals."""
    rng = np.random.default_rng(7)

    def one(n, scale):
        wait, censor = rng.exponential(scale, n), rng.exponential(scale / 0.2, n)
        value, low, high = median_survival(kaplan_meier(np.minimum(wait, censor), wait <= censor))
        return value, interval_standard_error(low, high)

    hits = rejected = 0
    reps = 600
    for _ in range(reps):
        (m1, s1), (m2, s2), (m3, s3) = one(80, 5.0), one(120, 7.0), one(120, 5.0)
        _d, low, high, _p = median_difference(m1, s1, m2, s2)
        hits += low <= (5.0 - 7.0) * np.log(2) <= high
        rejected += median_difference(m1, s1, m3, s3)[3] < 0.05
    assert 0.92 <= hits / reps <= 0.975 and 0.02 <= rejected / reps <= 0.085


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e3, 1e3), st.floats(0.01, 50), st.floats(-1e3, 1e3), st.floats(0.01, 50),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_swapping_the_months_mirrors_the_interval_and_p_matches_it(m1, s1, m2, s2, level):
    d, low, high, p = median_difference(m1, s1, m2, s2, confidence_level=level)
    d2, low2, high2, p2 = median_difference(m2, s2, m1, s1, confidence_level=level)
    assert d2 == pytest.approx(-d) and (low2, high2) == pytest.approx((-high, -low)) and p2 == pytest.approx(p)
    assert low <= d <= high
    if abs(p - (1 - level)) > 1e-9:
        assert (p < 1 - level) == (low > 0 or high < 0)  # the test rejects exactly when 0 is outside


def test_no_test_without_a_standard_error_and_bad_inputs_are_refused():
    assert np.isnan(median_difference(3.0, np.nan, 2.0, 1.0)[3])
    assert np.isnan(median_difference(3.0, 0.0, 2.0, 0.0)[1])  # all tied: no spread to test against
    assert np.isnan(interval_standard_error(1.0, np.inf))
    with pytest.raises(CxkitValueError, match="at least 2 finite values; got 1 value"):
        median_standard_error([4.0])
    with pytest.raises(CxkitValueError, match="standard errors must be >= 0"):
        median_difference(1.0, -1.0, 2.0, 1.0)


def _tickets(rng, month: str, n: int, scale: float, unanswered: float = 0.0) -> pd.DataFrame:
    start = pd.Timestamp(f"{month}-01")
    created = start + pd.to_timedelta(rng.uniform(0, 27 * 24, n), unit="h")
    answered = (created + pd.to_timedelta(rng.exponential(scale, n), unit="h")).where(rng.uniform(size=n) >= unanswered)
    return pd.DataFrame({"answered_at": created, "created_at": created, "first_response_at": answered})


@pytest.mark.parametrize("unanswered", [0.0, 0.05])
def test_the_monthly_first_response_time_changes_are_these_differences(unanswered):
    rng = np.random.default_rng(11)
    frame = pd.concat([_tickets(rng, "2025-10", 150, 6.0, unanswered), _tickets(rng, "2026-09", 120, 9.0, unanswered),
                       _tickets(rng, "2026-10", 140, 4.0, unanswered)], ignore_index=True)
    row = service_rows(frame, month="2026-10", previous="2026-09", year_ago="2025-10", confidence_level=0.9,
                       targets={})[0]
    now = max(frame["created_at"].max(), frame["first_response_at"].max())

    def estimate(month):
        rows = frame[frame["created_at"].dt.strftime("%Y-%m") == month]
        return cx.first_response_time(rows, unit="h", confidence_level=0.9, now=now)

    this, before, year = estimate("2026-10"), estimate("2026-09"), estimate("2025-10")
    assert ("kaplan" in this.method.lower()) == bool(unanswered), this.method
    for prefix, point, other in (("change", "change", before), ("yoy", "yoy_change", year)):
        expected = median_difference(this.value, this.details["se"], other.value, other.details["se"],
                                     confidence_level=0.9)
        got = (row[point], row[f"{prefix}_low"], row[f"{prefix}_high"], row[f"{prefix}_p"])
        assert got == pytest.approx(expected)
        assert np.isfinite(got).all()
    assert row["change"] < 0 and row["change_high"] < 0 and row["change_p"] < 0.01  # 9 h -> 4 h: a real drop


def test_a_small_month_or_one_mostly_unanswered_gets_no_test_and_nothing_fails():
    """Under 10 tickets (20 with unanswered ones) the normal approximation over-rejects: no SE, no test."""
    rng = np.random.default_rng(12)
    tiny = _tickets(rng, "2026-10", 4, 1.0)
    few_with_open = _tickets(rng, "2026-10", 15, 1.0)
    few_with_open.loc[:1, "first_response_at"] = pd.NaT  # two unanswered: Kaplan-Meier, which needs 20
    with pytest.warns(cx.SmallSampleWarning, match="only 4 tickets"):
        assert np.isnan(cx.first_response_time(tiny, unit="h", now=pd.Timestamp("2026-11-01")).details["se"])
    assert np.isnan(cx.first_response_time(few_with_open, unit="h", now=pd.Timestamp("2026-11-01")).details["se"])
    assert np.isfinite(cx.first_response_time(_tickets(rng, "2026-10", 10, 1.0), unit="h",
                                              now=pd.Timestamp("2026-11-01")).details["se"])
    frame = pd.concat([_tickets(rng, "2026-09", 200, 9.0), tiny], ignore_index=True)
    row = service_rows(frame, month="2026-10", previous="2026-09", year_ago="2025-10", confidence_level=0.95,
                       targets={})[0]
    assert row["change"] < 0 and np.isnan(row["change_low"]) and np.isnan(row["change_p"])  # shown, not tested
    # Every ticket of the month unanswered: the median is beyond the longest wait, an interval from there to inf.
    open_month = _tickets(rng, "2026-10", 30, 1.0, unanswered=1.0)
    frame = pd.concat([_tickets(rng, "2026-09", 200, 9.0), open_month], ignore_index=True)
    row = service_rows(frame, month="2026-10", previous="2026-09", year_ago="2025-10", confidence_level=0.95,
                       targets={})[0]
    now = max(frame["created_at"].max(), frame["first_response_at"].max())
    longest = (now - open_month["created_at"]).min() / pd.Timedelta(hours=1)
    assert row["value"] == np.inf and row["high"] == np.inf and row["low"] >= longest
    assert np.isnan(row["change_p"])
