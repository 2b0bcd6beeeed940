"""What the monthly report computes (cxkit/reports/monthly.py), checked against cxkit's single-sample
functions on the same rows: the report's tables must be the library's numbers, not a second implementation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.metrics.registry import REGISTRY
from cxkit.reports import monthly
from cxkit.reports.data import months_of
from cxkit.reports.targets import Target, targets_for

SURVEY = cx.datasets.sample_survey()
MONTH, PREVIOUS, YEAR_AGO = "2026-10", "2026-09", "2025-10"


def _rows(frame, month):
    return frame[months_of(frame) == month]


@pytest.fixture(scope="module")
def headline():
    return monthly.headline(SURVEY, month=MONTH, targets=targets_for()).set_index("metric")


def test_headline_values_are_the_single_sample_estimates(headline):
    october = _rows(SURVEY, MONTH)
    for metric, column, options in (("nps", "nps_score", {}), ("csat", "csat_score", {}), ("csi", "csi_score", {}),
                                    ("ces", "ces_score", {})):
        expected = getattr(cx, metric)(october[column], **options)
        row = headline.loc[metric]
        assert (row["value"], row["low"], row["high"]) == pytest.approx((expected.value, expected.low, expected.high),
                                                                         abs=1e-10)
        assert row["n"] == expected.n and row["method"] == expected.method
        assert row["unit"] == REGISTRY[metric].unit  # "points", "percent", "scale": the registry's unit code
    cli = cx.cli(october[list(monthly.CLI_ITEMS)], reverse=("cli_buy_elsewhere",))
    assert headline.loc["cli", "value"] == pytest.approx(cli.value, abs=1e-10)


@pytest.mark.parametrize(("prefix", "before"), [("change", PREVIOUS), ("yoy", YEAR_AGO)])
def test_changes_equal_two_sample_comparisons(headline, prefix, before):
    october, earlier = _rows(SURVEY, MONTH), _rows(SURVEY, before)
    for metric, column in (("nps", "nps_score"), ("csat", "csat_score"), ("ces", "ces_score")):
        expected = cx.compare(earlier[column], october[column], metric=metric)
        row = headline.loc[metric]
        change = row["change" if prefix == "change" else "yoy_change"]
        low, high = (row["change_low"], row["change_high"]) if prefix == "change" else (row["yoy_low"], row["yoy_high"])
        assert (change, low, high) == pytest.approx((expected.difference, expected.low, expected.high), abs=1e-9)
        assert row[f"{prefix}_p"] == pytest.approx(expected.p_value, abs=1e-12)


def test_significance_is_holm_over_every_change_shown(headline):
    p = np.concatenate([headline["change_p"].to_numpy(), headline["yoy_p"].to_numpy()])
    adjusted = cx.adjust_p_values(p, method="holm")
    assert headline["change_p_adjusted"].to_numpy() == pytest.approx(adjusted[: len(headline)])
    # Holm by hand for the smallest p: times the family size (10 changes shown).
    assert adjusted.min() == pytest.approx(min(1.0, p.min() * len(p)))
    assert (headline["change_significant"] == (headline["change_p_adjusted"] < 0.05)).all()


def test_lights_use_the_whole_interval(headline):
    # Sample October: NPS interval (20.2, 31.6) above 0: met; CSI (73.2, 79.2) below 80: missed;
    # CES (56.3, 63.3) holds 60: cannot tell; CLI has no target in the sources.
    assert headline.loc["nps", "light"] == "met" and headline.loc["csi", "light"] == "missed"
    assert headline.loc["ces", "light"] == "unclear" and headline.loc["cli", "light"] == "none"
    own = monthly.headline(SURVEY, month=MONTH, targets={"nps": Target("nps", 25.0, "at_least", "file")})
    assert own.set_index("metric").loc["nps", "light"] == "unclear"  # 25 lies inside (20.2, 31.6)


def test_trends_equal_the_metric_on_each_month():
    trend = monthly.trends(SURVEY, month=MONTH)
    assert set(trend["metric"]) == {"nps", "csat", "csi", "ces", "cli"}
    nps = trend[trend["metric"] == "nps"].set_index("month")
    assert list(nps.index) == monthly.month_range(MONTH, 12)
    for month in ("2025-11", "2026-05", MONTH):
        assert nps.loc[month, "value"] == pytest.approx(cx.nps(_rows(SURVEY, month)["nps_score"]).value, abs=1e-10)
    short = monthly.trends(cx.datasets.sample_survey(months=3, start="2026-08"), month=MONTH)
    assert short[short["metric"] == "nps"]["n"].tolist()[:9] == [0] * 9  # months without answers: n = 0, NaN
    assert short["value"].isna().sum() == 9 * 5


def test_group_tables_equal_each_group_alone_and_compare_groups():
    groups = monthly.group_tables(SURVEY, month=MONTH)
    assert list(dict.fromkeys(groups["dimension"])) == ["segment", "channel", "region"]
    october = _rows(SURVEY, MONTH)
    row = groups[(groups["dimension"] == "channel") & (groups["group"] == "phone") & (groups["metric"] == "nps")].iloc[0]
    phone = cx.nps(october.loc[october["channel"] == "phone", "nps_score"])
    assert (row["value"], row["low"], row["high"], row["n"]) == pytest.approx((phone.value, phone.low, phone.high, phone.n))
    rest = cx.compare(october.loc[october["channel"] != "phone", "nps_score"],
                      october.loc[october["channel"] == "phone", "nps_score"], metric="nps")
    assert row["difference"] == pytest.approx(rest.difference, abs=1e-9)
    assert row["p_value"] == pytest.approx(rest.p_value, abs=1e-12)
    family = groups[(groups["dimension"] == "channel") & (groups["metric"] == "nps")]
    assert family["p_adjusted"].to_numpy() == pytest.approx(cx.adjust_p_values(family["p_value"].to_numpy()))


def test_nps_mix_counts_promoters_passives_detractors():
    mix = monthly.nps_mix(SURVEY, month=MONTH)
    october = _rows(SURVEY, MONTH)
    scores = october["nps_score"].dropna()
    assert mix.iloc[0]["group"] == "" and mix.iloc[0]["n"] == len(scores)
    assert mix.iloc[0]["promoters"] == pytest.approx(100 * (scores >= 9).mean())
    assert mix.iloc[0]["detractors"] == pytest.approx(100 * (scores <= 6).mean())
    assert (mix[["promoters", "passives", "detractors"]].sum(axis=1)).to_numpy() == pytest.approx(100.0)
    assert (mix["promoters"] - mix["detractors"]).to_numpy() == pytest.approx(mix["nps"].to_numpy())
    assert list(mix["group"]) == ["", "consumer", "enterprise", "small business"]


def _row(**changes):
    row = {"metric": "nps", "value": 30.0, "low": 25.0, "high": 35.0, "unit": "points", "change": -8.0,
           "change_significant": True, "yoy_change": 4.0, "yoy_significant": False, "light": "met",
           "target_direction": "at_least"}
    row.update(changes)
    return row


def test_alerts_list_drops_then_missed_targets_then_rises():
    table = pd.DataFrame([_row(), _row(metric="csat", change=3.0, light="missed"),
                          _row(metric="churn", change=1.0, target_direction="at_most", yoy_change=-2.0,
                               yoy_significant=True)])
    found = [(a.kind, a.metric, a.comparison) for a in monthly.alerts(table)]
    # churn rising is a drop in experience; churn falling against last year is a rise.
    assert found == [("drop", "nps", "previous"), ("drop", "churn", "previous"), ("missed", "csat", ""),
                     ("rise", "csat", "previous"), ("rise", "churn", "year")]


def test_missing_columns_are_named_not_failed():
    present, missing = monthly.present_metrics(SURVEY.drop(columns=["csi_score", "cli_repurchase"]))
    assert [m for m, _s, _o in present] == ["nps", "csat", "ces"]
    assert missing == [("csi", ["csi_score"]), ("cli", ["cli_repurchase"]), ("churn", ["churned"]),
                       ("first_response_time", ["created_at", "first_response_at"])]


def test_churn_appears_when_the_data_has_it():
    data = SURVEY.assign(churned=(SURVEY["response_id"] % 20 == 0))
    table = monthly.headline(data, month=MONTH, targets=targets_for()).set_index("metric")
    october = _rows(data, MONTH)
    expected = cx.summarize(october, metric="churn", score="churned").iloc[0]
    assert table.loc["churn", "value"] == pytest.approx(expected["value"])
    assert table.loc["churn", "target_direction"] == "at_most"


def test_a_month_without_answers_is_an_error():
    with pytest.raises(cx.CxkitValueError, match=r"no answers in 2030-01"):
        monthly.headline(SURVEY, month="2030-01")


def _with_tickets(frame, seed=7):
    rng = np.random.default_rng(seed)
    created = frame["answered_at"] - pd.to_timedelta(rng.uniform(1, 48, len(frame)), unit="h")
    wait = pd.to_timedelta(rng.exponential(5.0, len(frame)), unit="h")
    answered = (created + wait).where(rng.uniform(size=len(frame)) > 0.01)  # 1 % still unanswered
    return frame.assign(created_at=created, first_response_at=answered)


def test_first_response_time_card_and_trend_when_the_data_has_tickets():
    data = _with_tickets(SURVEY)
    table = monthly.headline(data, month=MONTH, targets=targets_for()).set_index("metric")
    period = pd.Period(MONTH, freq="M")
    october = data[(data["created_at"] >= period.start_time) & (data["created_at"] < (period + 1).start_time)]
    now = max(data["answered_at"].max(), data["created_at"].max(), data["first_response_at"].max())
    expected = cx.first_response_time(october, unit="h", now=now)
    row = table.loc["first_response_time"]
    assert (row["value"], row["low"], row["high"], row["n"]) == pytest.approx(
        (expected.value, expected.low, expected.high, expected.n))
    september = data[(data["created_at"] >= (period - 1).start_time) & (data["created_at"] < period.start_time)]
    before = cx.first_response_time(september, unit="h", now=now)
    change = cx.stats.medians.median_difference(expected.value, expected.details["se"], before.value,
                                                before.details["se"])
    assert (row["change"], row["change_low"], row["change_high"], row["change_p"]) == pytest.approx(change)
    assert row["change_significant"] == bool(row["change_p_adjusted"] < 0.05)  # one of the page's Holm family
    assert row["change_p_adjusted"] >= row["change_p"]
    assert row["light"] == "none"  # the sources give no target for it
    trend = monthly.trends(data, month=MONTH)
    assert trend[trend["metric"] == "first_response_time"]["n"].gt(0).sum() == 12
    _present, missing = monthly.present_metrics(data)
    assert [m for m, _c in missing] == ["churn"]


def test_first_response_time_from_parquet_read_by_duckdb_equals_pandas(tmp_path):
    data = _with_tickets(cx.datasets.sample_survey(months=3, start="2026-08"))
    data.to_parquet(tmp_path / "t.parquet")
    lazy = monthly.with_report_month(cx.read(tmp_path / "t.parquet"))
    from_lazy = monthly.headline(lazy, month=MONTH).set_index("metric").loc["first_response_time"]
    in_memory = monthly.headline(data, month=MONTH).set_index("metric").loc["first_response_time"]
    assert (from_lazy["value"], from_lazy["low"], from_lazy["high"], from_lazy["n"]) == pytest.approx(
        (in_memory["value"], in_memory["low"], in_memory["high"], in_memory["n"]))


def test_any_engine_gives_the_same_tables():
    polars = pytest.importorskip("polars")
    data = cx.datasets.sample_survey(months=13, start="2025-10")
    frame = polars.from_pandas(data)
    pd.testing.assert_frame_equal(monthly.headline(frame, month=MONTH), monthly.headline(data, month=MONTH),
                                  check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(monthly.group_tables(frame, month=MONTH), monthly.group_tables(data, month=MONTH),
                                  check_exact=False, rtol=1e-9)


def test_nps_mix_leaves_out_groups_without_answers_and_keeps_answers_without_a_segment():
    frame = SURVEY[months_of(SURVEY).isin([PREVIOUS, MONTH])].copy()
    october = months_of(frame) == MONTH
    frame.loc[october & (frame["segment"] == "enterprise"), "nps_score"] = np.nan  # no NPS answers this month
    frame["segment"] = frame["segment"].astype("category").cat.add_categories(["never used"])
    frame.loc[october & (frame["segment"] == "consumer") & (frame["channel"] == "app"), "segment"] = np.nan
    mix = monthly.nps_mix(frame, month=MONTH)
    assert list(mix["group"]) == ["", "consumer", "small business", None]
    assert list(mix["all_answers"]) == [True, False, False, False]
    assert (mix["n"] > 0).all() and mix[["promoters", "passives", "detractors", "nps"]].notna().all().all()
    no_segment = frame[october & frame["segment"].isna()]["nps_score"]
    assert mix.iloc[3]["n"] == no_segment.notna().sum() > 0
    assert mix.iloc[3]["nps"] == pytest.approx(cx.nps(no_segment.dropna()).value)
    assert mix["n"].iloc[1:].sum() == mix["n"].iloc[0]  # every answer of the month in exactly one group
    from cxkit.reports.formatting import mix_display, mix_group_labels
    from cxkit.reports.labels import labels

    assert mix_group_labels(mix, labels("en")) == ["all answers", "consumer", "small business", "no segment given"]
    assert mix_group_labels(mix, labels("ru"))[3] == "сегмент не указан"
    csv = mix.to_csv(index=False).splitlines()
    assert csv[0] == "group,all_answers,n,promoters,passives,detractors,nps" and len(csv) == 5
    assert csv[4].startswith(",False,") and csv[1].startswith(",True,")  # the two empty names told apart
