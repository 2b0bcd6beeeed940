"""Russian sentences of the monthly and journey pages: months after a preposition in the right case, a channel
name in quotes, agreeing adjectives, which side of the target, and no line break after "≥"."""

from __future__ import annotations

import pytest

import cxkit as cx
from cxkit.reports import formatting as page, monthly
from cxkit.reports.journey_labels import journey_labels
from cxkit.reports.labels import labels
from cxkit.reports.locale import RU_MONTH_CASES, Formatter
from cxkit.reports.targets import targets_for

RU = Formatter("ru", labels("ru"))
EN = Formatter("en", labels("en"))


def test_russian_months_after_a_preposition_take_their_case():
    assert RU.month_in("2026-10", "prepositional") == "октябре 2026\u00a0г."
    assert RU.month_in("2026-09", "instrumental") == "сентябрём 2026\u00a0г."
    assert [RU.month_in(f"2026-{m:02d}", "instrumental").split()[0] for m in (1, 3, 5, 6, 8)] == [
        "январём", "мартом", "маем", "июнем", "августом"]
    assert RU.month_in("2025-05", "prepositional") == "мае 2025\u00a0г."
    assert all(len(forms) == 12 for forms in RU_MONTH_CASES.values())
    # Every prepositional form ends in -е, every instrumental in -ом/-ем/-ём (the 12 months, by the grammar).
    assert all(name.endswith("е") for name in RU_MONTH_CASES["prepositional"])
    assert all(name[-2:] in ("ом", "ем", "ём") for name in RU_MONTH_CASES["instrumental"])
    assert EN.month_in("2026-10", "prepositional") == "October 2026"  # English has no cases
    with pytest.raises(cx.CxkitValueError, match=r"case must be one of 'prepositional', 'instrumental'; got 'dative'"):
        RU.month_in("2026-10", "dative")


@pytest.fixture(scope="module")
def headline():
    survey = cx.datasets.sample_survey(months=14, start="2025-09")
    return monthly.headline(survey, month="2026-10", targets=targets_for())


def test_cards_and_alerts_compare_with_a_month_in_the_instrumental(headline):
    words = labels("ru")
    cards = page.cards_html(headline, words, RU)
    assert "по сравнению с сентябрём 2026\u00a0г." in cards and "по сравнению с октябрём 2025\u00a0г." in cards
    assert "периодом" not in cards and "«сентябрь 2026»" not in cards
    text = page.alerts_html([], words, previous=RU.month_in("2026-09", "instrumental"),
                            year=RU.month_in("2025-10", "instrumental"))
    assert "по сравнению с сентябрём 2026\u00a0г. и октябрём 2025\u00a0г. нет" in text
    row = headline.iloc[0].to_dict() | {"previous_value": 20.0, "change": -5.0, "change_low": -9.0,
                                         "change_high": -1.0, "change_p_adjusted": 0.01, "yoy_value": 30.0,
                                         "yoy_change": -15.0, "yoy_low": -20.0, "yoy_high": -10.0,
                                         "yoy_p_adjusted": 0.001}
    alerts = [monthly.Alert(metric=row["metric"], kind="drop", comparison=c, details=row)
              for c in ("previous", "year")]
    lines = [t for _k, t in page.alert_lines(alerts, words, RU)]
    assert "значимо снизился по сравнению с сентябрём 2026\u00a0г.:" in lines[0]
    assert "значимо хуже, чем год назад, в октябре 2025\u00a0г.:" in lines[1]


@pytest.mark.parametrize("relation, side", [(">=", "ниже цели"), ("<=", "выше цели")])
def test_a_missed_target_says_which_side_and_keeps_the_sign_with_its_number(headline, relation, side):
    words = labels("ru")
    row = headline.iloc[1].to_dict() | {"target": 80.0, "target_relation": relation, "low": 70.0, "high": 75.0}
    alert = [a for a in monthly.alerts(headline.iloc[[1]].assign(
        target=80.0, target_relation=relation, light="missed", low=70.0 if relation == ">=" else 85.0,
        high=75.0 if relation == ">=" else 90.0))
             if a.kind == "missed"]
    assert alert
    (_kind, text), = page.alert_lines(alert, words, RU)
    assert text.endswith(f"{side}.") and "по другую сторону" not in text
    assert ("(≥\u00a080,0\u00a0%)" if relation == ">=" else "(≤\u00a080,0\u00a0%)") in text
    assert "цель ≥\u00a0" in page.target_text(row | {"light": "met", "target_relation": ">="}, words, RU)
    english = page.alert_lines(alert, labels("en"), EN)[0][1]
    assert english.endswith("is below it." if relation == ">=" else "is above it.")


def test_journey_wording():
    words = journey_labels("ru")
    assert words["pain_channel"].startswith("Канал «{touchpoint}»:")
    assert words["quadrants"]["secondary"] == "второстепенная точка"  # a table cell has no noun to agree with
    assert "в {month_in}" in words["month_given"] and "периоде" not in words["month_latest"]


def test_the_journey_header_names_the_month_in_the_prepositional():
    words = journey_labels("ru")
    month_in = RU.month_in("2026-10", "prepositional")
    assert words["month_latest"].format(month_in=month_in, customers="999 клиентов") == (
        "Клиенты, чей путь начался в октябре 2026\u00a0г., последнем месяце, в котором начинаются пути "
        "(месяц не был задан): 999 клиентов.")
