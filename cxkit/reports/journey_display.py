"""The customer journey page: tables, sentences and charts in the report's language, every text escaped.

Tables are pandas frames of formatted text (numbers by Babel through
:class:`cxkit.reports.locale.Formatter`), turned into HTML by
:func:`cxkit.reports.formatting.table_html` (pandas' escaping). Sentences go
through :func:`cxkit.reports.formatting.paragraph_html`. Charts are drawn by
:mod:`cxkit.plotting` on a figure made here (no pyplot: nothing is shown
twice) with every word and tick label in the report's language, and embedded
as PNG with alt text that states what the chart shows.
"""

from __future__ import annotations

import math

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..plotting import (plot_driver_shares, plot_emotion_curve, plot_flow, plot_funnel, plot_importance_performance,
                        plot_scorecard, png_base64)
from ..plotting.readable import FIGURE_WIDTH, STYLE, wrap_label
from .formatting import escape, figure_html, parameters_line, report_title

# Every chart is FIGURE_WIDTH (4.6 in, 690 px at 150 dpi) wide with no text under 10 pt, as the monthly
# charts: its smallest text shows at 11 CSS px on a 390 px phone (cxkit.plotting.readable).
WIDTH = FIGURE_WIDTH


def interval(low, high, words, fmt, kind="percent", digits=1) -> str:
    """'from 71.8 % to 77.3 %'; the report's one "not available" word when there is no interval."""
    if pd.isna(low) or pd.isna(high):
        return fmt.words["not_available"]
    show = (lambda v: fmt.percent(v, digits)) if kind == "percent" else (lambda v: fmt.number(v, digits))
    return words["interval"].format(low=show(low), high=show(high))


def days(value, words, fmt) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.words["not_available"]
    if math.isinf(value):
        return words["not_reached"]
    return words["days"].format(value=fmt.number(value, 1))


def times_note(table: pd.DataFrame, words: dict, fmt) -> str:
    """The time table's note; it names the customers whose events of two stages are out of time order, if any."""
    out_of_order = int(table["n_out_of_order"].sum())
    return words["times_note"] + (fmt.count(out_of_order, words["times_out_of_order"]) if out_of_order else "")


def days_interval(low, high, words, fmt) -> str:
    """'2.4 days to 2.8 days'; '19.3 days or more' when the upper end is not reached (infinite)."""
    if math.isinf(low):
        return words["not_reached"]
    if math.isinf(high):
        return words["at_least"].format(low=days(low, words, fmt))
    return words["interval"].format(low=days(low, words, fmt), high=days(high, words, fmt))


def p_text(value, fmt) -> str:
    """'= 0.038' or '< 0.001' (after 'adjusted p')."""
    text = fmt.p(value)
    return text if text.startswith("<") else "= " + text


def header_html(params: dict, j, words: dict, fmt) -> str:
    """Title, which month's journeys (and why that month), how long they were followed, the stage order."""
    items = [(words["data_source"], params["events"] or words["sample_data"]),
             (words["customers_source"], params["customers"] or (words["sample_data"] if not params["events"]
                                                                 else words["no_customers"])),
             (words["segment"], params["segment"] or words["all_segments"]),
             (words["confidence"], fmt.level(params["confidence_level"]))]
    if params["date_format"]:
        items.append((words["date_format"], params["date_format"]))
    line = parameters_line(items)
    month = fmt.month(j.month)
    which = words["month_given" if j.month_given else "month_latest"].format(
        month=month, month_in=fmt.month_in(j.month, "prepositional"), customers=fmt.count(j.n_customers,
                                                                                         words["customers"]))
    from babel.dates import format_date

    followed = words["followed"].format(end=format_date(j.end.date(), "long", locale=fmt.locale))
    stages = words[f"stages_{j.stages_source}"].format(stages=" → ".join(map(str, j.stages)))
    return (f"<header class='cx-header'><h1>{escape(report_title(words['title'], month, params['segment']))}</h1>"
            f"<p class='cx-month'>{escape(which)}</p><p class='cx-note'>{escape(followed)} {escape(stages)}</p>"
            f"<p class='cx-parameters'>{line}</p></header>")


# --- sentences ------------------------------------------------------------------------------------

