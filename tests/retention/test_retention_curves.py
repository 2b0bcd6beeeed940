"""Retention curves, median lifetime and log-rank tests; the telco data by contract against statsmodels."""

from __future__ import annotations

from importlib.resources import files

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtri
from scipy.stats import chi2
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from cxkit.datasets.telco import telco_churn
from cxkit.retention import compare_retention, median_lifetime, retention_curve

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")
CONTRACTS = ["Month-to-month", "One year", "Two year"]


@pytest.fixture(scope="module")
def telco():
    return telco_churn()


@pytest.fixture(scope="module")
def raw():
    """The CSV read directly with pandas, for counting by hand."""
    with (files("cxkit.datasets") / "data" / "telco-churn" / "Telco-Customer-Churn.csv").open() as handle:
        return pd.read_csv(handle)


def test_telco_curves_by_contract_match_statsmodels_to_1e_9(telco):
    curves = retention_curve("tenure", "churned", by="Contract", data=telco)
    assert list(curves.columns) == ["Contract", "time", "at_risk", "events", "survival", "low", "high", "method",
                                    "confidence_level"]
    assert curves["Contract"].unique().tolist() == CONTRACTS
    z = ndtri(0.975)
    for contract in CONTRACTS:
        group = telco[telco["Contract"] == contract]
        reference = SurvfuncRight(group["tenure"].to_numpy(float), group["churned"].to_numpy(int))
        mine = curves[curves["Contract"] == contract]
        np.testing.assert_allclose(mine["time"], reference.surv_times, rtol=0, atol=0)
        np.testing.assert_allclose(mine["at_risk"], reference.n_risk)
        np.testing.assert_allclose(mine["events"], reference.n_events)
        np.testing.assert_allclose(mine["survival"], reference.surv_prob, rtol=1e-9)
        # Log-log band from statsmodels' Greenwood standard error of S: S ** exp(-/+ z se / (S log S)).
        s, se = reference.surv_prob, reference.surv_prob_se
        theta = z * se / (s * np.log(s))
        np.testing.assert_allclose(mine["low"], s ** np.exp(-theta), rtol=1e-9)
        np.testing.assert_allclose(mine["high"], s ** np.exp(theta), rtol=1e-9)


def test_telco_counts_and_first_step_by_hand(telco, raw):
    medians = median_lifetime("tenure", "churned", by="Contract", data=telco)
    counts = raw["Contract"].value_counts()
    churned = raw[raw["Churn"] == "Yes"]["Contract"].value_counts()
    assert medians["n"].tolist() == [counts[c] for c in CONTRACTS] == [3875, 1473, 1695]
    assert medians["events"].tolist() == [churned[c] for c in CONTRACTS] == [1655, 166, 48]
    # First step of the month-to-month curve: S(1) = 1 - (churned at tenure 1) / (tenure >= 1).
    m2m = raw[raw["Contract"] == "Month-to-month"]
    first = 1 - ((m2m["tenure"] == 1) & (m2m["Churn"] == "Yes")).sum() / (m2m["tenure"] >= 1).sum()
    curve = retention_curve(telco["tenure"], telco["churned"], by=telco["Contract"])
    row = curve[(curve["Contract"] == "Month-to-month")].iloc[0]
    assert row["time"] == 1 and row["survival"] == pytest.approx(first, rel=1e-14)


def test_telco_median_lifetime_matches_statsmodels(telco):
    medians = median_lifetime("tenure", "churned", by="Contract", data=telco).set_index("Contract")
    group = telco[telco["Contract"] == "Month-to-month"]
    reference = SurvfuncRight(group["tenure"].to_numpy(float), group["churned"].to_numpy(int))
    assert medians.loc["Month-to-month", "value"] == reference.quantile(0.5) == 35
    low, high = reference.quantile_ci(0.5, method="cloglog")
    assert (medians.loc["Month-to-month", "low"], medians.loc["Month-to-month", "high"]) == (low, high) == (32, 38)
    # Fewer than half of one- and two-year customers ever churn within 72 months: not reached.
    assert np.isinf(medians.loc["Two year", ["value", "high"]].astype(float)).all()
    assert medians.loc["Two year", "note"].startswith("median not reached")


