"""Display tables of the benchmark page (localised headers, formatted numbers) and its metrics.json entries.

Each ``*_display`` function turns one tidy table of :mod:`cxkit.reports.benchmark`
into the table a reader sees; :func:`record_outputs` writes every tidy table
as CSV and every number with an interval (the company's metrics, each gap)
into ``metrics.json`` through :class:`~cxkit.reports.outputs.ReportOutputs`.
"""

from __future__ import annotations

import pandas as pd

from .benchmark_labels import METHOD_NAMES
from .benchmark_page import alpha_text, digits_of, interval, level_text, number, p_text, published_number

_RELATION = {"<": "< {v}", ">": "> {v}", ">=": "≥ {v}", "<=": "≤ {v}", "between": "{v}–{u}"}


def _unit(metric: str, unit: str, words: dict) -> str:
    return words.get(unit, unit)


def method_name(code: str, language: str) -> str:
    """An interval method's readable name ("Wilson score" for "wilson"); a code without a name stays as it is."""
    return METHOD_NAMES[language].get(code, code)


def seed_title(seed: str, language: str) -> str:
    """A source document by its title (seeds/000 -> the article's title), in the page's language."""
    from .published import SEED_TITLES

    return SEED_TITLES[seed][0 if language == "en" else 1] if seed in SEED_TITLES else seed


def published_when(year: str, words: dict, language: str) -> str:
    """A published value's date as the page's language writes it: "2024"; "March 2012" / "март 2012" for
    "2012-03"; "Q3 2013" / "3-й кв. 2013" for "2013-Q3" (Babel); the "year not stated" words for ""."""
    import datetime as _dt

    from babel.dates import format_date

    if not year:
        return words["year_not_stated"]
    if "-Q" in year:
        y, q = year.split("-Q")
        return format_date(_dt.date(int(y), 3 * int(q) - 2, 1), "QQQ yyyy", locale=language)
    if "-" in year:
        y, m = year.split("-")
        return format_date(_dt.date(int(y), int(m), 1), "LLLL yyyy", locale=language)
    return year


def company_display(company: pd.DataFrame, words: dict, language: str) -> pd.DataFrame:
    rows = []
    for r in company.itertuples(index=False):
        d = digits_of(r.metric)
        rows.append({words["metric"]: words[r.metric], words["value"]: number(r.value, d, language),
                     words["interval"]: interval(r.low, r.high, d, language), words["n"]: f"{int(r.n)}",
                     words["unit"]: _unit(r.metric, r.unit, words), words["method"]: method_name(r.method, language)})
    return pd.DataFrame(rows)


def _yes_no_side(r, words):
    return words[r.side] if r.side in words else r.side


def threshold_display(gaps: pd.DataFrame, words: dict, language: str) -> pd.DataFrame:
    rows = []
    for r in gaps.itertuples(index=False):
        d = digits_of(r.metric)
        rule = _RELATION[r.relation].format(v=number(r.threshold, 0, language), u=number(r.upper, 0, language))
        rows.append({words["metric"]: words[r.metric], words["threshold"]: rule, words["meaning"]: r.meaning,
                     words["seed"]: seed_title(r.seed, language), words["value"]: number(r.value, d, language),
                     words["gap"]: number(r.gap, d, language, sign=True),
                     words["gap_interval"]: interval(r.gap_low, r.gap_high, d, language, sign=True),
                     words["p_value"]: p_text(r.p_value, language), words["p_adjusted"]: p_text(r.p_adjusted, language),
                     words["verdict"]: words[r.verdict]})
    return pd.DataFrame(rows)


def threshold_note(gaps: pd.DataFrame, words: dict, language: str, confidence_level: float) -> str:
    """What the verdict column uses (the metric's interval, the monthly lights' rule) and what adjusted p adds."""
    return words["thresholds_note"].format(level=level_text(confidence_level, language),
                                           alpha=alpha_text(confidence_level, language), count=len(gaps))


