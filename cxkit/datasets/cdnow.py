"""The CDNOW transactions, shipped with cxkit, for CLV and repeat-purchase examples.

Purchases of the cohort of customers who first bought at the on-line music
retailer CDNOW in the first quarter of 1997, followed to 1998-06-30: the data
Fader, Hardie & Lee (2005, "Counting your customers the easy way", Marketing
Science 24(2) 275-284) fit the BG/NBD model to. The copy in
``cxkit/datasets/data/cdnow/`` comes from the MIT-licensed ``lifetimes`` 0.11.3
wheel; its licence and a note on its origin (``README.txt``) sit beside it.
"""

from __future__ import annotations

from importlib.resources import files

import pandas as pd

from ..errors import CxkitTypeError

__all__ = ["cdnow_transactions", "cdnow_calibration_summary"]


def _data_file(name: str):
    return files("cxkit.datasets") / "data" / "cdnow" / name


def cdnow_transactions(sample: bool = True) -> pd.DataFrame:
    """CDNOW purchases, one row per transaction line.

    Parameters
    ----------
    sample : bool
        True (default): the 1/10 research sample, 2,357 customers and 6,919
        transactions (the data of Fader, Hardie & Lee 2005). False: all 23,570
        customers, 69,659 transactions.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (int; the sample's ``sample_id`` 1..2357, which
        is the ``ID`` of :func:`cdnow_calibration_summary`, or the master file's
        id), ``date`` (datetime64), ``cds`` (int, CDs bought) and ``amount``
        (float, US dollars). Several lines of one customer may share a date.
    """
    if not isinstance(sample, bool):
        raise CxkitTypeError(f"sample must be True (the 1/10 sample) or False (all customers); got {sample!r}.")
    if sample:
        names = ["master_id", "customer_id", "date", "cds", "amount"]
        with _data_file("CDNOW_sample.txt").open("r", encoding="ascii") as fh:
            frame = pd.read_csv(fh, sep=r"\s+", header=None, names=names, dtype={"date": str})
        frame = frame.drop(columns="master_id")
    else:
        names = ["customer_id", "date", "cds", "amount"]
        with _data_file("CDNOW_master.txt").open("r", encoding="ascii") as fh:
            frame = pd.read_csv(fh, sep=r"\s+", header=0, names=names, dtype={"date": str})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    frame["customer_id"] = frame["customer_id"].astype("int64")
    frame["cds"] = frame["cds"].astype("int64")
    frame["amount"] = frame["amount"].astype("float64")
    return frame[["customer_id", "date", "cds", "amount"]]


def cdnow_calibration_summary() -> pd.DataFrame:
    """The published calibration summary of the CDNOW sample (Fader & Hardie).

    One row per customer of the 1/10 sample over the 39-week calibration
    period 1997-01-01 ... 1997-09-30: ``ID`` (the sample's customer id), ``x``
    (repeat purchases), ``t_x`` (week of the last repeat purchase, counted from
    the first purchase), ``T`` (weeks from the first purchase to 1997-09-30) and
    ``zbar`` (mean spend of the repeat purchases, 0 when x = 0), weeks being
    days / 7 rounded to 2 decimals. :func:`cxkit.value.rfm_summary` rebuilds it
    from :func:`cdnow_transactions`.
    """
    with _data_file("cdnow_customers_summary_with_transactions.csv").open("r", encoding="ascii") as fh:
        return pd.read_csv(fh, dtype={"ID": "int64", "x": "int64", "t_x": "float64", "T": "float64",
                                      "zbar": "float64"})
