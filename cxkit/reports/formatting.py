"""Turning report tables into what a reader sees: rounded, labelled, in the report's language, escaped.

Every text that comes from the data or the parameters (a segment, a file
path, a date format, a group name) and every label goes through
:func:`escape` or pandas' escaping ``to_html``: it shows as text, never as
markup. Numbers are formatted by :class:`cxkit.reports.locale.Formatter`.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from ..errors import CxkitValueError
from .readouts import bands_touched
from .targets import RELATIONS

WORSE_WHEN_HIGHER = ("churn", "first_response_time")


def escape(text) -> str:
    """``text`` safe inside HTML (``<``, ``>``, ``&`` and quotes escaped)."""
    return html.escape(str(text), quote=True)


def heading_html(text: str, level: int = 2) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def paragraph_html(text: str, css_class: str = "") -> str:
    attribute = f" class='{escape(css_class)}'" if css_class else ""
    return f"<p{attribute}>{escape(text)}</p>"


def parameters_line(items) -> str:
    """"label: value" items of a page header, each a span; the dot between them keeps to the item before it
    (a no-break space), so a narrow screen never starts a line with it."""
    return "\u00a0· ".join(f"<span><strong>{escape(label)}:</strong> {escape(value)}</span>" for label, value in items)


def report_title(title: str, month_text: str, segment: str = "") -> str:
    """The page's title: 'Monthly customer-experience report: October 2026', with ' — <segment>' for one."""
    return f"{title}: {month_text}" + (f" — {segment}" if segment else "")


def header_html(params: dict, words: dict, fmt, *, month_given: bool) -> str:
    """The report's title, which month it shows (and why), and the parameters it was run with."""
    items = [
        (words["data_source"], params["data"] or words["sample_data"]),
        (words["segment"], params["segment"] or words["all_segments"]),
        (words["confidence"], fmt.level(params["confidence_level"])),
        (words["targets"], params.get("targets") or words["targets_default"]),
    ]
    if params.get("date_format"):
        items.append((words["date_format"], params["date_format"]))
    line = parameters_line(items)
    month_name = fmt.month(params["month"])
    which = words["month_given" if month_given else "month_latest"].format(month=month_name)
    title = report_title(words["title"], month_name, params["segment"])
    return (f"<header class='cx-header'><h1>{escape(title)}</h1>"
            f"<p class='cx-month'>{escape(which)}</p><p class='cx-parameters'>{line}</p></header>")


def _direction_class(metric: str, change, significant: bool) -> str:
    if pd.isna(change) or change == 0:
        return "cx-flat"
    if not significant:
        return "cx-flat"
    better = (change < 0) if metric in WORSE_WHEN_HIGHER else (change > 0)
    return "cx-good" if better else "cx-bad"


def no_change_text(r: dict, prefix: str, words: dict, fmt) -> str:
    """Why a card has no change against the previous month (``prefix`` "change") or a year before ("yoy")."""
    month = r["previous_month" if prefix == "change" else "year_ago_month"]
    return words["no_previous" if prefix == "change" else "no_year"].format(month=fmt.month(month))


def tested_changes(headline: pd.DataFrame) -> int:
    """How many changes the page tests: its Holm family (every change with a p-value, both comparisons)."""
    return int(headline["change_p"].notna().sum() + headline["yoy_p"].notna().sum())