def pain_lines(pain: pd.DataFrame, words: dict, fmt) -> list[tuple[str, str]]:
    """(kind, sentence) for every pain point."""
    lines = []
    for r in pain.to_dict("records"):
        if r["kind"] in ("touchpoint", "channel"):
            text = words[f"pain_{r['kind']}"].format(
                touchpoint=r["name"], mean=fmt.number(r["value"], 2), low=fmt.number(r["low"], 2),
                high=fmt.number(r["high"], 2), ratings=fmt.count(r["n"], words["ratings"]),
                difference=fmt.number(-r["difference"], 2), rest=fmt.number(r["reference"], 2),
                p=p_text(r["p_adjusted"], fmt))
        elif r["kind"] == "drop":
            text = words["pain_drop"].format(drop=fmt.percent(r["value"]), previous=r["previous"], stage=r["name"],
                                             low=fmt.percent(r["low"]), high=fmt.percent(r["high"]),
                                             lost=fmt.count(int(r["reference"]), words["customers"]))
            text += words["pain_drop_clear"] if r["clear"] else words["pain_drop_unclear"].format(other=r["other"])
        else:
            text = words["pain_priority"].format(touchpoint=r["name"], share=fmt.percent(r["value"]),
                                                 low=fmt.percent(r["low"]), high=fmt.percent(r["high"]),
                                                 performance=fmt.number(r["difference"], 2),
                                                 line=fmt.number(r["reference"], 2))
        lines.append((r["kind"], text))
    return lines


def pain_html(lines, words: dict) -> str:
    if not lines:
        return f"<div class='cx-ok'>{escape(words['no_pain'])}</div>"
    return "".join(f"<div class='cx-alert cx-alert-{escape(kind)}'>{escape(text)}</div>" for kind, text in lines)


def segment_lines(differences: pd.DataFrame, words: dict, fmt) -> list[str]:
    """One sentence per significant difference of conversion between two segments."""
    lines = []
    for r in differences[differences["significant"]].to_dict("records"):
        lines.append(words["segment_difference"].format(
            stage=r["stage"], a=r["group_a"], b=r["group_b"], difference=fmt.change(abs(r["difference"]), "percent")
            .lstrip("+"), direction=words["more" if r["difference"] > 0 else "less"],
            value_a=fmt.percent(r["value_a"]), value_b=fmt.percent(r["value_b"]),
            low=fmt.change(r["low"], "percent"), high=fmt.change(r["high"], "percent"), p=p_text(r["p_adjusted"], fmt)))
    return lines or [words["no_segment_difference"]]


# --- tables ---------------------------------------------------------------------------------------

def funnel_display(table: pd.DataFrame, words: dict, fmt) -> pd.DataFrame:
    return pd.DataFrame({
        words["col_stage"]: table["stage"].astype(str),
        words["col_reached"]: [fmt.number(v, 0) for v in table["reached"]],
        words["col_conversion"]: [fmt.percent(v) for v in table["conversion"]],
        words["col_conversion_interval"]: [interval(a, b, words, fmt) for a, b in zip(table["low"], table["high"])],
        words["col_from_start"]: [fmt.percent(v) for v in table["from_start"]],
        words["col_drop"]: [fmt.percent(v) for v in table["drop_off"]],
        words["col_drop_interval"]: [interval(a, b, words, fmt) for a, b in
                                     zip(table["drop_off_low"], table["drop_off_high"])],
    })


def times_display(table: pd.DataFrame, words: dict, fmt) -> pd.DataFrame:
    """The time table of :func:`cxkit.reports.journey_sections.times_table`: customers at each stage, how many moved
    on and how many had not by the end of the data, and the median time of those who moved on."""
    at_stage = table["n_reached"] + table["n_not_moved"] + table["n_out_of_order"]
    from babel.dates import format_date

    end = format_date(pd.Timestamp(table.attrs["end"]).date(), "long", locale=fmt.locale)
    return pd.DataFrame({
        words["col_from"]: table["from_stage"].astype(str), words["col_to"]: table["to_stage"].astype(str),
        words["col_customers"]: [fmt.number(v, 0) for v in at_stage],
        words["col_moved"]: [fmt.number(v, 0) for v in table["n_reached"]],
        words["col_waiting"].format(end=end): [fmt.number(v, 0) for v in table["n_not_moved"]],
        words["col_median"]: [days(v, words, fmt) if moved else words["not_reached"]
                              for v, moved in zip(table["median"], table["n_reached"])],
        words["col_interval"]: [words["too_few_interval"] if moved and math.isinf(b) else
                                days_interval(a, b, words, fmt) if moved else ""
                                for a, b, moved in zip(table["low"], table["high"], table["n_reached"])],
    })


