"""The metric registry: each metric defined once, read by every entry point."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.metrics import registry
from cxkit.metrics.registry import REGISTRY, MetricDefinition, Readout, definition, resolve
from cxkit.reports.readouts import band, readout


def test_every_entry_states_kind_scale_unit_and_methods():
    assert set(REGISTRY) == {"nps", "csat", "csi", "ces", "ces_mean", "cli", "churn", "sla", "conversion",
                             "cx_usefulness", "cx_ease", "cx_enjoyability", "cx_index"}
    expected = {"nps": ("nps", (0, 10), "points", "adjusted-wald", "adjusted-welch"),
                "csat": ("share", (1, 5), "percent", "wilson", "newcombe"),
                "csi": ("share", (1, 5), "percent", "wilson", "newcombe"),
                "ces": ("share", (1, 5), "percent", "wilson", "newcombe"),
                "ces_mean": ("mean", (1, 5), "scale", "t", "welch"),
                "cli": ("mean", (0, 10), "scale", "t", "welch"),
                **{name: ("mean", (1, 5), "scale", "t", "welch")
                   for name in ("cx_usefulness", "cx_ease", "cx_enjoyability", "cx_index")}}
    for name, (kind, scale, unit, interval, difference) in expected.items():
        entry = definition(name)
        assert (entry.kind, entry.scale, entry.unit, entry.interval_methods[0], entry.difference_methods[0]) == (
            kind, scale, unit, interval, difference), name
    assert registry.METRICS == ("nps", "csat", "csi", "ces", "churn", "sla", "conversion", "cli",
                                "cx_usefulness", "cx_ease", "cx_enjoyability", "cx_index")


def test_nps_answer_scores_follow_the_sources_bands():
    # The sources: detractors 0-6, passives 7-8, promoters 9-10.
    assert resolve("nps").answer_scores().tolist() == [-1.0] * 7 + [0.0] * 2 + [1.0] * 2


@pytest.mark.parametrize("metric, options, scores", [
    ("csat", {}, [0, 0, 0, 1, 1]),
    ("csat", {"top": 1}, [0, 0, 0, 0, 1]),
    ("csat", {"scale": (1, 7), "top": 3}, [0, 0, 0, 0, 1, 1, 1]),
    ("csi", {}, [0, 0, 0, 1, 1]),
    ("ces", {}, [0, 0, 0, 1, 1]),
    ("ces", {"reverse": True}, [1, 1, 0, 0, 0]),
    ("ces", {"statistic": "mean"}, [1, 2, 3, 4, 5]),
    ("ces", {"statistic": "mean", "reverse": True}, [5, 4, 3, 2, 1]),
])
def test_answer_scores_of_shares_and_means(metric, options, scores):
    assert resolve(metric, options).answer_scores().tolist() == scores


def test_collapse_turns_answer_counts_into_scored_categories():
    counts = np.array([[20, 0, 0, 0, 0, 0, 0, 15, 15, 10, 40], [0] * 11])
    cats, scores = resolve("nps").collapse(counts)
    assert cats.tolist() == [[20, 30, 50], [0, 0, 0]] and scores.tolist() == [-1, 0, 1]
    cats, scores = resolve("csat", {"top": 1}).collapse(np.array([[5, 10, 15, 30, 40]]))
    assert cats.tolist() == [[60, 40]] and scores.tolist() == [0, 1]
    cats, scores = resolve("ces", {"statistic": "mean", "reverse": True}).collapse(np.array([[1, 2, 3, 4, 5]]))
    assert cats.tolist() == [[5, 4, 3, 2, 1]] and scores.tolist() == [1, 2, 3, 4, 5]


def test_options_are_checked_once_with_the_same_messages():
    with pytest.raises(cx.CxkitTypeError, match=re.escape("metric 'csi' got unknown option(s) 'top'; it accepts no options.")):
        resolve("csi", {"top": 1})
    with pytest.raises(cx.CxkitValueError, match=r"top \(5\) must be from 1 to 4 for the 1-5 scale"):
        resolve("csat", {"top": 5})
    with pytest.raises(cx.CxkitTypeError, match=r"reverse must be True or False; got 'yes'"):
        resolve("ces", {"reverse": "yes"})
    # The same check from every entry point.
    for call in (lambda: cx.csat([5, 4], top=5), lambda: cx.compare([5], [4], metric="csat", top=5),
                 lambda: cx.summarize(pd.DataFrame({"x": [5, 4]}), metric="csat", score="x", top=5)):
        with pytest.raises(cx.CxkitValueError, match=r"top \(5\) must be from 1 to 4 for the 1-5 scale"):
            call()


def test_readouts_come_from_the_registry():
    assert [band("nps", v) for v in (-5, 0, 10, 55, 75, float("nan"))] == [
        "nps_alarm", "nps_zero", "nps_good", "nps_excellent", "nps_world_class", "not_available"]
    assert readout("csi", 85.0, 81.0, 89.0) == "above|csi_target"
    assert readout("csi", 79.0, 70.0, 85.0) == "straddles|csi_target"
    assert readout("ces", 40.0, 35.0, 45.0) == "below|ces_target"
    assert readout("ces_mean", 3.4, 3.1, 3.7) == "not_available"


def test_a_new_share_metric_is_one_entry(monkeypatch):
    """An SLA share (answered within the promise: 1, else 0) added as one registry entry
    works in the grouped tables, comparisons and benchmarks with no other change."""
    monkeypatch.setitem(REGISTRY, "sla", MetricDefinition(
        name="sla", title="Share answered within the promise", kind="share", scale=(0, 1), top=1,
        readout=Readout(target=(90.0, "sla_target"))))
    frame = pd.DataFrame({"team": ["a"] * 40 + ["b"] * 60,
                          "within": [1] * 36 + [0] * 4 + [1] * 42 + [0] * 18})
    table = cx.summarize(frame, metric="sla", score="within", by="team").set_index("team")
    assert table.loc["a", "value"] == pytest.approx(90.0) and table.loc["b", "value"] == pytest.approx(70.0)
    # Wilson interval of 36/40 (statsmodels proportion_confint(36, 40, method="wilson")).
    assert (table.loc["a", "low"], table.loc["a", "high"]) == pytest.approx((76.948225, 96.042047), abs=1e-5)
    groups = cx.compare_groups(frame, metric="sla", score="within", by="team", reference="a")
    assert groups.loc[0, "difference"] == pytest.approx(-20.0) and groups.loc[0, "method"] == "newcombe"
    assert readout("sla", 90.0, 76.9, 96.0) == "straddles|sla_target"



@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_churn_share_is_one_registry_entry_on_the_telco_data(engine):
    """Churn share on real data (IBM Telco): yes/no outcomes counted like any share, on any engine."""
    duckdb = pytest.importorskip("duckdb")
    telco = cx.datasets.telco_churn()
    data = telco if engine == "pandas" else duckdb.from_df(telco)
    table = cx.summarize(data, metric="churn", score="churned", by="Contract").set_index("Contract")
    counts = telco.groupby("Contract")["churned"].agg(["sum", "count"])
    for contract, (churned, base) in counts.iterrows():
        assert table.loc[contract, "n"] == base
        assert table.loc[contract, "value"] == pytest.approx(100 * churned / base)
    # Wilson interval of 1655 / 3875 (statsmodels proportion_confint(1655, 3875, method="wilson")).
    assert (table.loc["Month-to-month", "low"], table.loc["Month-to-month", "high"]) == pytest.approx(
        (41.160195, 44.273600), abs=1e-5)
    assert readout("churn", 2.83, 2.14, 3.73) == "below|churn_target"
    assert definition("churn").readout.direction == "at_most"
    gaps = cx.compare_benchmark(table.reset_index(), 5.0).set_index("Contract")
    assert gaps.loc["Two year", "significant"] and gaps.loc["Two year", "gap"] < 0