def _change_line(r: dict, prefix: str, words: dict, fmt, missing=()) -> str:
    """A card's change line. A significant change has a solid arrow (▲ ▼), as the group tables mark theirs; one
    that is not has a hollow arrow (△ ▽), so no solid arrow on the page means anything but "significant"."""
    month_key = "previous_month" if prefix == "change" else "year_ago_month"
    change_key = "change" if prefix == "change" else "yoy_change"
    low_key, high_key = ("change_low", "change_high") if prefix == "change" else ("yoy_low", "yoy_high")
    versus = words["vs_previous" if prefix == "change" else "vs_year"].format(
        month=fmt.month(r[month_key]), month_in=fmt.month_in(r[month_key], "instrumental"))
    if pd.isna(r[change_key]):  # no answers in the month compared with (the first month of the data)
        if ("previous" if prefix == "change" else "year") in missing:  # said once above the cards
            short = words["no_previous_short" if prefix == "change" else "no_year_short"].format(
                month=fmt.month(r[month_key]))
            return f"<p class='cx-change cx-flat'>{escape(short)}</p>"
        return f"<p class='cx-change cx-flat'>{escape(no_change_text(r, prefix, words, fmt))}</p>"
    significant = bool(r[f"{prefix}_significant"])
    arrow = ("▲" if significant else "△") if r[change_key] > 0 else ("▼" if significant else "▽") \
        if r[change_key] < 0 else "="
    if pd.isna(r[f"{prefix}_p"]):  # a change without a test (a first response time median without an SE)
        return (f"<p class='cx-change cx-flat'><span class='cx-arrow' aria-hidden='true'>{arrow}</span> "
                f"<strong>{escape(fmt.change(r[change_key], r['unit']))}</strong> {escape(versus)}"
                f"<br><span class='cx-detail'>{escape(words['no_test'])}</span></p>")
    verdict = words["significant" if significant else "not_significant"].format(p=fmt.p(r[f"{prefix}_p_adjusted"]))
    detail = words["interval"].format(low=fmt.change(r[low_key], r["unit"]), high=fmt.change(r[high_key], r["unit"]))
    return (f"<p class='cx-change {_direction_class(r['metric'], r[change_key], significant)}'>"
            f"<span class='cx-arrow' aria-hidden='true'>{arrow}</span> "
            f"<strong>{escape(fmt.change(r[change_key], r['unit']))}</strong> {escape(versus)}"
            f"<br><span class='cx-detail'>{escape(detail)}; {escape(verdict)}</span></p>")


def target_text(r: dict, words: dict, fmt) -> str:
    if r["light"] == "none":
        return words["light_none"]
    target = words["target"].format(op=RELATIONS[r["target_relation"]], value=fmt.value(r["target"], r["unit"]))
    return f"{target}: {words['light_' + r['light']]}"


def _beyond(r) -> bool:
    """A first response time with fewer than half of the tickets answered: the median is beyond the longest wait."""
    return not pd.isna(r["value"]) and math.isinf(r["value"])


def value_text(r, words: dict, fmt) -> str:
    """A headline row's value in its unit; "over 86.0 h" for a median beyond the longest wait observed."""
    return (words["over"].format(low=fmt.value(r["low"], r["unit"])) if _beyond(r)
            else fmt.value(r["value"], r["unit"]))


def changes_note_html(headline: pd.DataFrame, words: dict, fmt, confidence_level: float) -> str:
    """The one note on how the cards' changes are tested: together, Holm-adjusted, each interval on its own (so an
    interval clear of 0 beside "not significant" explains itself); '' when no change is tested."""
    tested = tested_changes(headline)
    if not tested:
        return ""
    return paragraph_html(words["changes_note"].format(changes=fmt.count(tested, words["changes_tested"]),
                                                       alpha=fmt.level(1 - confidence_level)), "cx-note")


def cards_html(headline: pd.DataFrame, words: dict, fmt, confidence_level: float = 0.95) -> str:
    """One card per metric: value, interval, answers, both changes with arrows, target light, NPS band.

    A month compared with that has no answers for any metric (the first month of the data) is said once, in a
    note above the cards, and each card says only "no answers in September 2026" / "... October 2025, a year
    before"."""
    missing = missing_comparisons(headline)
    cards = []
    for r in headline.to_dict("records"):
        name = words["metric_names"][r["metric"]]
        unit = words["metric_units"][r["metric"]]
        interval = (words["no_interval"] if pd.isna(r["low"]) or pd.isna(r["high"]) else
                    words["interval_open"].format(low=fmt.value(r["low"], r["unit"])) if math.isinf(r["high"]) else
                    words["interval"].format(low=fmt.value(r["low"], r["unit"]), high=fmt.value(r["high"], r["unit"])))
        over = _beyond(r)
        value = value_text(r, words, fmt)
        bands = bands_touched(r["metric"], r["low"], r["high"])
        band = ""
        if bands:
            names = [words[b] for b in bands]
            text = words["band_one"].format(band=names[0]) if len(names) == 1 else \
                words["band_span"].format(first=names[0], last=names[-1])
            band = f"<p class='cx-band'>{escape(words['band'].format(bands=text))}</p>"
        small = f"<p class='cx-small'>{escape(words['small_sample'])}</p>" if r["small_sample"] else ""
        if over:
            small += f"<p class='cx-small'>{escape(words['over_note'])}</p>"
        cards.append(
            f"<section class='cx-card cx-light-{escape(r['light'])}'>"
            f"<h3>{escape(name)} <span class='cx-unit'>{escape(unit)}</span></h3>"
            f"<p class='cx-value'>{escape(value)}</p>"
            f"<p class='cx-interval'>{escape(interval)} · "
            f"{escape(fmt.count(r['n'], words[_counted(r)]))}</p>"
            f"{_change_line(r, 'change', words, fmt, missing)}"
            f"{_change_line(r, 'yoy', words, fmt, missing)}"
            f"<p class='cx-badge cx-badge-{escape(r['light'])}'>{escape(target_text(r, words, fmt))}</p>"
            f"{band}{small}</section>")
    return (missing_months_html(headline, words, fmt) + f"<div class='cx-cards'>{''.join(cards)}</div>"
            + changes_note_html(headline, words, fmt, confidence_level))


