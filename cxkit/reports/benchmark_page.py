"""The benchmark page: its parameters (checked before any work) and its escaped HTML pieces.

Every text from data (group names, competitor names, file paths) reaches the
page through :func:`html.escape`; tables go through ``DataFrame.to_html(escape=True)``;
figures are embedded as PNG data URIs with real alt text, so the page needs
nothing from the network.
"""

from __future__ import annotations

import base64
import html
import io
import math

import pandas as pd

from ..errors import CxkitValueError
from ..inputs.dates import check_date_format
from ..options import check_choice, check_confidence_level
from .benchmark_labels import LANGUAGES
from .formatting import parameters_line
from .data import check_month
from .parameters import check_text, check_unknown

#: Parameters of templates/benchmark_report.ipynb, in the order they are declared.
BENCHMARK_PARAMETERS = ("month", "data", "competitors", "company", "confidence_level", "language", "date_format")


def validate_benchmark_parameters(params: dict) -> dict:
    """Check every benchmark-report parameter's value; return them normalised."""
    check_unknown(params, BENCHMARK_PARAMETERS)
    missing = [p for p in BENCHMARK_PARAMETERS if p not in params]
    if missing:
        raise CxkitValueError(f"missing report parameter(s) {missing}; this report takes {list(BENCHMARK_PARAMETERS)}.")
    for name in ("month", "data", "competitors", "company", "language", "date_format"):
        check_text(name, params[name])
    month = params["month"]
    return {
        "month": month if month == "" else check_month(month),
        "data": params["data"],
        "competitors": params["competitors"],
        "company": params["company"].strip(),
        "confidence_level": check_confidence_level(params["confidence_level"]),
        "language": check_choice("language", params["language"], LANGUAGES),
        "date_format": check_date_format(params["date_format"]) or "",
    }


def load_benchmark_inputs(params: dict, words: dict):
    """(answers, month, month_is_latest, competitors or None, company): every data check before any work."""
    from .benchmark import BENCHMARK_METRICS, report_month
    from .competitors import load_competitors
    from .data import check_answers, check_not_future, check_unique_responses, load_survey

    path = params["data"] or None
    source = f"data file {path!r}" if path else "the bundled sample data"
    answers = load_survey(params["data"], date_format=params["date_format"])
    check_unique_responses(answers, source=source, path=path)
    check_not_future(answers, source=source, path=path)
    single = [m for m in BENCHMARK_METRICS if isinstance(m[1], str)]
    check_answers(answers, single, source=source, path=path)
    month, latest = report_month(answers, params["month"])
    company = params["company"] or words["default_company"]
    competitors = load_competitors(params["competitors"], company=company) if params["competitors"] else None
    return answers, month, latest, competitors, company


def named_competitors(counts, names, company: str):
    """The competitors' counts with their names as the page shows them (a names file's ``competitor`` rows).

    A display name may not be the company's name: the rank table and chart would show two rows alike.
    """
    from ..errors import CxkitValueError

    shown = names.rename_frame(counts)
    renamed = sorted({names.data_value(n) for n in shown["competitor"] if n == company and names.data_value(n) != n})
    if renamed:
        raise CxkitValueError(f"{names.source}: the {names.language} display name {company!r} of competitor "
                              f"{renamed[0]!r} is the company's name; the page could not tell them apart. Choose "
                              f"another name for competitor {renamed[0]!r}, or pass another company name.")
    return shown


# ----------------------------------------------------------------------------------------- formatting


def number(x, digits: int, language: str, *, sign: bool = False) -> str:
    """A number in the page's language (decimal comma in Russian, by Babel's CLDR data); 'n/a' for NaN.

    Negative numbers take a true minus sign (U+2212, as the monthly page); ``sign`` adds "+" to positive
    ones. A value that rounds to zero is written "0.0", never "−0.0" or "+0.0".
    """
    from babel.numbers import format_decimal

    if _missing(x):
        return NOT_AVAILABLE[language]
    text = format_decimal(abs(float(x)), format="0." + "0" * digits if digits else "0", locale=language)
    if not any(ch in "123456789" for ch in text):
        return text
    return ("−" if x < 0 else "+" if sign else "") + text


def published_number(x, language: str) -> str:
    """A published figure with the decimals it was published with (at most 2): 30, 77.8, 4.91, −6."""
    digits = min(2, len(f"{float(x):.10g}".partition(".")[2]))
    return number(x, digits, language)


#: The one word a page shows for a number or an interval it does not have (as the monthly report's labels).
NOT_AVAILABLE = {"en": "n/a", "ru": "н/д"}


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def interval(low, high, digits: int, language: str, *, sign: bool = False) -> str:
    """"low – high"; the single "not available" word (never "n/a – n/a") when there is no interval."""
    if _missing(low) or _missing(high):
        return NOT_AVAILABLE[language]
    return f"{number(low, digits, language, sign=sign)} – {number(high, digits, language, sign=sign)}"


def level_text(confidence_level: float, language: str) -> str:
    """A confidence level as the other pages write it (:meth:`cxkit.reports.locale.Formatter.level`): "95%" in
    English, "95 %" (no-break space) in Russian, never rounded away ("99.9%")."""
    from .locale import Formatter

    return Formatter(language, {"not_available": NOT_AVAILABLE[language]}).level(confidence_level)