def test_telco_logrank_by_pair_matches_statsmodels_survdiff(telco):
    table = compare_retention("tenure", "churned", by="Contract", data=telco)
    assert list(table.columns) == ["group_a", "group_b", "statistic", "p_value", "p_adjusted", "n_a", "n_b",
                                   "events_a", "events_b", "method", "adjustment"]
    for row in table.itertuples():
        pair = telco[telco["Contract"].isin([row.group_a, row.group_b])]
        statistic, p = survdiff(pair["tenure"].to_numpy(float), pair["churned"].to_numpy(int),
                                (pair["Contract"] == row.group_b).to_numpy(int))
        assert row.statistic == pytest.approx(statistic, rel=1e-9)
        # statsmodels computes 1 - cdf, which underflows to 0 here; the survival function keeps the digits.
        assert row.p_value == pytest.approx(p, abs=1e-15)
        assert row.p_value == pytest.approx(chi2.sf(statistic, 1), rel=1e-9)
    # Holm: sorted p-values times 3, 2, 1, kept monotone, capped at 1.
    p = table["p_value"].to_numpy()
    order = np.argsort(p)
    expected = np.minimum(np.maximum.accumulate(p[order] * [3, 2, 1]), 1.0)
    np.testing.assert_allclose(table["p_adjusted"].to_numpy()[order], expected)
    assert table.loc[0, "statistic"] == pytest.approx(926.06456, rel=1e-7)  # month-to-month vs one year


def test_each_group_against_the_rest():
    rng = np.random.default_rng(4)
    t, e = rng.integers(0, 30, 300), rng.random(300) < 0.6
    groups = np.repeat(["a", "b", "c"], 100)
    table = compare_retention(t, e, by=groups, versus="rest", adjust="bh")
    assert table["group_b"].tolist() == ["(rest)"] * 3 and table["n_b"].tolist() == [200] * 3
    rest = groups != "b"
    statistic, p = survdiff(t.astype(float), e.astype(int), (~rest).astype(int))
    assert table.loc[1, "statistic"] == pytest.approx(statistic, rel=1e-9)
    assert (table["adjustment"] == "bh").all()
    two = compare_retention(t[:200], e[:200], by=groups[:200])
    assert len(two) == 1 and two.loc[0, "p_adjusted"] == two.loc[0, "p_value"] and two.loc[0, "adjustment"] == "none"


def test_without_groups_and_with_integer_flags():
    curve = retention_curve([1, 2, 3, 3, 4, 5], [1, 0, 1, 1, 0, 1])
    assert "group" not in curve.columns
    np.testing.assert_allclose(curve["survival"], [5 / 6, 5 / 12, 0.0])
    median = median_lifetime([1, 2, 3, 3, 4, 5], [1, 0, 1, 1, 0, 1])
    assert median["value"].iloc[0] == 3.0 and median["note"].iloc[0] == ""


def test_categorical_groups_keep_their_order_and_band_widens_with_the_level(telco):
    frame = telco.assign(Contract=pd.Categorical(telco["Contract"], categories=CONTRACTS[::-1]))
    curves = retention_curve("tenure", "churned", by="Contract", data=frame, confidence_level=0.99)
    assert curves["Contract"].unique().tolist() == CONTRACTS[::-1]
    narrow = retention_curve("tenure", "churned", by="Contract", data=frame, confidence_level=0.8)
    assert (curves["low"] <= narrow["low"] + 1e-15).all() and (curves["high"] >= narrow["high"] - 1e-15).all()
    assert ((curves["low"] <= curves["survival"]) & (curves["survival"] <= curves["high"])).all()
