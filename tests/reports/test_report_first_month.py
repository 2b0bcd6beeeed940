"""The first month of the data: the monthly and benchmark reports render it and say there is nothing before it.

The data holds one month only (2026-10, cut from the sample), so there is no
previous month and no same month a year before: no change, no arrow, no
"significant" flag, and a plain sentence in both languages, rendered through
the command line (papermill and nbconvert, exit code 0).
"""

from __future__ import annotations

import html
import json
import re

import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit import command_line
from cxkit.reports import benchmark as bm, data as report_data, monthly
from cxkit.reports.targets import targets_for

MONTH = "2026-10"
SENTENCES = {  # (monthly card and alerts, benchmark periods) per language
    "en": ("No answers in September 2026, the month before: no change to show.",
           "No answers in September 2026, the previous month: no change to show."),
    "ru": ("Ответов за сентябрь 2026\u00a0г. (предыдущий месяц) нет: сравнивать не с чем.",
           "Ответов за сентябрь 2026\u00a0г. (прошлый месяц) нет: сравнивать не с чем."),
}
YEAR_SENTENCE = {"en": "No answers in October 2025, the same month a year before: no change to show.",
                 "ru": "Ответов за октябрь 2025\u00a0г. (тот же месяц год назад) нет: сравнивать не с чем."}
BOTH_SENTENCE = {  # said once, above the cards
    "en": "No answers in September 2026, the month before, or in October 2025, the same month a year before: "
          "no change to show.",
    "ru": "Ответов за сентябрь 2026\u00a0г. (предыдущий месяц) и за октябрь 2025\u00a0г. (тот же месяц год назад) нет: "
          "сравнивать не с чем."}
CARD_WORDS = {"en": ("no answers in September 2026", "no answers in October 2025, a year before"),
              "ru": ("нет ответов за сентябрь 2026\u00a0г.", "нет ответов за октябрь 2025\u00a0г. (тот же месяц год назад)")}
ONE_MONTH_TREND = {"en": "Only October 2026 has answers: no trend yet.",
                   "ru": "Ответы есть только за октябрь 2026\u00a0г.: тренда пока нет."}


@pytest.fixture(scope="module")
def one_month(tmp_path_factory):
    survey = cx.datasets.sample_survey()
    frame = survey[report_data.months_of(survey) == MONTH]
    path = tmp_path_factory.mktemp("first") / "october.csv"
    frame.to_csv(path, index=False)
    return frame, path


def _text(page) -> str:
    body = re.sub(r"data:image/(png|svg\+xml);base64,[^'\"]+", "", page.read_text(encoding="utf-8"))
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))  # no-break spaces kept


def test_first_month_headline_has_no_change_and_no_verdict(one_month):
    frame, _path = one_month
    table = monthly.headline(frame, month=MONTH, targets=targets_for()).set_index("metric")
    assert (table["previous_n"] == 0).all() and (table["yoy_n"] == 0).all()
    for column in ("previous_value", "change", "change_low", "change_high", "change_p", "change_p_adjusted",
                   "yoy_change", "yoy_p_adjusted"):
        assert table[column].isna().all(), column
    assert table["change_significant"].isna().all() and table["yoy_significant"].isna().all()
    # The month's own numbers are those of the whole sample's October.
    full = monthly.headline(cx.datasets.sample_survey(), month=MONTH, targets=targets_for()).set_index("metric")
    pd.testing.assert_series_equal(table["value"], full["value"])
    assert [a.kind for a in monthly.alerts(table.reset_index())] == [a.kind for a in monthly.alerts(full.reset_index())
                                                                     if a.kind == "missed"]
    trend = monthly.trends(frame, month=MONTH)
    nps = trend[trend["metric"] == "nps"]
    assert nps["n"].tolist() == [0] * 11 + [int(full.loc["nps", "n"])]
    assert nps["value"].iloc[-1] == pytest.approx(full.loc["nps", "value"]) and nps["value"].iloc[:-1].isna().all()


def test_report_month_without_answers_is_still_refused(one_month):
    frame, path = one_month
    with pytest.raises(cx.DataFileError, match=r"has no answers in 2026-09; it covers 2026-10 to 2026-10. "
                                               r"Pick a month in that range.$"):
        report_data.check_report_data(str(path), month="2026-09")
    assert report_data.check_report_data(str(path), month=MONTH)["answered_at"].tolist() \
        == frame["answered_at"].tolist()


