"""Recency-frequency-monetary summary of a transaction table, as the BG/NBD and Gamma-Gamma models read it.

Definitions (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
Marketing Science 24(2) 275-284; Fader & Hardie's CDNOW notes and the
``summary_data_from_transaction_data`` of the ``lifetimes`` package):

- a *purchase* is a day with at least one transaction: several transactions of
  one customer on the same day count as one purchase whose value is their sum;
- the customer's *birth* is the day of the first purchase (over the whole
  table); customers born after ``calibration_end`` are left out;
- ``x``: repeat purchases in the calibration period, i.e. purchase days after
  the first one up to and including ``calibration_end``;
- ``t_x``: time from the first purchase to the last repeat purchase (0 when
  x = 0);
- ``T``: time from the first purchase to ``calibration_end``;
- ``mean_spend``: mean value of the x repeat purchases (the first purchase
  excluded, as in the Gamma-Gamma model); 0 when x = 0;
- times are in days (``freq="D"``) or weeks of 7 days counted from the day of
  the first purchase (``freq="W"``: days / 7, not calendar weeks), the
  convention of the published CDNOW calibration summary (T = 272 / 7 = 38.86
  weeks for a customer born 1997-01-01 with calibration_end 1997-09-30).

With ``observation_end`` a holdout period (calibration_end, observation_end]
is summarised too: ``x_holdout`` (purchase days in it) and
``duration_holdout`` (its length), to check the models' forecasts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..options import check_choice
from ..tables.engines import frame_kind
from .rfm_engine import engine_rfm
from .transactions import check_timestamp, check_transactions

__all__ = ["rfm_summary", "FREQ_DAYS"]

#: Length of one time unit in days, by ``freq``.
FREQ_DAYS = {"D": 1.0, "W": 7.0}


def rfm_summary(tx, *, customer, date, amount, calibration_end, freq: str = "W",
                observation_end=None) -> pd.DataFrame:
    """Per-customer ``x``, ``t_x``, ``T`` and ``mean_spend`` over a calibration period.

    Parameters
    ----------
    tx : DataFrame of any supported engine
        One row per transaction. A lazy frame (DuckDB, Polars lazy, Dask,
        PySpark) is checked and summarised in its engine
        (:mod:`cxkit.value.rfm_engine`); only the per-customer table comes back.
    customer, date, amount : column names
        ``date`` must be datetime64 (parse text dates first); amounts >= 0.
    calibration_end : date
        Last day of the calibration period (included), e.g. ``"1997-09-30"``.
    freq : {"W", "D"}
        Time unit: weeks of 7 days (default) or days.
    observation_end : date, optional
        Last day of a holdout period after ``calibration_end``; adds the
        columns ``x_holdout`` and ``duration_holdout``.

    Returns
    -------
    pandas.DataFrame
        Indexed by customer (sorted), columns ``x`` (int), ``t_x``, ``T``,
        ``mean_spend`` (and ``x_holdout``, ``duration_holdout``).

    Examples
    --------
    The published CDNOW calibration summary, rebuilt from the transactions::

        tx = cx.datasets.cdnow_transactions()
        rfm_summary(tx, customer="customer_id", date="date", amount="amount",
                    calibration_end="1997-09-30")
    """
    check_choice("freq", freq, tuple(FREQ_DAYS))
    unit = FREQ_DAYS[freq]
    cal_end = check_timestamp(calibration_end, name="calibration_end").normalize()
    obs_end = None
    if observation_end is not None:
        obs_end = check_timestamp(observation_end, name="observation_end").normalize()
        if obs_end <= cal_end:
            raise CxkitValueError(f"observation_end ({obs_end.date()}) must be after calibration_end "
                                  f"({cal_end.date()}): the holdout period follows the calibration period.")
    if not isinstance(tx, pd.DataFrame) and frame_kind(tx, name="tx") == "lazy":
        return engine_rfm(tx, customer=customer, date=date, amount=amount, cal_end=cal_end, obs_end=obs_end,
                          unit=unit)
    data = check_transactions(tx, customer=customer, date=date, amount=amount)
    first_day = data["date"].min().normalize()
    if cal_end < first_day:
        raise CxkitValueError(f"calibration_end ({cal_end.date()}) is before the first transaction "
                              f"({first_day.date()}); it must be on or after it, so that the calibration "
                              f"period holds purchases.")
    # One purchase per customer and day, worth the sum of that day's transactions.
    data["day"] = data["date"].dt.normalize()
    days = data.groupby(["customer", "day"], sort=True, observed=True)["amount"].sum().reset_index()
    birth = days.groupby("customer", sort=True)["day"].transform("min")
    days = days[birth <= cal_end]
    birth = birth[birth <= cal_end]
    in_cal = days["day"] <= cal_end
    cal = days[in_cal]
    cal_birth = birth[in_cal]
    repeat = cal["day"] > cal_birth
    grouped = cal.assign(repeat=repeat.to_numpy(),
                         repeat_amount=np.where(repeat, cal["amount"], 0.0)).groupby("customer", sort=True)
    first = grouped["day"].min()
    x = grouped["repeat"].sum().astype("int64")
    last = grouped["day"].max()
    spend = grouped["repeat_amount"].sum()
    to_units = 86_400.0 * unit
    out = pd.DataFrame({
        "x": x,
        "t_x": (last - first).dt.total_seconds() / to_units,
        "T": (cal_end - first).dt.total_seconds() / to_units,
        "mean_spend": np.where(x > 0, spend / np.maximum(x, 1), 0.0),
    })
    if obs_end is not None:
        hold = days[(days["day"] > cal_end) & (days["day"] <= obs_end)]
        out["x_holdout"] = hold.groupby("customer").size().reindex(out.index, fill_value=0).astype("int64")
        out["duration_holdout"] = (obs_end - cal_end).total_seconds() / to_units
    out.index.name = customer
    return out
