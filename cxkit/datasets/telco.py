"""The IBM Telco Customer Churn data (7,043 customers), shipped with cxkit.

``telco_churn()`` reads ``data/telco-churn/Telco-Customer-Churn.csv`` inside
the package (Apache-2.0, IBM; origin and licence in ``README.txt`` and
``LICENSE`` beside it) through :mod:`importlib.resources`, so it works from a
source checkout and from an installed wheel alike.

What is converted, and how (nothing else is touched):

- ``TotalCharges`` is text in the file because 11 customers, all with
  ``tenure`` 0 (not billed yet), have a blank (``" "``) there. Blank values
  become NaN and the column becomes float; any other value that is not a
  number raises, so a changed file cannot be misread silently.
- ``churned`` (bool) is added after the last column: ``Churn == "Yes"``
  (the customer left within the last month). ``Churn`` itself is kept as
  ``"Yes"``/``"No"``; any other value raises.

Durations: ``tenure`` is whole months with the company, the time to churn for
churned customers and the time observed so far (right-censored) for the
others, so ``retention_curve("tenure", "churned", by="Contract", data=df)``
gives the retention curves by contract.
"""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

from ..errors import CxkitValueError

__all__ = ["telco_churn"]

ROWS = 7_043
FILE = "Telco-Customer-Churn.csv"


def telco_path():
    """The packaged CSV file (an importlib.resources Traversable)."""
    return files("cxkit.datasets") / "data" / "telco-churn" / FILE


def telco_churn() -> pd.DataFrame:
    """The IBM Telco Customer Churn data, one row per customer (see the module docstring)."""
    with telco_path().open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype={"TotalCharges": str, "customerID": str})
    text = frame["TotalCharges"].str.strip()
    blank = text == ""
    charges = pd.to_numeric(text.where(~blank), errors="coerce")
    unreadable = charges.isna() & ~blank
    if unreadable.any():
        raise CxkitValueError(f"{FILE}: TotalCharges is neither a number nor blank in rows "
                              f"{list(frame.index[unreadable][:5])}; the packaged file has changed.")
    frame["TotalCharges"] = charges.astype(float)
    unknown = ~frame["Churn"].isin(["Yes", "No"])
    if unknown.any():
        raise CxkitValueError(f"{FILE}: Churn must be 'Yes' or 'No'; rows {list(frame.index[unknown][:5])} "
                              f"are not; the packaged file has changed.")
    frame["churned"] = frame["Churn"].eq("Yes").to_numpy(dtype=bool)
    return frame
