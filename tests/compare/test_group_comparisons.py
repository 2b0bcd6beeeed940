"""compare_periods, compare_groups, compare_benchmark, adjust_p_values and paired_nps_change."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

import cxkit as cx

CLI_ITEMS = ["cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere"]

# metric id -> (score, options)
METRICS = {
    "nps": ("nps_score", {}),
    "csat": ("csat_score", {}),
    "csi": ("csi_score", {}),
    "ces": ("ces_score", {}),
    "ces-mean": ("ces_score", {"statistic": "mean"}),
    "cli": (CLI_ITEMS, {"reverse": ("cli_buy_elsewhere",)}),
}


def _compare(a, b, score, metric, options, **kw):
    return cx.compare(a[score], b[score], metric=metric, **options, **kw)


def _metric(metric_id):
    return metric_id.split("-")[0]


# --------------------------------------------------------------------------- compare_periods


@pytest.mark.parametrize("metric_id", list(METRICS))
def test_compare_periods_rows_equal_compare(survey, metric_id):
    score, options = METRICS[metric_id]
    metric = _metric(metric_id)
    table = cx.compare_periods(survey, metric=metric, score=score, date="answered_at", period="M", **options)
    assert list(table.columns) == ["period", "previous_period", "metric", "value", "previous_value", "difference",
                                   "low", "high", "p_value", "n", "previous_n", "method", "confidence_level",
                                   "p_adjusted", "significant", "adjustment"]
    assert len(table) == 23 and table["period"].iloc[0] == "2024-12" and table["previous_period"].iloc[0] == "2024-11"
    month = survey["answered_at"].dt.to_period("M").astype(str)
    for _, row in table.iterrows():
        c = _compare(survey[month == row["previous_period"]], survey[month == row["period"]], score, metric, options)
        assert (row["difference"], row["low"], row["high"], row["p_value"]) == pytest.approx(
            (c.difference, c.low, c.high, c.p_value), abs=1e-9, rel=1e-9)
        assert (row["value"], row["previous_value"]) == pytest.approx((c.b.value, c.a.value), abs=1e-9)
        assert (row["n"], row["previous_n"]) == (c.b.n, c.a.n)
        assert row["method"] == c.method
    np.testing.assert_allclose(table["p_adjusted"], multipletests(table["p_value"], method="holm")[1], rtol=1e-12)
    assert (table["significant"] == (table["p_adjusted"] < 0.05)).all()
    assert (table["adjustment"] == "holm").all()


def test_compare_periods_by_group_quarter_with_bh(survey):
    table = cx.compare_periods(survey, metric="nps", score="nps_score", by="segment", date="answered_at",
                               period="Q", adjust="bh", method="wald", confidence_level=0.9)
    assert list(table.columns[:3]) == ["segment", "period", "previous_period"]
    assert len(table) == 3 * 8
    quarter = survey["answered_at"].dt.to_period("Q").astype(str)
    for _, row in table.iterrows():
        seg = survey["segment"] == row["segment"]
        c = cx.compare(survey.loc[seg & (quarter == row["previous_period"]), "nps_score"],
                       survey.loc[seg & (quarter == row["period"]), "nps_score"], method="wald", confidence_level=0.9)
        assert (row["difference"], row["low"], row["high"], row["p_value"]) == pytest.approx(
            (c.difference, c.low, c.high, c.p_value), abs=1e-9, rel=1e-9)
    np.testing.assert_allclose(table["p_adjusted"], multipletests(table["p_value"], method="fdr_bh")[1], rtol=1e-12)
    assert (table["significant"] == (table["p_adjusted"] < 0.1)).all()
    assert (table["adjustment"] == "bh").all()


def test_compare_periods_without_adjustment(survey):
    table = cx.compare_periods(survey, metric="csat", score="csat_score", period="Q", adjust="none")
    np.testing.assert_array_equal(table["p_adjusted"], table["p_value"])


@pytest.mark.parametrize("metric_id", ["nps", "csat", "ces-mean"])
def test_empty_groups_get_nan_and_leave_the_family(survey, metric_id):
    score, options = METRICS[metric_id]
    metric = _metric(metric_id)
    frame = survey[survey["answered_at"] >= "2026-07-01"].copy()
    frame["segment"] = pd.Categorical(frame["segment"], categories=["consumer", "enterprise", "government",
                                                                    "small business"])
    periods = cx.compare_periods(frame, metric=metric, score=score, by="segment", period="M", **options)
    empty = periods["segment"] == "government"
    assert empty.sum() == 3
    assert periods.loc[empty, ["difference", "low", "high", "p_value", "p_adjusted"]].isna().all().all()
    assert not periods.loc[empty, "significant"].any()
    # the empty rows are not part of the Holm family
    full = periods[~empty]
    np.testing.assert_allclose(full["p_adjusted"], multipletests(full["p_value"], method="holm")[1], rtol=1e-12)
    for reference in (None, "consumer"):
        groups = cx.compare_groups(frame, metric=metric, score=score, by="segment", reference=reference, **options)
        gov = groups["segment"] == "government"
        assert groups.loc[gov, ["difference", "low", "high", "p_value", "p_adjusted"]].isna().all().all()
        ok = groups[~gov]
        np.testing.assert_allclose(ok["p_adjusted"], multipletests(ok["p_value"], method="holm")[1], rtol=1e-12)
    against_empty = cx.compare_groups(frame, metric=metric, score=score, by="segment", reference="government",
                                      **options)
    assert against_empty[["difference", "p_value", "p_adjusted"]].isna().all().all()


# --------------------------------------------------------------------------- compare_groups


@pytest.mark.parametrize("metric_id", list(METRICS))
@pytest.mark.parametrize("reference", ["consumer", None])
def test_compare_groups_rows_equal_compare(survey, metric_id, reference):
    score, options = METRICS[metric_id]
    metric = _metric(metric_id)
    table = cx.compare_groups(survey, metric=metric, score=score, by="segment", reference=reference, **options)
    assert list(table.columns) == ["segment", "reference", "metric", "value", "reference_value", "difference", "low",
                                   "high", "p_value", "n", "reference_n", "method", "confidence_level",
                                   "p_adjusted", "significant", "adjustment"]
    expected_groups = ["enterprise", "small business"] if reference else ["consumer", "enterprise", "small business"]
    assert list(table["segment"]) == expected_groups
    assert (table["reference"] == (reference or "all other answers")).all()
    for _, row in table.iterrows():
        group = survey[survey["segment"] == row["segment"]]
        base = survey[survey["segment"] == reference] if reference else survey[survey["segment"] != row["segment"]]
        c = _compare(base, group, score, metric, options)
        assert (row["difference"], row["low"], row["high"], row["p_value"]) == pytest.approx(
            (c.difference, c.low, c.high, c.p_value), abs=1e-9, rel=1e-9)
        assert (row["value"], row["reference_value"]) == pytest.approx((c.b.value, c.a.value), abs=1e-9)
        assert (row["n"], row["reference_n"]) == (c.b.n, c.a.n)
    np.testing.assert_allclose(table["p_adjusted"], multipletests(table["p_value"], method="holm")[1], rtol=1e-12)


def test_compare_groups_two_columns_with_tuple_reference(survey):
    table = cx.compare_groups(survey, metric="nps", score="nps_score", by=["segment", "channel"],
                              reference=("consumer", "web"), adjust="bh")
    assert len(table) == 11
    assert not ((table["segment"] == "consumer") & (table["channel"] == "web")).any()
    base = survey[(survey["segment"] == "consumer") & (survey["channel"] == "web")]
    for _, row in table.iterrows():
        group = survey[(survey["segment"] == row["segment"]) & (survey["channel"] == row["channel"])]
        c = cx.compare(base["nps_score"], group["nps_score"])
        assert (row["difference"], row["low"], row["high"], row["p_value"]) == pytest.approx(
            (c.difference, c.low, c.high, c.p_value), abs=1e-9, rel=1e-9)
    np.testing.assert_allclose(table["p_adjusted"], multipletests(table["p_value"], method="fdr_bh")[1], rtol=1e-12)


def test_compare_groups_integer_levels():
    df = pd.DataFrame({"store": [1] * 60 + [2] * 60 + [3] * 60,
                       "s": [10, 9, 8, 3] * 15 + [10, 7, 2, 1] * 15 + [9, 9, 9, 0] * 15})
    table = cx.compare_groups(df, metric="nps", score="s", by="store", reference=1)
    assert list(table["store"]) == [2, 3]
    c = cx.compare(df.s[df.store == 1], df.s[df.store == 3])
    assert table.loc[1, "difference"] == pytest.approx(c.difference)
    assert table.loc[1, "p_value"] == pytest.approx(c.p_value)


# --------------------------------------------------------------------------- comparison errors


def test_comparison_errors(survey):
    with pytest.raises(ValueError, match=r"reference \('government'\) is not a group of \['segment'\]; the groups "
                                         r"are \['consumer', 'enterprise', 'small business'\]"):
        cx.compare_groups(survey, metric="nps", score="nps_score", by="segment", reference="government")
    with pytest.raises(ValueError, match=r"reference \('consumer'\) must give one level for each of "
                                         r"\['segment', 'channel'\]"):
        cx.compare_groups(survey, metric="nps", score="nps_score", by=["segment", "channel"], reference="consumer")
    with pytest.raises(ValueError, match=r"reference \(\('consumer', 'fax'\)\) is not a group"):
        cx.compare_groups(survey, metric="nps", score="nps_score", by=["segment", "channel"],
                          reference=("consumer", "fax"))
    with pytest.raises(ValueError, match=r"method \('wilson'\) must be one of 'adjusted-welch', 'adjusted-wald', 'wald' for nps"):
        cx.compare_groups(survey, metric="nps", score="nps_score", by="segment", method="wilson")
    with pytest.raises(ValueError, match=r"method \('t'\) must be one of 'newcombe' for csat differences"):
        cx.compare_periods(survey, metric="csat", score="csat_score", method="t")
    with pytest.raises(ValueError, match=r"method \('newcombe'\) must be one of 'welch' for ces_mean"):
        cx.compare_periods(survey, metric="ces", score="ces_score", statistic="mean", method="newcombe")
    with pytest.raises(ValueError, match=r"adjust \('bonferroni'\) must be one of 'holm', 'bh' or 'none'"):
        cx.compare_periods(survey, metric="nps", score="nps_score", adjust="bonferroni")
    with pytest.raises(ValueError, match=r"period \('W'\) must be one of 'M' or 'Q'"):
        cx.compare_periods(survey, metric="nps", score="nps_score", period="W")
    with pytest.raises(ValueError, match=r"date names column\(s\) 'date' that the data does not have; it has "
                                         r"'response_id'"):
        cx.compare_periods(survey, metric="nps", score="nps_score", date="date")
    with pytest.raises(ValueError, match=r"by names column\(s\) 'segmnt' that the data does not have"):
        cx.compare_groups(survey, metric="nps", score="nps_score", by="segmnt")
    with pytest.raises(ValueError, match=r"metric \('loyalty'\) must be one of"):
        cx.compare_groups(survey, metric="loyalty", score="nps_score", by="segment")
    with pytest.raises(ValueError, match=r"score names column\(s\) 'csat' that the data does not have; it has 'response_id'"):
        cx.compare_groups(survey, metric="csat", score="csat", by="segment")
    with pytest.raises(ValueError, match=r"confidence_level \(95\) must be strictly between 0 and 1"):
        cx.compare_periods(survey, metric="nps", score="nps_score", confidence_level=95)
    with pytest.raises(TypeError, match=r"metric 'csi' got unknown option\(s\) 'top'"):
        cx.compare_groups(survey, metric="csi", score="csi_score", by="segment", top=1)


# --------------------------------------------------------------------------- adjust_p_values


def test_adjust_p_values_equal_statsmodels():
    rng = np.random.default_rng(7)
    p = np.concatenate([rng.uniform(0, 0.05, 8), rng.uniform(0, 1, 12), [0.03, 0.03]])
    np.testing.assert_allclose(cx.adjust_p_values(p), multipletests(p, method="holm")[1], rtol=1e-12)
    np.testing.assert_allclose(cx.adjust_p_values(p, method="bh"), multipletests(p, method="fdr_bh")[1], rtol=1e-12)
    np.testing.assert_array_equal(cx.adjust_p_values(p, method="none"), p)


def test_adjust_p_values_by_hand_and_nan():
    p = [0.01, 0.04, np.nan, 0.03]
    # Holm, m = 3: sorted 0.01, 0.03, 0.04 -> 3 * 0.01, 2 * 0.03, max(0.06, 1 * 0.04)
    np.testing.assert_allclose(cx.adjust_p_values(p), [0.03, 0.06, np.nan, 0.06])
    # BH, m = 3: 0.04 * 3/3 = 0.04, 0.03 * 3/2 = 0.045 -> min(0.045, 0.04), 0.01 * 3
    np.testing.assert_allclose(cx.adjust_p_values(p, method="bh"), [0.03, 0.04, np.nan, 0.04])
    assert np.isnan(cx.adjust_p_values([np.nan, np.nan])).all()
    assert cx.adjust_p_values([0.9, 0.8]).max() <= 1.0
    with pytest.raises(ValueError, match=r"adjust \('fdr_bh'\) must be one of 'holm', 'bh' or 'none'"):
        cx.adjust_p_values(p, method="fdr_bh")


# --------------------------------------------------------------------------- compare_benchmark


def test_benchmark_nps_estimate_by_hand(survey):
    s = survey["nps_score"].dropna().astype(int).to_numpy()
    est = cx.nps(s)
    result = cx.compare_benchmark(est, 32)
    # Gap interval = the estimate's own interval shifted by the benchmark.
    assert result["gap"] == pytest.approx(est.value - 32)
    assert (result["low"], result["high"]) == pytest.approx((est.low - 32, est.high - 32))
    # Adjusted Wald (Rocks 2016): add 0.75 detractors, 1.5 passives, 0.75 promoters, n' = n + 3;
    # centre c = (P' - D') / n', variance v = (P'/n' + D'/n' - c^2) / n'. The interval's edge reaches
    # 0.32 at z = |c - 0.32| / sqrt(v), so p = 2 * (1 - Phi(z)).
    d, p_, n = (s <= 6).sum() + 0.75, (s >= 9).sum() + 0.75, len(s) + 3
    c = (p_ - d) / n
    v = (p_ / n + d / n - c**2) / n
    expected = 2 * stats.norm.sf(abs(c - 0.32) / math.sqrt(v))
    assert result["p_value"] == pytest.approx(expected, rel=1e-6)
    assert result["significant"] == (expected < 0.05)
    assert result["benchmark"] == 32.0 and result["metric"] == "nps"


def test_benchmark_share_is_the_score_test(survey):
    est = cx.csat(survey["csat_score"])
    result = cx.compare_benchmark(est, 79)
    # Wilson inverted = score test: z = (phat - p0) / sqrt(p0 (1 - p0) / n)
    phat = est.successes / est.n
    expected = 2 * stats.norm.sf(abs(phat - 0.79) / math.sqrt(0.79 * 0.21 / est.n))
    assert result["p_value"] == pytest.approx(expected, rel=1e-6)


def test_benchmark_mean_is_the_one_sample_t_test(survey):
    answers = survey.loc[survey["segment"] == "enterprise", "ces_score"].dropna().astype(float)
    est = cx.ces(answers, statistic="mean")
    result = cx.compare_benchmark(est, 3.8)
    # t = (mean - 3.8) / (sd / sqrt(n)), n - 1 degrees of freedom
    assert result["p_value"] == pytest.approx(stats.ttest_1samp(answers, 3.8).pvalue, rel=1e-6)


def test_benchmark_table_rows_equal_estimates(survey):
    table = cx.summarize(survey, metric="nps", score="nps_score", by="segment")
    out = cx.compare_benchmark(table, 32, adjust="bh")
    assert list(out.columns[-7:]) == ["benchmark", "gap", "gap_low", "gap_high", "p_value", "p_adjusted",
                                      "significant"]
    for _, row in out.iterrows():
        single = cx.compare_benchmark(cx.nps(survey.loc[survey["segment"] == row["segment"], "nps_score"]), 32)
        assert (row["gap"], row["gap_low"], row["gap_high"], row["p_value"]) == pytest.approx(
            (single["gap"], single["low"], single["high"], single["p_value"]), rel=1e-9)
    np.testing.assert_allclose(out["p_adjusted"], multipletests(out["p_value"], method="fdr_bh")[1], rtol=1e-12)


@pytest.mark.parametrize("metric, score, options, benchmark", [
    ("nps", "nps_score", {}, 32), ("csat", "csat_score", {}, 80), ("ces", "ces_score", {"statistic": "mean"}, 3.77),
])
def test_benchmark_on_weighted_table_inverts_the_weighted_interval(survey, metric, score, options, benchmark):
    weights = np.random.default_rng(3).uniform(0.5, 2.0, len(survey))
    table = cx.summarize(survey, metric=metric, score=score, by="segment", weights=weights, **options)
    out = cx.compare_benchmark(table, benchmark)
    assert out["p_value"].between(1e-6, 1).all()
    for _, row in out.iterrows():
        # the weighted interval at level 1 - p has an edge exactly at the benchmark
        again = cx.summarize(survey, metric=metric, score=score, by="segment", weights=weights,
                             confidence_level=1 - row["p_value"], **options)
        edge = again.loc[again["segment"] == row["segment"]].iloc[0]
        bound = edge["low"] if row["value"] > benchmark else edge["high"]
        assert bound == pytest.approx(benchmark, abs=1e-6)
    # unit weights give the unweighted p-values
    plain = cx.compare_benchmark(cx.summarize(survey, metric=metric, score=score, by="segment", **options), benchmark)
    unit = cx.compare_benchmark(cx.summarize(survey, metric=metric, score=score, by="segment",
                                             weights=np.ones(len(survey)), **options), benchmark)
    np.testing.assert_allclose(unit["p_value"], plain["p_value"], rtol=1e-6)


def test_benchmark_equal_value_and_empty_rows():
    est = cx.nps([10] * 40 + [7] * 30 + [0] * 30)  # NPS 10
    assert cx.compare_benchmark(est, 10)["p_value"] == 1.0
    frame = pd.DataFrame({"g": pd.Categorical(["a"] * 60, categories=["a", "b"]), "s": [10, 8, 0] * 20})
    out = cx.compare_benchmark(cx.summarize(frame, metric="nps", score="s", by="g"), 0)
    assert out.loc[0, "p_value"] == 1.0
    assert math.isnan(out.loc[1, "p_value"]) and math.isnan(out.loc[1, "p_adjusted"]) and not out.loc[1, "significant"]


def test_benchmark_errors(survey):
    est = cx.nps(survey["nps_score"])
    for bad in ("32", True, float("nan"), None):
        with pytest.raises(TypeError, match="benchmark must be a number in the metric's unit"):
            cx.compare_benchmark(est, bad)
    with pytest.raises(TypeError, match="compare_benchmark takes an Estimate or a summarize\\(\\) table; got list"):
        cx.compare_benchmark([30.0], 32)
    with pytest.raises(ValueError, match=r"the table lacks column\(s\) \['confidence_level', 'method'\]"):
        cx.compare_benchmark(cx.summarize(survey, metric="nps", score="nps_score").drop(
            columns=["method", "confidence_level"]), 32)
    with pytest.raises(ValueError, match=r"adjust \('x'\) must be one of"):
        cx.compare_benchmark(cx.summarize(survey, metric="nps", score="nps_score"), 32, adjust="x")


# --------------------------------------------------------------------------- paired_nps_change

BEFORE = [9, 9, 6, 3, 8, 6, 9, 10, 5, 7] * 4
AFTER = [10, 9, 8, 3, 10, 6, 7, 9, 0, 10] * 4


def test_paired_change_by_hand():
    result = cx.paired_nps_change(BEFORE, AFTER)
    # categories before:  1  1 -1 -1  0 -1  1  1 -1  0
    # categories after:   1  1  0 -1  1 -1  0  1 -1  1
    # differences:        0  0  1  0  1  0 -1  0  0  1   (x 4 respondents)
    diffs = np.array([0, 0, 1, 0, 1, 0, -1, 0, 0, 1] * 4, dtype=float)
    n, mean, sd = len(diffs), diffs.mean(), diffs.std(ddof=1)
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    assert result.difference == pytest.approx(100 * mean) == pytest.approx(20.0)
    assert (result.low, result.high) == pytest.approx((100 * (mean - half), 100 * (mean + half)))
    assert result.p_value == pytest.approx(stats.ttest_rel(
        np.where(np.array(AFTER) >= 9, 1, np.where(np.array(AFTER) >= 7, 0, -1)),
        np.where(np.array(BEFORE) >= 9, 1, np.where(np.array(BEFORE) >= 7, 0, -1))).pvalue)
    assert result.method == "paired-t"
    assert result.a.value == pytest.approx(cx.nps(BEFORE).value)
    assert result.b.value == pytest.approx(cx.nps(AFTER).value)
    assert result.difference == pytest.approx(result.b.value - result.a.value)


def test_paired_change_drops_unpaired_respondents():
    before = pd.array(BEFORE + [None, 10], dtype="Int64")
    after = pd.array(AFTER + [10, None], dtype="Int64")
    result = cx.paired_nps_change(before, after, confidence_level=0.9)
    reference = cx.paired_nps_change(BEFORE, AFTER, confidence_level=0.9)
    assert (result.difference, result.low, result.high) == pytest.approx(
        (reference.difference, reference.low, reference.high))
    assert result.a.n == result.b.n == 40 and result.a.n_missing == result.b.n_missing == 2


def test_paired_change_no_spread_uses_hoeffding():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        result = cx.paired_nps_change([6] * 50, [10] * 50)
    # every difference +2 (-1 -> +1): Hoeffding on -2..2, half = 4 * sqrt(log(2 / 0.05) / (2 n))
    assert result.difference == pytest.approx(200.0)
    assert result.method == "paired-hoeffding"
    assert result.low == pytest.approx(100 * (2 - 4 * math.sqrt(math.log(40) / 100)))
    assert result.high == pytest.approx(200.0)
    assert result.p_value == 0.0


def test_paired_change_errors():
    with pytest.raises(ValueError, match="before and after must hold the same respondents in the same order; "
                                         "got 3 and 2 answers"):
        cx.paired_nps_change([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="no respondent has a valid answer both before and after"):
        cx.paired_nps_change([1, None], [None, 2])
    with pytest.raises(cx.InvalidAnswersError, match="before"):
        cx.paired_nps_change([1, 11], [1, 2])
    with pytest.raises(ValueError, match=r"confidence_level \(1.5\) must be strictly between 0 and 1"):
        cx.paired_nps_change([1, 2], [1, 2], confidence_level=1.5)


def test_compare_periods_needs_two_periods(survey):
    one_month = survey[survey["answered_at"].dt.strftime("%Y-%m") == "2026-10"]
    with pytest.raises(cx.CxkitValueError, match=r"needs answers in at least two periods of 'answered_at'; "
                                                 r"the data covers 1 \(periods: 2026-10\)"):
        cx.compare_periods(one_month, score="nps_score")
    with pytest.raises(cx.CxkitValueError, match=r"the data covers 0 \(periods: none\)"):
        cx.compare_periods(survey.iloc[:0], score="nps_score")
