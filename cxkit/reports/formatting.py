"""Turning report tables into what a reader sees: rounded, labelled, in the report's language."""

from __future__ import annotations

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
