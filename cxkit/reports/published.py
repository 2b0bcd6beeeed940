"""Published benchmark values and the sources' thresholds, as data (from BENCHMARKS.md of the project).

Every published row keeps its source and year, which a report prints next to
the number: the methods behind these figures differ (survey panels of
consumers, vendors' customer bases, indices from a model) and several are not
comparable with each other or with a company's own survey. They are published
point values with no stated interval, so :func:`cxkit.compare_benchmark`
treats them as fixed numbers: a gap's interval carries the company's sampling
uncertainty only.

``gap_metric`` names the cxkit metric a published value can be set against
(the same formula: the NPS; a share of satisfied answers for ticket CSAT; a
monthly churn share); ``None`` means no gap is computed (the ACSI is an index
from a model on its own 0-100 scale, response times are not survey answers)
and the value is shown for context only. The ROI figures of the seeds are
scenario inputs, not benchmarks of a metric, and are not listed here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..options import check_choice


@dataclass(frozen=True)
class Published:
    """One published value: what it measures, where, how much, who says so and when."""

    metric: str  # "nps", "acsi", "csat", "churn", "first_response_time"
    scope_en: str
    scope_ru: str
    value: float
    unit: str  # "points", "index", "percent", "hours"
    source: str
    year: str  # "2024", a month "2012-03" or a quarter "2013-Q3" (formatted per language); "" when none is stated
    gap_metric: str | None
    note_en: str = ""
    note_ru: str = ""
    count: int | None = None  # the number a note's "{count}" stands for, formatted per language (150 000+)


_Q24, _Q23 = "Qualtrics XM Institute, NPS benchmarks", "Qualtrics XM Institute, NPS benchmarks"
_US = ("US consumers", "потребители США")
_ACSI = "ACSI (American Customer Satisfaction Index)"
_ZENDESK = "Zendesk benchmark"
_RECURLY = "Recurly churn benchmarks"
_SURVEY_MONKEY = "SurveyMonkey global benchmark"
_RECURLY_SITES = ("{count}+ sites over 19 months", "{count}+ сайтов за 19 месяцев")
_RECURLY_PART = ("{count}+ sites over 19 months; part of all churn", "{count}+ сайтов за 19 месяцев; часть всего оттока")

#: The sources' names on Russian pages (English pages print them as the sources do).
SOURCES_RU = {
    "Qualtrics XM Institute, NPS benchmarks": "Qualtrics XM Institute, бенчмарки NPS",
    _SURVEY_MONKEY: "SurveyMonkey, мировой бенчмарк NPS",
    "CustomerGauge B2B benchmarks": "CustomerGauge, бенчмарки B2B",
    "ACSI (American Customer Satisfaction Index)": "ACSI (Американский индекс удовлетворённости потребителей)",
    "Zendesk benchmark": "Zendesk, бенчмарк оценок обращений",
    _RECURLY: "Recurly, бенчмарки оттока",
    "SuperOffice customer service benchmark": "SuperOffice, бенчмарк клиентского сервиса",
}
_ACSI_NOTE = ("0–100 index from the ACSI model, not a share of answers: shown for context, no gap computed",
              "индекс 0–100 по модели ACSI, а не доля ответов: приведён для сравнения, разница не вычисляется")
_ZENDESK_NOTE = ("support tickets rated good or bad, not a share of 4–5 on a 1–5 scale: shown for context, no gap "
                 "computed",
                 "оценки обращений в поддержку «хорошо/плохо», а не доля 4–5 по шкале 1–5: приведены для "
                 "сравнения, разница не вычисляется")


def _nps(scope_en, scope_ru, value, year, source=_Q24, note=_US):
    return Published("nps", scope_en, scope_ru, value, "points", source, year, "nps", note[0], note[1])


def _acsi(scope_en, scope_ru, value, year):
    return Published("acsi", scope_en, scope_ru, value, "index", _ACSI, year, None, *_ACSI_NOTE)


def _churn(scope_en, scope_ru, value, year, note=("", ""), count=None):
    return Published("churn", scope_en, scope_ru, value, "percent", _RECURLY, year, "churn", *note, count=count)


def _survey_monkey(scope_en, scope_ru, value, note):
    return Published("nps", scope_en, scope_ru, value, "points", _SURVEY_MONKEY, "", "nps", *note, count=150_000)


def _zendesk(scope_en, scope_ru, value, year):
    return Published("csat_tickets", scope_en, scope_ru, value, "percent", _ZENDESK, year, None, *_ZENDESK_NOTE)


#: Every published value of BENCHMARKS.md (NPS, ACSI, CSAT, churn, response time), in its order.
PUBLISHED = (
    _nps("grocery", "продуктовые магазины", 30, "2024"),
    _nps("streaming media", "стриминговые сервисы", 29, "2024"),
    _nps("retail", "розничная торговля", 29, "2024"),
    _nps("TV/internet service providers", "провайдеры ТВ и интернета", 9, "2024"),
    _nps("car rentals", "прокат автомобилей", 8, "2024"),
    _nps("consumer payments", "потребительские платежи", -6, "2024"),
    _nps("retail", "розничная торговля", 28, "2023", _Q23),
    _nps("streaming media", "стриминговые сервисы", 28, "2023", _Q23),
    _nps("grocery", "продуктовые магазины", 26, "2023", _Q23),
    _nps("airlines", "авиакомпании", 7, "2023", _Q23),
    _nps("car rentals", "прокат автомобилей", 3, "2023", _Q23),
    _nps("consumer payments", "потребительские платежи", 1, "2023", _Q23),
    _survey_monkey("all organisations (average)", "все организации (среднее)", 32,
                   ("global average of {count}+ organisations; top quartile 72 and above",
                    "среднее по миру, {count}+ организаций; верхняя четверть — 72 и выше")),
    _survey_monkey("all organisations, top quartile (lower edge)", "все организации, верхняя четверть (нижняя граница)",
                   72, ("global, {count}+ organisations", "по миру, {count}+ организаций")),
    _nps("B2B manufacturing", "B2B, производство", 49, "2020", "CustomerGauge B2B benchmarks", ("B2B", "B2B")),
    _acsi("US national", "США в целом", 77.8, "2023-Q4"),
    _acsi("US national", "США в целом", 78.0, "2024-Q1"),
    _acsi("airlines", "авиакомпании", 77, "2024"),
    _acsi("airlines", "авиакомпании", 73, "2025"),
    _acsi("internet service providers", "интернет-провайдеры", 71, "2024"),
    _acsi("internet service providers, fibre", "интернет-провайдеры, оптоволокно", 76, "2024"),
    _acsi("internet service providers, non-fibre", "интернет-провайдеры, без оптоволокна", 68, "2024"),
    _acsi("streaming video", "потоковое видео", 79, "2024"),
    _acsi("subscription TV", "платное ТВ", 70, "2024"),
    _acsi("full-service restaurants", "рестораны с обслуживанием", 84, "2024"),
    _acsi("fast food restaurants", "рестораны быстрого питания", 79, "2024"),
    _zendesk("support tickets, global", "обращения в поддержку, мир", 86, "2012-03"),
    _zendesk("support tickets, real estate", "обращения в поддержку, недвижимость", 96, "2012-03"),
    _zendesk("support tickets, entertainment", "обращения в поддержку, развлечения", 77, "2012-03"),
    _zendesk("support tickets, global", "обращения в поддержку, мир", 82, "2013-Q3"),
    _churn("subscription businesses, B2B", "подписочный бизнес, B2B", 4.91, "",
           _RECURLY_SITES, 1500),
    _churn("subscription businesses, B2C", "подписочный бизнес, B2C", 6.77, "",
           _RECURLY_SITES, 1500),
    _churn("subscription businesses, voluntary churn", "подписочный бизнес, добровольный отток", 3.95, "",
           _RECURLY_PART, 1500),
    _churn("subscription businesses, involuntary churn", "подписочный бизнес, недобровольный отток", 1.38, "",
           _RECURLY_PART, 1500),
    _churn("all, median", "все, медиана", 5.48, "2019"),
    _churn("B2B, median", "B2B, медиана", 5.15, "2019"),
    _churn("B2C, median", "B2C, медиана", 6.81, "2019"),
    Published("first_response_time", "email, companies that replied (average)",
              "электронная почта, ответившие компании (среднее)", 12, "hours", "SuperOffice customer service benchmark",
              "", None, "62% of companies never replied; customers expect 1\u00a0h; not a survey metric",
              "62\u00a0% компаний не ответили вовсе; клиенты ждут ответа за 1\u00a0ч; не метрика опроса"),
)


@dataclass(frozen=True)
class Threshold:
    """A read-out threshold stated in the product's source documents (seeds/)."""

    metric: str
    relation: str  # "<", ">", ">=", "<=", "between"
    value: float
    upper: float | None  # the upper edge of "between"
    meaning_en: str
    meaning_ru: str
    seed: str