def scorecard_display(card: pd.DataFrame, by: str, words: dict, fmt) -> pd.DataFrame:
    return pd.DataFrame({
        words[f"col_{by}"]: card[by].astype(str),
        words["col_ratings"]: [fmt.number(v, 0) for v in card["n"]],
        words["col_mean"]: [fmt.number(v, 2) for v in card["mean"]],
        words["col_interval"]: [interval(a, b, words, fmt, "scale", 2) for a, b in zip(card["low"], card["high"])],
        words["col_top2"]: [fmt.percent(v) for v in card["top2"]],
        words["col_difference"]: [fmt.signed(v, 2) for v in card["difference"]],
        words["col_p"]: [fmt.p(v) for v in card["p_adjusted"]],
        words["col_pain"]: [words["yes"] if v else words["no"] for v in card["pain_point"]],
    })


def drivers_display(drivers, words: dict, fmt) -> pd.DataFrame:
    ipa = drivers.ipa.set_index("touchpoint")
    table = drivers.table
    return pd.DataFrame({
        words["col_driver"]: table["touchpoint"].astype(str),
        words["col_share"]: [fmt.percent(v) for v in table["share"]],
        words["col_interval"]: [interval(a, b, words, fmt) for a, b in zip(table["low"], table["high"])],
        words["col_rank"]: [fmt.number(v, 0) for v in table["rank"]],
        words["col_rank_interval"]: [f"{fmt.number(a, 0)}–{fmt.number(b, 0)}" for a, b in
                                     zip(table["rank_low"], table["rank_high"])],
        words["col_performance"]: [fmt.number(ipa.loc[t, "performance"], 2) for t in table["touchpoint"]],
        words["col_raters"]: [fmt.number(ipa.loc[t, "n"], 0) for t in table["touchpoint"]],
        words["col_quadrant"]: [quadrant_text(ipa.loc[t], words) for t in table["touchpoint"]],
    })


def quadrant_text(row, words: dict) -> str:
    """The driver's quadrant; marked as not certain when one of its intervals crosses a quadrant line."""
    name = words["quadrants"][row["quadrant"]]
    return name if bool(row.get("quadrant_certain", True)) else words["quadrant_uncertain"].format(quadrant=name)


def stage_name(stage, words: dict) -> str:
    """A stage as the reader sees it: the flows' pseudo-stages (start), (end) in the page's language."""
    from ..journey.flows import END, START

    return words["flow_start"] if stage == START else words["flow_end"] if stage == END else str(stage)


def transitions_display(table: pd.DataFrame, words: dict, fmt) -> pd.DataFrame:
    return pd.DataFrame({
        words["col_from"]: [stage_name(s, words) for s in table["from_stage"]],
        words["col_to"]: [stage_name(s, words) for s in table["to_stage"]],
        words["col_count"]: [fmt.number(v, 0) for v in table["count"]],
        words["col_share_of"]: [fmt.percent(v) for v in table["share"]],
        words["col_interval"]: [interval(a, b, words, fmt) for a, b in zip(table["low"], table["high"])],
    })


def paths_display(table: pd.DataFrame, words: dict, fmt) -> pd.DataFrame:
    return pd.DataFrame({
        words["col_path"]: [" → ".join(stage_name(s, words) for s in str(path).split(" > ")) for path in table["path"]],
        words["col_customers"]: [fmt.number(v, 0) for v in table["customers"]],
        words["col_share_of"]: [fmt.percent(v) for v in table["share"]],
        words["col_interval"]: [interval(a, b, words, fmt) for a, b in zip(table["low"], table["high"])],
    })


# --- charts ---------------------------------------------------------------------------------------

def _figure(height: float, width: float = WIDTH):
    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _ticks(axis, fmt, digits):
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.number(v, digits)))


def _png(fig, alt: str, css: str = "cx-figure") -> str:
    return figure_html(png_base64(fig), alt, css)


def funnel_figure(table: pd.DataFrame, words: dict, fmt, level: float, month: str) -> str:
    with mpl.rc_context(STYLE):
        fig, ax = _figure(0.8 * len(table) + 0.9)
        plot_funnel(table, ax=ax, orientation="horizontal", number=lambda value: fmt.number(value, 0), labels={
            "ylabel": words["funnel_ylabel"], "reached": "n = {reached}",
            "conversion": words["funnel_conversion"].format(value="{conversion:.0f}" + _percent_sign(fmt)),
            "drop_off": words["funnel_drop"].format(value="{drop_off:.0f}" + _percent_sign(fmt))})
    items = ", ".join(words["funnel_alt_item"].format(stage=s, value=fmt.percent(v))
                      for s, v in zip(table["stage"], table["from_start"]))
    return _png(fig, words["funnel_alt"].format(month=month, level=fmt.level(level), stages=items))


