"""A section the data cannot fill says so in one line, never vanishes (issue: "a section whose data columns are
absent says so in one line instead of failing"): monthly, journey and benchmark pages."""

from __future__ import annotations

import html as html_module

import pandas as pd
import pytest

import cxkit as cx
from cxkit.reports import monthly, monthly_absent
from cxkit.reports.benchmark_labels import benchmark_labels
from cxkit.reports.journey_labels import journey_labels
from cxkit.reports.labels import labels
from cxkit.reports.runner import render_report

MONTH = "2026-10"


def _page(result) -> str:
    return html_module.unescape(result.html.read_text(encoding="utf-8"))


def _csv(tmp_path, frame, name="answers.csv") -> str:
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return str(path)


@pytest.fixture(scope="module")
def survey():
    return cx.datasets.sample_survey(months=3, start="2026-08")


def test_the_reasons_are_computed_from_the_data(survey):
    nps_only = survey[["answered_at", "nps_score"]]
    groups = monthly.group_tables(nps_only, month=MONTH)
    assert monthly_absent.missing_group_tables(nps_only, groups) == {
        "segment": "no_column", "channel": "no_column", "region": "no_column"}
    one_segment = survey[survey["segment"] == "enterprise"]
    groups = monthly.group_tables(one_segment, month=MONTH)
    assert monthly_absent.missing_group_tables(one_segment, groups) == {"segment": "fewer_than_two"}
    empty_csat = survey.assign(csat_score=float("nan"))
    headline = monthly.headline(empty_csat, month=MONTH)
    assert "csat" not in set(headline["metric"])
    assert monthly_absent.unanswered_metrics(empty_csat, headline) == ["csat"]
    assert monthly_absent.unanswered_metrics(survey, monthly.headline(survey, month=MONTH)) == []


@pytest.mark.parametrize("language", ["en", "ru"])
def test_monthly_page_names_every_table_and_card_it_cannot_show(tmp_path, survey, language):
    data = survey.drop(columns=["channel", "region"]).assign(csat_score=float("nan"))
    page = _page(render_report("monthly", {"data": _csv(tmp_path, data), "month": MONTH, "language": language},
                               output_dir=tmp_path / "out"))
    words = labels(language)
    where = "October 2026" if language == "en" else "октябре 2026\u00a0г."
    assert words["unanswered_metrics"].format(month=where, items="CSAT") in page
    assert words["groups_missing"]["no_column"]["channel"] in page
    assert words["groups_missing"]["no_column"]["region"] in page
    assert words["groups_title"]["segment"] in page  # the segment table is still there
    assert words["mix_title"] in page


def test_monthly_page_with_nps_only_says_why_there_are_no_groups(tmp_path, survey):
    data = survey[["answered_at", "nps_score"]]
    page = _page(render_report("monthly", {"data": _csv(tmp_path, data), "month": MONTH},
                               output_dir=tmp_path / "out"))
    words = labels("en")
    for dimension in monthly.DIMENSIONS:
        assert words["groups_missing"]["no_column"][dimension] in page
        assert words["groups_title"][dimension] not in page
    assert words["groups_note"].split(":")[0] not in page  # no ▲ / ▼ legend without a table
    assert words["mix_title_all"] in page and words["mix_title"] not in page
    assert "for all answers and for each segment" not in page and "of all answers in October 2026" in page


def test_a_one_segment_monthly_page_says_it_shows_one_segment(tmp_path, survey):
    page = _page(render_report("monthly", {"data": _csv(tmp_path, survey), "month": MONTH,
                                           "segment": "enterprise"}, output_dir=tmp_path / "out"))
    words = labels("en")
    assert words["groups_one_segment"].format(segment="enterprise") in page
    assert words["groups_title"]["channel"] in page
    assert words["mix_title_all"] in page and words["mix_title"] not in page  # one bar, not twin bars
    mix = pd.read_csv(next((tmp_path / "out").glob("*/nps_mix.csv")))
    assert len(mix) == 1 and bool(mix.loc[0, "all_answers"])


def test_journey_page_says_why_segments_are_not_compared(tmp_path):
    events = cx.datasets.make_journeys(600, seed=3, start="2026-03-01", months=4).events.drop(columns="segment")
    page = _page(render_report("journey", {"events": _csv(tmp_path, events, "events.csv")},
                               output_dir=tmp_path / "out"))
    words = journey_labels("en")
    assert words["no_segments"]["no_column"] in page and words["segments_title"] not in page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_benchmark_page_names_only_the_lacking_columns_in_the_right_number(tmp_path, survey, language):
    data = survey.drop(columns=["cli_repurchase", "cli_other_products"])
    page = _page(render_report("benchmark", {"data": _csv(tmp_path, data), "month": MONTH, "language": language},
                               output_dir=tmp_path / "out"))
    words = benchmark_labels(language)
    quote = words["column_quote"].format  # 'churned' / «churned»
    assert words["missing_metric"]["one"].format(metric=words["churn"], columns=quote("churned")) in page
    assert words["missing_metric"]["other"].format(
        metric=words["cli"], columns=f"{quote('cli_repurchase')}, {quote('cli_other_products')}") in page
