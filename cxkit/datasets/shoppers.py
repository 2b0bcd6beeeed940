"""The UCI "Online Shoppers Purchasing Intention" data: one row per web session.

12,330 sessions of an online shop over one year, 1,908 of them ending in a
purchase (``Revenue`` True) -- real data for conversion rates by visitor
type, month, traffic source or weekend. Bundled unchanged (CC BY 4.0) in
``cxkit/datasets/data/online-shoppers/`` with its README.txt.

Source: UCI Machine Learning Repository, data set 468. Cite: Sakar, C. O.,
Polat, S. O., Katircioglu, M. & Kastro, Y. (2019). Real-time prediction of
online shoppers' purchasing intention using multilayer perceptron and LSTM
recurrent neural networks. Neural Computing and Applications 31, 6893-6908.

Columns as in the source: page counts ``Administrative``,
``Informational``, ``ProductRelated`` (nullable integers ``Int64``) and the
seconds spent on each kind (``*_Duration``, float); ``BounceRates``,
``ExitRates``, ``PageValues``, ``SpecialDay`` (float); ``Month`` as the
source writes it (``"Feb"``, ..., ``"June"``, ...; no January or April
sessions); ``OperatingSystems``, ``Browser``, ``Region``, ``TrafficType``
(integer codes); ``VisitorType`` (``"Returning_Visitor"``,
``"New_Visitor"``, ``"Other"``); ``Weekend`` and ``Revenue`` (bool). Fourteen
sessions have their eight page columns missing in the source; they are kept
(missing), never filled with zeros.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["online_shoppers", "ONLINE_SHOPPERS_FILE"]

#: The bundled file, relative to the cxkit.datasets package.
ONLINE_SHOPPERS_FILE = "data/online-shoppers/online_shoppers_intention.csv"

_COUNTS = ("Administrative", "Informational", "ProductRelated")
_CODES = ("OperatingSystems", "Browser", "Region", "TrafficType")


def online_shoppers() -> pd.DataFrame:
    """The 12,330 sessions of the online-shoppers data (a fresh copy on every call).

    ``Revenue`` (bool) marks the sessions that ended in a purchase: the
    conversion rate is ``cxkit.service.conversion_rate(df.Revenue.sum(), len(df))``.
    """
    source = resources.files("cxkit.datasets").joinpath(ONLINE_SHOPPERS_FILE)
    with source.open("rb") as handle:
        frame = pd.read_csv(handle, dtype={**{c: "Int64" for c in _COUNTS}, **{c: "int64" for c in _CODES},
                                           "Month": "string", "VisitorType": "string",
                                           "Weekend": "bool", "Revenue": "bool"})
    return frame