def _percent_sign(fmt) -> str:
    return "\u00a0%" if fmt.language == "ru" else "%"


def scorecard_figure(card: pd.DataFrame, by: str, words: dict, fmt, level: float) -> str:
    overall = card.attrs["overall_mean"]
    with mpl.rc_context(STYLE):
        fig, ax = _figure(0.34 * len(card) + 2.3)
        plot_scorecard(card, by=by, ax=ax, labels={
            "xlabel": words["scorecard_xlabel"], "pain_point": words["pain_point"], "other": words["touchpoint"],
            "overall": words["scorecard_overall"].format(value=fmt.number(overall, 2)).replace("{", "{{")
            .replace("}", "}}")})
        _ticks(ax.xaxis, fmt, 1)
    pain = ", ".join(map(str, card.loc[card["pain_point"], by])) or words["none"]
    return _png(fig, words["scorecard_alt"].format(level=fmt.level(level), pain=pain,
                                                   overall=fmt.number(overall, 2)))


def drivers_figures(drivers, words: dict, fmt, level: float) -> str:
    names = {"share": wrap_label(words["share_axis"], 40), "importance": wrap_label(words["importance_axis"], 30),
             "performance": wrap_label(words["performance_axis"], 40), "shares_title": words["drivers_chart_title"],
             "map_title": words["ipa_chart_title"], "uncertain": words["ipa_uncertain_key"], **words["quadrants"]}
    shares = drivers.table.assign(driver=drivers.table["touchpoint"])
    ipa = drivers.ipa.assign(driver=drivers.ipa["touchpoint"])
    with mpl.rc_context(STYLE):
        fig, ax = _figure(0.4 * len(shares) + 1.6)
        plot_driver_shares(shares, labels=names, ax=ax)
        _ticks(ax.xaxis, fmt, 0)
        fig2, ax2 = _figure(4.4)
        plot_importance_performance(ipa, labels=names, ax=ax2)
        _ticks(ax2.xaxis, fmt, 1)
        _ticks(ax2.yaxis, fmt, 0)
    top = ", ".join(f"{t} {fmt.percent(v)}" for t, v in zip(shares["touchpoint"][:3], shares["share"][:3]))
    priority = ", ".join(map(str, ipa.loc[ipa["quadrant"] == "priority", "touchpoint"])) or words["none"]
    return (_png(fig, words["drivers_alt"].format(level=fmt.level(level), top=top))
            + _png(fig2, words["ipa_alt"].format(priority=priority)))


def emotion_figure(curve: pd.DataFrame, words: dict, fmt, level: float) -> str:
    with mpl.rc_context(STYLE):
        fig, ax = _figure(3.6)
        plot_emotion_curve(curve, ax=ax, labels={"ylabel": words["emotion_ylabel"], "line": words["emotion_line"],
                                                 "band": words["emotion_band"].format(level=fmt.level(level))})
        _ticks(ax.yaxis, fmt, 1)
    items = ", ".join(f"{s} {fmt.number(v, 2)}" for s, v in zip(curve["stage"], curve["mean"]))
    return _png(fig, words["emotion_alt"].format(level=fmt.level(level), stages=items))


def flow_figure(by_step: pd.DataFrame, words: dict, fmt) -> str:
    with mpl.rc_context(STYLE):
        fig, ax = _figure(0.62 * (by_step["step"].nunique() + 1) + 1.2)
        plot_flow(by_step, ax=ax, direction="down", number=lambda value: fmt.number(value, 0),
                  labels={"start": words["flow_start"], "end": words["flow_end"], "step": words["flow_step"]})
    return _png(fig, words["flow_alt"].format(steps=flow_alt_steps(by_step, words, fmt)))


def flow_alt_steps(by_step: pd.DataFrame, words: dict, fmt, *, least_share: float = 0.05) -> str:
    """The numbers the flow chart labels, as text: the customers at each step's stages (every stage holding at
    least ``least_share`` of the customers, largest first), "step 2: interest 745, exit 254; ..."."""
    at = by_step.assign(at=by_step["step"] + 1).groupby(["at", "to_stage"], sort=False)["count"].sum()
    customers = by_step.loc[by_step["step"] == by_step["step"].min(), "count"].sum()
    parts = []
    for step, counts in at.groupby(level="at", sort=True):
        main = counts[counts >= least_share * customers].sort_values(ascending=False, kind="stable")
        if len(main):
            stages = ", ".join(f"{stage_name(stage, words)} {fmt.number(n, 0)}" for (_s, stage), n in main.items())
            parts.append(words["flow_alt_step"].format(step=int(step), stages=stages))
    return "; ".join(parts)