def missing_months_html(headline: pd.DataFrame, words: dict, fmt) -> str:
    """The one note naming the month(s) compared with that have no answers at all ('' when both have some)."""
    missing = missing_comparisons(headline)
    if not missing:
        return ""
    r = headline.iloc[0]
    previous, year = fmt.month(r["previous_month"]), fmt.month(r["year_ago_month"])
    if len(missing) == 2:
        text = words["no_both"].format(previous=previous, year=year)
    else:
        text = words["no_previous" if missing == ("previous",) else "no_year"].format(
            month=previous if missing == ("previous",) else year)
    return paragraph_html(text, "cx-note")


def _counted(row) -> str:
    """What a card's n counts: tickets (first response time), customers (churn: one row a customer), answers."""
    return "tickets" if row["unit"] == "hours" else "customers" if row["metric"] == "churn" else "answers"


def unused_weights_html(columns, words: dict) -> str:
    """A note naming the data's weight columns (a name containing "weight"), which the reports do not use: every
    answer counts once. Without it a weighted survey's report would be unweighted without a word. '' when none."""
    found = [str(c) for c in columns if "weight" in str(c).lower()]
    if not found:
        return ""
    quote = words.get("column_quote", "'{}'")
    form = words["weights_unused"]["one" if len(found) == 1 else "other"]
    return paragraph_html(form.format(columns=", ".join(quote.format(c) for c in found)), "cx-note")


def metric_in_list(metric: str, words: dict) -> str:
    """A metric's name inside a sentence, after a colon: Russian lowercases a common noun there ("отток",
    "время первого ответа") and keeps an abbreviation ("NPS"); English keeps the name as it is."""
    name = words["metric_names"][metric]
    if words.get("lowercase_in_list") and not name.isupper():
        return name[:1].lower() + name[1:]
    return name


def missing_html(missing, words: dict) -> str:
    """One line naming the metrics whose columns the data lacks ('' when none)."""
    if not missing:
        return ""
    quote = words.get("column_quote", "'{}'")
    items = "; ".join(words["missing_item"]["one" if len(cols) == 1 else "other"].format(
        metric=metric_in_list(m, words), columns=", ".join(quote.format(c) for c in cols)) for m, cols in missing)
    return paragraph_html(words["missing_metrics"].format(items=items), "cx-note")


def unanswered_html(metrics, words: dict, fmt, month: str) -> str:
    """One line naming the metrics whose columns hold no answer in ``month`` ('' when none)."""
    if not metrics:
        return ""
    items = ", ".join(metric_in_list(m, words) for m in metrics)
    return paragraph_html(words["unanswered_metrics"].format(month=fmt.month_in(month, "prepositional"),
                                                             items=items), "cx-note")


def missing_group_html(dimension: str, why: str, words: dict, fmt, month: str, segment: str = "") -> str:
    """The line that stands in for a segment, channel or region table the month cannot have (why: see
    :func:`cxkit.reports.monthly_absent.missing_group_tables`); ``segment``: the report's segment filter."""
    if dimension == "segment" and segment and why == "fewer_than_two":
        text = words["groups_one_segment"].format(segment=segment)
    else:
        text = words["groups_missing"][why][dimension].format(month=fmt.month_in(month, "prepositional"))
    return paragraph_html(text, "cx-note")


