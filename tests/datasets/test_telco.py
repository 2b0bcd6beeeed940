"""The packaged IBM Telco Customer Churn data: shipped with its licence, read with explicit conversions."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pandas as pd

from cxkit.datasets.telco import telco_churn, telco_path

FOLDER = files("cxkit.datasets") / "data" / "telco-churn"


def test_the_copy_carries_its_licence_and_origin():
    names = {entry.name for entry in FOLDER.iterdir()}
    assert {"Telco-Customer-Churn.csv", "LICENSE", "README.txt"} <= names
    assert "Apache License" in (FOLDER / "LICENSE").read_text(encoding="utf-8")
    readme = (FOLDER / "README.txt").read_text(encoding="utf-8")
    assert "IBM/telco-customer-churn-on-icp4d" in readme and "Apache License 2.0" in readme


def test_rows_columns_and_dtypes():
    frame = telco_churn()
    assert frame.shape == (7043, 22)
    assert frame["customerID"].is_unique
    assert frame.columns[-1] == "churned" and frame["churned"].dtype == bool
    assert frame["tenure"].dtype == np.int64 and frame["tenure"].between(0, 72).all()
    assert frame["TotalCharges"].dtype == np.float64
    assert sorted(frame["Contract"].unique()) == ["Month-to-month", "One year", "Two year"]
    assert (frame["churned"] == (frame["Churn"] == "Yes")).all() and frame["churned"].sum() == 1869


def test_blank_total_charges_become_nan_only_for_customers_not_yet_billed():
    frame = telco_churn()
    with telco_path().open("r", encoding="utf-8") as handle:
        raw = pd.read_csv(handle, dtype=str, keep_default_na=False)
    blank = raw["TotalCharges"].str.strip() == ""
    assert blank.sum() == 11 == frame["TotalCharges"].isna().sum()
    assert (frame.loc[blank.to_numpy(), "tenure"] == 0).all()
    np.testing.assert_allclose(frame.loc[~blank.to_numpy(), "TotalCharges"], raw.loc[~blank, "TotalCharges"].astype(float))
