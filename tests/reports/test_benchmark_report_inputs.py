"""Benchmark report parameters and competitor files: clear errors before any notebook runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.errors import CxkitTypeError, CxkitValueError, DataFileError
from cxkit.reports.benchmark_page import prepare_benchmark, validate_benchmark_parameters
from cxkit.reports.competitors import competitor_tables, load_competitors

GOOD = {"month": "", "data": "", "competitors": "", "company": "", "confidence_level": 0.95, "language": "en",
        "date_format": ""}


@pytest.mark.parametrize("change, error, match", [
    ({"month": "Oct 2026"}, CxkitValueError, "YYYY-MM"),
    ({"language": "de"}, CxkitValueError, "language"),
    ({"confidence_level": 95}, CxkitValueError, "confidence_level"),
    ({"company": 3}, CxkitTypeError, "company must be text"),
    ({"data": "answers.csv\n"}, CxkitValueError, "line break"),
    ({"mnth": "2026-10"}, CxkitValueError, "unknown report parameter"),
])
def test_bad_parameters_are_refused(change, error, match):
    with pytest.raises(error, match=match):
        validate_benchmark_parameters({**GOOD, **change})


def test_missing_parameter_is_named():
    with pytest.raises(CxkitValueError, match="missing report parameter"):
        validate_benchmark_parameters({k: v for k, v in GOOD.items() if k != "language"})


def test_prepare_fills_in_the_latest_month_and_refuses_a_month_without_answers():
    assert prepare_benchmark(validate_benchmark_parameters(GOOD))["month"] == "2026-10"
    with pytest.raises(CxkitValueError, match="no answers in 2030-01; it covers 2024-11 to 2026-10"):
        prepare_benchmark(validate_benchmark_parameters({**GOOD, "month": "2030-01"}))


def _write(tmp_path, frame: pd.DataFrame, name="c.csv"):
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return str(path)


def _counts(rows):
    return pd.DataFrame(rows, columns=["competitor", "metric", "answer", "count"])


@pytest.mark.parametrize("frame, match", [
    (_counts([("A", "nps", 11, 5)]), r"nps answers must be from 0 to 10; got \[11\]"),
    (_counts([("A", "nps", 3, -1)]), "count must be a whole number >= 0"),
    (_counts([("A", "nps", 3, 2.5)]), "count must be a whole number >= 0"),
    (_counts([("A", "loyalty", 3, 2)]), "metric must be one of 'nps', 'csat', 'csi', 'ces'"),
    (_counts([("A", "nps", 3, 2), ("A", "nps", 3, 4)]), "more than once"),
    (_counts([("A", "nps", 3, 0)]), "no nps answers for 'A'"),
    (_counts([("Our company", "nps", 3, 2)]), "the same as the company"),
    (_counts([(None, "nps", 3, 2)]), "without a competitor name"),
    (_counts([("A", "nps", 3, 2)]).assign(extra=1), "besides"),
    (pd.DataFrame({"competitor": ["A"], "score": [3]}), "neither the counts columns"),
    (pd.DataFrame({"name": ["A"], "nps_score": [3]}), "lacks the 'competitor' column"),
    (pd.DataFrame({"competitor": ["A", "B"], "nps_score": [3, 12]}), "nps_score"),
])
def test_bad_competitor_files_are_refused(tmp_path, frame, match):
    with pytest.raises(DataFileError, match=match):
        load_competitors(_write(tmp_path, frame), company="Our company")


def test_missing_competitor_file_is_refused_before_the_notebook(tmp_path):
    with pytest.raises(DataFileError, match="does not exist"):
        prepare_benchmark(validate_benchmark_parameters({**GOOD, "competitors": str(tmp_path / "none.csv")}))


def test_answers_layout_equals_counts_layout_and_gaps_equal_compare_groups(tmp_path):
    rng = np.random.default_rng(3)
    answers = pd.DataFrame({"competitor": np.repeat(["A", "B"], 300),
                            "nps_score": rng.integers(0, 11, 600), "csat_score": rng.integers(1, 6, 600)})
    from_answers = load_competitors(_write(tmp_path, answers, "a.csv"), company="Us")
    long = from_answers[from_answers["count"] > 0]
    from_counts = load_competitors(_write(tmp_path, long, "b.csv"), company="Us")
    merged = from_answers.merge(from_counts, on=["competitor", "metric", "answer"], how="left").fillna(0)
    assert (merged["count_x"] == merged["count_y"]).all()
    survey = cx.datasets.sample_survey()
    estimates, gaps = competitor_tables(survey, from_counts, month="2026-10", company="Us")
    month = survey[survey["answered_at"].dt.strftime("%Y-%m") == "2026-10"]
    pooled = pd.concat([month[["nps_score"]].assign(who="Us"),
                        answers[["nps_score"]].assign(who=answers["competitor"])], ignore_index=True)
    pooled["nps_score"] = pooled["nps_score"].astype("Int64")
    for name in ("A", "B"):
        direct = cx.compare_groups(pooled[pooled["who"].isin([name, "Us"])], metric="nps", score="nps_score",
                                   by="who", reference=name).iloc[0]
        mine = gaps[(gaps["competitor"] == name) & (gaps["metric"] == "nps")].iloc[0]
        assert mine["difference"] == pytest.approx(direct["difference"])
        assert (mine["low"], mine["high"]) == pytest.approx((direct["low"], direct["high"]))
        assert mine["p_value"] == pytest.approx(direct["p_value"])
    assert set(estimates["competitor"]) == {"Us", "A", "B"}
    # One Holm family per metric: the company against each competitor in that metric
    for metric, part in gaps.groupby("metric"):
        assert part["p_adjusted"].to_numpy() == pytest.approx(cx.adjust_p_values(part["p_value"].to_numpy()))
    assert set(gaps["metric"]) == {"nps", "csat"}
