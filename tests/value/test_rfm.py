"""rfm_summary rebuilds the published CDNOW calibration summary from the raw transactions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxkit.datasets.cdnow import cdnow_calibration_summary, cdnow_transactions
from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.value.rfm import rfm_summary


@pytest.fixture(scope="module")
def summary():
    tx = cdnow_transactions(sample=True)
    return rfm_summary(tx, customer="customer_id", date="date", amount="amount",
                       calibration_end="1997-09-30", freq="W", observation_end="1998-06-30")


def _half_up(values, digits=2):
    # The published file rounds half up (22.345 -> 22.35); a tiny nudge undoes
    # binary representation error (22.345 is stored as 22.3449999...).
    scale = 10.0**digits
    return np.floor(np.asarray(values) * scale + 0.5 + 1e-7) / scale


def test_rebuilds_the_published_cdnow_calibration_summary_exactly(summary):
    published = cdnow_calibration_summary().set_index("ID")
    assert len(summary) == len(published) == 2357
    assert summary.index.tolist() == published.index.tolist()
    np.testing.assert_array_equal(summary["x"].to_numpy(), published["x"].to_numpy())
    for ours, theirs in (("t_x", "t_x"), ("T", "T"), ("mean_spend", "zbar")):
        np.testing.assert_array_equal(_half_up(summary[ours]), published[theirs].to_numpy(), err_msg=ours)
        # and to the printed digits without any rounding rule:
        assert np.abs(summary[ours].to_numpy() - published[theirs].to_numpy()).max() <= 0.005 + 1e-9
    assert (summary["x"] > 0).sum() == 946


def test_first_customer_by_hand(summary):
    # Sample customer 1 bought on 1997-01-01 (29.33), 01-18 (29.73), 08-02 (14.96), 12-12 (26.48).
    row = summary.loc[1]
    assert row["x"] == 2
    assert row["t_x"] == pytest.approx(213 / 7)  # 1997-01-01 -> 08-02 is 213 days
    assert row["T"] == pytest.approx(272 / 7)  # 1997-01-01 -> 09-30 is 272 days
    assert row["mean_spend"] == pytest.approx((29.73 + 14.96) / 2)
    assert row["x_holdout"] == 1 and row["duration_holdout"] == pytest.approx(273 / 7)


def test_same_day_transactions_are_one_purchase_and_days_unit():
    tx = pd.DataFrame({
        "c": ["a", "a", "a", "a", "b"],
        "d": pd.to_datetime(["2024-01-01 00:00", "2024-01-03 09:00", "2024-01-03 17:00", "2024-01-20 00:00",
                            "2024-01-02 00:00"]),
        "v": [10.0, 5.0, 7.0, 100.0, 3.0],
    })
    out = rfm_summary(tx, customer="c", date="d", amount="v", calibration_end="2024-01-10", freq="D")
    assert out.loc["a"].tolist() == [1, 2.0, 9.0, 12.0]  # Jan 3 counted once, worth 5 + 7
    assert out.loc["b"].tolist() == [0, 0.0, 8.0, 0.0]
    # A customer born after calibration_end is not in the calibration cohort.
    late = pd.concat([tx, pd.DataFrame({"c": ["z"], "d": pd.to_datetime(["2024-02-01"]), "v": [1.0]})])
    assert "z" not in rfm_summary(late, customer="c", date="d", amount="v", calibration_end="2024-01-10").index


def _tx():
    return pd.DataFrame({"c": [1, 1, 2], "d": pd.to_datetime(["2024-01-01", "2024-01-05", "2024-01-02"]),
                         "v": [1.0, 2.0, 3.0]})


def test_errors_name_rows_and_say_what_is_allowed():
    kw = dict(customer="c", date="d", amount="v", calibration_end="2024-01-31")
    bad = _tx().assign(v=[1.0, -2.0, -3.0])
    with pytest.raises(CxkitValueError, match=r"amount has 2 negative values \(rows 1, 2\); amounts must be >= 0"):
        rfm_summary(bad, **kw)
    with pytest.raises(CxkitValueError, match=r"amount has 1 missing values \(row 0\)"):
        rfm_summary(_tx().assign(v=[np.nan, 1.0, 2.0]), **kw)
    with pytest.raises(CxkitTypeError, match=r"date column 'd' holds text.*parse them first"):
        rfm_summary(_tx().assign(d=["2024-01-01", "2024-01-05", "2024-01-02"]), **kw)
    with pytest.raises(CxkitValueError, match=r"date column 'd' has 1 missing dates \(row 2\)"):
        rfm_summary(_tx().assign(d=pd.to_datetime(["2024-01-01", "2024-01-05", None])), **kw)
    with pytest.raises(CxkitValueError, match=r"calibration_end \(2023-12-31\) is before the first transaction "
                                              r"\(2024-01-01\)"):
        rfm_summary(_tx(), **{**kw, "calibration_end": "2023-12-31"})
    with pytest.raises(CxkitValueError, match=r"observation_end \(2024-01-01\) must be after calibration_end"):
        rfm_summary(_tx(), **kw, observation_end="2024-01-01")
    with pytest.raises(CxkitValueError, match=r"freq \('M'\) must be one of 'D' or 'W'"):
        rfm_summary(_tx(), **kw, freq="M")
    with pytest.raises(CxkitValueError, match=r"amount names column\(s\) 'value' .* it has 'c', 'd', 'v'"):
        rfm_summary(_tx(), **{**kw, "amount": "value"})
    with pytest.raises(CxkitValueError, match=r"calibration_end \('30/09/1997'\) must be a date"):
        rfm_summary(_tx(), **{**kw, "calibration_end": "30/09/1997"})
    with pytest.raises(CxkitTypeError, match=r"amount column 'v' must hold numbers"):
        rfm_summary(_tx().assign(v=["1", "2", "3"]), **kw)
    with pytest.raises(CxkitValueError, match=r"customer column 'c' has 1 missing values \(row 1\)"):
        rfm_summary(_tx().assign(c=[1, None, 2]), **kw)
    with pytest.raises(CxkitTypeError, match=r"tx must be a pandas DataFrame; got list"):
        rfm_summary([1, 2], **kw)