#: The source documents (seeds/) by title: (English, Russian); the page prints these, not the file numbers.
SEED_TITLES = {
    "000": ("article \u201cWhat customer experience is and how to develop it to benefit the business\u201d",
            "статья «Что такое Customer Experience и как развивать клиентский опыт с пользой для бизнеса»"),
    "002": ("course notes \u201cWhat customer experience (CX) is, in plain words\u201d",
            "конспект курса «Что такое клиентский опыт (CX) простыми словами»"),
}


#: The seeds' thresholds of the metrics a company's survey measures (BENCHMARKS.md, first table).
THRESHOLDS = (
    Threshold("nps", "<", 0, None, "more detractors than promoters: alarm", "критиков больше, чем сторонников: тревожный сигнал", "002"),
    Threshold("nps", ">", 0, None, "good", "хорошо", "002"),
    Threshold("nps", ">", 50, None, "excellent", "отлично", "002"),
    Threshold("nps", ">", 70, None, "world class", "мировой уровень", "002"),
    Threshold("csi", "<", 80, None, "work to do", "есть над чем работать", "000"),
    Threshold("csat", ">=", 75, None, "normal", "норма", "000"),
    Threshold("ces", "between", 50, 60, "not enough", "недостаточно", "000"),
    Threshold("churn", "<=", 5, None, "fine", "нормально", "000"),
)