def adjusted_caption(table: str, words: dict, language: str, confidence_level: float) -> str:
    """The caption of a table whose verdict is Holm-adjusted while its interval is not (``table``: published,
    periods, competitors, groups), or of the thresholds table (``table`` "thresholds": verdict by the interval)."""
    level, alpha = level_text(confidence_level, language), alpha_text(confidence_level, language)
    if table == "thresholds":
        return words["caption_thresholds"].format(level=level)
    if table == "published":  # no adjustment needed: see cxkit.reports.benchmark.published_gaps
        return words["caption_published"].format(level=level, alpha=alpha)
    return words["caption_adjusted"].format(level=level, alpha=alpha, family=words[f"family_{table}"])


def published_display(gaps: pd.DataFrame, words: dict, language: str) -> pd.DataFrame:
    rows = []
    for r in gaps.itertuples(index=False):
        d = digits_of(r.metric)
        rows.append({words["metric"]: words[r.metric], words["scope"]: r.scope,
                     words["published"]: published_number(r.reference, language),
                     words["source"]: r.source, words["year"]: published_when(r.year, words, language), words["note"]: r.note,
                     words["value"]: number(r.value, d, language), words["gap"]: number(r.gap, d, language, sign=True),
                     words["gap_interval"]: interval(r.gap_low, r.gap_high, d, language, sign=True),
                     # no adjustment is needed (one metric equals at most one published value): p and the
                     # interval decide, as the caption says
                     words["p_published"]: p_text(r.p_value, language), words["side_published"]: _yes_no_side(r, words)})
    return pd.DataFrame(rows)


def context_display(published: pd.DataFrame, words: dict, language: str) -> pd.DataFrame:
    rows = []
    for r in published.itertuples(index=False):
        rows.append({words["metric"]: words[r.metric], words["scope"]: r.scope,
                     words["published"]: published_number(r.value, language),
                     words["unit"]: words.get(r.unit, r.unit), words["source"]: r.source,
                     words["year"]: published_when(r.year, words, language), words["note"]: r.note})
    return pd.DataFrame(rows)


def ranks_display(ranked: pd.DataFrame, label_column: str, label_header: str, words: dict,
                  language: str) -> pd.DataFrame:
    rows = []
    for r in ranked.itertuples(index=False):
        d = digits_of(r.metric)
        span = f"[{int(r.rank_low)}]" if r.rank_low == r.rank_high else f"[{int(r.rank_low)}–{int(r.rank_high)}]"
        rows.append({label_header: str(getattr(r, label_column)), words["metric"]: words[r.metric],
                     words["value"]: number(r.value, d, language), words["interval"]: interval(r.low, r.high, d, language),
                     words["n"]: f"{int(r.n)}", words["rank"]: f"{int(r.rank)}", words["rank_interval"]: span})
    return pd.DataFrame(rows)


def differences_display(gaps: pd.DataFrame, label_columns: list[tuple[str, str]], words: dict,
                        language: str) -> pd.DataFrame:
    """Rows of a difference table (competitors, periods, groups); ``label_columns``: (column, header)."""
    rows = []
    for r in gaps.itertuples(index=False):
        d = digits_of(r.metric)
        row = {header: words["g_" + str(getattr(r, column))] if column == "grouping"
               else str(getattr(r, column)) for column, header in label_columns}
        row.update({words["metric"]: words[r.metric], words["value"]: number(r.value, d, language),
                    words["reference_value"]: number(r.reference_value, d, language),
                    words["difference"]: number(r.difference, d, language, sign=True),
                    words["difference_interval"]: interval(r.low, r.high, d, language, sign=True),
                    words["p_value"]: p_text(r.p_value, language), words["p_adjusted"]: p_text(r.p_adjusted, language),
                    words["side"]: words[r.side]})
        rows.append(row)
    return pd.DataFrame(rows)


