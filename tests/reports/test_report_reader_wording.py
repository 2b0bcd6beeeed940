"""What a lay reader takes from the monthly page's words (from an editor's reading of the rendered pages).

- A solid arrow (▲ ▼) means "significant" everywhere on the page, as the group tables' legend says; a card's
  change that is not significant has a hollow arrow (△ ▽).
- One note under the cards names the size of their Holm family and says an interval is for its change
  alone, so an interval that leaves 0 out next to "not significant" explains itself.
- Units never break from their number; Russian lists after a colon are lowercase, column names in «».
- A one-segment page names the segment where an all-segments page says "all answers".
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import cxkit as cx
from cxkit.reports import formatting as page
from cxkit.reports import monthly
from cxkit.reports.labels import labels
from cxkit.reports.locale import Formatter

MONTH = "2026-10"


@pytest.fixture(scope="module")
def headline():
    answers = monthly.with_report_month(cx.datasets.sample_survey())
    return monthly.headline(answers, month=MONTH, confidence_level=0.95, targets={})


def _change_lines(html: str) -> list[str]:
    return re.findall(r"<p class='cx-change[^']*'>(.*?)</p>", html)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_solid_arrows_only_for_significant_changes(headline, language):
    words = labels(language)
    html = page.cards_html(headline, words, Formatter(language, words))
    lines = _change_lines(html)
    expected = []
    for r in headline.to_dict("records"):
        for prefix, key in (("change", "change"), ("yoy", "yoy_change")):
            if pd.isna(r[key]):
                continue
            significant = bool(r[f"{prefix}_significant"])
            expected.append(("▲" if significant else "△") if r[key] > 0 else ("▼" if significant else "▽"))
    assert [re.search(r"[▲▼△▽]", line).group() for line in lines] == expected
    # the sample's October has both kinds: the test sees each glyph it claims to check
    assert {"▲", "▼"} & set(expected) and {"△", "▽"} & set(expected)


def test_one_note_says_how_the_changes_are_tested(headline):
    """Once under the cards, not on every card: the size of the Holm family, and that an interval is for its change
    alone (so an interval clear of 0 beside "not significant" explains itself)."""
    tested = page.tested_changes(headline)
    adjusted = pd.concat([headline["change_p_adjusted"], headline["yoy_p_adjusted"]])
    assert tested == adjusted.notna().sum() == 10  # 5 metrics, each against September 2026 and October 2025
    en, ru = labels("en"), labels("ru")
    english = page.cards_html(headline, en, Formatter("en", en), 0.95)
    note = ("The 10 changes on the cards are tested together: a change is significant when its p-value, adjusted by "
            "Holm&#x27;s method, is below 5%. Each interval is for its own change, unadjusted, so an interval clear "
            "of 0 can still be not significant.")
    assert english.count(note) == 1 and english.endswith("</p>")
    assert english.count("not significant (adjusted p = ") == sum(
        1 for prefix in ("change", "yoy") for v in headline[f"{prefix}_significant"] if v is False)
    russian = page.cards_html(headline, ru, Formatter("ru", ru), 0.95)
    assert russian.count("Изменения на карточках (10) проверяются вместе: изменение значимо, когда его p-значение "
                         "с поправкой Холма ниже 5\u00a0%.") == 1
    first = headline.iloc[:1].assign(change_p=float("nan"), yoy_p=float("nan"))
    assert page.changes_note_html(first, en, Formatter("en", en), 0.95) == ""  # nothing tested: no note


def test_units_are_bound_to_their_numbers():
    en, ru = Formatter("en", labels("en")), Formatter("ru", labels("ru"))
    assert ru.change(1.25, "percent") == "+1,2\u00a0п.\u00a0п." and en.change(1.25, "percent") == "+1.2\u00a0pp"
    assert ru.value(12.5, "hours") == "12,5\u00a0ч" and en.change(-2, "hours") == "−2.0\u00a0h"


def test_russian_missing_metrics_are_lowercase_with_quoted_columns():
    words = labels("ru")
    html = page.missing_html([("churn", ["churned"]), ("first_response_time", ["created_at", "first_response_at"]),
                              ("cli", ["cli_other_products"])], words)
    assert ("не показано: отток (столбец «churned»); время первого ответа (столбцы «created_at», "
            "«first_response_at»); CLI (столбец «cli_other_products»)") in html
    english = page.missing_html([("churn", ["churned"])], labels("en"))
    assert "not shown: Churn (column &#x27;churned&#x27;)" in english


def test_one_segment_page_names_its_segment_not_all_answers():
    mix = pd.DataFrame({"group": [""], "all_answers": [True], "n": [84], "promoters": [59.5], "passives": [20.2],
                        "detractors": [20.3], "nps": [39.2]})
    words = labels("en")
    assert page.mix_group_labels(mix, words, "enterprise") == ["enterprise"]
    assert page.mix_group_labels(mix, words) == ["all answers"]
    assert page.mix_display(mix, words, Formatter("en", words), "enterprise")["Group"].tolist() == ["enterprise"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_ranges_in_labels_use_an_en_dash(language):
    from cxkit.reports.benchmark_labels import benchmark_labels
    from cxkit.reports.journey_labels import journey_labels

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)

    for table in (labels(language), journey_labels(language), benchmark_labels(language)):
        for text in strings(table):
            assert not re.search(r"(?<![\w-])\d{1,3}-\d{1,3}(?![\w-])", text), text


@pytest.mark.parametrize("report", ["monthly", "benchmark"])
def test_a_weight_column_the_report_does_not_use_is_named_on_the_page(tmp_path, report):
    """The reports count every answer once; a survey's weight column is said to be unused, never dropped silently."""
    from cxkit.reports import render

    data = cx.datasets.sample_survey().assign(survey_weight=1.5)
    path = tmp_path / "weighted.csv"
    data.to_csv(path, index=False)
    import html

    page_text = html.unescape(render(report, data=str(path), output_dir=tmp_path / "out", progress=False)
                              .html.read_text())
    assert "Unweighted: the data's column 'survey_weight' is not used; every answer counts once" in page_text
    plain = render(report, output_dir=tmp_path / "plain", progress=False).html.read_text()
    assert "Unweighted" not in plain


def test_time_table_says_when_no_one_or_too_few_moved_on():
    """Medians among those who moved on: none moved on -> "no one moved on" and no interval; three moved on -> the
    exact interval cannot reach 95 % ("too few ... for an interval"), never "0.0 days or more"."""
    import numpy as np

    from cxkit.reports.journey_display import times_display
    from cxkit.reports.journey_labels import journey_labels

    table = pd.DataFrame({"from_stage": ["a", "b", "c"], "to_stage": ["b", "c", "d"], "n": [50, 3, 0],
                          "n_reached": [50, 3, 0], "n_censored": [0, 0, 0], "n_out_of_order": [0, 0, 0],
                          "n_not_moved": [10, 47, 3], "median": [2.0, 5.0, np.nan], "low": [1.5, 0.0, np.nan],
                          "high": [2.5, np.inf, np.nan]})
    table.attrs["end"] = pd.Timestamp("2027-01-28")
    words = journey_labels("en")
    shown = times_display(table, words, Formatter("en", labels("en")))
    assert shown["Median"].tolist() == ["2.0\u00a0days", "5.0\u00a0days", "no one moved on"]
    assert shown["Interval"].tolist() == ["1.5\u00a0days to 2.5\u00a0days", "too few moved on for an interval", ""]
    assert shown["Customers"].tolist() == ["60", "50", "3"]
    assert "Not moved on by January 28, 2027" in shown.columns
