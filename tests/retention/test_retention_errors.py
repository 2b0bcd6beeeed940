"""Every bad input of churn and retention gets a clear error naming the rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.retention import (churn_rate, churn_rate_counts, cohort_retention, compare_retention, median_lifetime,
                             retention_curve)


def _customers(n=25):
    start = pd.date_range("2024-01-01", periods=n, freq="5D")
    return pd.DataFrame({"customer": [f"c{i}" for i in range(n)], "start_date": start,
                         "end_date": start + pd.Timedelta(days=40)})


@pytest.mark.parametrize("function", [churn_rate, cohort_retention])
def test_end_before_start_names_the_rows(function):
    frame = _customers()
    frame.loc[[4, 17, 20], "end_date"] = frame.loc[[4, 17, 20], "start_date"] - pd.Timedelta(days=1)
    with pytest.raises(CxkitValueError, match=r"end_date is before start_date in 3 rows \(rows 4, 17, 20\)"):
        function(frame)


def test_missing_start_dates():
    frame = _customers()
    frame.loc[[2, 9], "start_date"] = pd.NaT
    with pytest.raises(CxkitValueError, match=r"start column 'start_date' is missing in 2 rows \(rows 2, 9\)"):
        churn_rate(frame)


def test_duplicate_customer_ids_when_an_id_column_is_given():
    frame = _customers()
    frame.loc[7, "customer"] = "c3"
    with pytest.raises(CxkitValueError, match=r"repeats 1 ids in 2 rows \(rows 3, 7\), such as 'c3'"):
        churn_rate(frame, customer_id="customer")
    churn_rate(frame)  # without customer_id repeated ids are not checked
    frame.loc[7, "customer"] = None
    with pytest.raises(CxkitValueError, match=r"customer_id column 'customer' is missing in 1 row \(row 7\)"):
        cohort_retention(frame, customer_id="customer")


def test_text_dates_are_refused_not_guessed():
    frame = _customers().astype({"start_date": str})
    with pytest.raises(CxkitTypeError, match=r"start column 'start_date' holds text, not datetime64 dates, in 25 "
                                             r"rows \(rows 0, 1, 2, 3, 4, \.\.\.\).*never guessed.*parse_dates"):
        churn_rate(frame)
    numbers = _customers().assign(end_date=1.0)
    with pytest.raises(CxkitTypeError, match=r"end column 'end_date' holds values of dtype float64"):
        cohort_retention(numbers)


def test_missing_columns_and_not_a_frame():
    with pytest.raises(CxkitValueError, match=r"start names column\(s\) 'begin' that the data does not have"):
        churn_rate(_customers(), start="begin")
    with pytest.raises(CxkitTypeError, match=r"customers must be a pandas DataFrame; got list"):
        churn_rate([1, 2])
    with pytest.raises(CxkitValueError, match="customers has no rows"):
        churn_rate(_customers().iloc[:0])


def test_bad_options():
    frame = _customers()
    with pytest.raises(CxkitValueError, match=r"freq \('W'\) must be one of 'M' \(months\) or 'Q' \(quarters\)"):
        churn_rate(frame, freq="W")
    with pytest.raises(CxkitValueError, match=r"method \('wilsn'\) must be one of 'wilson', 'jeffreys'"):
        churn_rate(frame, method="wilsn")
    with pytest.raises(CxkitValueError, match=r"confidence_level \(95\) must be strictly between 0 and 1"):
        cohort_retention(frame, confidence_level=95)
    with pytest.raises(CxkitTypeError, match="include_new must be True or False; got 'yes'"):
        churn_rate(frame, include_new="yes")
    with pytest.raises(CxkitValueError, match=r"as_of \(2024-01-01 00:00:00\) is before the latest date"):
        churn_rate(frame, as_of=pd.Timestamp("2024-01-01"))
    with pytest.raises(CxkitTypeError, match="as_of must be a date"):
        churn_rate(frame, as_of="2024-12-31")


def test_negative_and_missing_durations_name_the_rows():
    with pytest.raises(CxkitValueError, match=r"durations is negative in 2 rows \(rows 1, 3\), such as -1\.0, -2\.0"):
        retention_curve([1, -1, 2, -2], [1, 1, 0, 0])
    with pytest.raises(CxkitValueError, match=r"durations is missing \(NaN\) in 1 row \(row 2\)"):
        median_lifetime([1, 2, np.nan], [1, 1, 0])
    with pytest.raises(CxkitValueError, match=r"durations is infinite in 1 row \(row 0\)"):
        retention_curve([np.inf], [1])
    with pytest.raises(CxkitTypeError, match=r"durations must be numbers .* got values of dtype"):
        retention_curve(["1", "2"], [1, 0])
    with pytest.raises(CxkitValueError, match="durations is empty"):
        retention_curve([], [])


def test_observed_must_be_boolean_like():
    with pytest.raises(CxkitValueError, match=r"observed is not boolean-like in 1 row \(row 2\), such as 2\.0"):
        retention_curve([1, 2, 3], [1, 0, 2])
    data = pd.DataFrame({"t": [1, 2, 3], "churn": ["Yes", "No", "Yes"]})
    with pytest.raises(CxkitTypeError, match=r"observed is not boolean-like in 3 rows .*eq\('Yes'\)"):
        retention_curve("t", "churn", data=data)
    with pytest.raises(CxkitValueError, match=r"observed is not boolean-like in 1 row \(row 1\), such as nan"):
        retention_curve([1, 2], [1.0, np.nan])
    with pytest.raises(CxkitValueError, match="observed has 2 values but durations has 3"):
        retention_curve([1, 2, 3], [1, 0])


def test_groups_and_comparisons():
    with pytest.raises(CxkitValueError, match=r"by \('g'\) is missing in 1 row \(row 1\)"):
        retention_curve("t", "e", by="g", data=pd.DataFrame({"t": [1, 2], "e": [1, 1], "g": ["a", None]}))
    with pytest.raises(CxkitValueError, match="comparing retention needs at least two"):
        compare_retention([1, 2], [1, 1], by=["a", "a"])
    with pytest.raises(CxkitValueError, match="compare_retention needs by="):
        compare_retention([1, 2], [1, 1], by=None)
    with pytest.raises(CxkitValueError, match=r"versus \('others'\) must be one of 'all-pairs' or 'rest'"):
        compare_retention([1, 2], [1, 1], by=["a", "b"], versus="others")
    with pytest.raises(CxkitValueError, match="by has 1 labels but durations has 2"):
        retention_curve([1, 2], [1, 1], by=["a"])
    with pytest.raises(CxkitValueError, match=r"durations names column\(s\) 'tenure'"):
        retention_curve("tenure", "e", data=pd.DataFrame({"t": [1], "e": [1]}))


def test_churn_rate_counts_errors():
    with pytest.raises(CxkitValueError, match=r"churned is larger than base in 1 row \(row 1\)"):
        churn_rate_counts([1, 5], [10, 4])
    with pytest.raises(CxkitValueError, match=r"churned must be whole numbers >= 0; it is not in 2 rows \(rows 0, 2\)"):
        churn_rate_counts([-1, 2, 1.5], 10)
    with pytest.raises(CxkitTypeError, match="base must be counts"):
        churn_rate_counts(1, "10")
    with pytest.raises(CxkitValueError, match="churned has 2 values and base has 3"):
        churn_rate_counts([1, 2], [3, 4, 5])
