"""Words of the customer journey report, in English and Russian.

Numbers, months and plural forms are formatted by Babel
(:class:`cxkit.reports.locale.Formatter`); the words the Formatter itself
needs (``not_available``) are here too. Stage, touchpoint, channel and
segment names are the data's own and are shown as they are (escaped).
"""

from __future__ import annotations

from ..options import check_choice

LABELS = {
    "en": {
        "title": "Customer journey report",
        "month_latest": "Customers whose journey starts in {month}, the latest month in which journeys start "
                        "(no month was given): {customers}.",
        "month_given": "Customers whose journey starts in {month}: {customers}.",
        "followed": "Each journey is followed through every later event, up to the last event of the data "
                    "({end}); customers who started late in the month had less time to reach the later stages.",
        "stages_given": "Stages in the order given: {stages}.",
        "stages_sample": "Stages in the order of the bundled sample: {stages}.",
        "stages_inferred": "Stages in the order of their median first-reach time (no order was given): {stages}.",
        "data_source": "Events",
        "customers_source": "Customers",
        "sample_data": "bundled sample (cxkit.datasets.make_journeys)",
        "no_customers": "none",
        "segment": "Segment",
        "all_segments": "all segments",
        "confidence": "Confidence level",
        "date_format": "Dates read as",
        "customers": {"one": "{n} customer", "other": "{n} customers"},
        "ratings": {"one": "{n} rating", "other": "{n} ratings"},
        "interval": "{low} to {high}",
        "days": "{value}\u00a0days",
        "not_reached": "no one moved on",
        "too_few_interval": "too few moved on for an interval",
        "at_least": "{low} or more",
        "pain_title": "Pain points",
        "pain_touchpoint": "{touchpoint}: mean CSAT {mean} (interval {low} to {high}, {ratings}), {difference} "
                           "below the rest of the journey ({rest}); adjusted p {p}.",
        "pain_channel": "Channel {touchpoint}: mean CSAT {mean} (interval {low} to {high}), {difference} below the "
                        "other channels ({rest}); adjusted p {p}.",
        "pain_drop": "The largest drop: {drop} of the customers at {previous} did not reach {stage} (interval {low} "
                     "to {high}; {lost} lost).",
        "pain_drop_clear": " Its interval lies above every other step's: clearly the largest.",
        "pain_drop_unclear": " Its interval overlaps another step's ({other}): one of the largest.",
        "pain_priority": "{touchpoint} matters for NPS ({share} of the explained variance, interval {low} to "
                         "{high}) but scores below the other drivers ({performance} against {line}): fix it first.",
        "no_pain": "No touchpoint is significantly below the rest of the journey, no step loses a significant share "
                   "of customers, and no driver is in the priority quadrant.",
        "funnel_title": "Funnel and drop-off",
        "funnel_note": "Conversion: the share of the previous stage's customers who reached the stage; Wilson "
                       "intervals. A customer reaches a stage when the log has events of that stage and of every "
                       "stage before it.",
        "funnel_alt": "Bar chart of the share of the {month} customers reaching each stage, with {level} intervals: "
                      "{stages}.",
        "funnel_alt_item": "{stage} {value}",
        "funnel_ylabel": "customers reaching the stage, % of the first",
        "funnel_conversion": "{value} of previous",
        "funnel_drop": "drop-off {value}",
        "col_stage": "Stage", "col_reached": "Customers", "col_conversion": "Conversion",
        "col_conversion_interval": "Conversion interval", "col_from_start": "From the first stage",
        "col_drop": "Drop-off", "col_drop_interval": "Drop-off interval",
        "segments_title": "Conversion by segment",
        "segments_note": "Differences of conversion between two segments: Newcombe interval, z-test, Holm-adjusted "
                         "across every stage and pair, at {alpha}.",
        "segment_difference": "At {stage}, the segment “{b}” converts {difference} {direction} than “{a}” "
                              "({value_b} against {value_a}; interval {low} to {high}, adjusted p {p}).",
        "no_segments": {"filtered": "Segments not compared: this report shows the segment “{segment}” only.",
                        "no_column": "Segments not compared: the events have no 'segment' column.",
                        "fewer_than_two": "Segments not compared: the month's journeys have fewer than two "
                                          "segments."},
        "more": "more", "less": "less",
        "no_segment_difference": "No significant difference in conversion between segments at any stage.",
        "times_title": "Time between stages",
        "times_note": "Median days from the first event of a stage to the first event of the next, among the "
                      "customers who moved on, with the exact order-statistic interval (Conover 1999). Customers "
                      "who had not moved on by the end of the data are counted beside it, not in the median: the "
                      "funnel above shows how many move on, this table how long it takes them.",
        "times_out_of_order": {"one": " In {n} case a customer reached the next stage before the stage itself "
                                      "(events out of time order); it is left out of that step.",
                               "other": " In {n} cases a customer reached the next stage before the stage itself "
                                        "(events out of time order); they are left out of those steps."},
        "col_from": "From", "col_to": "To", "col_customers": "Customers", "col_moved": "Moved on",
        "col_waiting": "Not moved on by {end}", "col_median": "Median", "col_interval": "Interval",
        "scorecard_title": "Touchpoint scorecard",
        "scorecard_channel_title": "By channel",
        "scorecard_note": "Mean CSAT (1–5) with Student t intervals, and the share of 4–5 answers with Wilson "
                          "intervals; pain point: significantly below all other ratings of the journey (Welch t-test, "
                          "Holm-adjusted, at {alpha}).",
        "scorecard_alt": "Dot chart of the mean CSAT of each touchpoint with {level} intervals, best on top; pain "
                         "points in red: {pain}. Journey overall {overall}.",
        "scorecard_xlabel": "mean CSAT (1–5)",
        "scorecard_overall": "journey overall {value}",
        "pain_point": "pain point", "touchpoint": "touchpoint", "none": "none",
        "col_touchpoint": "Touchpoint", "col_channel": "Channel", "col_ratings": "Ratings", "col_mean": "Mean CSAT",
        "col_top2": "4–5 share", "col_difference": "Against the rest", "col_p": "Adjusted p",
        "col_pain": "Pain point", "yes": "yes", "no": "",
        "no_ratings": "Not shown: the events have no '{column}' column of ratings.",
        "no_touchpoint": "Not shown: the events have no 'touchpoint' column.",
        "no_channel": "Channels not shown: the events have no 'channel' column.",
        "drivers_title": "Moments of truth",
        "drivers_need": "Not shown: the moments of truth need a customers table with each customer's 'nps' and "
                        "'rating_<touchpoint>' columns (parameter customers).",
        "drivers_lack": "Not shown: the customers table has no {what}.",
        "drivers_lack_nps": "'nps' column",
        "drivers_lack_ratings": "'rating_<touchpoint>' columns",
        "drivers_too_few": "Not shown: fewer than {minimum} customers of the month answered the NPS question and "
                           "rated two touchpoints together.",
        "drivers_note": "Share of the explained variance of NPS (R² = {r2}, interval {r2_low} to {r2_high}) carried "
                        "by each touchpoint's rating: Johnson's relative weights with percentile bootstrap intervals "
                        "({resamples} resamples). Each customer uses only some touchpoints, so each correlation is "
                        "built from the customers who rated both (pairwise); {used} answered the NPS "
                        "question. A share is never below 0, so its interval never reaches 0: a small share whose "
                        "interval starts near 0 is no evidence that the touchpoint matters.",
        "drivers_left_out": "Left out, rated together with the others by fewer than {minimum} customers: {names}.",
        "drivers_unstable": "Some ratings are strongly correlated (VIF above 5): the ranking of those drivers is "
                            "not determined by the data.",
        "drivers_alt": "Bar chart of each touchpoint's share of the explained variance of NPS, with {level} "
                       "intervals; largest: {top}.",
        "ipa_alt": "Importance-performance chart: each touchpoint placed by its share of the explained variance of "
                   "NPS and its mean rating, with quadrant lines; priority (important, below the line): {priority}.",
        "share_axis": "share of the explained variance of NPS (%)",
        "importance_axis": "importance (% of the explained variance)",
        "performance_axis": "performance (mean rating 1–5)",
        "drivers_chart_title": "Key drivers of NPS",
        "ipa_chart_title": "Importance and performance",
        "quadrants": {"key strength": "key strength", "priority": "priority", "maintain": "maintain",
                      "secondary": "secondary"},
        "quadrant_uncertain": "{quadrant}? (not sure: an interval crosses a quadrant line)",
        "ipa_uncertain_key": "open marker: an interval crosses a line",
        "col_driver": "Touchpoint", "col_share": "Share of R²", "col_rank": "Rank", "col_rank_interval": "Rank range",
        "col_performance": "Mean rating", "col_quadrant": "Quadrant", "col_raters": "Rated by",
        "emotion_title": "Emotion curve",
        "emotion_note": "Mean CSAT of every rating given at each stage, in journey order, with Student t intervals.",
        "emotion_alt": "Line chart of the mean CSAT by stage with a shaded {level} interval band: {stages}.",
        "emotion_ylabel": "mean CSAT (1–5)",
        "emotion_band": "{level} interval",
        "emotion_line": "mean CSAT",
        "flows_title": "Flows",
        "flows_note": "Each customer's stages in time order, repeats collapsed; 'start' and 'exit' open and close every "
                      "path. The chart counts customers: at each step every customer is at one stage (step 2 is "
                      "each customer's second stage). The table counts transitions at any step: a customer who "
                      "moves between the same two stages twice counts twice, so the table's counts can exceed the chart's. "
                      "Share: of all transitions leaving the stage, with Wilson intervals.",
        "flow_alt": "Flow diagram of the customers' paths, step by step from the start to the exit; customers at "
                    "each step's main stages: {steps}.",
        "flow_alt_step": "step {step}: {stages}",
        "flow_start": "start", "flow_end": "exit", "flow_step": "step {step}",
        "paths_title": "Most frequent paths",
        "col_path": "Path", "col_count": "Transitions", "col_share_of": "Share",
        "method_note": "Intervals at the {level} level. Pain points are significant at {alpha} after Holm's "
                       "adjustment; the largest drop is the step whose drop-off is largest among those whose interval "
                       "excludes zero.",
        "generated": "cxkit {version}; the executed notebook, metrics.json and a CSV of each table are beside this "
                     "page.",
        "not_available": "n/a",
    },
    "ru": {
        "title": "Отчёт о пути клиента",
        "month_latest": "Клиенты, чей путь начался в {month_in}, последнем месяце, в котором начинаются "
                        "пути (месяц не был задан): {customers}.",
        "month_given": "Клиенты, чей путь начался в {month_in}: {customers}.",
        "followed": "Каждый путь прослежен по всем последующим событиям, до последнего события в данных ({end}); "
                    "у клиентов, начавших в конце месяца, было меньше времени дойти до поздних этапов.",
        "stages_given": "Этапы в заданном порядке: {stages}.",
        "stages_sample": "Этапы в порядке встроенных учебных данных: {stages}.",
        "stages_inferred": "Этапы упорядочены по медиане времени первого достижения (порядок не был задан): "
                           "{stages}.",
        "data_source": "События",
        "customers_source": "Клиенты",
        "sample_data": "встроенные учебные данные (cxkit.datasets.make_journeys)",
        "no_customers": "нет",
        "segment": "Сегмент",
        "all_segments": "все сегменты",
        "confidence": "Уровень доверия",
        "date_format": "Формат дат",
        "customers": {"one": "{n} клиент", "few": "{n} клиента", "many": "{n} клиентов", "other": "{n} клиента"},
        "ratings": {"one": "{n} оценка", "few": "{n} оценки", "many": "{n} оценок", "other": "{n} оценки"},
        "interval": "от {low} до {high}",
        "days": "{value}\u00a0дн.",
        "not_reached": "никто не перешёл",
        "too_few_interval": "перешло слишком мало для интервала",
        "at_least": "{low} и больше",
        "pain_title": "Болевые точки",
        "pain_touchpoint": "{touchpoint}: средний CSAT {mean} (интервал от {low} до {high}, {ratings}), на "
                           "{difference} ниже остального пути ({rest}); скорректированное p {p}.",
        "pain_channel": "Канал «{touchpoint}»: средний CSAT {mean} (интервал от {low} до {high}), на {difference} ниже "
                        "других каналов ({rest}); скорректированное p {p}.",
        "pain_drop": "Самый большой отвал: {drop} клиентов этапа «{previous}» не дошли до этапа «{stage}» "
                     "(интервал от {low} до {high}; потеряно: {lost}).",
        "pain_drop_clear": " Его интервал выше интервалов всех остальных шагов: это явно самый большой отвал.",
        "pain_drop_unclear": " Его интервал пересекается с интервалом другого шага ({other}): это один из самых "
                             "больших отвалов.",
        "pain_priority": "Точка контакта «{touchpoint}» важна для NPS ({share} объяснённой дисперсии, интервал от {low} до {high}), "
                         "но оценена ниже других факторов ({performance} при среднем {line}): исправлять в первую "
                         "очередь.",
        "no_pain": "Ни одна точка контакта не оценена значимо ниже остального пути, ни на одном шаге нет значимого "
                   "отвала, и ни один фактор не попал в приоритетный квадрант.",
        "funnel_title": "Воронка и отвал",
        "funnel_note": "Конверсия — доля клиентов предыдущего этапа, дошедших до этапа; интервалы Уилсона. Клиент "
                       "дошёл до этапа, если в журнале есть события этого этапа и всех этапов до него.",
        "funnel_alt": "Столбчатая диаграмма доли клиентов (начало пути: {month}), дошедших до каждого этапа, с "
                      "интервалами (уровень доверия {level}): {stages}.",
        "funnel_alt_item": "{stage} {value}",
        "funnel_ylabel": "дошли до этапа, % от первого",
        "funnel_conversion": "{value} от предыдущего",
        "funnel_drop": "отвал {value}",
        "col_stage": "Этап", "col_reached": "Клиентов", "col_conversion": "Конверсия",
        "col_conversion_interval": "Интервал конверсии", "col_from_start": "От первого этапа",
        "col_drop": "Отвал", "col_drop_interval": "Интервал отвала",
        "segments_title": "Конверсия по сегментам",
        "no_segments": {"filtered": "Сегменты не сравниваются: отчёт показывает только сегмент «{segment}».",
                        "no_column": "Сегменты не сравниваются: в событиях нет столбца «segment».",
                        "fewer_than_two": "Сегменты не сравниваются: у путей этого месяца меньше двух сегментов."},
        "segments_note": "Разница конверсий двух сегментов: интервал Ньюкомба, z-критерий, поправка Холма по всем "
                         "этапам и парам, уровень {alpha}.",
        "segment_difference": "На этапе «{stage}» сегмент «{b}» конвертируется на {difference} {direction}, чем "
                              "«{a}» ({value_b} против {value_a}; интервал от {low} до {high}, скорректированное "
                              "p {p}).",
        "more": "лучше", "less": "хуже",
        "no_segment_difference": "Значимых различий конверсии между сегментами нет ни на одном этапе.",
        "times_title": "Время между этапами",
        "times_note": "Медиана дней от первого события этапа до первого события следующего среди клиентов, "
                      "перешедших дальше, с точным интервалом порядковых статистик (Conover 1999). Клиенты, не "
                      "перешедшие дальше к последней дате в данных, показаны в отдельном столбце и в медиану не "
                      "входят: воронка выше показывает, "
                      "сколько клиентов переходит, эта таблица — сколько времени это у них занимает.",
        "times_out_of_order": {"one": " В {n} случае клиент дошёл до следующего этапа раньше, чем до самого "
                                      "этапа (нарушен порядок событий во времени); такие переходы в расчёт не "
                                      "входят.",
                               "other": " В {n} случаях клиент дошёл до следующего этапа раньше, чем до самого "
                                        "этапа (нарушен порядок событий во времени); такие переходы в расчёт не "
                                        "входят."},
        "col_from": "Откуда", "col_to": "Куда", "col_customers": "Клиентов", "col_moved": "Перешли",
        "col_waiting": "Не перешли к {end}", "col_median": "Медиана", "col_interval": "Интервал",
        "scorecard_title": "Оценки точек контакта",
        "scorecard_channel_title": "По каналам",
        "scorecard_note": "Средний CSAT (1–5) с t-интервалами Стьюдента и доля оценок 4–5 с интервалами Уилсона; "
                          "болевая точка — значимо ниже всех остальных оценок пути (t-критерий Уэлча, поправка "
                          "Холма, уровень {alpha}).",
        "scorecard_alt": "Точечная диаграмма среднего CSAT каждой точки контакта с интервалами (уровень доверия {level}), лучшие "
                         "сверху; болевые точки красным: {pain}. В среднем по пути {overall}.",
        "scorecard_xlabel": "средний CSAT (1–5)",
        "scorecard_overall": "в среднем по пути {value}",
        "pain_point": "болевая точка", "touchpoint": "точка контакта", "none": "нет",
        "col_touchpoint": "Точка контакта", "col_channel": "Канал", "col_ratings": "Оценок", "col_mean": "Средний CSAT",
        "col_top2": "Доля 4–5", "col_difference": "Относительно остальных", "col_p": "Скорр. p",
        "col_pain": "Болевая точка", "yes": "да", "no": "",
        "no_ratings": "Не показано: в событиях нет столбца оценок «{column}».",
        "no_touchpoint": "Не показано: в событиях нет столбца «touchpoint».",
        "no_channel": "Каналы не показаны: в событиях нет столбца «channel».",
        "drivers_title": "Моменты истины",
        "drivers_need": "Не показано: для моментов истины нужна таблица клиентов со столбцами 'nps' и "
                        "'rating_<точка контакта>' (параметр customers).",
        "drivers_lack": "Не показано: в таблице клиентов нет {what}.",
        "drivers_lack_nps": "столбца «nps»",
        "drivers_lack_ratings": "столбцов «rating_<точка контакта>»",
        "drivers_too_few": "Не показано: меньше {minimum} клиентов месяца ответили на вопрос NPS и оценили две "
                           "точки контакта вместе.",
        "drivers_note": "Доля объяснённой дисперсии NPS (R² = {r2}, интервал от {r2_low} до {r2_high}), которую несёт "
                        "оценка каждой точки контакта: относительные веса Джонсона с перцентильными бутстреп-"
                        "интервалами ({resamples} повторных выборок). Каждый клиент пользуется лишь частью точек "
                        "контакта, поэтому каждая корреляция построена по клиентам, оценившим обе (попарное "
                        "удаление); на вопрос NPS ответили {used}. Доля не бывает отрицательной, поэтому её интервал "
                        "не опускается до 0: малая доля, интервал которой начинается почти с 0, не доказывает, что "
                        "точка контакта важна.",
        "drivers_left_out": "Не вошли (вместе с остальными их оценили меньше {minimum} клиентов): {names}.",
        "drivers_unstable": "Некоторые оценки сильно коррелируют (VIF больше 5): порядок этих факторов данные не "
                            "определяют.",
        "drivers_alt": "Столбчатая диаграмма доли объяснённой дисперсии NPS для каждой точки контакта с "
                       "интервалами (уровень доверия {level}); наибольшая: {top}.",
        "ipa_alt": "Диаграмма «важность — исполнение»: каждая точка контакта по доле объяснённой дисперсии NPS и "
                   "средней оценке, с линиями квадрантов; приоритет (важно, оценка ниже линии): {priority}.",
        "share_axis": "доля объяснённой дисперсии NPS, %",
        "importance_axis": "важность, % объяснённой дисперсии",
        "performance_axis": "исполнение, средняя оценка 1–5",
        "drivers_chart_title": "Ключевые факторы NPS",
        "ipa_chart_title": "Важность и исполнение",
        "quadrants": {"key strength": "сильная сторона", "priority": "приоритет", "maintain": "поддерживать",
                      "secondary": "второстепенная точка"},
        "quadrant_uncertain": "{quadrant}? (под вопросом: интервал пересекает линию квадранта)",
        "ipa_uncertain_key": "пустой кружок: интервал пересекает линию",
        "col_driver": "Точка контакта", "col_share": "Доля R²", "col_rank": "Место", "col_rank_interval": "Диапазон мест",
        "col_performance": "Средняя оценка", "col_quadrant": "Квадрант", "col_raters": "Оценили",
        "emotion_title": "Эмоциональная кривая",
        "emotion_note": "Средний CSAT всех оценок на каждом этапе в порядке пути, с t-интервалами Стьюдента.",
        "emotion_alt": "Линейный график среднего CSAT по этапам с закрашенной полосой интервала (уровень доверия {level}): {stages}.",
        "emotion_ylabel": "средний CSAT (1–5)",
        "emotion_band": "интервал ({level})",
        "emotion_line": "средний CSAT",
        "flows_title": "Потоки",
        "flows_note": "Этапы каждого клиента в порядке времени, повторы свёрнуты; «начало» и «выход» открывают и "
                      "закрывают каждый путь. На диаграмме считаются клиенты: на каждом шаге каждый клиент "
                      "находится на одном этапе (шаг 2 — второй этап каждого клиента). В таблице считаются переходы "
                      "на любом шаге: клиент, дважды перешедший между одними и теми же этапами, учтён дважды, "
                      "поэтому числа в таблице могут быть больше, чем на диаграмме. Доля — от всех переходов, "
                      "выходящих из этапа, с интервалами Уилсона.",
        "flow_alt": "Диаграмма потоков клиентов по шагам от начала до выхода; клиенты на основных этапах каждого "
                    "шага: {steps}.",
        "flow_alt_step": "шаг {step}: {stages}",
        "flow_start": "начало", "flow_end": "выход", "flow_step": "шаг {step}",
        "paths_title": "Самые частые пути",
        "col_path": "Путь", "col_count": "Переходов", "col_share_of": "Доля",
        "method_note": "Интервалы на уровне {level}. Болевые точки значимы на уровне {alpha} после поправки Холма; "
                       "самый большой отвал — шаг с наибольшим отвалом среди тех, чей интервал не включает ноль.",
        "generated": "cxkit {version}; рядом с этой страницей лежат выполненный блокнот, metrics.json и CSV каждой "
                     "таблицы.",
        "not_available": "н/д",
    },
}

LANGUAGES = tuple(LABELS)


def journey_labels(language: str) -> dict:
    """The words of the journey report in ``language`` ("en" or "ru")."""
    return LABELS[check_choice("language", language, LANGUAGES)]
