"""The customer journey report executed through papermill: numbers on the page equal metrics.json and
cxkit.journey computed directly, the planted truths of the sample show as pain points, data is escaped,
sections without their columns say so, and ``cxkit report journey`` renders it.

The pages of every registered report (this one included) are also checked by test_report_pages.py (no
code, nothing from the network, figures with alt text, <html lang>) and test_report_browser.py (desktop
and 390 px, no horizontal overflow), through the ``rendered_reports`` fixture of conftest.py.
"""

from __future__ import annotations

import html as html_module
import subprocess
import sys
import warnings

import pytest

import cxkit as cx
from cxkit import command_line
from cxkit.datasets.display_names import JOURNEY_DISPLAY_NAMES
from cxkit.reports import api, journey_page, journey_sections
from cxkit.reports.journey_labels import journey_labels
from cxkit.reports.locale import Formatter
from cxkit.reports.outputs import read_outputs
from cxkit.reports.runner import TEMPLATES_DIR


def _page(rendered_reports, language):
    (result,) = [r for n, lang, r in rendered_reports if n == "journey" and lang == language]
    return result, html_module.unescape(result.html.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def direct():
    """The sample's October 2026 cohort and what cxkit.journey gives on it, computed without the report's code."""
    data = journey_page.sample_journeys()
    events, stages = data.events, list(data.truth["stages"])
    first = events.groupby("customer_id")["timestamp"].min().dt.strftime("%Y-%m")
    cohort = events[events["customer_id"].isin(first[first == "2026-10"].index)]
    customers = data.customers[data.customers["customer_id"].isin(set(cohort["customer_id"]))]
    kept = ["rating_website", "rating_ads", "rating_social", "rating_website_checkout", "rating_courier",
            "rating_chat_bot"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.errors.CollinearityWarning)
        drivers = cx.journey.key_drivers(customers, outcome="nps", drivers=kept, missing="pairwise",
                                         n_resamples=journey_sections.N_RESAMPLES, rng=journey_sections.SEED)
    return {"n": cohort["customer_id"].nunique(),
            "funnel": cx.journey.funnel(cohort, stages=stages, touchpoint="touchpoint"),
            "scorecard": cx.journey.touchpoint_scorecard(cohort, rating="csat", by="touchpoint"),
            "drivers": drivers.sort_values("rank").reset_index(drop=True), "truth": data.truth}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_numbers_on_the_page_equal_metrics_json_and_cxkit_journey(rendered_reports, direct, language):
    result, page = _page(rendered_reports, language)
    words = journey_labels(language)
    fmt = Formatter(language, words)
    outputs = read_outputs(result.folder)
    metrics = outputs["by_key"]
    assert outputs["report"] == "journey" and outputs["parameters"]["month"] == "2026-10"
    assert metrics["customers"]["value"] == direct["n"]
    assert fmt.count(direct["n"], words["customers"]) in page
    for row in direct["funnel"].to_dict("records"):
        metric = metrics[f"funnel.step{row['step']}.conversion"]
        assert metric["label"] == row["stage"] and metric["n"] == row["previous"]
        assert (metric["value"], metric["low"], metric["high"]) == pytest.approx(
            (row["conversion"], row["low"], row["high"]), abs=1e-12)
        stage = JOURNEY_DISPLAY_NAMES.get(language, {}).get("stage", {}).get(row["stage"], row["stage"])  # ru: the
        # sample's Russian names on the page; metrics.json keeps the data's values (test_category_names.py)
        shown = (f"{stage} {fmt.number(row['reached'], 0)} {fmt.percent(row['conversion'])} "
                 + words["interval"].format(low=fmt.percent(row["low"]), high=fmt.percent(row["high"])))
        assert shown in _text(page), shown
    for rank, row in enumerate(direct["drivers"].head(3).to_dict("records"), start=1):
        metric = metrics[f"drivers.top{rank}.share"]
        assert metric["label"] == row["driver"].removeprefix("rating_")
        assert (metric["value"], metric["low"], metric["high"]) == pytest.approx(
            (row["share"], row["low"], row["high"]), abs=1e-9)
        assert fmt.percent(row["share"]) in page
    pains = [m for key, m in metrics.items() if key.startswith("pain.")]
    scorecard = direct["scorecard"].set_index("touchpoint")
    for metric in pains:
        if metric["extra"]["kind"] == "touchpoint":
            assert metric["value"] == pytest.approx(scorecard.loc[metric["label"], "mean"], abs=1e-12)
            assert scorecard.loc[metric["label"], "pain_point"]
        assert metric["extra"]["sentence"] in page
    if language == "ru":
        assert "46,8\u00a0%" in page and "октябрь 2026" in page and "клиентов" in page
    else:
        assert "46.8%" in page and "October 2026" in page


def _text(page: str) -> str:
    """The page's visible text, tags replaced by single spaces."""
    import re

    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", page))  # keeps no-break spaces


def test_the_planted_truths_of_the_sample_show_as_pain_points_and_moments_of_truth(rendered_reports, direct):
    result, page = _page(rendered_reports, "en")
    metrics = read_outputs(result.folder)["by_key"]
    pains = [m for key, m in metrics.items() if key.startswith("pain.")]
    touchpoints = {m["label"] for m in pains if m["extra"]["kind"] == "touchpoint"}
    assert touchpoints == set(direct["truth"]["pain_points"])          # call_centre, support_call
    (drop,) = [m for m in pains if m["extra"]["kind"] == "drop"]
    assert drop["label"] == direct["truth"]["drop_off_stage"] and drop["extra"]["clear"]   # purchase
    top = {metrics[f"drivers.top{k}.share"]["label"] for k in (1, 2, 3)}
    assert top == set(direct["truth"]["moments_of_truth"])             # website, website_checkout, courier
    words = journey_labels("en")
    assert words["stages_sample"].split(":")[0] in page and "the latest month in which journeys start" in page
    for table in ("funnel", "stage_times", "scorecard_touchpoints", "key_drivers", "emotion_curve", "paths",
                  "pain_points"):
        assert (result.folder / f"{table}.csv").is_file(), table


def test_data_is_escaped_missing_sections_say_so_and_the_cli_renders_it(tmp_path, capsys):
    data = cx.datasets.make_journeys(900, seed=5, start="2026-03-01", months=6)
    events = data.events.drop(columns="channel")
    events["touchpoint"] = events["touchpoint"].replace({"call_centre": "<script>alert(1)</script>"})
    events["segment"] = events["segment"].replace({"new": "<b>new</b>"})
    path = tmp_path / "events.csv"
    events.to_csv(path, index=False)
    code = command_line.main(["report", "journey", "--events", str(path), "--segment", "<b>new</b>",
                              "--output-dir", str(tmp_path / "out"), "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    page_path = captured.out.strip()
    assert page_path.endswith(".html")
    raw = open(page_path, encoding="utf-8").read()
    assert "<script" not in raw and "<b>new" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw and "&lt;b&gt;new&lt;/b&gt;" in raw
    words = journey_labels("en")
    text = html_module.unescape(raw)
    assert words["drivers_need"] in text          # no customers table: one line, no failure
    assert words["no_channel"] in text            # no channel column
    assert words["stages_inferred"].split(":")[0] in text
    outputs = read_outputs(page_path.rsplit("/", 1)[0])
    assert not any(key.startswith("drivers.") for key in outputs["by_key"])
    assert outputs["parameters"]["segment"] == "<b>new</b>"


def test_without_ratings_the_scorecard_and_emotion_curve_say_so(tmp_path):
    data = cx.datasets.make_journeys(300, seed=2, start="2026-03-01", months=6)
    path = tmp_path / "events.parquet"
    data.events.drop(columns=["csat", "ces"]).to_parquet(path)
    journeys = journey_page.load_journeys(str(path), month="2026-04")
    assert not journeys.has("csat")
    assert journey_sections.scorecard(journeys, 0.95, "touchpoint") is None
    assert journey_sections.emotion(journeys, 0.95) is None
    drivers = journey_sections.moments_of_truth(journeys, 0.95)
    assert drivers.status == "need"


def test_cli_refuses_bad_input_with_exit_2_before_any_notebook(tmp_path, capsys):
    code = command_line.main(["report", "journey", "--stages", "awareness,interest", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("cxkit: error: the bundled sample journey log has stage(s) not in stages")
    assert not any(tmp_path.iterdir())


def test_report_all_includes_the_journey_report_with_its_own_parameters():
    runs = api.plan_runs("all", {"language": "ru", "events": "", "data": ""})
    assert ("journey", {"language": "ru", "events": ""}) in runs
    assert ("monthly", {"language": "ru", "data": ""}) in runs


def test_papermill_help_describes_every_parameter():
    run = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook",
                          str(TEMPLATES_DIR / "journey_report.ipynb")], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    for name in journey_page.JOURNEY_PARAMETERS:
        assert f"{name}: " in run.stdout, name
    for line in ('events: str (default "")', 'stages: str (default "")', "confidence_level: float (default 0.95)",
                 "empty for the latest month in which journeys start"):
        assert line in run.stdout, line
