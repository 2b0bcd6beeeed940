"""first_response_time: hand-computed values, censoring, units and every error branch."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CxkitTypeError, CxkitValueError, SmallSampleWarning
from cxkit.service import ServiceEstimate, first_response_time
from cxkit.stats.survival import kaplan_meier, median_survival

NOW = pd.Timestamp("2024-03-10 00:00")


def tickets(hours, *, unanswered_ages=()):
    """Tickets created on 2024-03-01 at hourly steps, answered after ``hours``; unanswered ones created ``age`` before NOW."""
    created = pd.Timestamp("2024-03-01") + pd.to_timedelta(np.arange(len(hours)), unit="h")
    answered = created + pd.to_timedelta(np.asarray(hours, dtype=float), unit="h")
    late_created = NOW - pd.to_timedelta(np.asarray(unanswered_ages, dtype=float), unit="h")
    return pd.DataFrame({
        "created_at": list(created) + list(late_created),
        "first_response_at": list(answered) + [pd.NaT] * len(unanswered_ages),
    }, index=[f"T{i}" for i in range(len(hours) + len(unanswered_ages))])


HOURS = [0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 30]  # mean 6.8, median 3.5


def test_median_default_exact_interval_by_hand():
    # n = 10: P(Bin(10, .5) <= 1) = 11/1024 = 0.0107 <= 0.025 < P(<= 2) = 56/1024, so r = 2:
    # [x_(2), x_(9)] = [1, 12] h, coverage 1 - 22/1024 = 0.978516.
    est = first_response_time(tickets(HOURS))
    assert isinstance(est, ServiceEstimate)
    assert (est.value, est.low, est.high) == (3.5, 1.0, 12.0)
    assert est.unit == "h" and est.n == 10 and est.n_censored == 0 and est.statistic == "median"
    assert est.method.startswith("exact order-statistic")
    assert est.details["achieved_confidence_level"] == pytest.approx(1 - 22 / 1024)


def test_units_convert_the_value_and_interval():
    h = first_response_time(tickets(HOURS))
    m = first_response_time(tickets(HOURS), unit="min")
    d = first_response_time(tickets(HOURS), unit="d")
    s = first_response_time(tickets(HOURS), unit="s")
    assert (m.value, m.low, m.high, m.unit) == (210.0, 60.0, 720.0, "min")
    assert d.value == pytest.approx(3.5 / 24) and s.high == 12 * 3600
    assert h.to_dict()["unit"] == "h" and "min" in repr(m)


def test_mean_is_the_source_formula_with_bca_interval():
    with pytest.warns(SmallSampleWarning, match="only 10 tickets: the BCa interval"):
        est = first_response_time(tickets(HOURS), statistic="mean", rng=1)
    assert est.value == pytest.approx(sum(HOURS) / len(HOURS))  # total wait / number of requests
    assert est.low < est.value < est.high and est.method == "bca bootstrap"
    with pytest.warns(SmallSampleWarning):
        assert est == first_response_time(tickets(HOURS), statistic="mean", rng=1)
    assert est.details["n_resamples"] == 10_000


def test_cox_and_geometric_mean_by_hand():
    y = np.log(HOURS)
    cox = first_response_time(tickets(HOURS), statistic="mean", method="cox")
    assert cox.value == pytest.approx(np.exp(y.mean() + y.var(ddof=1) / 2))
    assert cox.details["sample_mean"] == pytest.approx(6.8)
    geo = first_response_time(tickets(HOURS), statistic="geometric-mean", unit="min")
    assert geo.value == pytest.approx(60 * np.exp(y.mean()))
    half = 2.2621571627409915 * y.std(ddof=1) / np.sqrt(10)  # t(9, 0.975)
    assert (geo.low, geo.high) == pytest.approx((60 * np.exp(y.mean() - half), 60 * np.exp(y.mean() + half)))


def test_unanswered_tickets_are_censored_at_now_with_kaplan_meier():
    data = tickets(HOURS, unanswered_ages=[20, 40, 50])
    est = first_response_time(data, now=NOW)
    assert est.n == 13 and est.n_censored == 3 and est.details["n_answered"] == 10
    assert est.method.startswith("kaplan-meier")
    waits = np.array(HOURS + [20, 40, 50])
    curve = kaplan_meier(waits, [True] * 10 + [False] * 3)
    assert (est.value, est.low, est.high) == median_survival(curve)
    # Dropping the unanswered tickets would understate the wait.
    assert est.value >= first_response_time(tickets(HOURS)).value


def test_median_beyond_the_data_when_most_are_unanswered():
    data = tickets([1, 2], unanswered_ages=[5, 6, 7])
    est = first_response_time(data, now=NOW)
    assert est.value == np.inf and est.high == np.inf and "fewer than half" in est.note


def test_small_samples_warn_and_give_an_unbounded_interval():
    with pytest.warns(SmallSampleWarning, match="only 4 tickets"):
        est = first_response_time(tickets([1, 2, 3, 4]))
    assert (est.low, est.high) == (0.0, np.inf)


def test_timezone_aware_columns_work():
    data = tickets(HOURS)
    data = data.apply(lambda c: c.dt.tz_localize("Europe/Berlin"))
    assert first_response_time(data).value == 3.5


def test_repr_html_and_dict():
    est = first_response_time(tickets(HOURS, unanswered_ages=[20]), now=NOW)
    assert repr(est).startswith("first_response_time (median) = ") and "1 censored" in repr(est)
    assert "<table" in est._repr_html_() and "n_censored" in est._repr_html_()
    assert est.to_dict()["n_censored"] == 1


# --- errors ---------------------------------------------------------------------------------

def test_negative_durations_name_the_rows():
    data = tickets(HOURS)
    data.loc["T3", "first_response_at"] = data.loc["T3", "created_at"] - pd.Timedelta("1h")
    data.loc["T7", "first_response_at"] = data.loc["T7", "created_at"] - pd.Timedelta("1min")
    with pytest.raises(CxkitValueError, match=r"must not be before created.*rows 'T3', 'T7' \(2 rows\)"):
        first_response_time(data)


def test_text_dates_are_refused():
    data = tickets(HOURS).astype(str)
    with pytest.raises(CxkitTypeError, match="must hold datetime64 times.*does not guess"):
        first_response_time(data)


def test_unanswered_without_now():
    with pytest.raises(CxkitValueError, match=r"now must be given.*row 'T10'"):
        first_response_time(tickets(HOURS, unanswered_ages=[3]))


def test_now_before_created_and_before_answers():
    data = tickets(HOURS, unanswered_ages=[3])
    with pytest.raises(CxkitValueError, match=r"now .* must not be before any ticket's created.*rows 'T1'"):
        first_response_time(data, now=pd.Timestamp("2024-03-01 00:30"))
    with pytest.raises(CxkitValueError, match="must not be before any first response"):
        first_response_time(tickets(HOURS), now=pd.Timestamp("2024-03-01 11:00"))
    with pytest.raises(CxkitTypeError, match="now must be a time.*not text"):
        first_response_time(data, now="2024-03-10")
    with pytest.raises(CxkitValueError, match="both carry a time zone"):
        first_response_time(data, now=NOW.tz_localize("UTC"))


def test_mean_with_censoring_is_refused_suggesting_the_median():
    with pytest.raises(CxkitValueError, match=r"cannot be estimated while 1 of 11.*statistic='median'"):
        first_response_time(tickets(HOURS, unanswered_ages=[3]), statistic="mean", now=NOW)
    with pytest.raises(CxkitValueError, match="method='exact' needs every ticket answered"):
        first_response_time(tickets(HOURS, unanswered_ages=[3]), method="exact", now=NOW)


def test_bad_options():
    data = tickets(HOURS)
    with pytest.raises(CxkitValueError, match=r"statistic \('average'\) must be one of 'median', 'mean'"):
        first_response_time(data, statistic="average")
    with pytest.raises(CxkitValueError, match=r"unit \('hours'\) must be one of 's', 'min', 'h' or 'd'"):
        first_response_time(data, unit="hours")
    with pytest.raises(CxkitValueError, match=r"method for statistic='median' \('cox'\) must be one of"):
        first_response_time(data, method="cox")
    with pytest.raises(CxkitValueError, match="confidence_level"):
        first_response_time(data, confidence_level=95)
    with pytest.raises(CxkitValueError, match="n_resamples"):
        first_response_time(data, statistic="mean", n_resamples=10)
    with pytest.raises(CxkitValueError, match="names column.*'opened_at'"):
        first_response_time(data, created="opened_at")
    with pytest.raises(CxkitTypeError, match="tickets must be a pandas DataFrame"):
        first_response_time([1, 2, 3])


def test_zero_waits_on_the_log_scale_and_too_few_tickets():
    with pytest.raises(CxkitValueError, match=r"every wait must be > 0.*row 'T0'"):
        first_response_time(tickets([0, 1, 2]), statistic="geometric-mean")
    with pytest.raises(CxkitValueError, match="at least 2 tickets"):
        first_response_time(tickets([1]), statistic="mean")
    with pytest.raises(CxkitValueError, match="has no rows"):
        first_response_time(tickets([]).astype("datetime64[ns]"))
    data = tickets(HOURS)
    data.loc["T2", "created_at"] = pd.NaT
    with pytest.raises(CxkitValueError, match=r"created .* missing \(NaT\) in row 'T2'"):
        first_response_time(data)


def test_equal_waits_warn_about_a_zero_width_bootstrap():
    with pytest.warns(SmallSampleWarning, match="zero width"):
        est = first_response_time(tickets([2, 2, 2]), statistic="mean", rng=1)
    assert est.low == est.high == 2.0