def _gap_entry(out, key: str, label: str, row, *, value: str, low: str, high: str, method: str, unit: str,
               confidence_level: float, extra: dict) -> None:
    out.metric(key, label=label, value=getattr(row, value), low=getattr(row, low), high=getattr(row, high),
               n=row.n, method=method, unit=unit, confidence_level=confidence_level,
               extra={"p_value": row.p_value, "p_adjusted": row.p_adjusted,
                      "significant": None if row.significant is None or pd.isna(row.p_adjusted) else bool(row.significant),
                      "adjustment": row.adjustment, **extra})


def record_outputs(out, tables: dict, words: dict) -> None:
    """Every tidy table as ``<name>.csv``; each company metric and each gap in ``metrics.json``.

    Keys: ``company.<metric>``; ``threshold.<metric>.<i>``, ``published.<i>``
    (gap to a fixed reference); ``competitor.<metric>.<i>``,
    ``period.<metric>.<previous_month|year_before>``,
    ``group.<grouping>.<metric>.<i>`` (differences); the names behind ``<i>``
    are in each entry's ``extra``.
    """
    company = tables["company_metrics"]
    level = float(company["confidence_level"].iloc[0])
    units = dict(zip(company["metric"], company["unit"]))
    methods = dict(zip(company["metric"], company["method"]))
    for r in company.itertuples(index=False):
        out.metric(f"company.{r.metric}", label=words[r.metric], value=r.value, low=r.low, high=r.high, n=r.n,
                   method=r.method, unit=r.unit, confidence_level=r.confidence_level)
    for i, r in enumerate(tables["thresholds"].itertuples(index=False)):
        _gap_entry(out, f"threshold.{r.metric}.{i}", f"{words[r.metric]} − {r.relation} {r.threshold:g}", r,
                   value="gap", low="gap_low", high="gap_high", method=f"{methods[r.metric]}, fixed reference",
                   unit=units[r.metric], confidence_level=level,
                   extra={"reference": r.reference, "relation": r.relation, "meaning": r.meaning, "seed": r.seed,
                          "verdict": r.verdict})
    for i, r in enumerate(tables["published"].itertuples(index=False)):
        _gap_entry(out, f"published.{i}", f"{words[r.metric]} − {r.scope} ({r.source} {r.year})".strip(), r,
                   value="gap", low="gap_low", high="gap_high", method=f"{methods[r.metric]}, fixed reference",
                   unit=units[r.metric], confidence_level=level,
                   extra={"reference": r.reference, "scope": r.scope, "source": r.source, "year": r.year})
    for i, r in enumerate(tables["competitor_gaps"].itertuples(index=False)):
        _gap_entry(out, f"competitor.{r.metric}.{i}", f"{words[r.metric]}: − {r.competitor}", r, value="difference",
                   low="low", high="high", method=r.method, unit=units[r.metric], confidence_level=level,
                   extra={"competitor": r.competitor, "company_value": r.value, "competitor_value": r.reference_value,
                          "competitor_n": r.reference_n})
    for r in tables["periods"].itertuples(index=False):
        which = "previous_month" if r.reference_period == _previous(r.period) else "year_before"
        _gap_entry(out, f"period.{r.metric}.{which}", f"{words[r.metric]}: {r.period} − {r.reference_period}", r,
                   value="difference", low="low", high="high", method=r.method, unit=units[r.metric],
                   confidence_level=level, extra={"period": r.period, "reference_period": r.reference_period,
                                                  "value": r.value, "reference_value": r.reference_value})
    for i, r in enumerate(tables["groups"].itertuples(index=False)):
        _gap_entry(out, f"group.{r.grouping}.{r.metric}.{i}", f"{words[r.metric]}: {r.group} − rest", r,
                   value="difference", low="low", high="high", method=r.method, unit=units[r.metric],
                   confidence_level=level, extra={"grouping": r.grouping, "group": r.group, "value": r.value,
                                                  "reference_value": r.reference_value})
    for name, frame in tables.items():
        out.table(name, frame)


def _previous(month: str) -> str:
    return str(pd.Period(month, freq="M") - 1)