def alert_lines(alert_list, words: dict, fmt) -> list[tuple[str, str]]:
    """(kind, sentence) for each alert, in the report's language."""
    lines = []
    for a in alert_list:
        r = a.details
        name = words["metric_names"][a.metric]
        if a.kind == "missed":
            side = words["side"]["below" if r["target_relation"] in (">", ">=") else "above"]
            text = words["alert_missed"].format(
                metric=name, op=RELATIONS[r["target_relation"]], target=fmt.value(r["target"], r["unit"]),
                low=fmt.value(r["low"], r["unit"]), high=fmt.value(r["high"], r["unit"]), side=side)
        else:
            prefix = "change" if a.comparison == "previous" else "yoy"
            month = r["previous_month"] if prefix == "change" else r["year_ago_month"]
            before = r["previous_value"] if prefix == "change" else r["yoy_value"]
            change = r["change"] if prefix == "change" else r["yoy_change"]
            low = r["change_low"] if prefix == "change" else r["yoy_low"]
            high = r["change_high"] if prefix == "change" else r["yoy_high"]
            text = words[f"alert_{a.kind}_{'previous' if prefix == 'change' else 'year'}"].format(
                metric=name, month=fmt.month_in(month, "instrumental" if prefix == "change" else "prepositional"),
                before=fmt.value(before, r["unit"]),
                now=fmt.value(r["value"], r["unit"]), change=fmt.change(change, r["unit"]),
                low=fmt.change(low, r["unit"]), high=fmt.change(high, r["unit"]), p=fmt.p(r[f"{prefix}_p_adjusted"]))
        lines.append((a.kind, text))
    return lines


def missing_comparisons(headline: pd.DataFrame) -> tuple[str, ...]:
    """"previous" and/or "year" when no metric has answers in that month (nothing to compare with)."""
    return tuple(prefix for prefix, column in (("previous", "previous_n"), ("year", "yoy_n"))
                 if (headline[column] == 0).all())


def alerts_html(lines, words: dict, *, previous: str, year: str, missing=()) -> str:
    """One block per alert, or the no-alert sentence, which leaves out a month without answers (``missing``:
    "previous" and/or "year", from :func:`missing_comparisons`; ``previous``/``year``: those months' names).
    That a month has no answers is said once, above the cards (:func:`missing_months_html`), not here."""
    if not lines:
        key = ("no_alerts_targets" if "previous" in missing else "no_alerts_previous" if "year" in missing
               else "no_alerts")
        return f"<div class='cx-ok'>{escape(words[key].format(previous=previous, year=year))}</div>"
    return "".join(f"<div class='cx-alert cx-alert-{escape(kind)}'>{escape(text)}</div>" for kind, text in lines)


def interval_text(low, high, words: dict, show) -> str:
    """An interval cell, "low – high" with ``show`` formatting each end; the one "not available" word of the
    report's language ("n/a", "н/д") when it has no interval, never "n/a – n/a"."""
    if pd.isna(low) or pd.isna(high):
        return words["not_available"]
    return f"{show(low)} – {show(high)}"


#: A column with a phrase (two or more words of letters) longer than this may wrap onto several lines: a
#: source's title, a threshold's meaning, a verdict, "year not stated". Numbers and intervals, whatever their
#: length and units ("89,0 % (80,4 % – 94,1 %)", "−5,1 п. п."), do not.
SHORT_TEXT = 12
_WORD = re.compile(r"[^\W\d_]{2,}")


def _wraps(value) -> bool:
    return isinstance(value, str) and len(value) > SHORT_TEXT and len(_WORD.findall(value)) >= 2


def table_html(frame: pd.DataFrame) -> str:
    """A table that scrolls inside its own box on a narrow screen; every cell escaped, missing cells empty.

    Headers may wrap; so may the columns holding long texts (class ``cx-wrap-<k>`` on the table: the page's
    style lets column ``k``'s cells wrap, left-aligned), so a table of sources fits a laptop's width
    instead of running off to the right. Numbers and intervals stay on one line.
    """
    wrap = [k for k, column in enumerate(frame.columns, start=1)
            if frame[column].map(_wraps).any()]
    classes = " ".join(["cx-table", *(f"cx-wrap-{k}" for k in wrap)])
    return f"<div class='cx-scroll'>{frame.to_html(index=False, escape=True, border=0, na_rep='', classes=classes)}</div>"