def test_benchmark_period_gaps_of_the_first_month_say_there_is_no_reference(one_month):
    frame, _path = one_month
    periods = bm.period_gaps(frame, month=MONTH)
    assert set(periods["side"]) == {"no_data"} and (periods["reference_n"] == 0).all()
    assert periods[["difference", "low", "high", "p_value", "p_adjusted"]].isna().all().all()
    assert periods["significant"].isna().all()
    assert bm.months_without_answers(periods) == ["2026-09", "2025-10"]
    # With earlier months present, nothing changes: every row is tested.
    full = bm.period_gaps(cx.datasets.sample_survey(), month=MONTH)
    assert bm.months_without_answers(full) == [] and full["p_value"].notna().all()
    assert full["significant"].map(type).eq(bool).all()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_first_month_renders_in_both_languages_from_the_command_line(one_month, tmp_path, capsys, language):
    _frame, path = one_month
    out = tmp_path / "out"
    code = command_line.main(["report", "monthly", "--data", str(path), "--output-dir", str(out), "--no-progress",
                              "--language", language])
    assert code == 0, capsys.readouterr().err
    (folder,) = [p for p in out.iterdir() if p.name.startswith("monthly-")]
    page = _text(folder / f"{folder.name}.html")
    card, _benchmark = SENTENCES[language]
    # Said once, above the cards; each of the five cards only names the month without answers; no alert.
    assert page.count(BOTH_SENTENCE[language]) == 1
    assert page.count(card) == 0 and page.count(YEAR_SENTENCE[language]) == 0
    assert page.count(CARD_WORDS[language][0]) == 5 and page.count(CARD_WORDS[language][1]) == 5
    # The changes table leaves out the empty change columns.
    assert (f"{'Change' if language == 'en' else 'Изменение'}: " not in page)
    # One month: the trend section says there is no trend yet, and no alt text speaks of 12 months.
    raw = (folder / f"{folder.name}.html").read_text(encoding="utf-8")
    assert page.count(ONE_MONTH_TREND[language]) == 1
    alts = [html.unescape(a) for a in re.findall(r"alt=['\"]([^'\"]*)", raw)]
    assert len(alts) == 6 and not any("12 months" in a or "12 месяцев" in a for a in alts)
    assert sum(("single point" if language == "en" else "с одной точкой") in a for a in alts) == 5
    assert "cx-arrow" not in (folder / f"{folder.name}.html").read_text(encoding="utf-8")  # no arrow on a card
    assert ("significant (adjusted p" if language == "en" else "значимо (скорректированное p") not in page
    assert ("tested together" if language == "en" else "проверяются вместе") not in page  # nothing was tested
    assert ("n/a – n/a" if language == "en" else "н/д – н/д") not in page
    content = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    for entry in content["metrics"]:
        extra = entry["extra"]
        assert extra["previous_n"] == 0 and extra["change"] is None and extra["change_low"] is None
        assert extra["change_p_adjusted"] is None and extra["change_significant"] is None
        assert extra["yoy_change"] is None and extra["yoy_significant"] is None
        assert extra["change_note"] == card and extra["yoy_note"] == YEAR_SENTENCE[language]
        assert entry["value"] is not None and entry["low"] < entry["value"] < entry["high"]
    trends = pd.read_csv(folder / "trends.csv", dtype={"month": str})
    assert sorted(set(trends["month"]))[0] == "2025-10" and trends["month"].nunique() == 13  # year-ago base shown
    headline = pd.read_csv(folder / "headline.csv")
    assert headline["change"].isna().all() and headline["change_significant"].isna().all()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_first_month_benchmark_page_says_there_is_no_earlier_period(one_month, tmp_path, capsys, language):
    _frame, path = one_month
    out = tmp_path / "out"
    code = command_line.main(["report", "benchmark", "--data", str(path), "--output-dir", str(out), "--no-progress",
                              "--language", language])
    assert code == 0, capsys.readouterr().err
    (folder,) = [p for p in out.iterdir() if p.name.startswith("benchmark-")]
    page = _text(folder / f"{folder.name}.html")
    assert SENTENCES[language][1] in page
    periods = [m for m in json.loads((folder / "metrics.json").read_text(encoding="utf-8"))["metrics"]
               if m["key"].startswith("period.")]
    assert len(periods) == 10
    assert all(m["value"] is None and m["low"] is None and m["extra"]["significant"] is None
               and m["extra"]["p_adjusted"] is None for m in periods)
    assert np.isclose(periods[0]["extra"]["value"], json.loads((folder / "metrics.json").read_text(
        encoding="utf-8"))["metrics"][0]["value"])
