"""How a report writes a number or an interval it does not have: one word per language, the same everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit.reports import benchmark_display, benchmark_page, monthly
from cxkit.reports.benchmark_labels import benchmark_labels
from cxkit.reports.formatting import cards_html, changes_display, group_display, interval_text
from cxkit.reports.labels import labels
from cxkit.reports.locale import Formatter
from cxkit.reports.targets import targets_for

NOT_AVAILABLE = {"en": "n/a", "ru": "н/д"}


@pytest.fixture(scope="module")
def first_month_headline():
    survey = cx.datasets.sample_survey(months=2, start="2026-09")
    return monthly.headline(survey, month="2026-09", targets=targets_for())  # no August: no change


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_interval_reads_as_one_word_in_every_table(first_month_headline, language):
    words, fmt = labels(language), Formatter(language, labels(language))
    word = NOT_AVAILABLE[language]
    assert words["not_available"] == benchmark_labels(language)["not_available"] == word
    assert interval_text(np.nan, 1.0, words, str) == interval_text(1.0, None, words, str) == word
    assert interval_text(1.0, 2.0, words, lambda v: fmt.number(v)) == ("1.0 – 2.0" if language == "en" else "1,0 – 2,0")
    # The first month of the data: no change columns at all (the note above the cards says why) ...
    table = changes_display(first_month_headline, words, fmt)
    assert list(table.columns) == [words[c] for c in ("col_metric", "col_value", "col_interval", "col_n",
                                                      "col_light")]
    # ... a month with answers a month before but none a year before: only the previous month's columns; one
    # metric without answers in the previous month says so in its row.
    survey = cx.datasets.sample_survey(months=2, start="2026-09")
    headline = monthly.headline(survey, month="2026-10", targets=targets_for())
    headline.loc[0, ["previous_n", "change", "change_low", "change_high", "change_p_adjusted"]] = [0] + [np.nan] * 4
    table = changes_display(headline, words, fmt)
    change_intervals = [c for c in table.columns if c.startswith(words["col_change_interval"])]
    assert change_intervals == [f"{words['col_change_interval']}: {fmt.month('2026-09', short=True)}"]
    assert table[change_intervals[0]].iloc[0] == word  # not "n/a – n/a"
    assert table[change_intervals[0]].iloc[1] != word
    p_columns = [c for c in table.columns if c.startswith(words["col_p"])]
    assert len(p_columns) == 1 and table[p_columns[0]].iloc[0] == word
    changes = [c for c in table.columns if c.startswith(words["col_change"] + ":")]
    assert len(changes) == 1 and table[changes[0]].iloc[0] == words["no_answers_short"]  # says why, not n/a
    flat = " ".join(map(str, table.to_numpy().ravel()))
    assert f"{word} – {word}" not in flat and "nan" not in flat
    # The benchmark page writes it the same way.
    assert benchmark_page.interval(np.nan, np.nan, 1, language) == word
    assert benchmark_page.interval(1.0, float("nan"), 1, language, sign=True) == word
    assert benchmark_page.p_text(float("nan"), language) == word
    assert benchmark_page.number(None, 1, language) == word


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_card_and_a_group_cell_without_interval(first_month_headline, language):
    words, fmt = labels(language), Formatter(language, labels(language))
    row = first_month_headline.iloc[[0]].assign(low=np.nan, high=np.nan)
    card = cards_html(row, words, fmt)
    word = NOT_AVAILABLE[language]
    assert words["no_interval"] in card and words["interval"].format(low=word, high=word) not in card
    assert ("interval n/a" if language == "en" else "интервал н/д") == words["no_interval"]
    groups = pd.DataFrame({"dimension": ["segment"], "group": ["a"], "metric": ["nps"], "value": [10.0],
                           "low": [np.nan], "high": [np.nan], "significant": [False], "difference": [np.nan]})
    cell = group_display(groups, "segment", {"nps": "points"}, words, fmt).iloc[0, 1]
    assert cell == f"{fmt.value(10.0, 'points')} ({NOT_AVAILABLE[language]})"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_journey_intervals_without_ends_read_as_the_same_word(language):
    from cxkit.reports import journey_display
    from cxkit.reports.journey_labels import journey_labels

    words, fmt = journey_labels(language), Formatter(language, labels(language))
    assert journey_display.interval(np.nan, np.nan, words, fmt) == NOT_AVAILABLE[language]
    assert journey_display.interval(0.5, None, words, fmt, kind="number") == NOT_AVAILABLE[language]
    shown = journey_display.interval(25, 50, words, fmt)  # percent points
    assert shown == ("25.0% to 50.0%" if language == "en" else "от 25,0\xa0% до 50,0\xa0%")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_answers_without_a_segment_are_a_named_group_not_nan(language):
    survey = cx.datasets.sample_survey(months=2, start="2026-09")
    october = survey.index[survey["answered_at"] >= "2026-10-01"][:150]
    survey.loc[october, "segment"] = None
    groups = monthly.group_tables(survey, month="2026-10")
    segments = groups[(groups["dimension"] == "segment") & (groups["metric"] == "nps")]
    assert segments["group"].isna().sum() == 1 and "nan" not in set(segments["group"].dropna())
    missing = segments[segments["group"].isna()].iloc[0]
    assert missing["n"] == survey.loc[october, "nps_score"].notna().sum()
    words, fmt = labels(language), Formatter(language, labels(language))
    units = monthly.headline(survey, month="2026-10").set_index("metric")["unit"].to_dict()
    table = group_display(groups, "segment", units, words, fmt)
    names = list(table[words["col_group"]])
    assert ("no segment given" if language == "en" else "сегмент не указан") in names
    assert not any(str(n).lower() == "nan" for n in names)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_driver_whose_interval_crosses_a_quadrant_line_is_marked_not_certain(language):
    from cxkit.reports.journey_display import quadrant_text
    from cxkit.reports.journey_labels import journey_labels

    words = journey_labels(language)
    sure = pd.Series({"quadrant": "priority", "quadrant_certain": True})
    unsure = pd.Series({"quadrant": "priority", "quadrant_certain": False})
    assert quadrant_text(sure, words) == words["quadrants"]["priority"]
    assert quadrant_text(unsure, words) == (
        "priority? (not sure: an interval crosses a quadrant line)" if language == "en"
        else "приоритет? (под вопросом: интервал пересекает линию квадранта)")


def test_only_priority_drivers_whose_intervals_keep_to_the_quadrant_are_pain_points():
    from types import SimpleNamespace

    from cxkit.reports.journey_sections import pain_points

    ipa = pd.DataFrame({"touchpoint": ["courier", "email"], "quadrant": ["priority", "priority"],
                        "quadrant_certain": [True, False], "importance": [30.0, 26.0],
                        "importance_low": [26.0, 5.0], "importance_high": [40.0, 45.0],
                        "performance": [3.1, 3.4]})
    ipa.attrs["performance_line"] = 3.8
    drivers = SimpleNamespace(status="ok", ipa=ipa, n_used=700)
    funnel = pd.DataFrame({"step": [1], "stage": ["a"], "reached": [10], "previous": [10], "drop_off": [0.0],
                           "drop_off_low": [0.0], "drop_off_high": [0.0]})
    pain = pain_points(funnel, None, None, drivers)
    assert list(pain.loc[pain["kind"] == "priority", "name"]) == ["courier"]


def test_tables_mark_only_their_long_text_columns_as_wrapping_and_leave_missing_cells_empty():
    from cxkit.reports.formatting import table_html

    frame = pd.DataFrame({"Metric": ["NPS", "CSAT"],
                          "Source": ["course notes “What customer experience is”", "<b>x</b>"],
                          "Interval": ["−5,1\u00a0п.\u00a0п. – +3,1\u00a0п.\u00a0п.", "20.2 – 31.6"],
                          "Group": ["89,0\u00a0% (80,4\u00a0% – 94,1\u00a0%) ▲", "76,3\u00a0%"],
                          "Year": ["year not stated", "2024"], "Value": [1.5, None]})
    body = table_html(frame)
    # the source and "year not stated" wrap; intervals and values with units, however long, do not
    assert "class=\"dataframe cx-table cx-wrap-2 cx-wrap-5\"" in body
    assert "&lt;b&gt;x&lt;/b&gt;" in body and "<b>" not in body and "NaN" not in body and ">nan<" not in body


def test_header_items_keep_their_dot_and_a_segment_is_in_the_title():
    from cxkit.reports.formatting import parameters_line, report_title

    line = parameters_line([("Data", "<a.csv>"), ("Segment", "all")])
    assert line == ("<span><strong>Data:</strong> &lt;a.csv&gt;</span>\u00a0· "
                    "<span><strong>Segment:</strong> all</span>")  # a phone never starts a line with the dot
    assert report_title("Monthly report", "October 2026") == "Monthly report: October 2026"
    assert report_title("Monthly report", "October 2026", "SMB") == "Monthly report: October 2026 — SMB"
