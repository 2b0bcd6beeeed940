"""A transparent ROI-of-CX scenario: what raising the share of customers with a good experience is worth.

Every figure is a keyword with the sources' value as default (sources [001]-[003] in the README's list,
"Figures quoted in the seeds"), so a trainer can change any of them live and
see each component move. It is a scenario calculator with stated assumptions,
not an estimate: the sources give point figures from different studies with
no interval, so the result has none either.
"""

from __future__ import annotations

import pandas as pd

from ..errors import CxkitValueError
from .fitting import check_number

__all__ = ["cx_roi_scenario"]


def _share(value, name: str) -> float:
    value = check_number(value, name)
    if value > 1:
        hint = f" (did you mean {value / 100:g}?)" if value <= 100 else ""
        raise CxkitValueError(f"{name} ({value!r}) must be a share between 0 and 1{hint}.")
    return value


def cx_roi_scenario(*, customers: float = 1000, purchase_value: float = 100.0,
                    satisfied_share_before: float = 0.5, satisfied_share_after: float = 0.6,
                    retention_satisfied: float = 0.74, retention_unhappy: float = 0.43,
                    repeat_sale_probability: float = 0.65, new_sale_probability: float = 0.125,
                    referrals_per_satisfied: float = 9, people_told_per_unhappy: float = 16,
                    investment: float = 0.0) -> pd.DataFrame:
    """Revenue over the next year before and after a CX improvement, one row per component.

    The customer base (``customers``) is split into satisfied customers (the
    best experience; share ``s``) and unhappy ones (``1 - s``). With
    ``v = purchase_value``::

        retained customers  = customers * (s * retention_satisfied + (1 - s) * retention_unhappy)
        repeat sales        = retained * repeat_sale_probability * v
        referral sales      = customers * s * referrals_per_satisfied * new_sale_probability * v
        lost by bad word of mouth = - customers * (1 - s) * people_told_per_unhappy * new_sale_probability * v
        investment          = - investment (after only)
        total               = sum of the above

    Assumptions to state when presenting: each person told converts (or is
    lost) at the new-customer probability; each retained customer makes one
    purchase with the repeat-sale probability; figures are the sources'
    headline values and are not from one study.

    Defaults and their sources (sources [001]-[003] in the README's list):

    - ``retention_satisfied=0.74``, ``retention_unhappy=0.43``: subscription
      retention after a year, best vs worst experience (Gartner analysis,
      source [003]);
    - ``repeat_sale_probability=0.65``: chance of selling to an existing
      customer, 60-70 % (Farris, Bendle et al., *Marketing Metrics*, source [001]),
      midpoint;
    - ``new_sale_probability=0.125``: chance of selling to a new customer,
      5-20 % (same source), midpoint;
    - ``referrals_per_satisfied=9``: a satisfied customer recommends the
      company to 9 people (American Express study, source [001]);
    - ``people_told_per_unhappy=16``: an unhappy customer tells 16 people
      (source [001]).

    ``customers``, ``purchase_value``, the satisfied shares before and after,
    and ``investment`` (cost of the CX programme) are the company's own
    figures. Not included, to avoid counting the same effect twice: the +140 %
    spend of customers with the best experience and "5-10 times cheaper to
    retain".

    Returns
    -------
    pandas.DataFrame
        Columns ``component``, ``before``, ``after``, ``change`` (money, in
        the unit of ``purchase_value``), ``formula``, ``source``; the last row
        is the total (its ``change`` is the net gain after the investment).
    """
    customers = check_number(customers, "customers")
    v = check_number(purchase_value, "purchase_value")
    shares = {name: _share(value, name) for name, value in (
        ("satisfied_share_before", satisfied_share_before), ("satisfied_share_after", satisfied_share_after),
        ("retention_satisfied", retention_satisfied), ("retention_unhappy", retention_unhappy),
        ("repeat_sale_probability", repeat_sale_probability), ("new_sale_probability", new_sale_probability))}
    refer = check_number(referrals_per_satisfied, "referrals_per_satisfied")
    told = check_number(people_told_per_unhappy, "people_told_per_unhappy")
    cost = check_number(investment, "investment")
    p_new = shares["new_sale_probability"]

    def components(s: float, spent: float) -> list[float]:
        retained = customers * (s * shares["retention_satisfied"] + (1 - s) * shares["retention_unhappy"])
        return [retained * shares["repeat_sale_probability"] * v,
                customers * s * refer * p_new * v,
                -customers * (1 - s) * told * p_new * v,
                0.0 - spent]

    before = components(shares["satisfied_share_before"], 0.0)
    after = components(shares["satisfied_share_after"], cost)
    rows = [
        ("repeat sales to retained customers",
         "customers x (s x retention_satisfied + (1 - s) x retention_unhappy) x repeat_sale_probability x v",
         "retention 74 % vs 43 % (Gartner, source [003]); repeat sale 60-70 % (Farris et al., source [001])"),
        ("sales from referrals", "customers x s x referrals_per_satisfied x new_sale_probability x v",
         "9 referrals (American Express, source [001]); new sale 5-20 % (Farris et al., source [001])"),
        ("sales lost to bad word of mouth", "- customers x (1 - s) x people_told_per_unhappy x new_sale_probability x v",
         "16 people told (source [001]); new sale 5-20 % (Farris et al., source [001])"),
        ("investment in CX", "- investment", "the company's own figure"),
    ]
    frame = pd.DataFrame({
        "component": [r[0] for r in rows] + ["total"],
        "before": before + [sum(before)],
        "after": after + [sum(after)],
        "formula": [r[1] for r in rows] + ["sum of the components"],
        "source": [r[2] for r in rows] + [""],
    })
    frame.insert(3, "change", frame["after"] - frame["before"])
    return frame
