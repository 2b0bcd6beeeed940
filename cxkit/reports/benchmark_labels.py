"""Words of the benchmark report page, in English and Russian."""

from __future__ import annotations

from ..options import check_choice

BENCHMARK_LABELS = {
    "en": {
        "title": "Benchmark report",
        "month": "Month",
        "latest_month": "the latest month in the data",
        "data_source": "Data",
        "sample_data": "bundled sample data (cxkit.datasets.sample_survey)",
        "competitors_file": "Competitors",
        "no_competitors_file": "none given",
        "company": "Company",
        "default_company": "Our company",
        "confidence": "Confidence level",
        "date_format": "Dates read as",
        "warning": ("Published values come from other studies with other methods (consumer panels, vendors' "
                    "customer bases, indices from models); several are not comparable with each other or with this "
                    "survey, so each is printed with its source and year. None states an interval: they are treated "
                    "as fixed numbers, and each gap's interval carries this survey's uncertainty only."),
        "company_title": "The company's metrics in {month}",
        "thresholds_title": "Against the thresholds of the source documents",
        "thresholds_note": ("Condition: holds when the metric's whole interval at {level} confidence (the interval of "
                            "the first table, the one the monthly report's headline cards use) lies on the "
                            "condition's side of the threshold, does not hold when it lies wholly on the other side, "
                            "and cannot tell yet when it contains the threshold. This is the monthly report's rule for "
                            "targets, so a target equal to a threshold gets the same answer there. The interval is not "
                            "adjusted for testing several thresholds: the p-value is the test behind it (below {alpha} "
                            "exactly when the interval leaves the threshold out). The adjusted p (Holm's method across "
                            "the {count} rows of this table, with Shaffer's constraint: a metric equals at most one of "
                            "its thresholds, and \"< 0\" and \"> 0\" test the same value) adds whether a gap stays significant when every threshold "
                            "is tested together: a verdict whose adjusted p is {alpha} or more may be a chance finding "
                            "among them."),
        "published_title": "Against published values",
        "context_title": "Published values shown for context (no gap computed)",
        "competitors_title": "Against competitors",
        "competitor_ranks_title": "Ranking of the company and its competitors",
        "competitor_gaps_title": "Gaps to each competitor (company minus competitor)",
        "no_competitors": ("No competitors file was given (parameter competitors, option --competitors): "
                           "no competitor comparison."),
        "competitor_period": "The competitors' answers are taken to be from the same period as {month}.",
        "periods_title": "Against earlier periods",
        "groups_title": "Segments, channels and regions against all other answers of the month",
        "no_groups": "The data has no segment, channel or region column: no group comparison.",
        "ranks_title": "Ranks with intervals",
        "rank_note": ("Rank 1 is the best. With {level} confidence every group's rank lies in its interval at once "
                      "(simultaneous rank intervals of Mogstad, Romano, Shaikh & Wilhelm 2024, with the step-down "
                      "refinement). A group whose interval is [1] is first; a group whose interval starts at 1 may "
                      "be first; a group whose interval starts at 3 has at least two groups ahead of it. Intervals "
                      "that overlap do not prove the groups equal: these data cannot yet put them in order."),
        "adjust_note": ("Significance at {alpha} (two-sided) on p-values adjusted by Holm's method: earlier periods "
                        "across the rows of their table; competitors within each metric; groups, as in the monthly "
                        "report, within each metric and grouping. Published values need no adjustment: the company's "
                        "metric can equal at most one of the values it is compared with, so testing them together "
                        "cannot add false findings (Shaffer 1986). The thresholds' condition uses the unadjusted "
                        "interval, as the targets on the monthly report's cards do. Rank intervals hold for every "
                        "pair of one metric at once, a stronger claim than a gap's, so at the margin a rank can be "
                        "settled while the gap to that competitor reads \"cannot tell yet\", or the other way."),
        "caption_adjusted": ("Interval: unadjusted, {level}. Where: Holm-adjusted p below {alpha} (family: {family}), "
                             "so a gap whose interval leaves 0 out still reads \"cannot tell yet\" when its adjusted "
                             "p is {alpha} or more."),
        "caption_thresholds": ("Interval: unadjusted, {level}. Condition: by that interval, as for the targets on the "
                               "monthly report's cards; the adjusted p (Holm with Shaffer's constraint across the "
                               "rows) is for information only."),
        "caption_published": ("Interval: {level}. Where: by that interval (p below {alpha}); no adjustment is needed: "
                              "the company's metric can equal at most one published value (Shaffer 1986)."),
        "family_published": "the published values of one metric", "family_periods": "all rows of this table",
        "family_competitors": "the competitors on one metric",
        "family_groups": "one metric and one grouping, as in the monthly report",
        "metric": "Metric", "value": "Value", "interval": "Interval", "n": "Answers", "method": "Method",
        "threshold": "Threshold", "meaning": "Meaning", "seed": "Source document", "gap": "Gap",
        "gap_interval": "Gap interval", "p_value": "p-value", "p_adjusted": "Adjusted p",
        "verdict": "Condition (by the interval)", "side": "Where (adjusted p)",
        "side_published": "Where (by the interval)", "p_published": "p",
        "scope": "Scope", "published": "Published value", "source": "Source", "year": "Year",
        "note": "Comparability", "unit": "Unit", "competitor": "Company or competitor", "rank": "Rank",
        "rank_interval": "Rank interval", "group": "Group", "grouping": "Grouping", "period": "Month",
        "reference_period": "Compared with", "difference": "Difference", "difference_interval": "Difference interval",
        "reference_value": "Reference value", "company_value": "Company", "competitor_value": "Competitor",
        "year_not_stated": "year not stated",
        "holds": "holds", "does_not_hold": "does not hold", "cannot_tell": "cannot tell yet",
        "above": "above", "below": "below", "no_data": "no answers in that month: nothing to compare with",
        "no_period": "No answers in {month}, the {which}: no change to show.",
        "nps": "NPS", "csat": "CSAT (share of 4–5)", "csi": "CSI (share of 4–5)", "ces": "CES (share of 4–5)",
        "csat_tickets": "CSAT (good/bad ticket ratings)",
        "cli": "CLI (mean, 0–10)", "churn": "Monthly churn", "acsi": "ACSI", "first_response_time": "First response time",
        "points": "points", "percent": "%", "scale": "scale points", "index": "index 0–100", "hours": "hours",
        "segment": "segment", "channel": "channel", "region": "region", "competitors": "company and competitors",
        "g_segment": "segment", "g_channel": "channel", "g_region": "region",
        "by_segment": "By segment", "by_channel": "By channel", "by_region": "By region",
        "column_quote": "'{}'",
        "weights_unused": {"one": "Unweighted: the data's column {columns} is not used; every answer counts once "
                                  "(to weight answers: cx.summarize(..., weights=...) in a notebook).",
                           "other": "Unweighted: the data's columns {columns} are not used; every answer counts "
                                    "once (to weight answers: cx.summarize(..., weights=...) in a notebook)."},
        "missing_metric": {"one": "{metric}: column {columns} not in the data; not shown.",
                           "other": "{metric}: columns {columns} not in the data; not shown."},
        "previous_month": "previous month", "year_before": "same month a year before",
        "not_available": "n/a",
        "figure_title": "{metric} by {grouping}, {level} intervals; rank interval in brackets",
        "figure_alt": "{metric} of each {grouping} with its {level} interval, best first: {items}.",
        "figure_item": "{group} {value} (rank {rank_low}–{rank_high})",
        "figure_item_exact": "{group} {value} (rank {rank_low})",
        "rank_label": "rank",
    },
    "ru": {
        "title": "Сравнительный отчёт (бенчмаркинг)",
        "month": "Месяц",
        "latest_month": "последний месяц в данных",
        "data_source": "Данные",
        "sample_data": "встроенные учебные данные (cxkit.datasets.sample_survey)",
        "competitors_file": "Конкуренты",
        "no_competitors_file": "не заданы",
        "company": "Компания",
        "default_company": "Наша компания",
        "confidence": "Уровень доверия",
        "date_format": "Формат дат",
        "warning": ("Опубликованные значения взяты из других исследований с другими методами (потребительские "
                    "панели, клиентские базы поставщиков, индексы по моделям); многие из них несравнимы ни друг "
                    "с другом, ни с этим опросом, поэтому у каждого указаны источник и год. Интервалов для них "
                    "не публикуют: они считаются фиксированными числами, и интервал каждой разницы отражает "
                    "только неопределённость этого опроса."),
        "company_title": "Метрики компании за {month}",
        "thresholds_title": "Сравнение с порогами из исходных документов",
        "thresholds_note": ("Условие «выполняется», когда весь интервал метрики с уровнем доверия {level} (интервал "
                            "из первой таблицы, тот же, что на карточках ежемесячного отчёта) лежит по "
                            "ту сторону порога, которую требует условие; «не выполняется», когда он целиком лежит по "
                            "другую сторону; «пока нельзя сказать», когда интервал содержит порог. Это правило "
                            "ежемесячного отчёта для целей, поэтому цель, равная порогу, получает там тот же ответ. "
                            "Интервал не скорректирован на проверку нескольких порогов: p-значение — это проверка, "
                            "стоящая за ним (оно ниже {alpha} ровно тогда, когда порог лежит вне интервала). "
                            "Скорректированное p (метод Холма по всем строкам этой таблицы, их {count}, с ограничением по Shaffer (1986): "
                            "метрика может совпадать не более чем с одним своим порогом, а «< 0» и «> 0» проверяют "
                            "одно и то же значение) добавляет, "
                            "остаётся ли разница значимой, когда все пороги проверяются вместе: вывод, у которого "
                            "скорректированное p не ниже {alpha}, может оказаться среди них случайным."),
        "published_title": "Сравнение с опубликованными значениями",
        "context_title": "Опубликованные значения для справки (разница не вычисляется)",
        "competitors_title": "Сравнение с конкурентами",
        "competitor_ranks_title": "Рейтинг компании и конкурентов",
        "competitor_gaps_title": "Разница с каждым конкурентом (компания минус конкурент)",
        "no_competitors": ("Файл конкурентов не задан (параметр competitors, ключ --competitors): "
                           "сравнения с конкурентами нет."),
        "competitor_period": "Ответы о конкурентах считаются относящимися к тому же периоду, что и {month}",
        "periods_title": "Сравнение с прошлыми периодами",
        "groups_title": "Сегменты, каналы и регионы в сравнении с остальными ответами месяца",
        "no_groups": "В данных нет столбцов «segment», «channel» или «region»: сравнения групп нет.",
        "ranks_title": "Места в рейтинге с интервалами",
        "rank_note": ("Место 1 — лучшее. С доверительной вероятностью {level} места всех групп одновременно лежат в своих интервалах "
                      "(совместные интервалы мест по Mogstad, Romano, Shaikh и Wilhelm 2024, с пошаговым "
                      "уточнением). Группа с интервалом [1] — первая; группа, чей интервал начинается с 1, может "
                      "быть первой; у группы, чей интервал начинается с 3, впереди не меньше двух групп. "
                      "Пересечение интервалов не доказывает, что группы равны: по этим данным их пока нельзя "
                      "упорядочить."),
        "adjust_note": ("Значимость на уровне {alpha} (двусторонняя) по p-значениям, скорректированным методом Холма: "
                        "для прошлых периодов — по всем строкам своей таблицы; для конкурентов — внутри каждой "
                        "метрики; для групп, как в ежемесячном отчёте, — внутри каждой метрики и разбивки. "
                        "Опубликованным значениям поправка не нужна: метрика компании может совпадать не более чем с "
                        "одним из них, поэтому их совместная проверка не добавляет ложных выводов (Shaffer 1986). "
                        "Условие порогов проверяется по интервалу без поправки, так же, как цели на карточках ежемесячного "
                        "отчёта. Интервалы мест верны сразу для всех пар одной метрики — это более сильное "
                        "утверждение, чем вывод о разнице, поэтому в пограничных случаях место может быть определено, а разница с "
                        "этим конкурентом — «пока нельзя сказать», или наоборот."),
        "caption_adjusted": ("Интервал: без поправки, {level}. «Положение»: по p-значению с поправкой Холма ниже "
                             "{alpha} (семейство: {family}), поэтому разница, интервал которой не содержит 0, всё же "
                             "получает «пока нельзя сказать», если скорректированное p не ниже {alpha}."),
        "caption_thresholds": ("Интервал: без поправки, {level}. «Условие»: по этому интервалу, как для целей на "
                               "карточках ежемесячного отчёта; скорректированное p (поправка Холма с ограничением "
                               "по Shaffer (1986) по строкам таблицы) — только для сведения."),
        "caption_published": ("Интервал: {level}. «Положение»: по этому интервалу (p ниже {alpha}); поправка не нужна: "
                              "метрика компании может совпадать не более чем с одним опубликованным значением "
                              "(Shaffer 1986)."),
        "family_published": "опубликованные значения одной метрики", "family_periods": "все строки этой таблицы",
        "family_competitors": "сравнения с конкурентами по одной метрике",
        "family_groups": "одна метрика и одна разбивка, как в ежемесячном отчёте",
        "metric": "Метрика", "value": "Значение", "interval": "Интервал", "n": "Ответов", "method": "Метод",
        "threshold": "Порог", "meaning": "Смысл порога", "seed": "Исходный документ", "gap": "Разница",
        "gap_interval": "Интервал разницы", "p_value": "p-значение", "p_adjusted": "Скорр. p",
        "verdict": "Условие (по интервалу)", "side": "Положение (по скорр. p)",
        "side_published": "Положение (по интервалу)", "p_published": "p",
        "scope": "Область", "published": "Опубликовано", "source": "Источник", "year": "Год",
        "note": "Сопоставимость", "unit": "Единица", "competitor": "Компания или конкурент", "rank": "Место",
        "rank_interval": "Интервал места", "group": "Группа", "grouping": "Разбивка", "period": "Месяц",
        "reference_period": "С чем сравнивается", "difference": "Разница", "difference_interval": "Интервал разницы",
        "reference_value": "Значение для сравнения", "company_value": "Компания", "competitor_value": "Конкурент",
        "year_not_stated": "год не указан",
        "holds": "выполняется", "does_not_hold": "не выполняется", "cannot_tell": "пока нельзя сказать",
        "above": "выше", "below": "ниже", "no_data": "ответов за этот месяц нет: сравнивать не с чем",
        "no_period": "Ответов за {month} ({which}) нет: сравнивать не с чем.",
        "nps": "NPS", "csat": "CSAT (доля 4–5)", "csi": "CSI (доля 4–5)", "ces": "CES (доля 4–5)",
        "csat_tickets": "CSAT (оценки обращений «хорошо/плохо»)",
        "cli": "CLI (среднее, 0–10)", "churn": "Месячный отток", "acsi": "ACSI", "first_response_time": "Время первого ответа",
        "points": "пункты", "percent": "%", "scale": "баллы шкалы", "index": "индекс 0–100", "hours": "ч",
        "segment": "сегментам", "channel": "каналам", "region": "регионам", "competitors": "компании и конкурентам",
        "g_segment": "сегмент", "g_channel": "канал", "g_region": "регион",
        "by_segment": "По сегментам", "by_channel": "По каналам", "by_region": "По регионам",
        "column_quote": "«{}»",
        "weights_unused": {"one": "Без весов: столбец {columns} не используется — каждый ответ учитывается один "
                                  "раз (чтобы учесть веса, вызовите cx.summarize(..., weights=...) в блокноте).",
                           "other": "Без весов: столбцы {columns} не используются — каждый ответ учитывается один "
                                    "раз (чтобы учесть веса, вызовите cx.summarize(..., weights=...) в блокноте)."},
        "missing_metric": {"one": "{metric}: в данных нет столбца {columns}; не показано.",
                           "other": "{metric}: в данных нет столбцов {columns}; не показано."},
        "previous_month": "прошлый месяц", "year_before": "тот же месяц годом ранее",
        "not_available": "н/д",
        "figure_title": "{metric} по {grouping}, интервалы {level}; в скобках интервал места",
        "figure_alt": "{metric} по {grouping} с интервалами {level}, от лучшего: {items}.",
        "figure_item": "{group} {value} (место {rank_low}–{rank_high})",
        "figure_item_exact": "{group} {value} (место {rank_low})",
        "rank_label": "место",
    },
}

LANGUAGES = tuple(BENCHMARK_LABELS)

#: Interval methods by name (cxkit.stats.nps, proportion, mean): the page prints these, never the codes.
METHOD_NAMES = {
    "en": {"adjusted-wald": "Wald, adjusted (Rocks 2016)", "wald": "Wald", "score": "score (Tango 1998)",
           "bootstrap": "bootstrap", "bayes": "Bayesian", "wilson": "Wilson score", "t": "Student t"},
    "ru": {"adjusted-wald": "скорректированный интервал Вальда (Rocks 2016)", "wald": "интервал Вальда",
           "score": "score-интервал (Tango 1998)", "bootstrap": "бутстреп", "bayes": "байесовский интервал",
           "wilson": "интервал Уилсона", "t": "t-интервал Стьюдента"},
}


def benchmark_labels(language: str) -> dict:
    """The benchmark page's words in ``language`` ("en" or "ru")."""
    return BENCHMARK_LABELS[check_choice("language", language, LANGUAGES)]