LANGUAGES = ("en", "ru")


def _note(p: Published, language: str) -> str:
    from babel.numbers import format_decimal

    note = getattr(p, f"note_{language}")
    return note if p.count is None else note.format(count=format_decimal(p.count, format="#,##0", locale=language))


def published_table(language: str = "en") -> pd.DataFrame:
    """The published values: ``metric, scope, value, unit, source, year, gap_metric, note`` in ``language``.

    ``year`` stays structured ("2024", "2012-03", "2013-Q3", "" when not stated):
    :func:`cxkit.reports.benchmark_display.published_when` writes it for a page.
    """
    language = check_choice("language", language, LANGUAGES)
    rows = [{"metric": p.metric, "scope": getattr(p, f"scope_{language}"), "value": float(p.value), "unit": p.unit,
             "source": SOURCES_RU.get(p.source, p.source) if language == "ru" else p.source, "year": p.year,
             "gap_metric": p.gap_metric, "note": _note(p, language)} for p in PUBLISHED]
    return pd.DataFrame(rows)


def thresholds_table(language: str = "en") -> pd.DataFrame:
    """The seeds' thresholds: ``metric, relation, value, upper, meaning, seed``."""
    language = check_choice("language", language, LANGUAGES)
    rows = [{"metric": t.metric, "relation": t.relation, "value": float(t.value),
             "upper": float("nan") if t.upper is None else float(t.upper),
             "meaning": getattr(t, f"meaning_{language}"), "seed": t.seed} for t in THRESHOLDS]
    return pd.DataFrame(rows)
