"""Journey flows: the alt text gives the numbers the chart labels (customers at each step's stages), and the note
says that the chart counts customers while the table counts transitions, in both languages."""

from __future__ import annotations

import html
import re

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from cxkit import journey as J  # noqa: E402
from cxkit.datasets import make_journeys  # noqa: E402
from cxkit.plotting import plot_flow  # noqa: E402
from cxkit.reports import journey_display as show  # noqa: E402
from cxkit.reports.journey_labels import journey_labels  # noqa: E402
from cxkit.reports.locale import Formatter  # noqa: E402


@pytest.fixture(scope="module")
def journeys():
    data = make_journeys(600, seed=4)
    stages = list(data.truth["stages"])
    options = dict(stages=stages, duplicates="drop")
    return J.transitions(data.events, by_step=True, **options), J.transitions(data.events, **options)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_flow_alt_text_gives_the_chart_own_labels(journeys, language):
    by_step, _overall = journeys
    words = journey_labels(language)
    fmt = Formatter(language, words)
    fig = Figure(figsize=(4.6, 6))
    ax = fig.subplots()
    plot_flow(by_step, ax=ax, direction="down", number=lambda v: fmt.number(v, 0),
              labels={"start": words["flow_start"], "end": words["flow_end"], "step": words["flow_step"]})
    fig.draw_without_rendering()  # drops the labels too wide for their bar
    on_chart = {t.get_text() for t in ax.texts}
    steps = show.flow_alt_steps(by_step, words, fmt)
    said = [item for part in steps.split("; ") for item in part.split(": ", 1)[1].split(", ")]
    # Every stage the chart labels (bar wide enough for its text) is in the alt text with the same number; the
    # alt text also gives the narrower bars the chart leaves unlabelled, down to 5% of the customers.
    labelled = {t for t in on_chart if not t.startswith(words["flow_start"] + " ")
                and int(re.sub(r"\D", "", t.rsplit(" ", 1)[1])) >= 0.05 * 600}
    assert len(labelled) >= 5 and labelled <= set(said)
    # By hand: customers at step 2 are those whose second transition's end is that stage.
    second = by_step[by_step["step"] == 1].groupby("to_stage")["count"].sum()
    top = second.idxmax()
    name = show.stage_name(top, words)
    first = words["flow_alt_step"].format(step=2, stages=f"{name} {fmt.number(second[top], 0)}")
    assert steps.split("; ")[1].startswith(first)
    alt = html.unescape(re.search(r"alt=['\"]([^'\"]*)", show.flow_figure(by_step, words, fmt)).group(1))
    assert steps in alt and ("widest" not in alt and "самый широкий" not in alt)


def test_the_flows_note_says_what_the_chart_and_the_table_count(journeys):
    by_step, overall = journeys
    # The two counts differ on this sample (customers returning to a stage), which the note explains.
    at_step = by_step.groupby(["from_stage", "to_stage"])["count"].sum()
    assert (overall.set_index(["from_stage", "to_stage"])["count"] >= at_step.reindex(
        overall.set_index(["from_stage", "to_stage"]).index).fillna(0)).all()
    en, ru = journey_labels("en")["flows_note"], journey_labels("ru")["flows_note"]
    assert "The chart counts customers" in en and "The table counts transitions" in en
    assert "На диаграмме считаются клиенты" in ru and "В таблице считаются переходы" in ru
