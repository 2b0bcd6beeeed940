"""cx.summarize / cx.summarize_counts / df.cx: every grouped row equals the single-sample function on that group."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import cxkit as cx

CLI_ITEMS = ["cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere"]
TIDY = ["metric", "value", "low", "high", "n", "method", "confidence_level"]
NPS_DETAILS = ["promoters_share", "passives_share", "detractors_share", "promoters", "passives", "detractors"]

# metric id -> (summarize kwargs, single-sample function of one group's rows)
METRICS = {
    "nps": (dict(metric="nps", score="nps_score"), lambda g: cx.nps(g["nps_score"])),
    "csat": (dict(metric="csat", score="csat_score"), lambda g: cx.csat(g["csat_score"])),
    "csat-top1": (dict(metric="csat", score="csat_score", top=1), lambda g: cx.csat(g["csat_score"], top=1)),
    "csi": (dict(metric="csi", score="csi_score"), lambda g: cx.csi(g["csi_score"])),
    "ces-share": (dict(metric="ces", score="ces_score"), lambda g: cx.ces(g["ces_score"])),
    "ces-share-reverse": (dict(metric="ces", score="ces_score", reverse=True),
                          lambda g: cx.ces(g["ces_score"], reverse=True)),
    "ces-mean": (dict(metric="ces", score="ces_score", statistic="mean"),
                 lambda g: cx.ces(g["ces_score"], statistic="mean")),
    "cli": (dict(metric="cli", score=CLI_ITEMS, reverse=("cli_buy_elsewhere",)),
            lambda g: cx.cli(g[CLI_ITEMS], reverse=("cli_buy_elsewhere",))),
}


@pytest.fixture(scope="module")
def small_survey(survey):
    """Two months of answers: enough groups, fast single-sample loops."""
    return survey[survey["answered_at"] >= "2026-09-01"].reset_index(drop=True)


def _group_key(row, by):
    return tuple(row[c] for c in by)


def _assert_rows_match_single_sample(table, frame, by, single, *, date=None):
    """Every row of ``table`` equals ``single`` applied to the rows of its group."""
    keys = frame[by].copy()
    if date is not None:
        keys["period"] = frame[date].dt.to_period("M").astype(str)
    cols = list(keys.columns)
    groups = {key: part.index for key, part in keys.groupby(cols)}  # tuple keys
    assert len(table) >= len(groups)
    for _, row in table.iterrows():
        key = _group_key(row, cols)
        if key not in groups:
            assert row["n"] == 0 and math.isnan(row["value"])
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", cx.SmallSampleWarning)
            est = single(frame.loc[groups[key]])
        if True:
            assert row["value"] == pytest.approx(est.value, abs=1e-9), key
            assert row["low"] == pytest.approx(est.low, abs=1e-9), key
            assert row["high"] == pytest.approx(est.high, abs=1e-9), key
            assert row["n"] == est.n, key
            assert row["method"] == est.method, key
            assert row["metric"] == est.metric, key
            assert row["n_missing"] == est.n_missing, key
            # flagged exactly where the single-sample function warns (small or one-category sample)
            warned = any(issubclass(w.category, cx.SmallSampleWarning) for w in caught)
            assert bool(row["small_sample"]) == warned, key
            if est.metric == "nps":
                for c in NPS_DETAILS:
                    assert row[c] == pytest.approx(est.details[c], abs=1e-9), (key, c)
            elif "successes" in est.details:
                assert row["successes"] == est.details["successes"], key
            else:
                assert row["sd"] == pytest.approx(est.details["sd"], abs=1e-9), key


@pytest.mark.parametrize("metric_id", list(METRICS))
def test_by_segment_equals_single_sample(survey, metric_id):
    kwargs, single = METRICS[metric_id]
    table = cx.summarize(survey, by=["segment"], **kwargs)
    assert list(table["segment"]) == ["consumer", "enterprise", "small business"]
    _assert_rows_match_single_sample(table, survey, ["segment"], single)


@pytest.mark.parametrize("metric_id", list(METRICS))
def test_by_segment_and_channel_equals_single_sample(small_survey, metric_id):
    kwargs, single = METRICS[metric_id]
    table = cx.summarize(small_survey, by=["segment", "channel"], **kwargs)
    assert len(table) == 3 * 4
    _assert_rows_match_single_sample(table, small_survey, ["segment", "channel"], single)


@pytest.mark.parametrize("metric_id", ["nps", "csat", "ces-mean", "cli"])
def test_by_month_equals_single_sample(survey, metric_id):
    kwargs, single = METRICS[metric_id]
    table = cx.summarize(survey, by=["segment"], period="M", date="answered_at", **kwargs)
    assert list(table.columns[:2]) == ["segment", "period"]
    assert table["period"].iloc[0] == "2024-11" and table["period"].iloc[-1] == "2026-10"
    assert len(table) == 3 * 24
    _assert_rows_match_single_sample(table, survey, ["segment"], single, date="answered_at")


def test_quarter_labels_and_counts(survey):
    table = cx.summarize(survey, metric="nps", score="nps_score", period="Q", date="answered_at")
    assert list(table["period"]) == ["2024Q4"] + [f"2025Q{q}" for q in range(1, 5)] + [f"2026Q{q}" for q in range(1, 5)]
    quarters = survey["answered_at"].dt.to_period("Q").astype(str).str.replace("Q", "Q")
    expected = survey["nps_score"].notna().groupby(quarters).sum()
    assert list(table["n"]) == list(expected.to_numpy())


def test_no_by_is_one_row_equal_to_the_whole_sample(survey):
    table = cx.summarize(survey, metric="nps", score="nps_score")
    est = cx.nps(survey["nps_score"])
    assert len(table) == 1
    assert (table.loc[0, "value"], table.loc[0, "low"], table.loc[0, "high"], table.loc[0, "n"]) == pytest.approx(
        (est.value, est.low, est.high, est.n))


def test_tidy_columns_nps(survey):
    table = cx.summarize(survey, metric="nps", score="nps_score", by=["segment", "channel"])
    assert list(table.columns) == ["segment", "channel"] + TIDY + NPS_DETAILS + ["n_missing", "n_dropped",
                                                                               "small_sample"]
    assert (table["confidence_level"] == 0.95).all()
    assert table["n"].dtype == np.int64
    assert table["small_sample"].dtype == bool


def test_tidy_columns_share_and_mean(survey):
    share = cx.summarize(survey, metric="csat", score="csat_score", by="region")
    assert list(share.columns) == ["region"] + TIDY + ["successes", "n_missing", "n_dropped", "small_sample"]
    mean = cx.summarize(survey, metric="ces", score="ces_score", statistic="mean", by="region")
    assert list(mean.columns) == ["region"] + TIDY + ["sd", "n_missing", "n_dropped", "small_sample"]
    assert (mean["metric"] == "ces_mean").all()


def test_confidence_level_and_method_are_passed_on(survey):
    table = cx.summarize(survey, metric="nps", score="nps_score", by="segment", confidence_level=0.9, method="score")
    for _, row in table.iterrows():
        est = cx.nps(survey.loc[survey["segment"] == row["segment"], "nps_score"], confidence_level=0.9, method="score")
        assert (row["low"], row["high"]) == pytest.approx((est.low, est.high), abs=1e-9)
        assert row["method"] == "score" and row["confidence_level"] == 0.9


def test_empty_category_keeps_its_row_with_n_zero(small_survey):
    frame = small_survey.copy()
    frame["segment"] = pd.Categorical(frame["segment"], categories=["consumer", "enterprise", "government",
                                                                    "small business"])
    for kwargs, _ in METRICS.values():
        table = cx.summarize(frame, by="segment", **kwargs)
        assert list(table["segment"]) == ["consumer", "enterprise", "government", "small business"]
        empty = table[table["segment"] == "government"].iloc[0]
        assert empty["n"] == 0
        assert math.isnan(empty["value"]) and math.isnan(empty["low"]) and math.isnan(empty["high"])
        assert bool(empty["small_sample"])
        full = table[table["segment"] != "government"]
        assert full["value"].notna().all()


def test_month_without_answers_keeps_its_row():
    df = pd.DataFrame({
        "answered_at": pd.to_datetime(["2026-01-05"] * 40 + ["2026-03-05"] * 40),
        "nps_score": [10, 9, 7, 3] * 20,
    })
    table = cx.summarize(df, metric="nps", score="nps_score", period="M", date="answered_at")
    assert list(table["period"]) == ["2026-01", "2026-02", "2026-03"]
    assert list(table["n"]) == [40, 0, 40]
    assert math.isnan(table.loc[1, "value"])
    assert table.loc[0, "value"] == pytest.approx(25.0)


def test_small_sample_flag():
    df = pd.DataFrame({"g": ["a"] * 10 + ["b"] * 40 + ["c"] * 40,
                       "s": [10, 0] * 5 + [10, 8, 5, 9] * 10 + [10] * 40})
    table = cx.summarize(df, metric="nps", score="s", by="g")
    assert list(table["small_sample"]) == [True, False, True]  # c: every answer a promoter


def test_missing_and_dropped_counts():
    df = pd.DataFrame({"g": ["a"] * 6, "s": pd.array([1, 5, None, 9, 3, None], dtype="Int64")})
    table = cx.summarize(df, metric="csat", score="s", by="g", drop_invalid=True)
    assert table.loc[0, "n"] == 3 and table.loc[0, "n_missing"] == 2 and table.loc[0, "n_dropped"] == 1
    with pytest.raises(cx.InvalidAnswersError):
        cx.summarize(df, metric="csat", score="s", by="g")


# --------------------------------------------------------------------------- summarize_counts


def _count_table(frame, by, score):
    grouped = frame.groupby(by + [score], dropna=False).size().rename("count").reset_index()
    return grouped.rename(columns={score: "answer"})


@pytest.mark.parametrize("metric_id", ["nps", "csat", "csat-top1", "csi", "ces-share", "ces-share-reverse",
                                       "ces-mean"])
def test_summarize_counts_equals_summarize(survey, metric_id):
    kwargs, _ = METRICS[metric_id]
    kwargs = dict(kwargs)
    score = kwargs.pop("score")
    counts = _count_table(survey, ["segment", "region"], score)
    assert counts["answer"].isna().any()  # missing answers are counted too
    from_counts = cx.summarize_counts(counts, by=["segment", "region"], **kwargs)
    raw = cx.summarize(survey, score=score, by=["segment", "region"], **kwargs)
    pd.testing.assert_frame_equal(from_counts, raw)


def test_summarize_counts_with_custom_column_names():
    counts = pd.DataFrame({"g": ["a", "a", "a", "b", "b"], "score": [10, 7, 0, 9, 5], "k": [30, 20, 10, 5, 5]})
    table = cx.summarize_counts(counts, answer="score", count="k", by="g")
    est = cx.nps([10] * 30 + [7] * 20 + [0] * 10)
    assert table.loc[0, "value"] == pytest.approx(est.value)
    assert (table.loc[0, "low"], table.loc[0, "high"]) == pytest.approx((est.low, est.high))
    assert list(table["n"]) == [60, 10]


def test_summarize_counts_errors():
    counts = pd.DataFrame({"answer": [1, 5], "count": [3, 4]})
    with pytest.raises(TypeError, match="counts must be a pandas DataFrame"):
        cx.summarize_counts([1, 2])
    with pytest.raises(ValueError, match=r"counts has no column 'n'; it has \['answer', 'count'\]"):
        cx.summarize_counts(counts, metric="csat", count="n")
    with pytest.raises(ValueError, match=r"must hold whole numbers >= 0; 1 do not"):
        cx.summarize_counts(counts.assign(count=[3, -1]), metric="csat")
    with pytest.raises(ValueError, match=r"must hold whole numbers >= 0; 1 do not"):
        cx.summarize_counts(counts.assign(count=[3.5, 1]), metric="csat")
    with pytest.raises(ValueError, match="summarize_counts cannot compute the cli"):
        cx.summarize_counts(counts, metric="cli")


# --------------------------------------------------------------------------- accessor


def test_accessor_summarize_equals_function(survey):
    a = survey.cx.summarize(metric="nps", score="nps_score", by="segment", period="M", date="answered_at")
    b = cx.summarize(survey, metric="nps", score="nps_score", by="segment", period="M", date="answered_at")
    pd.testing.assert_frame_equal(a, b)
    c = survey.cx.summarize("cli", CLI_ITEMS, "region", reverse="cli_buy_elsewhere")
    d = cx.summarize(survey, metric="cli", score=CLI_ITEMS, by="region", reverse=("cli_buy_elsewhere",))
    pd.testing.assert_frame_equal(c, d)


def test_accessor_single_metrics(survey):
    assert survey.cx.nps("nps_score") == cx.nps(survey["nps_score"])
    assert survey.cx.csat("csat_score", top=1) == cx.csat(survey["csat_score"], top=1)
    assert survey.cx.csi("csi_score") == cx.csi(survey["csi_score"])
    assert survey.cx.ces("ces_score", statistic="mean") == cx.ces(survey["ces_score"], statistic="mean")
    assert survey.cx.cli(CLI_ITEMS, reverse=("cli_buy_elsewhere",)) == cx.cli(survey[CLI_ITEMS],
                                                                              reverse=("cli_buy_elsewhere",))


def test_accessor_comparisons(survey):
    pd.testing.assert_frame_equal(
        survey.cx.compare_periods(metric="nps", score="nps_score", date="answered_at", period="Q"),
        cx.compare_periods(survey, metric="nps", score="nps_score", date="answered_at", period="Q"))
    pd.testing.assert_frame_equal(
        survey.cx.compare_groups(metric="csat", score="csat_score", by="segment", reference="consumer"),
        cx.compare_groups(survey, metric="csat", score="csat_score", by="segment", reference="consumer"))


def test_accessor_unknown_column(survey):
    with pytest.raises(ValueError, match=r"df.cx.nps names column\(s\) 'nps' that the data does not have; it has 'response_id', "):
        survey.cx.nps("nps")
    with pytest.raises(ValueError, match=r"df.cx.cli names column\(s\) 'recommend' that the data does not have; it has .*'cli_recommend'"):
        survey.cx.cli(["recommend"])


# --------------------------------------------------------------------------- weights


def test_unit_weights_give_the_unweighted_result(survey):
    for kwargs, _ in METRICS.values():
        plain = cx.summarize(survey, by="segment", **kwargs)
        weighted = cx.summarize(survey, by="segment", weights=np.ones(len(survey)), **kwargs)
        for c in ("value", "low", "high"):
            np.testing.assert_allclose(weighted[c], plain[c], rtol=0, atol=1e-9, err_msg=f"{kwargs} {c}")
        assert list(weighted["n"]) == list(plain["n"])
        np.testing.assert_allclose(weighted["n_effective"], plain["n"], rtol=1e-12)
        assert list(weighted.columns[-2:]) == ["n_effective", "se"]


def test_weights_by_column_name(survey):
    frame = survey.assign(w=2.0)
    by_name = cx.summarize(frame, metric="nps", score="nps_score", by="segment", weights="w")
    by_array = cx.summarize(frame, metric="nps", score="nps_score", by="segment", weights=frame["w"].to_numpy())
    pd.testing.assert_frame_equal(by_name, by_array)
    plain = cx.summarize(survey, metric="nps", score="nps_score", by="segment")
    np.testing.assert_allclose(by_name["value"], plain["value"], atol=1e-9)  # constant weights change nothing


def test_kish_effective_n_and_linearised_se_by_hand():
    # Scores x: promoter +1, promoter +1, detractor -1, passive 0; weights 1, 2, 3, 4.
    df = pd.DataFrame({"s": [10, 9, 0, 8], "w": [1.0, 2.0, 3.0, 4.0]})
    table = cx.summarize(df, metric="nps", score="s", weights="w")
    # sum w = 10, sum w^2 = 30 -> Kish n = 100 / 30
    assert table.loc[0, "n_effective"] == pytest.approx(100 / 30)
    # theta = (1 + 2 - 3 + 0) / 10 = 0 -> NPS 0
    assert table.loc[0, "value"] == pytest.approx(0.0)
    # linearised v = n/(n-1) sum w^2 (x - theta)^2 / (sum w)^2 = 4/3 (1 + 4 + 9 + 0) / 100, in points, as
    # R's survey::svymean(~x, svydesign(ids = ~1, weights = ~w, data = d)) gives (with-replacement factor n/(n-1))
    assert table.loc[0, "se"] == pytest.approx(100 * math.sqrt(4 / 3 * 0.14))
    # weighted shares: promoters 30 %, passives 40 %, detractors 30 %; detail counts are not shown
    assert table.loc[0, "promoters_share"] == pytest.approx(30.0)
    assert table.loc[0, "passives_share"] == pytest.approx(40.0)
    assert math.isnan(table.loc[0, "promoters"])
    assert table.loc[0, "n"] == 4


def test_weighted_share_by_hand():
    # CSAT top-2: successes 5 and 4 (weights 3, 1), failure 1 (weight 1)
    df = pd.DataFrame({"s": [5, 4, 1], "w": [3.0, 1.0, 1.0]})
    table = cx.summarize(df, metric="csat", score="s", weights="w")
    assert table.loc[0, "value"] == pytest.approx(80.0)  # 4 / 5
    assert table.loc[0, "n_effective"] == pytest.approx(25 / 11)
    # v = n/(n-1) (9 * 0.2^2 + 1 * 0.2^2 + 1 * 0.8^2) / 25 = 3/2 * 1.04 / 25 (survey::svymean, see above)
    assert table.loc[0, "se"] == pytest.approx(100 * math.sqrt(1.5 * 1.04 / 25))


def test_weights_errors(survey):
    with pytest.raises(ValueError, match=r"weights names column\(s\) 'wt' that the data does not have; it has 'response_id'"):
        cx.summarize(survey, metric="nps", score="nps_score", weights="wt")
    with pytest.raises(ValueError, match=r"weights must have one value per row \(19200\); got shape \(3,\)"):
        cx.summarize(survey, metric="nps", score="nps_score", weights=[1, 2, 3])
    bad = np.ones(len(survey))
    bad[0] = -1
    with pytest.raises(ValueError, match=r"weights must be finite numbers >= 0; 1 are not"):
        cx.summarize(survey, metric="nps", score="nps_score", weights=bad)
    with pytest.raises(ValueError, match="method 'bootstrap' cannot take survey weights"):
        cx.summarize(survey, metric="nps", score="nps_score", weights=np.ones(len(survey)), method="bootstrap")


# --------------------------------------------------------------------------- errors


def test_errors(survey):
    with pytest.raises(TypeError, match="df must be a pandas DataFrame; got list"):
        cx.summarize([1, 2], metric="nps", score="x")
    with pytest.raises(ValueError, match=r"metric \('promoters'\) must be one of 'nps', 'csat', 'csi', 'ces', 'churn', 'sla', 'conversion', 'cli', 'cx_usefulness', 'cx_ease', 'cx_enjoyability' or 'cx_index'"):
        cx.summarize(survey, metric="promoters", score="nps_score")
    with pytest.raises(ValueError, match=r"method \('wilson'\) must be one of 'adjusted-wald'"):
        cx.summarize(survey, metric="nps", score="nps_score", method="wilson")
    with pytest.raises(ValueError, match=r"period \('W'\) must be one of 'M' or 'Q'"):
        cx.summarize(survey, metric="nps", score="nps_score", period="W", date="answered_at")
    with pytest.raises(ValueError, match="period and date go together"):
        cx.summarize(survey, metric="nps", score="nps_score", period="M")
    with pytest.raises(ValueError, match="period and date go together"):
        cx.summarize(survey, metric="nps", score="nps_score", date="answered_at")
    with pytest.raises(ValueError, match=r"by names column\(s\) 'segmnt' that the data does not have; "
                                         r"it has 'response_id', 'customer_id', 'answered_at', 'segment'"):
        cx.summarize(survey, metric="nps", score="nps_score", by=["segmnt"])
    with pytest.raises(ValueError, match=r"date names column\(s\) 'when' that the data does not have"):
        cx.summarize(survey, metric="nps", score="nps_score", period="M", date="when")
    with pytest.raises(ValueError, match=r"score names column\(s\) 'nps' that the data does not have; it has 'response_id'"):
        cx.summarize(survey, metric="nps", score="nps")
    with pytest.raises(ValueError, match=r"score must name the answer column"):
        cx.summarize(survey, metric="nps")
    with pytest.raises(TypeError, match=r"metric 'nps' got unknown option\(s\) 'top'; it accepts no options"):
        cx.summarize(survey, metric="nps", score="nps_score", top=1)
    with pytest.raises(TypeError, match=r"metric 'csat' got unknown option\(s\) 'statistic'; it accepts 'scale', 'top'"):
        cx.summarize(survey, metric="csat", score="csat_score", statistic="mean")
    with pytest.raises(ValueError, match=r"confidence_level \(95\) must be strictly between 0 and 1"):
        cx.summarize(survey, metric="nps", score="nps_score", confidence_level=95)
    with pytest.raises(TypeError, match="n_resamples must be an integer"):
        cx.summarize(survey, metric="nps", score="nps_score", n_resamples=1.5)


def test_period_errors(survey):
    with pytest.raises(TypeError, match=r"date column 'segment' must hold dates \(datetime64\)"):
        cx.summarize(survey, metric="nps", score="nps_score", period="M", date="segment")
    frame = survey.head(50).copy()
    frame.loc[3, "answered_at"] = pd.NaT
    with pytest.raises(ValueError, match="date column 'answered_at' has 1 missing dates"):
        cx.summarize(frame, metric="nps", score="nps_score", period="M", date="answered_at")
    with pytest.raises(ValueError, match="by already has a column named 'period'"):
        cx.summarize(survey.assign(period="x"), metric="nps", score="nps_score", by="period", period="M",
                     date="answered_at")


def test_cli_errors(survey):
    with pytest.raises(ValueError, match=r"score names column\(s\) 'cli_x' that the data does not have"):
        cx.summarize(survey, metric="cli", score=["cli_recommend", "cli_x"])
    with pytest.raises(ValueError, match=r"reverse names \['cli_buy_elsewhere'\], which are not among the CLI items"):
        cx.summarize(survey, metric="cli", score=["cli_recommend"], reverse="cli_buy_elsewhere")


def test_cli_weights_are_checked(survey):
    items = ["cli_recommend", "cli_buy_elsewhere"]
    with pytest.raises(ValueError, match=r"weights must have one value per row \(19200\); got shape \(2,\)"):
        cx.summarize(survey, metric="cli", score=items, weights=[1.0, 2.0])
    w = np.ones(len(survey))
    w[3] = np.nan
    with pytest.raises(ValueError, match=r"weights must be finite numbers >= 0; 1 are not \(e.g. nan\)"):
        cx.summarize(survey, metric="cli", score=items, weights=w)


# --------------------------------------------------------------------------- counting internals


def test_chunked_count_equals_one_pass(survey, monkeypatch):
    import cxkit.tables.counts as count_table

    weights = np.arange(len(survey)) % 3 + 1.0
    whole = cx.summarize(survey, metric="nps", score="nps_score", by=["segment", "region"], weights=weights)
    monkeypatch.setattr(count_table, "CHUNK_ROWS", 1000)
    chunked = cx.summarize(survey, metric="nps", score="nps_score", by=["segment", "region"], weights=weights)
    pd.testing.assert_frame_equal(chunked, whole)


@pytest.mark.parametrize("metric_id", ["nps", "csat", "cli"])
def test_many_combinations_keep_only_observed_rows(survey, monkeypatch, metric_id):
    import cxkit.tables.counts as count_table

    kwargs, _ = METRICS[metric_id]
    frame = survey[survey["segment"] != "enterprise"].reset_index(drop=True)
    frame["segment"] = pd.Categorical(frame["segment"], categories=["consumer", "enterprise", "small business"])
    full = cx.summarize(frame, by=["segment", "region"], **kwargs)
    assert len(full) == 12
    monkeypatch.setattr(count_table, "MAX_FULL_PRODUCT", 5)
    observed = cx.summarize(frame, by=["segment", "region"], **kwargs)
    expected = full[full["segment"] != "enterprise"].reset_index(drop=True)
    expected["segment"] = expected["segment"].astype(observed["segment"].dtype)
    pd.testing.assert_frame_equal(observed, expected)
    with pytest.raises(ValueError, match="too many group combinations"):
        cx.compare_periods(frame, by=["segment", "region"], date="answered_at", **kwargs)


def test_missing_group_keys_are_a_group(survey):
    frame = survey.copy()
    frame.loc[::7, "segment"] = None
    frame["segment_cat"] = frame["segment"].astype("category")
    for column in ("segment", "segment_cat"):
        table = cx.summarize(frame, metric="csat", score="csat_score", by=column)
        assert len(table) == 4 and pd.isna(table[column].iloc[-1])
        est = cx.csat(frame.loc[frame["segment"].isna(), "csat_score"])
        assert (table["value"].iloc[-1], table["low"].iloc[-1], table["n"].iloc[-1]) == pytest.approx(
            (est.value, est.low, est.n))


def test_timezone_aware_dates_use_their_local_month(survey):
    aware = survey.assign(answered_at=survey["answered_at"].dt.tz_localize("UTC"))
    pd.testing.assert_frame_equal(
        cx.summarize(aware, metric="nps", score="nps_score", period="M", date="answered_at"),
        cx.summarize(survey, metric="nps", score="nps_score", period="M", date="answered_at"))


def test_empty_data_gives_an_empty_table(survey):
    table = cx.summarize(survey.head(0), metric="nps", score="nps_score", by="segment")
    assert len(table) == 0 and list(table.columns[:2]) == ["segment", "metric"]


@pytest.mark.parametrize("dtype", ["Int8", "Int64", "UInt8"])
def test_nullable_integer_answer_just_above_the_scale_is_invalid_not_missing(dtype):
    """11 on 0-10 next to missing answers: read from the nullable array's own buffers, it must
    count as invalid (an error, or dropped), never as a missing answer."""
    df = pd.DataFrame({"g": ["a", "a", "a", "b", "b"], "s": pd.array([11, None, 9, 3, 10], dtype=dtype)})
    with pytest.raises(ValueError, match=r"s: 1 of 5 answers are not valid on the 0-10 scale .*: 11\."):
        cx.summarize(df, metric="nps", score="s", by="g")
    table = cx.summarize(df, metric="nps", score="s", by="g", drop_invalid=True).set_index("g")
    assert table.loc["a", "n"] == 1 and table.loc["a", "n_missing"] == 1 and table.loc["a", "n_dropped"] == 1
    with pytest.warns(cx.SmallSampleWarning):
        expected = cx.nps([3, 10])
    assert table.loc["b", "value"] == pytest.approx(expected.value)


def test_boolean_answer_column_is_invalid_answers_as_for_one_sample():
    df = pd.DataFrame({"g": ["a", "b"] * 20, "s": [True, False] * 20})
    with pytest.raises(cx.InvalidAnswersError, match=r"s: 40 of 40 answers are not valid on the 0-10 scale"):
        cx.summarize(df, metric="nps", score="s", by="g")
    with pytest.raises(cx.InvalidAnswersError, match=r"40 of 40 answers"):
        cx.nps(df["s"])


def test_summarize_counts_rejects_counts_a_float_cannot_hold_exactly():
    counts = pd.DataFrame({"answer": [0, 10], "count": [9.3e18, 1]})
    with pytest.raises(cx.CxkitValueError, match=r"counts\['count'\] must hold whole numbers >= 0; 1 do not \(e.g. \[9.3e\+18\]; counts above 2\*\*53"):
        cx.summarize_counts(counts)
    counts = pd.DataFrame({"answer": [0, 10], "count": [2.0**53, 2.0**53]})
    with pytest.raises(cx.CxkitValueError, match=r"add up to 1.80144e\+16 answers, more than 2\*\*53"):
        cx.summarize_counts(counts)
