"""The sample survey: shape, determinism, realism, and agreement with the exact model values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxkit import datasets
from cxkit.datasets import generating_model, sample_survey, true_value

ANSWER_COLUMNS = {
    "nps_score": (0, 10), "csat_score": (1, 5), "csi_score": (1, 5), "ces_score": (1, 5), "cli_recommend": (0, 10),
    "cli_repurchase": (0, 10), "cli_other_products": (0, 10), "cli_buy_elsewhere": (0, 10),
}
COLUMNS = ["response_id", "customer_id", "answered_at", "segment", "channel", "region", *ANSWER_COLUMNS]
SEGMENTS = {"consumer": 0.6, "small business": 0.3, "enterprise": 0.1}
CHANNELS = {"web": 0.35, "app": 0.3, "phone": 0.2, "chat": 0.15}
METRICS = ["nps", "csat", "csat_top1", "csi", "ces", "ces_mean", "cli"]


@pytest.fixture(scope="module")
def big():
    """20,000 answers in each of 2026-09 and 2026-10."""
    return sample_survey(seed=7, start="2026-09", months=2, responses_per_month=20_000)


def _months(frame):
    return frame["answered_at"].dt.strftime("%Y-%m")


def _answers(frame, column):
    return frame[column].dropna().to_numpy(dtype=float)


# --- shape, types, determinism ---------------------------------------------------------------

def test_same_seed_gives_the_same_frame_and_another_seed_does_not(survey):
    pd.testing.assert_frame_equal(sample_survey(), survey)
    pd.testing.assert_frame_equal(sample_survey(seed=5, months=2), sample_survey(seed=5, months=2))
    other = sample_survey(seed=2027)
    assert other.shape == survey.shape
    assert not other["nps_score"].equals(survey["nps_score"])
    assert not other["customer_id"].equals(survey["customer_id"])


def test_columns_and_dtypes(survey):
    assert list(survey.columns) == COLUMNS
    assert survey["response_id"].dtype == np.int64
    assert survey["response_id"].tolist() == list(range(1, len(survey) + 1))
    assert survey["answered_at"].dtype == "datetime64[ns]"
    for column in ("customer_id", "segment", "channel", "region"):
        assert pd.api.types.is_string_dtype(survey[column]), column
        assert survey[column].notna().all(), column
    for column in ANSWER_COLUMNS:
        assert survey[column].dtype == "Int64", column
    assert survey["customer_id"].str.fullmatch(r"C\d{6}").all()


def test_default_range_is_24_months_of_800_answers_ending_2026_10(survey):
    counts = _months(survey).value_counts().sort_index()
    assert list(counts.index) == datasets.survey_months()
    assert counts.index[0] == "2024-11" and counts.index[-1] == "2026-10" and len(counts) == 24
    assert (counts == 800).all()
    assert survey["answered_at"].is_monotonic_increasing


def test_timestamps_spread_over_the_days_and_business_hours_of_their_month(survey):
    at = survey["answered_at"]
    assert at.dt.hour.between(9, 17).all()
    assert set(at.dt.hour) == set(range(9, 18))
    october = at[_months(survey) == "2026-10"]
    assert october.dt.day.min() == 1 and october.dt.day.max() == 31
    february = at[_months(survey) == "2026-02"]
    assert february.dt.day.max() == 28


def test_answers_stay_on_their_scales_and_use_all_of_them(survey):
    for column, (low, high) in ANSWER_COLUMNS.items():
        values = survey[column].dropna()
        assert set(values.astype(int)) == set(range(low, high + 1)), column


def test_some_answers_are_missing_at_about_the_model_rates(survey):
    rates = generating_model()["missing_rates"]
    for column in ANSWER_COLUMNS:
        share = survey[column].isna().mean()
        assert 0.5 * rates[column] < share < 1.5 * rates[column], (column, share)
    assert survey["nps_score"].isna().mean() < survey["ces_score"].isna().mean()


def test_groups_and_their_mix(survey):
    segment_share = survey["segment"].value_counts(normalize=True)
    channel_share = survey["channel"].value_counts(normalize=True)
    assert set(segment_share.index) == set(SEGMENTS)
    assert set(channel_share.index) == set(CHANNELS)
    assert set(survey["region"]) == {"north", "south", "east", "west"}
    for name, weight in SEGMENTS.items():
        assert segment_share[name] == pytest.approx(weight, abs=0.02)
    for name, weight in CHANNELS.items():
        assert channel_share[name] == pytest.approx(weight, abs=0.02)


def test_some_customers_answer_more_than_once_and_keep_their_segment(survey):
    repeats = survey["customer_id"].duplicated().mean()
    assert 0.1 < repeats < 0.35
    assert (survey.groupby("customer_id")["segment"].nunique() == 1).all()
    assert (survey.groupby("customer_id")["region"].nunique() == 1).all()


def test_reverse_worded_item_moves_against_the_others(survey):
    complete = survey[list(ANSWER_COLUMNS)].dropna().astype(float)
    corr = complete.corr(method="spearman")
    assert corr.loc["nps_score", "cli_recommend"] > 0.3
    assert corr.loc["nps_score", "cli_buy_elsewhere"] < -0.3


def test_typical_values_are_realistic(survey):
    for month in ("2025-06", "2026-09"):
        assert 20 < true_value("nps", month) < 40
        assert 75 < true_value("csat", month) < 85
        assert 60 < true_value("ces", month) < 70
        assert 6.5 < true_value("cli", month) < 7.5
    assert 6.5 < survey[["cli_recommend", "cli_repurchase", "cli_other_products"]].mean().mean() < 8


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32), first=st.integers(2000 * 12, 2100 * 12),
       months=st.integers(1, 4), per_month=st.integers(1, 30))
def test_any_arguments_give_the_asked_months_and_counts(seed, first, months, per_month):
    start = f"{first // 12}-{first % 12 + 1:02d}"
    frame = sample_survey(seed=seed, start=start, months=months, responses_per_month=per_month)
    assert len(frame) == months * per_month
    assert list(_months(frame).value_counts().sort_index().index) == datasets.survey_months(start, months)
    assert frame["customer_id"].str.fullmatch(r"C\d{6}").all()


# --- the simulation agrees with the exact model values --------------------------------------

def _empirical(metric: str, month_frame: pd.DataFrame) -> tuple[float, float]:
    """Estimate and its standard error."""
    if metric == "nps":
        x = _answers(month_frame, "nps_score")
        score = 100 * ((x >= 9).astype(float) - (x <= 6))
        return score.mean(), score.std(ddof=1) / np.sqrt(len(score))
    if metric == "cli":
        items = month_frame[["cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere"]]
        items = items.dropna().to_numpy(dtype=float)
        items[:, 3] = 10 - items[:, 3]
        per_person = items.mean(axis=1)
        return per_person.mean(), per_person.std(ddof=1) / np.sqrt(len(per_person))
    column, values = {
        "csat": ("csat_score", lambda x: 100.0 * (x >= 4)),
        "csat_top1": ("csat_score", lambda x: 100.0 * (x == 5)),
        "ces": ("ces_score", lambda x: 100.0 * (x >= 4)),
        "ces_mean": ("ces_score", lambda x: x),
    }[metric]
    y = values(_answers(month_frame, column))
    return y.mean(), y.std(ddof=1) / np.sqrt(len(y))


@pytest.mark.parametrize("month", ["2026-09", "2026-10"])
@pytest.mark.parametrize("metric", ["nps", "csat", "csat_top1", "ces", "ces_mean", "cli"])
def test_simulated_month_agrees_with_true_value(big, month, metric):
    estimate, se = _empirical(metric, big[_months(big) == month])
    truth = true_value(metric, month, start="2026-09", months=2)
    assert abs(estimate - truth) < 4 * se, (estimate, truth, se)


@pytest.mark.parametrize(("segment", "channel"), [("enterprise", None), (None, "phone"), ("small business", "app")])
def test_simulated_group_agrees_with_true_value(big, segment, channel):
    rows = big[_months(big) == "2026-09"]
    if segment:
        rows = rows[rows["segment"] == segment]
    if channel:
        rows = rows[rows["channel"] == channel]
    estimate, se = _empirical("nps", rows)
    truth = true_value("nps", "2026-09", segment=segment, channel=channel, start="2026-09", months=2)
    assert abs(estimate - truth) < 4 * se, (estimate, truth, se)


# --- properties of the exact values ----------------------------------------------------------

def test_october_2026_incident_makes_nps_drop():
    drop = true_value("nps", "2026-10") - true_value("nps", "2026-09")
    assert -14 < drop < -6
    for metric in ("csat", "ces", "ces_mean", "cli"):
        assert true_value(metric, "2026-10") < true_value(metric, "2026-09"), metric
    before = [true_value("nps", m) for m in datasets.survey_months("2025-10", 12)]
    assert min(before) - true_value("nps", "2026-10") > 5  # lower than any month of the year before


def test_trend_rises_over_the_two_years():
    assert true_value("nps", "2026-06") - true_value("nps", "2025-06") > 2
    assert true_value("nps", "2025-12") - true_value("nps", "2024-12") > 2


def test_overall_value_is_the_weighted_mix_of_the_groups():
    for metric in METRICS:
        overall = true_value(metric, "2026-10")
        by_segment = {s: true_value(metric, "2026-10", segment=s) for s in SEGMENTS}
        by_channel = {c: true_value(metric, "2026-10", channel=c) for c in CHANNELS}
        assert overall == pytest.approx(sum(SEGMENTS[s] * v for s, v in by_segment.items()), abs=1e-9)
        assert overall == pytest.approx(sum(CHANNELS[c] * v for c, v in by_channel.items()), abs=1e-9)
        assert abs(by_segment["enterprise"] - overall) > 1e-3
        cells = sum(SEGMENTS[s] * CHANNELS[c] * true_value(metric, "2026-10", segment=s, channel=c)
                    for s in SEGMENTS for c in CHANNELS)
        assert overall == pytest.approx(cells, abs=1e-9)


def test_groups_differ_in_the_documented_direction():
    nps = {c: true_value("nps", "2026-09", channel=c) for c in CHANNELS}
    assert nps["app"] > nps["web"] > nps["chat"] > nps["phone"]
    assert 3 < nps["web"] - nps["phone"] < 15
    assert true_value("nps", "2026-09", segment="enterprise") > true_value("nps", "2026-09", segment="consumer")


def test_metric_relations():
    for month in ("2025-03", "2026-10"):
        assert 60 < true_value("csi", month) < true_value("csat", month)
        assert 0 < true_value("csat_top1", month) < true_value("csat", month)
        assert 1 < true_value("ces_mean", month) < 5


def test_true_value_equals_the_ordered_probit_formula():
    from scipy.stats import norm

    model = generating_model()
    mu = (model["base"] + model["month_effects"]["2026-10"]
          + model["segment_effects"]["enterprise"] + model["channel_effects"]["chat"])
    cuts = np.array(model["cutpoints"]["nps_score"])
    cdf = norm.cdf((cuts - mu) / np.sqrt(1 + model["noise_sd"]["nps_score"] ** 2))
    expected = 100 * ((1 - cdf[8]) - cdf[6])  # P(9..10) - P(0..6)
    got = true_value("nps", "2026-10", segment="enterprise", channel="chat")
    assert got == pytest.approx(expected, abs=1e-9)


def test_generating_model_is_complete_and_a_copy():
    model = generating_model()
    for key in ("month_effects", "segment_effects", "channel_effects", "cutpoints", "missing_rates",
                "segment_weights", "channel_weights", "noise_sd", "incidents"):
        assert key in model, key
    assert list(model["month_effects"]) == datasets.survey_months()
    assert sum(model["segment_weights"].values()) == pytest.approx(1)
    assert sum(model["channel_weights"].values()) == pytest.approx(1)
    for question, cuts in model["cutpoints"].items():
        low, high = model["scales"][question]
        assert len(cuts) == high - low and np.all(np.diff(cuts) > 0), question
    model["incidents"]["2026-10"] = 0.0
    model["cutpoints"]["nps_score"] = ()
    assert generating_model()["incidents"]["2026-10"] < 0
    assert len(generating_model()["cutpoints"]["nps_score"]) == 10


# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"metric": "nsp"}, r"metric \('nsp'\) must be one of 'nps', 'csat', .*'cli'"),
        ({"metric": None}, r"metric \(None\) must be one of"),
        ({"month": "2026-13"}, r"month \('2026-13'\) must be a month written as YYYY-MM"),
        ({"month": "2026/10"}, r"month \('2026/10'\) must be a month written as YYYY-MM"),
        ({"month": 202610}, r"month \(202610\) must be a month written as YYYY-MM"),
        ({"month": "2027-01"}, r"month \('2027-01'\) must be one of the sample's months, 2024-11 to 2026-10"),
        ({"segment": "Enterprise"}, r"segment \('Enterprise'\) must be one of 'consumer', 'small business' or 'enterprise'"),
        ({"channel": "email"}, r"channel \('email'\) must be one of 'web', 'app', 'phone' or 'chat'"),
        ({"start": "24-11"}, r"start \('24-11'\) must be a month written as YYYY-MM"),
        ({"months": 0}, r"months \(0\) must be an integer of at least 1"),
    ],
)
def test_true_value_errors(kwargs, message):
    arguments = {"metric": "nps", "month": "2026-10", **kwargs}
    with pytest.raises(ValueError, match=message):
        true_value(arguments.pop("metric"), arguments.pop("month"), **arguments)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -1}, r"seed \(-1\) must be a non-negative integer, such as 2026"),
        ({"seed": 1.5}, r"seed \(1.5\) must be a non-negative integer"),
        ({"seed": True}, r"seed \(True\) must be a non-negative integer"),
        ({"seed": "2026"}, r"seed \('2026'\) must be a non-negative integer"),
        ({"months": 0}, r"months \(0\) must be an integer of at least 1, such as 24"),
        ({"months": 2.0}, r"months \(2.0\) must be an integer of at least 1"),
        ({"responses_per_month": 0}, r"responses_per_month \(0\) must be an integer of at least 1, such as 800"),
        ({"start": "2024-00"}, r"start \('2024-00'\) must be a month written as YYYY-MM, such as '2026-10'"),
        ({"start": None}, r"start \(None\) must be a month written as YYYY-MM"),
    ],
)
def test_sample_survey_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        sample_survey(**kwargs)
