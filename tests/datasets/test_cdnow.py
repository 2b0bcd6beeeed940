"""The shipped CDNOW copy loads as documented, with its licence beside it."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pytest

from cxkit.datasets.cdnow import cdnow_calibration_summary, cdnow_transactions
from cxkit.errors import CxkitTypeError


def test_sample_transactions():
    tx = cdnow_transactions()
    assert list(tx.columns) == ["customer_id", "date", "cds", "amount"]
    assert len(tx) == 6919 and tx["customer_id"].nunique() == 2357
    assert pd.api.types.is_datetime64_dtype(tx["date"])
    assert tx["date"].min() == pd.Timestamp("1997-01-01") and tx["date"].max() == pd.Timestamp("1998-06-30")
    first = tx.iloc[0]
    assert (first["customer_id"], first["date"], first["cds"], first["amount"]) == (
        1, pd.Timestamp("1997-01-01"), 2, 29.33)


def test_master_transactions():
    tx = cdnow_transactions(sample=False)
    assert len(tx) == 69659 and tx["customer_id"].nunique() == 23570
    assert tx.iloc[1].tolist() == [2, pd.Timestamp("1997-01-12"), 1, 12.0]


def test_calibration_summary_and_licence_next_to_the_copy():
    summary = cdnow_calibration_summary()
    assert list(summary.columns) == ["ID", "x", "t_x", "T", "zbar"]
    assert len(summary) == 2357 and (summary["x"] > 0).sum() == 946
    folder = files("cxkit.datasets") / "data" / "cdnow"
    assert "MIT License" in (folder / "LICENSE_lifetimes_MIT.txt").read_text(encoding="utf-8")
    assert "Fader" in (folder / "README.txt").read_text(encoding="utf-8")


def test_sample_must_be_bool():
    with pytest.raises(CxkitTypeError, match=r"sample must be True .* or False .*; got 'yes'"):
        cdnow_transactions("yes")
