"""Turning report tables into what a reader sees: rounded, labelled, in the report's language, escaped."""

from __future__ import annotations

import html
import math

import pandas as pd


def format_p(p: float) -> str:
    if p is None or math.isnan(p):
        return "n/a"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _readout_text(code: str, words: dict) -> str:
    if "|" in code:
        where, label = code.split("|")
        return f"{words[label]}: {words[where]}"
    return words[code]


def kpi_display(kpis: pd.DataFrame, words: dict) -> pd.DataFrame:
    """The monthly KPI table with localised headers and formatted numbers."""
    rows = []
    for r in kpis.itertuples(index=False):
        name = words[r.metric] + (f" ({words['small_sample']})" if r.small_sample else "")
        rows.append({
            words["metric"]: name,
            words["value"]: f"{r.value:.1f}",
            words["interval"]: f"{r.low:.1f} – {r.high:.1f}",
            words["n"]: f"{r.n}",
            words["previous"]: f"{r.previous:.1f}",
            words["change"]: f"{r.change:+.1f}",
            words["change_interval"]: f"{r.change_low:+.1f} – {r.change_high:+.1f}",
            words["p_value"]: format_p(r.p_value),
            words["significant"]: words["yes"] if r.significant else words["no"],
            words["readout"]: _readout_text(r.readout, words),
        })
    return pd.DataFrame(rows)


def alert_lines(alerts: pd.DataFrame, words: dict) -> list[str]:
    """One sentence per significant drop."""
    return [
        words["alert_drop"].format(metric=words[r.metric], change=-r.change, low=r.change_low,
                                   high=r.change_high, p=format_p(r.p_value), previous=r.previous,
                                   value=r.value)
        for r in alerts.itertuples(index=False)
    ]


# Everything below builds HTML for the report page. Text that comes from the
# data or the parameters (a segment, a file path, a date format) and every
# label goes through ``html.escape``: it shows as text, never as markup.

def escape(text) -> str:
    """``text`` safe inside HTML (``<``, ``>``, ``&`` and quotes escaped)."""
    return html.escape(str(text), quote=True)


def percent(level: float) -> str:
    """A confidence level as a percentage without rounding it away: 0.95 -> '95%', 0.999 -> '99.9%'."""
    return f"{level * 100:.10g}%"


def heading_html(text: str, level: int = 2) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def paragraph_html(text: str, css_class: str = "") -> str:
    attribute = f" class='{escape(css_class)}'" if css_class else ""
    return f"<p{attribute}>{escape(text)}</p>"


def header_html(params: dict, words: dict) -> str:
    """The report's title and the line of parameters it was run with."""
    items = [
        (words["data_source"], params["data"] or words["sample_data"]),
        (words["segment"], params["segment"] or words["all_segments"]),
        (words["confidence"], percent(params["confidence_level"])),
    ]
    if params.get("date_format"):
        items.append((words["date_format"], params["date_format"]))
    line = " · ".join(f"<strong>{escape(label)}:</strong> {escape(value)}" for label, value in items)
    return heading_html(f"{words['title']}: {params['month']}", 1) + f"<p class='cxkit-parameters'>{line}</p>"


def alerts_html(lines: list[str], words: dict) -> str:
    """One block per alert line, or the no-alert sentence."""
    if not lines:
        return f"<div class='cxkit-ok'>{escape(words['no_alerts'])}</div>"
    return "".join(f"<div class='cxkit-alert'>{escape(line)}</div>" for line in lines)
