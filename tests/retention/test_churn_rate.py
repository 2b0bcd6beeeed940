"""churn_rate and churn_rate_counts: hand-checked periods, exposure, and the intervals against references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.rates import confint_poisson

from cxkit.retention import churn_rate, churn_rate_counts, poisson_rate_interval


@pytest.fixture
def customers():
    # Six customers; the data end on 2024-04-01 (the latest date).
    return pd.DataFrame({
        "start_date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-02-10", "2024-03-01",
                                      "2024-03-15"]),
        "end_date": pd.to_datetime(["2024-02-10", None, "2024-02-20", "2024-04-01", None, "2024-03-30"]),
    })


def test_base_and_churned_by_hand(customers):
    table = churn_rate(customers)
    assert list(table.columns) == ["period", "base", "churned", "rate", "low", "high", "n", "method",
                                   "confidence_level", "unit", "note"]
    assert [str(p) for p in table["period"]] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    # Feb: base = the two January starters; one (ended 02-10) leaves. Mar: customers 2 and 4 (3 left 02-20),
    # nobody of them leaves. Apr: 2, 4, 5 (6 joined and left in March); 4 leaves on 04-01.
    assert table["base"].tolist() == [0, 2, 2, 3]
    assert table["churned"].tolist() == [0, 1, 0, 1]
    np.testing.assert_allclose(table["rate"].iloc[1:], [50.0, 0.0, 100 / 3])
    assert table["n"].tolist() == table["base"].tolist()
    assert (table["method"] == "wilson").all() and (table["unit"] == "% of base").all()


def test_a_period_without_base_is_nan_with_a_note_and_the_last_one_is_flagged_incomplete(customers):
    table = churn_rate(customers)
    assert np.isnan(table.loc[0, ["rate", "low", "high"]].astype(float)).all()
    assert table.loc[0, "note"] == "no customers active at the end of the previous period"
    assert table.loc[3, "note"] == "incomplete month: the data end on 2024-04-01"
    assert churn_rate(customers, as_of=pd.Timestamp("2024-04-30"))["note"].iloc[-1] == ""


def test_interval_is_the_chosen_binomial_method_in_percent(customers):
    for method, reference in (("wilson", "wilson"), ("clopper-pearson", "beta"), ("agresti-coull", "agresti_coull")):
        table = churn_rate(customers, method=method, confidence_level=0.9)
        low, high = proportion_confint(table["churned"][1:], table["base"][1:], alpha=0.1, method=reference)
        np.testing.assert_allclose(table["low"][1:], 100 * low, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(table["high"][1:], 100 * high, rtol=1e-10)
        assert (table["method"] == method).all() and (table["confidence_level"] == 0.9).all()


def test_include_new_counts_every_exit_per_customer_month_of_exposure(customers):
    table = churn_rate(customers, include_new=True)
    # Exposure, days active in the period / days in the period:
    # Jan (31 d): 27 + 12; Feb (29 d): 9 + 29 + 17 + 20; Mar (31 d): 31 + 31 + 31 + 15
    # (customer 4 until 04-01, 6 from 03-15 to 03-30); Apr: the data end with 04-01, 2 of 30 days.
    np.testing.assert_allclose(table["exposure"], [39 / 31, 75 / 29, 108 / 31, 2 / 30])
    assert table["churned"].tolist() == [0, 2, 1, 1]  # February counts customer 3, who joined in February
    assert table["n"].tolist() == [2, 4, 4, 3]
    np.testing.assert_allclose(table["rate"], 100 * table["churned"] / table["exposure"])
    assert (table["method"] == "poisson-exact").all()
    assert (table["unit"] == "churn events per 100 customer-months").all()
    low, high = confint_poisson(table["churned"].to_numpy(), table["exposure"].to_numpy(), method="exact-c")
    np.testing.assert_allclose(table["low"], 100 * low, rtol=1e-9)
    np.testing.assert_allclose(table["high"], 100 * high, rtol=1e-9)


def test_quarters_and_a_customer_active_throughout_contribute_a_whole_period():
    frame = pd.DataFrame({"start_date": pd.to_datetime(["2023-12-31", "2024-02-15"]),
                          "end_date": pd.to_datetime([None, "2024-05-01"])})
    table = churn_rate(frame, freq="Q", include_new=True, as_of=pd.Timestamp("2024-06-30"))
    assert [str(p) for p in table["period"]] == ["2023Q4", "2024Q1", "2024Q2"]
    np.testing.assert_allclose(table["exposure"].iloc[1:], [1 + 46 / 91, 1 + 30 / 91])
    assert table["churned"].tolist() == [0, 0, 1]
    assert table["note"].tolist() == ["", "", ""]
    assert churn_rate(frame, freq="Q")["base"].tolist() == [0, 1, 2]


def test_timezone_aware_dates_keep_their_clock_time():
    frame = pd.DataFrame({"start_date": pd.to_datetime(["2024-01-31 23:30"]).tz_localize("Europe/Moscow"),
                          "end_date": pd.to_datetime(["2024-02-29 23:30"]).tz_localize("Europe/Moscow")})
    table = churn_rate(frame)
    assert table["base"].tolist() == [0, 1] and table["churned"].tolist() == [0, 1]


def test_garwood_interval_matches_the_chi_square_form_and_statsmodels():
    k, exposure = np.array([0, 1, 3, 10, 250]), np.array([2.5, 1.0, 1.0, 40.0, 3000.0])
    low, high = poisson_rate_interval(k, exposure, confidence_level=0.95)
    # Garwood (1936): chi2(alpha/2; 2k) / 2E and chi2(1 - alpha/2; 2k + 2) / 2E.
    np.testing.assert_allclose(low[1:], chi2.ppf(0.025, 2 * k[1:]) / (2 * exposure[1:]), rtol=1e-10)
    np.testing.assert_allclose(high, chi2.ppf(0.975, 2 * k + 2) / (2 * exposure), rtol=1e-10)
    assert low[0] == 0.0
    # R: poisson.test(3)$conf.int -> 0.6186721 8.7672731
    assert (low[2], high[2]) == pytest.approx((0.6186721, 8.7672731), abs=1e-7)
    ref = confint_poisson(k, exposure, method="exact-c")
    np.testing.assert_allclose(high, ref[1], rtol=1e-10)
    assert np.isnan(poisson_rate_interval(2, 0.0)[0])


def test_churn_rate_counts_vectorised_with_a_zero_base():
    table = churn_rate_counts(pd.Series([3, 0, 5, 0], index=list("abcd")), pd.Series([100, 0, 50, 40],
                                                                                       index=list("abcd")))
    assert list(table.index) == list("abcd")
    np.testing.assert_allclose(table["rate"], [3.0, np.nan, 10.0, 0.0])
    low, high = proportion_confint([3, 5, 0], [100, 50, 40], method="wilson")
    np.testing.assert_allclose(table["low"].iloc[[0, 2, 3]], 100 * low, atol=1e-12)
    np.testing.assert_allclose(table["high"].iloc[[0, 2, 3]], 100 * high)
    assert table.loc["b", "note"] == "no customers active at the end of the previous period"
    assert table["n"].tolist() == [100, 0, 50, 40]
    one = churn_rate_counts(12, 300, method="jeffreys", confidence_level=0.9)
    assert len(one) == 1 and one["rate"].iloc[0] == 4.0 and one["method"].iloc[0] == "jeffreys"
    assert churn_rate_counts([1, 2], 10)["base"].tolist() == [10, 10]


def test_row_order_does_not_matter(customers):
    shuffled = customers.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(churn_rate(shuffled, include_new=True), churn_rate(customers, include_new=True))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2000), st.integers(0, 2000), st.sampled_from(["wilson", "jeffreys", "clopper-pearson"]),
       st.floats(0.5, 0.999))
def test_intervals_contain_the_rate_and_widen_with_the_level(a, b, method, level):
    churned, base = min(a, b), max(a, b, 1)
    narrow = churn_rate_counts(churned, base, method=method, confidence_level=level).iloc[0]
    wide = churn_rate_counts(churned, base, method=method, confidence_level=(1 + level) / 2).iloc[0]
    assert 0 <= wide["low"] <= narrow["low"] <= narrow["rate"] <= narrow["high"] <= wide["high"] <= 100
    low, high = poisson_rate_interval(churned, base / 10, confidence_level=level)
    low2, high2 = poisson_rate_interval(churned, base / 10, confidence_level=(1 + level) / 2)
    assert 0 <= low2 <= low <= churned / (base / 10) <= high <= high2
