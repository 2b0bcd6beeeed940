"""A real funnel: the UCI online-shoppers sessions, session -> product pages -> purchase.

Data: :func:`cxkit.datasets.online_shoppers` (12,330 sessions of one shop over
a year, 1,908 with a purchase; Sakar et al. 2019, CC BY 4.0). Stages of a
session: ``session`` (every row), ``product_pages`` (at least one
product-related page viewed, ``ProductRelated > 0``) and ``purchase``
(``Revenue``). A purchase implies a product page: the 6 purchasing sessions
whose product-page count is 0 or missing in the source are counted as having
reached product pages (said in ``attrs["n_purchase_without_product_pages"]``);
the 14 sessions without page counts otherwise count as not having reached
them, as nothing shows they did.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..inputs.columns import column_names, require_columns
from ..options import check_confidence_level
from .funnel import funnel_from_counts

SHOPPERS_STAGES = ["session", "product_pages", "purchase"]


def shoppers_funnel(*, by=None, confidence_level: float = 0.95) -> pd.DataFrame:
    """The online-shoppers funnel (percent, Wilson intervals), optionally by ``VisitorType`` and/or ``Month``.

    Example
    -------
    >>> table = shoppers_funnel()
    >>> table[["stage", "reached"]].values.tolist()
    [['session', 12330], ['product_pages', 12287], ['purchase', 1908]]
    """
    from ..datasets import online_shoppers

    level = check_confidence_level(confidence_level)
    data = online_shoppers()
    by_names = [] if by is None else column_names(by, role="by")
    require_columns(data, by_names, role="by")
    pages = data["ProductRelated"].fillna(0).to_numpy(dtype=float) > 0
    bought = data["Revenue"].to_numpy(dtype=bool)
    reached_pages = pages | bought
    parts = []
    groups = [((), data.index)] if not by_names else data.groupby(by_names if len(by_names) > 1 else by_names[0], sort=True).groups.items()
    for key, index in groups:
        at = data.index.get_indexer(index)
        counts = [len(at), int(reached_pages[at].sum()), int(bought[at].sum())]
        rows = funnel_from_counts(counts, stages=SHOPPERS_STAGES, confidence_level=level)
        for i, name in enumerate(by_names):
            rows.insert(i, name, key[i] if isinstance(key, tuple) else key)
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update(stages=list(SHOPPERS_STAGES), n_customers=len(data),
                     n_purchase_without_product_pages=int(np.sum(bought & ~pages)))
    return out