def alpha_text(confidence_level: float, language: str) -> str:
    """1 - confidence level as p-values are compared with it: 0.05 / 0,05."""
    alpha = round(1 - confidence_level, 10)
    return number(alpha, max(0, len(f"{alpha:.10g}".partition(".")[2])), language)


def p_text(p, language: str) -> str:
    if _missing(p):
        return NOT_AVAILABLE[language]
    return "<" + number(0.001, 3, language) if p < 0.001 else number(p, 3, language)


def digits_of(metric: str) -> int:
    return 2 if metric == "cli" else 1


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def heading(text: str, level: int = 2) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def paragraph(text: str, css_class: str = "") -> str:
    attribute = f" class='{esc(css_class)}'" if css_class else ""
    return f"<p{attribute}>{esc(text)}</p>"


def table_html(frame: pd.DataFrame) -> str:
    """A display table, escaped, in a box that scrolls sideways on a narrow screen (as the monthly page's)."""
    from .formatting import table_html as shared

    return shared(frame)


def month_name(month: str, language: str) -> str:
    """'2026-10' as 'October 2026' / 'октябрь 2026 г.' (Babel, as the other reports)."""
    from babel.dates import format_date
    import datetime as _dt

    year, number = map(int, check_month(month).split("-"))
    text = format_date(_dt.date(year, number, 1), "LLLL yyyy", locale=language)
    return text + "\u00a0г." if language == "ru" else text


def period_notes(periods: pd.DataFrame, words: dict, language: str) -> str:
    """One note per reference month without answers (the first month of the data has no previous month)."""
    from .benchmark import months_without_answers

    notes = []
    for reference in months_without_answers(periods):
        which = "previous_month" if reference == str(pd.Period(periods["period"].iloc[0], freq="M") - 1) \
            else "year_before"
        notes.append(paragraph(words["no_period"].format(month=month_name(reference, language), which=words[which]),
                               "cx-note"))
    return "".join(notes)


def header_html(params: dict, words: dict, month: str, latest: bool, company: str) -> str:
    month = month_name(month, params["language"])
    month_text = f"{month} ({words['latest_month']})" if latest else month
    items = [(words["month"], month_text), (words["data_source"], params["data"] or words["sample_data"]),
             (words["competitors_file"], params["competitors"] or words["no_competitors_file"]),
             (words["company"], company), (words["confidence"], level_text(params["confidence_level"], params["language"]))]
    if params["date_format"]:
        items.append((words["date_format"], params["date_format"]))
    line = parameters_line(items)
    return heading(f"{words['title']}: {month}", 1) + f"<p class='cx-parameters'>{line}</p>"


def warning_html(words: dict) -> str:
    return f"<div class='cx-alert' role='note'>{esc(words['warning'])}</div>"


def figure_html(fig, alt: str) -> str:
    """A matplotlib figure as an embedded PNG with alt text (the figure is closed)."""
    import matplotlib.pyplot as plt

    from ..plotting.readable import readable_png

    buffer = io.BytesIO()
    buffer.write(readable_png(fig))  # 4.6 in, text >= 10 pt: reads on a 390 px phone (cxkit.plotting.readable)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"<figure class='cx-figure'><img src='data:image/png;base64,{data}' alt='{esc(alt)}' "
            f"style='max-width:100%;height:auto'/></figure>")


def rank_figure(ranked: pd.DataFrame, *, label_column: str, metric_title: str, grouping_title: str,
                level_text: str, words: dict, language: str) -> str:
    """Each group's value and interval, best first, its rank interval beside it: embedded PNG with alt text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = ranked.sort_values("rank", kind="stable")
    digits = digits_of(str(rows["metric"].iloc[0]))
    labels, items = [], []
    for r in rows.itertuples(index=False):
        group = str(getattr(r, label_column))
        low, high = int(r.rank_low), int(r.rank_high)
        text = words["figure_item_exact" if low == high else "figure_item"].format(
            group=group, value=number(r.value, digits, language), rank_low=low, rank_high=high)
        items.append(text)
        span = f"{low}" if low == high else f"{low}–{high}"
        labels.append(f"{group} [{span}]")
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(rows) + 1.2))
    y = list(range(len(rows)))[::-1]
    values = rows["value"].to_numpy(dtype=float)
    ax.errorbar(values, y, xerr=[values - rows["low"].to_numpy(dtype=float), rows["high"].to_numpy(dtype=float) - values],
                fmt="o", color="#1f5fa8", ecolor="#1f5fa8", capsize=4)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=11)
    ax.tick_params(axis="x", labelsize=11)
    ax.set_title(words["figure_title"].format(metric=metric_title, grouping=grouping_title, level=level_text),
                 fontsize=11)
    ax.grid(axis="x", color="#ddd")
    alt = words["figure_alt"].format(metric=metric_title, grouping=grouping_title, level=level_text,
                                     items="; ".join(items))
    return figure_html(fig, alt)


def prepare_benchmark(values: dict) -> dict:
    """The runner's data check before any kernel starts: reads the data and the competitors file.

    Returns the checked parameters with ``month`` filled in (the latest month
    in the data when it was empty), which names the report.
    """
    from .benchmark_labels import benchmark_labels

    _answers, month, _latest, _competitors, _company = load_benchmark_inputs(values, benchmark_labels(values["language"]))
    return {**values, "month": month}
