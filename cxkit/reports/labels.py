"""Words a report prints, in English and Russian (many of our users work in Russian).

Numbers, months and plural forms are not written here: :mod:`cxkit.reports.locale`
formats them with Babel (CLDR data), so Russian gets its decimal comma, its
month names and its three plural forms right.
"""

from __future__ import annotations

from ..options import check_choice

LABELS = {
    "en": {
        "title": "Monthly customer-experience report",
        "month_latest": "The report shows {month}, the latest month in the data (no month was given).",
        "month_given": "The report shows {month}.",
        "data_source": "Data",
        "sample_data": "bundled sample data (cxkit.datasets.sample_survey)",
        "segment": "Segment",
        "all_segments": "all segments",
        "confidence": "Confidence level",
        "date_format": "Dates read as",
        "targets": "Targets",
        "targets_default": "thresholds of the source documents",
        "headline": "Headline",
        "answers": {"one": "{n} answer", "other": "{n} answers"},
        "tickets": {"one": "{n} ticket", "other": "{n} tickets"},
        "customers": {"one": "{n} customer", "other": "{n} customers"},
        "interval": "interval {low} to {high}",
        "interval_open": "interval from {low}, no upper bound",
        "over": "over {low}",
        "over_legend": "median beyond the longest wait so far",
        "over_note": "fewer than half of the month's tickets are answered: the median wait is beyond the longest "
                     "wait so far",
        "no_interval": "interval n/a",
        "vs_previous": "vs {month}",
        "vs_year": "vs {month}",
        "no_previous": "No answers in {month}, the month before: no change to show.",
        "no_year": "No answers in {month}, the same month a year before: no change to show.",
        "no_answers_short": "no answers",
        "no_both": "No answers in {previous}, the month before, or in {year}, the same month a year before: "
                   "no change to show.",
        "no_previous_short": "no answers in {month}",
        "no_year_short": "no answers in {month}, a year before",
        "significant": "significant (adjusted p = {p})",
        "not_significant": "not significant (adjusted p = {p})",
        "changes_note": "{changes}: a change is significant when its p-value, adjusted by Holm's method, is below "
                        "{alpha}. Each interval is for its own change, unadjusted, so an interval clear of 0 can "
                        "still be not significant.",
        "changes_tested": {"one": "The one change on the cards is tested on its own",
                           "other": "The {n} changes on the cards are tested together"},
        "no_test": "no test: too few tickets in one of the months (under 10, or 20 with unanswered ones) or "
                   "fewer than half of them answered",
        "target": "target {op}\u00a0{value}",
        "light_met": "met",
        "light_missed": "missed",
        "light_unclear": "cannot tell yet",
        "light_none": "no target",
        "missing_metrics": "Not in the data, so not shown: {items}.",
        "lowercase_in_list": False,  # metric names keep their capital after a colon
        "column_quote": "'{}'",
        "weights_unused": {"one": "Unweighted: the data's column {columns} is not used; every answer counts once "
                                  "(to weight answers: cx.summarize(..., weights=...) in a notebook).",
                           "other": "Unweighted: the data's columns {columns} are not used; every answer counts "
                                    "once (to weight answers: cx.summarize(..., weights=...) in a notebook)."},
        "missing_item": {"one": "{metric} (column {columns})", "other": "{metric} (columns {columns})"},
        "unanswered_metrics": "No answers in {month}, so not shown: {items}.",
        "band": "Band: {bands}",
        "band_one": "{band}",
        "band_span": "{first} to {last} (the interval spans both)",
        "small_sample": "small sample: read with care",
        "alerts": "Alerts",
        "no_alerts": "No significant change against {previous} or {year}, and no target clearly missed.",
        "no_alerts_previous": "No significant change against {previous}, and no target clearly missed.",
        "no_alerts_targets": "No target clearly missed.",
        "alert_drop_previous": "{metric} fell significantly against {month}: from {before} to {now} "
                               "(change {change}, interval {low} to {high}, adjusted p = {p}).",
        "alert_drop_year": "{metric} is significantly worse than a year ago ({month}): {before} then, {now} now "
                           "(change {change}, interval {low} to {high}, adjusted p = {p}).",
        "alert_rise_previous": "{metric} rose significantly against {month}: from {before} to {now} "
                               "(change {change}, interval {low} to {high}, adjusted p = {p}).",
        "alert_rise_year": "{metric} is significantly better than a year ago ({month}): {before} then, {now} now "
                           "(change {change}, interval {low} to {high}, adjusted p = {p}).",
        "alert_missed": "{metric} missed its target ({op}\u00a0{target}): the whole interval, {low} to {high}, is {side}.",
        "side": {"below": "below it", "above": "above it"},
        "changes_title": "Changes against the previous month and the same month last year",
        "col_metric": "Metric",
        "col_value": "Value",
        "col_interval": "Interval",
        "col_n": "Answers",
        "col_previous": "{month}",
        "col_change": "Change",
        "col_change_interval": "Change interval",
        "col_p": "Adjusted p",
        "col_significant": "Significant",
        "col_target": "Target",
        "col_light": "Against target",
        "col_group": "Group",
        "yes": "yes",
        "no": "no",
        "trends_title": "The last {months} months, the same month last year included, with the {level} "
                        "interval band",
        "trend_alt": "Line chart of {metric} for the {months} months to {month}, with a shaded {level} interval band; "
                     "{month} value {value} (interval {low} to {high}).",
        "trend_no_data": "months without answers leave a gap",
        "trend_one_month": "Only {month} has answers: no trend yet.",
        "trend_alt_one": "Chart of {metric} with a single point, {month}, the only month with answers: value {value} "
                         "with its {level} interval, {low} to {high}, drawn as a bar; no trend yet.",
        "interval_band": "{level} interval",
        "target_line": "target",
        "groups_title": {"segment": "By segment", "channel": "By channel", "region": "By region"},
        "groups_missing": {
            "no_column": {"segment": "Segments not compared: the data has no 'segment' column.",
                          "channel": "Channels not compared: the data has no 'channel' column.",
                          "region": "Regions not compared: the data has no 'region' column."},
            "fewer_than_two": {"segment": "Segments not compared: fewer than two segments have answers in {month}.",
                               "channel": "Channels not compared: fewer than two channels have answers in {month}.",
                               "region": "Regions not compared: fewer than two regions have answers in {month}."}},
        "groups_one_segment": "Segments not compared: this report shows the segment “{segment}” only.",
        "groups_note": "▲ / ▼: significantly above / below all other answers of the month "
                       "(Holm-adjusted within each metric and grouping, at {alpha}).",
        "higher": "significantly above the rest",
        "lower": "significantly below the rest",
        "mix_title": "Promoters, passives and detractors by segment",
        "mix_title_all": "Promoters, passives and detractors",
        "mix_all": "all answers",
        "mix_no_group": "no segment given",
        "group_not_given": {"segment": "no segment given", "channel": "no channel given",
                            "region": "no region given"},
        "promoters": "Promoters (9–10)",
        "passives": "Passives (7–8)",
        "detractors": "Detractors (0–6)",
        "mix_alt": "Stacked bar chart of the shares of promoters, passives and detractors in {month}, "
                   "for all answers and for each segment; all answers: {promoters} promoters, {passives} passives, "
                   "{detractors} detractors.",
        "mix_alt_all": "Stacked bar chart of the shares of promoters, passives and detractors of all answers in "
                       "{month}: {promoters} promoters, {passives} passives, {detractors} detractors.",
        "mix_alt_segment": "Stacked bar chart of the shares of promoters, passives and detractors among the "
                           "answers of the segment “{segment}” in {month}: {promoters} promoters, {passives} "
                           "passives, {detractors} detractors.",
        "share_axis": "share of answers",
        "method_note": "Intervals: NPS adjusted Wald (Rocks 2016); shares Wilson; CLI Student t. Changes: "
                       "shares Newcombe's interval with the two-proportion z-test, NPS Welch's t with "
                       "pseudo-answers, CLI Welch's t.{service} The changes on the cards are one family, adjusted "
                       "by Holm's method; each table by segment, channel or region is adjusted within each metric "
                       "and grouping; significant means adjusted p below "
                       "{alpha}. A target is met or missed only when the whole interval is on one side of it.",
        "method_service": " First response time: the median with an exact interval, its changes by Bonett "
                          "and Price's test for medians.",
        "generated": "cxkit {version}; the executed notebook, metrics.json and a CSV of each table are beside this page.",
        "metric_names": {"nps": "NPS", "csat": "CSAT", "csi": "CSI", "ces": "CES", "cli": "CLI",
                         "churn": "Churn", "first_response_time": "First response time"},
        "metric_units": {"nps": "points, −100 to 100", "csat": "% satisfied (4–5 of 5)",
                         "csi": "% rating 4–5 of 5", "ces": "% finding it easy (4–5 of 5)",
                         "cli": "mean, 0 to 10", "churn": "% of customers lost",
                         "first_response_time": "median wait for the first answer, hours"},
        "nps_good": "good", "nps_excellent": "excellent", "nps_world_class": "world class",
        "nps_alarm": "alarm", "nps_zero": "as many detractors as promoters",
        "not_available": "n/a",
    },
    "ru": {
        "title": "Ежемесячный отчёт о клиентском опыте",
        "month_latest": "Отчёт за {month}: это последний месяц в данных (месяц не был задан).",
        "month_given": "Отчёт за {month}",  # the month ends with "г.": no second full stop
        "data_source": "Данные",
        "sample_data": "встроенные учебные данные (cxkit.datasets.sample_survey)",
        "segment": "Сегмент",
        "all_segments": "все сегменты",
        "confidence": "Уровень доверия",
        "date_format": "Формат дат",
        "targets": "Цели",
        "targets_default": "пороги из исходных документов",
        "headline": "Главное",
        "answers": {"one": "{n} ответ", "few": "{n} ответа", "many": "{n} ответов", "other": "{n} ответа"},
        "tickets": {"one": "{n} обращение", "few": "{n} обращения", "many": "{n} обращений", "other": "{n} обращения"},
        "customers": {"one": "{n} клиент", "few": "{n} клиента", "many": "{n} клиентов", "other": "{n} клиента"},
        "interval": "интервал от {low} до {high}",
        "interval_open": "интервал от {low}, без верхней границы",
        "over": "больше {low}",
        "over_legend": "медиана больше самого долгого ожидания",
        "over_note": "ответ получили меньше половины обращений месяца: медиана ожидания больше самого долгого "
                     "ожидания на сегодня",
        "no_interval": "интервал н/д",
        "vs_previous": "по сравнению с {month_in}",
        "vs_year": "по сравнению с {month_in}",
        "no_previous": "Ответов за {month} (предыдущий месяц) нет: сравнивать не с чем.",
        "no_year": "Ответов за {month} (тот же месяц год назад) нет: сравнивать не с чем.",
        "no_answers_short": "нет ответов",
        "no_both": "Ответов за {previous} (предыдущий месяц) и за {year} (тот же месяц год назад) нет: "
                   "сравнивать не с чем.",
        "no_previous_short": "нет ответов за {month}",
        "no_year_short": "нет ответов за {month} (тот же месяц год назад)",
        "significant": "значимо (скорректированное p = {p})",
        "not_significant": "незначимо (скорректированное p = {p})",
        "changes_note": "{changes}: изменение значимо, когда его p-значение с поправкой Холма ниже {alpha}. Каждый "
                        "интервал дан для своего изменения, без поправки, поэтому интервал, не содержащий 0, ещё не "
                        "означает значимости.",
        "changes_tested": {"one": "Единственное изменение на карточках проверяется отдельно",
                           "other": "Изменения на карточках ({n}) проверяются вместе"},
        "no_test": "теста нет: в одном из месяцев мало обращений (меньше 10, или 20, если есть неотвеченные) "
                   "или ответ получили меньше половины",
        "target": "цель {op}\u00a0{value}",
        "light_met": "достигнута",
        "light_missed": "не достигнута",
        "light_unclear": "пока нельзя сказать",
        "light_none": "цели нет",
        "missing_metrics": "Нет в данных, поэтому не показано: {items}.",
        "lowercase_in_list": True,  # "не показано: отток (столбец «churned»)", not "Отток"
        "column_quote": "«{}»",
        "weights_unused": {"one": "Без весов: столбец {columns} не используется — каждый ответ учитывается один "
                                  "раз (чтобы учесть веса, вызовите cx.summarize(..., weights=...) в блокноте).",
                           "other": "Без весов: столбцы {columns} не используются — каждый ответ учитывается один "
                                    "раз (чтобы учесть веса, вызовите cx.summarize(..., weights=...) в блокноте)."},
        "missing_item": {"one": "{metric} (столбец {columns})", "other": "{metric} (столбцы {columns})"},
        "unanswered_metrics": "Нет ответов в {month}, поэтому не показано: {items}.",
        "band": "Уровень: {bands}",
        "band_one": "«{band}»",
        "band_span": "от «{first}» до «{last}» (интервал захватывает оба)",
        "small_sample": "малая выборка: выводы осторожно",
        "alerts": "Сигналы",
        "no_alerts": "Значимых изменений по сравнению с {previous} и {year} нет, все цели либо достигнуты, либо пока не ясны.",
        "no_alerts_previous": "Значимых изменений по сравнению с {previous} нет, все цели либо достигнуты, либо пока не ясны.",
        "no_alerts_targets": "Все цели либо достигнуты, либо пока не ясны.",
        "alert_drop_previous": "Показатель «{metric}» значимо снизился по сравнению с {month}: с {before} до {now} "
                               "(изменение {change}, интервал от {low} до {high}, скорректированное p = {p}).",
        "alert_drop_year": "Показатель «{metric}» значимо хуже, чем год назад, в {month}: тогда {before}, сейчас {now} "
                           "(изменение {change}, интервал от {low} до {high}, скорректированное p = {p}).",
        "alert_rise_previous": "Показатель «{metric}» значимо вырос по сравнению с {month}: с {before} до {now} "
                               "(изменение {change}, интервал от {low} до {high}, скорректированное p = {p}).",
        "alert_rise_year": "Показатель «{metric}» значимо лучше, чем год назад, в {month}: тогда {before}, сейчас {now} "
                           "(изменение {change}, интервал от {low} до {high}, скорректированное p = {p}).",
        "alert_missed": "Показатель «{metric}» не достиг цели ({op}\u00a0{target}): весь интервал, от {low} до {high}, "
                        "{side}.",
        "side": {"below": "ниже цели", "above": "выше цели"},
        "changes_title": "Изменения к прошлому месяцу и к тому же месяцу год назад",
        "col_metric": "Метрика",
        "col_value": "Значение",
        "col_interval": "Интервал",
        "col_n": "Ответов",
        "col_previous": "{month}",
        "col_change": "Изменение",
        "col_change_interval": "Интервал изменения",
        "col_p": "Скорр. p",
        "col_significant": "Значимо",
        "col_target": "Цель",
        "col_light": "Относительно цели",
        "col_group": "Группа",
        "yes": "да",
        "no": "нет",
        "trends_title": "Последние {months} месяцев, включая тот же месяц год назад, с полосой "
                        "интервала (уровень доверия {level})",
        "trend_alt": "Линейный график показателя «{metric}» за {months} месяцев по {month} с закрашенной полосой "
                     "интервала (уровень доверия {level}); значение за {month}: {value} (интервал от {low} до {high}).",
        "trend_no_data": "месяцы без ответов оставляют разрыв",
        "trend_one_month": "Ответы есть только за {month}: тренда пока нет.",
        "trend_alt_one": "График показателя «{metric}» с одной точкой — {month}, единственный месяц с ответами: "
                         "значение {value}, интервал (уровень доверия {level}) от {low} до {high} показан отрезком; тренда пока нет.",
        "interval_band": "интервал ({level})",
        "target_line": "цель",
        "groups_title": {"segment": "По сегментам", "channel": "По каналам", "region": "По регионам"},
        "groups_missing": {
            "no_column": {"segment": "Сегменты не сравниваются: в данных нет столбца «segment».",
                          "channel": "Каналы не сравниваются: в данных нет столбца «channel».",
                          "region": "Регионы не сравниваются: в данных нет столбца «region»."},
            "fewer_than_two": {"segment": "Сегменты не сравниваются: в {month} ответы есть менее чем у двух сегментов.",
                               "channel": "Каналы не сравниваются: в {month} ответы есть менее чем у двух каналов.",
                               "region": "Регионы не сравниваются: в {month} ответы есть менее чем у двух регионов."}},
        "groups_one_segment": "Сегменты не сравниваются: отчёт показывает только сегмент «{segment}».",
        "groups_note": "▲ / ▼: значимо выше / ниже всех остальных ответов месяца "
                       "(поправка Холма отдельно для каждой метрики в каждой разбивке, уровень {alpha}).",
        "higher": "значимо выше остальных",
        "lower": "значимо ниже остальных",
        "mix_title": "Сторонники, нейтральные и критики по сегментам",
        "mix_title_all": "Сторонники, нейтральные и критики",
        "mix_all": "все ответы",
        "mix_no_group": "сегмент не указан",
        "group_not_given": {"segment": "сегмент не указан", "channel": "канал не указан",
                            "region": "регион не указан"},
        "promoters": "Сторонники (9–10)",
        "passives": "Нейтральные (7–8)",
        "detractors": "Критики (0–6)",
        "mix_alt": "Столбчатая диаграмма с накоплением: доли сторонников, нейтральных и критиков за {month} "
                   "по всем ответам и по каждому сегменту; все ответы: сторонники {promoters}, нейтральные "
                   "{passives}, критики {detractors}.",
        "mix_alt_all": "Столбчатая диаграмма с накоплением: доли сторонников, нейтральных и критиков среди всех "
                       "ответов за {month}: сторонники {promoters}, нейтральные {passives}, критики {detractors}.",
        "mix_alt_segment": "Столбчатая диаграмма с накоплением: доли сторонников, нейтральных и критиков среди "
                           "ответов сегмента «{segment}» за {month}: сторонники {promoters}, нейтральные "
                           "{passives}, критики {detractors}.",
        "share_axis": "доля ответов",
        "method_note": "Интервалы: NPS — скорректированный интервал Вальда (Rocks 2016); доли — Уилсон; CLI — "
                       "t-интервал Стьюдента. Изменения: доли — интервал Ньюкомба и z-критерий для двух долей, "
                       "NPS — t-критерий Уэлча с псевдоответами, CLI — t-критерий Уэлча.{service} Изменения на "
                       "карточках — одно семейство с поправкой Холма; каждая таблица по сегментам, каналам или "
                       "регионам — с поправкой отдельно для каждой метрики в каждой разбивке; "
                       "«значимо» — скорректированное p ниже {alpha}. Цель считается достигнутой или "
                       "недостигнутой, только когда весь интервал лежит по одну сторону от неё.",
        "method_service": " Время первого ответа — медиана с точным интервалом, её изменения — критерий Бонетта\u00a0— "
                          "Прайса для медиан.",
        "generated": "cxkit {version}; рядом с этой страницей лежат выполненный блокнот, metrics.json и CSV каждой таблицы.",
        "metric_names": {"nps": "NPS", "csat": "CSAT", "csi": "CSI", "ces": "CES", "cli": "CLI",
                         "churn": "Отток", "first_response_time": "Время первого ответа"},
        "metric_units": {"nps": "пункты, от −100 до 100", "csat": "% довольных (4–5 из 5)",
                         "csi": "% оценок 4–5 из 5", "ces": "% ответивших «легко» (4–5 из 5)",
                         "cli": "среднее, от 0 до 10", "churn": "% ушедших клиентов",
                         "first_response_time": "медиана ожидания первого ответа, часы"},
        "nps_good": "хорошо", "nps_excellent": "отлично", "nps_world_class": "мировой уровень",
        "nps_alarm": "тревожный сигнал", "nps_zero": "критиков столько же, сколько сторонников",
        "not_available": "н/д",
    },
}

LANGUAGES = tuple(LABELS)


def labels(language: str) -> dict:
    """The label dictionary of a report language ("en" or "ru")."""
    return LABELS[check_choice("language", language, LANGUAGES)]