def changes_display(headline: pd.DataFrame, words: dict, fmt) -> pd.DataFrame:
    """The changes table: every metric, its value, both changes with interval, adjusted p and verdict.

    The columns of a comparison month without any answers (the first month of the data) are left out: the
    note above the cards says why."""
    missing = missing_comparisons(headline)
    rows = []
    for r in headline.to_dict("records"):
        prev, year = fmt.month(r["previous_month"], short=True), fmt.month(r["year_ago_month"], short=True)
        unit = r["unit"]

        def change(key, n_key):  # "no answers" when the month compared with has none (not a bare n/a)
            return words["no_answers_short"] if r[n_key] == 0 else fmt.change(r[key], unit)

        rows.append({
            words["col_metric"]: words["metric_names"][r["metric"]],
            words["col_value"]: fmt.value(r["value"], unit),
            words["col_interval"]: interval_text(r["low"], r["high"], words, lambda v: fmt.value(v, unit)),
            words["col_n"]: fmt.number(r["n"], 0),
            f"{words['col_change']}: {prev}": change("change", "previous_n"),
            f"{words['col_change_interval']}: {prev}": interval_text(r["change_low"], r["change_high"], words,
                                                                     lambda v: fmt.change(v, unit)),
            f"{words['col_p']}: {prev}": fmt.p(r["change_p_adjusted"]),
            f"{words['col_change']}: {year}": change("yoy_change", "yoy_n"),
            f"{words['col_change_interval']}: {year}": interval_text(r["yoy_low"], r["yoy_high"], words,
                                                                     lambda v: fmt.change(v, unit)),
            f"{words['col_p']}: {year}": fmt.p(r["yoy_p_adjusted"]),
            words["col_light"]: target_text(r, words, fmt),
        })
    table = pd.DataFrame(rows)
    dropped = [f"{words[c]}: {fmt.month(headline.iloc[0][key], short=True)}"
               for kind, key in (("previous", "previous_month"), ("year", "year_ago_month")) if kind in missing
               for c in ("col_change", "col_change_interval", "col_p")]
    return table.drop(columns=dropped)


def group_display(groups: pd.DataFrame, dimension: str, units: dict, words: dict, fmt) -> pd.DataFrame:
    """One row per group of ``dimension``, one column per metric: value, interval, ▲/▼ when significant."""
    part = groups[groups["dimension"] == dimension]
    out = {}
    for metric in dict.fromkeys(part["metric"]):
        rows = part[part["metric"] == metric]
        unit = units[metric]
        cells = {}
        for r in rows.to_dict("records"):
            mark = ""
            if r["significant"]:
                mark = " ▲" if r["difference"] > 0 else " ▼"
            group = words["group_not_given"][dimension] if r["group"] is None or pd.isna(r["group"]) else r["group"]
            cells[group] = (f"{fmt.value(r['value'], unit)} "
                                 f"({interval_text(r['low'], r['high'], words, lambda v: fmt.value(v, unit))}){mark}")
        out[words["metric_names"][metric]] = cells
    table = pd.DataFrame(out)
    table.index.name = words["col_group"]
    return table.reset_index()


def mix_group_labels(mix: pd.DataFrame, words: dict, segment: str = "") -> list[str]:
    """The row names of the NPS mix: "all answers", each group, "no segment given" for answers without one. On a
    one-segment page (``segment``) the answers are that segment's, and their row is named after it."""
    everyone_name = segment or words["mix_all"]
    return [everyone_name if everyone else words["mix_no_group"] if g is None or pd.isna(g) else str(g)
            for g, everyone in zip(mix["group"], mix["all_answers"])]


def mix_display(mix: pd.DataFrame, words: dict, fmt, segment: str = "") -> pd.DataFrame:
    return pd.DataFrame({
        words["col_group"]: mix_group_labels(mix, words, segment),
        words["col_n"]: [fmt.number(n, 0) for n in mix["n"]],
        words["promoters"]: [fmt.percent(v) for v in mix["promoters"]],
        words["passives"]: [fmt.percent(v) for v in mix["passives"]],
        words["detractors"]: [fmt.percent(v) for v in mix["detractors"]],
        "NPS": [fmt.number(v) for v in mix["nps"]],
    })


def figure_html(image_base64: str, alt: str, css_class: str = "cx-figure", media_type: str = "image/png") -> str:
    """An embedded image (base64 PNG, or SVG with ``media_type="image/svg+xml"``) with its alt text (escaped),
    in a figure that scales to its box."""
    if media_type not in ("image/png", "image/svg+xml"):
        raise CxkitValueError(f"media_type must be 'image/png' or 'image/svg+xml'; got {media_type!r}.")
    return (f"<figure class='{escape(css_class)}'><img src='data:{media_type};base64,{image_base64}' "
            f"alt='{escape(alt)}'></figure>")


def chart_html(chart, alt: str, css_class: str = "cx-figure") -> str:
    """An SVG chart (:class:`cxkit.plotting.SvgChart`) embedded as an image with its alt text."""
    return figure_html(chart.base64(), alt, css_class, media_type="image/svg+xml")
