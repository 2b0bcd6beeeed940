"""Display names of the data's category values (cxkit/reports/category_names.py, category_display.py).

The names file and its errors, renaming answers (pandas and DuckDB alike) and
journeys, the data's values written back in the machine-readable outputs, the
bundled samples' Russian names, and rendered pages: no English category value
left on the Russian pages of the bundled data; a names file changes a page on
the user's own data but not metrics.json; a bad names file stops the command
line with exit code 2 before any notebook starts.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

import cxkit as cx
from cxkit import command_line
from cxkit.datasets import journeys as journey_data, survey
from cxkit.datasets.display_names import JOURNEY_DISPLAY_NAMES, SURVEY_DISPLAY_NAMES
from cxkit.errors import CxkitTypeError, CxkitValueError, DataFileError, DataFileNotFoundError
from cxkit.reports import runner
from cxkit.reports.category_display import DataValueOutputs, DisplayNames
from cxkit.reports.category_names import CATEGORY_COLUMNS, display_names, read_names, take_names_parameter
from cxkit.reports.outputs import ReportOutputs, read_outputs

SURVEY_VALUES = {"segment": set(survey.SEGMENT_WEIGHTS), "channel": set(survey.CHANNEL_WEIGHTS),
                 "region": set(survey.REGIONS)}
JOURNEY_VALUES = {"segment": set(journey_data.SEGMENTS), "stage": set(journey_data.STAGES),
                  "touchpoint": set(journey_data.TOUCHPOINTS), "channel": set(journey_data.TOUCHPOINT_CHANNEL.values())}


def _write(tmp_path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    (path.write_bytes if isinstance(text, bytes) else lambda t: path.write_text(t, encoding="utf-8"))(text)
    return str(path)


# --- the names file -------------------------------------------------------------------------------

def test_csv_and_json_files_give_the_same_names(tmp_path):
    csv_file = _write(tmp_path, "names.csv", "column,value,en,ru\n"
                                             "segment,small business,Small business,малый бизнес\n"
                                             "channel,web,,сайт\n"
                                             "region,3,Region three,\n")
    json_file = _write(tmp_path, "names.json", json.dumps(
        {"segment": {"small business": {"en": "Small business", "ru": "малый бизнес"}},
         "channel": {"web": {"ru": "сайт"}}, "region": {"3": {"en": "Region three"}}}, ensure_ascii=False))
    expected = {"en": {"segment": {"small business": "Small business"}, "region": {"3": "Region three"}},
                "ru": {"segment": {"small business": "малый бизнес"}, "channel": {"web": "сайт"}}}
    assert read_names(csv_file) == expected
    assert read_names(json_file) == expected
    # One language only, in either order; a byte-order mark is fine.
    only_ru = _write(tmp_path, "ru.csv", "\ufeffcolumn,value,ru\nstage,purchase,покупка\n")
    assert read_names(only_ru) == {"ru": {"stage": {"purchase": "покупка"}}}


BAD_FILES = [
    ("names.txt", "column,value,ru\n", r"must end in \.csv or \.json; got '\.txt'"),
    ("names.csv", b"column,value,ru\nsegment,a,\xff\n", r"is not UTF-8 text"),
    ("names.csv", "", r"it is empty; give a CSV file with the header 'column,value,en,ru'"),
    ("names.csv", "column,value\nsegment,a\n", r"header must be 'column,value' and then one or more of the languages "
                                               r"en, ru, each once .*got 'column,value'"),
    ("names.csv", "column,value,de\nsegment,a,b\n", r"got 'column,value,de'"),
    ("names.csv", "column,value,ru,ru\nsegment,a,b,c\n", r"each once"),
    ("names.csv", "column,value,ru\n", r"has a header but no names"),
    ("names.csv", "column,value,ru\nsegmnet,a,б\n",
     r"line 2: column \('segmnet'\) must be one of 'segment', 'channel', 'region', 'stage', 'touchpoint'"),
    ("names.csv", "column,value,ru\nsegment,a\n", r"line 2: expected 3 cells \(column,value,ru\); got 2"),
    ("names.csv", "column,value,en,ru\nsegment,a,,\n", r"line 2: segment 'a' has an empty name in every language "
                                                       r"\(en, ru\)"),
    ("names.csv", "column,value,ru\nsegment,,б\n", r"line 2: the value is empty"),
    ("names.csv", "column,value,ru\nsegment,a, б\n", r"line 2: the ru name \(' б'\) has spaces around it"),
    ("names.csv", "column,value,ru\nsegment, a,б\n", r"line 2: the value \(' a'\) has spaces around it"),
    ("names.csv", "column,value,ru\nsegment,a,б\nchannel,x,в\nsegment,a,г\n",
     r"segment 'a' is named twice in ru \(line 2 and line 4\)"),
    ("names.csv", "column,value,ru\nsegment,a,одно\nsegment,b,одно\n",
     r"the ru name 'одно' is given to segment 'a' and to segment 'b'; each display name must stand for one data value"),
    ("names.csv", "column,value,ru\ntouchpoint,website,сайт\nchannel,web,сайт\n",
     r"the ru name 'сайт' is given to touchpoint 'website' and to channel 'web'"),
    ("names.csv", "column,value,en\nstage,a,A > B\n", r"the en name of stage 'a' \('A > B'\) contains ' > '"),
    ("names.json", "{\"segment\": ", r"is not valid JSON"),
    ("names.json", "[]", r"must hold one JSON object of column -> value -> language -> name"),
    ("names.json", "{\"segment\": {\"a\": \"б\"}}", r"segment 'a' must map languages \(en, ru\) to names"),
    ("names.json", "{\"segment\": []}", r"column 'segment' must map data values to their names by language"),
    ("names.json", "{\"segment\": {\"a\": {\"de\": \"b\"}}}", r"segment 'a': language \('de'\) must be one of en, ru"),
    ("names.json", "{\"segment\": {\"a\": {\"ru\": \"\"}}}", r"segment 'a': the ru name is empty"),
    ("names.json", "{\"segment\": {\"a\": {\"ru\": 3}}}", r"the ru name \(3\) must be text; got int"),
    ("names.json", "{\"segment\": {\"a\": {\"ru\": \"б\\nв\"}}}", r"holds a line break or other control character"),
    ("names.json", "{\"area\": {\"a\": {\"ru\": \"б\"}}}", r"column \('area'\) must be one of"),
]


@pytest.mark.parametrize(("file_name", "text", "message"), BAD_FILES)
def test_every_bad_names_file_is_refused_with_what_is_wrong(tmp_path, file_name, text, message):
    path = _write(tmp_path, file_name, text)
    with pytest.raises(DataFileError, match=message) as caught:
        read_names(path)
    assert caught.value.path == path and str(caught.value).startswith(f"names file {path!r}")


def test_a_missing_names_file_says_what_to_give(tmp_path):
    with pytest.raises(DataFileNotFoundError, match=r"names file '.*nowhere\.csv' does not exist or is not a file; "
                                                    r"give a CSV file with the header 'column,value,en,ru'"):
        read_names(tmp_path / "nowhere.csv")


def test_the_parameter_is_taken_out_checked_and_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "names.csv", "column,value,ru\nsegment,a,б\n")
    assert take_names_parameter({"month": "", "category_names": ""}) == ({"month": ""}, "")
    assert take_names_parameter({"month": ""}) == ({"month": ""}, "")
    assert take_names_parameter({"category_names": "names.csv"}) == ({}, str(tmp_path / "names.csv"))
    with pytest.raises(CxkitTypeError, match=r"category_names must be text; got 3"):
        take_names_parameter({"category_names": 3})
    with pytest.raises(CxkitValueError, match=r"category_names \('names.csv\\n'\) ends in a line break"):
        take_names_parameter({"category_names": "names.csv\n"})
    with pytest.raises(DataFileNotFoundError):
        take_names_parameter({"category_names": "other.csv"})


def test_a_names_file_comes_before_the_bundled_names_and_a_language_without_names_renames_nothing(tmp_path):
    path = _write(tmp_path, "names.csv", "column,value,ru\nsegment,consumer,физлица\n")
    assert display_names(path, "ru", bundled=SURVEY_DISPLAY_NAMES).names == {"segment": {"consumer": "физлица"}}
    assert display_names("", "ru", bundled=SURVEY_DISPLAY_NAMES).names == SURVEY_DISPLAY_NAMES["ru"]
    assert not display_names("", "en", bundled=SURVEY_DISPLAY_NAMES)
    assert not display_names(path, "en")
    assert not display_names("", "ru")
    with pytest.raises(CxkitValueError, match=r"language \('de'\) must be one of"):
        display_names("", "de")


# --- renaming the data ----------------------------------------------------------------------------

NAMES = DisplayNames({"segment": {"small business": "малый бизнес", "consumer": "частные"},
                      "channel": {"web": "сайт"}, "region": {"3": "третий"}}, "ru", "names file 'n.csv'")


def _answers() -> pd.DataFrame:
    return pd.DataFrame({"segment": ["consumer", "small business", None, "enterprise", "consumer"],
                         "channel": ["web", "app", "web", np.nan, "phone"],
                         "region": [1, 2, 3, 3, 1], "nps_score": [9, 7, 3, 10, 8]})


def test_renaming_answers_changes_only_the_named_values_and_keeps_missing_ones():
    answers = _answers()
    renamed = NAMES.rename_frame(answers)
    segments = renamed["segment"].tolist()
    assert segments[:2] + segments[3:] == ["частные", "малый бизнес", "enterprise", "частные"] and pd.isna(segments[2])
    assert renamed["segment"].dtype == answers["segment"].dtype
    assert renamed["channel"].tolist()[:2] == ["сайт", "app"] and pd.isna(renamed["channel"][3])
    assert renamed["region"].tolist() == ["1", "2", "третий", "третий", "1"]  # numbers matched as their text
    assert renamed["nps_score"].tolist() == answers["nps_score"].tolist()
    assert answers["segment"][1] == "small business"  # the caller's frame is not changed
    unnamed = answers[["nps_score"]]
    assert NAMES.rename_frame(unnamed) is unnamed and DisplayNames({}, "ru").rename_frame(answers) is answers


def test_a_duckdb_relation_is_renamed_in_sql_like_a_pandas_frame():
    answers = _answers().assign(region=lambda f: f["region"].astype(str))
    relation = duckdb.connect().from_df(answers)
    renamed = NAMES.rename_frame(relation)
    assert not isinstance(renamed, pd.DataFrame)
    expected = NAMES.rename_frame(answers)
    got = renamed.df()
    for column in ("segment", "channel", "region"):
        assert got[column].astype(object).where(got[column].notna(), None).tolist() == \
            expected[column].astype(object).where(expected[column].notna(), None).tolist()


@pytest.mark.parametrize("lazy", [False, True])
def test_a_display_name_the_data_shows_for_another_value_is_refused(lazy):
    answers = pd.DataFrame({"segment": ["small business", "малый бизнес"], "channel": ["web", "app"]})
    frame = duckdb.connect().from_df(answers) if lazy else answers
    with pytest.raises(CxkitValueError, match=r"names file 'n.csv': the ru display name 'малый бизнес' of segment "
                                              r"'small business' is also a segment of the data, shown as it is"):
        NAMES.rename_frame(frame)
    other_column = pd.DataFrame({"segment": ["consumer"], "channel": ["частные"]})
    with pytest.raises(CxkitValueError, match=r"'частные' of segment 'consumer' is also a channel of the data"):
        NAMES.rename_frame(other_column)
    # The same value in another column may keep its own text: it stands for itself.
    names = DisplayNames({"touchpoint": {"app": "app"}, "channel": {"web": "сайт"}}, "ru")
    assert names.rename_frame(pd.DataFrame({"channel": ["app", "web"]}))["channel"].tolist() == ["app", "сайт"]


def test_journeys_are_renamed_in_events_stage_order_and_rating_columns():
    from cxkit.reports.journey_page import load_journeys

    journeys = load_journeys(month="2026-09")
    names = DisplayNames(JOURNEY_DISPLAY_NAMES["ru"], "ru")
    renamed = names.rename_journeys(journeys)
    assert renamed.stages == [JOURNEY_DISPLAY_NAMES["ru"]["stage"][s] for s in journey_data.STAGES]
    for column in ("stage", "touchpoint", "channel", "segment"):
        assert set(renamed.events[column]) == {JOURNEY_DISPLAY_NAMES["ru"][column][v] for v in
                                               journeys.events[column]}
    assert "rating_колл-центр" in renamed.customers.columns and "rating_call_centre" not in renamed.customers.columns
    assert renamed.customers["rating_колл-центр"].equals(journeys.customers["rating_call_centre"])
    assert journeys.stages == list(journey_data.STAGES)  # the loaded journeys are not changed
    assert DisplayNames({}, "ru").rename_journeys(journeys) is journeys


# --- the data's values in the outputs ---------------------------------------------------------------

def test_outputs_write_every_display_name_back_as_the_data_value(tmp_path):
    names = DisplayNames({"stage": {"interest": "интерес", "purchase": "покупка"},
                          "touchpoint": {"call_centre": "колл-центр"}}, "ru")
    table = pd.DataFrame({"stage": ["интерес", "покупка", "(start)"], "path": ["интерес > покупка", "интерес", "x > y"],
                          "driver": ["rating_колл-центр", "rating_other", None], "value": [1.0, 2.0, np.nan]})
    back = names.data_values(table)
    assert back["stage"].tolist() == ["interest", "purchase", "(start)"]
    assert back["path"].tolist() == ["interest > purchase", "interest", "x > y"]
    assert back["driver"].tolist()[:2] == ["rating_call_centre", "rating_other"]
    assert table["stage"][0] == "интерес"  # the page's table is not changed
    indexed = names.data_values(table.set_index("stage"))
    assert indexed.index.tolist() == ["interest", "purchase", "(start)"]

    out = names.outputs(ReportOutputs("journey", {"category_names": "n.csv"}, directory=tmp_path, title="t",
                                      language="ru"))
    assert isinstance(out, DataValueOutputs)
    out.table("funnel", table)
    out.metric("pain.1", label="колл-центр", value=2.5, low=2.0, high=3.0, n=10, method="t", unit="scale",
               confidence_level=0.95,
               extra={"previous": "интерес", "sentence": "колл-центр: плохо", "list": ["покупка"]})
    out.estimate("nps", cx.nps(np.array([9, 10, 3, 7, 8] * 10)), label="покупка")
    out.save()
    saved = read_outputs(tmp_path)
    assert saved["by_key"]["pain.1"]["label"] == "call_centre"
    assert saved["by_key"]["pain.1"]["extra"] == {"previous": "interest", "sentence": "колл-центр: плохо",
                                                  "list": ["purchase"]}
    assert saved["by_key"]["nps"]["label"] == "purchase"
    assert pd.read_csv(tmp_path / "funnel.csv")["stage"].tolist() == ["interest", "purchase", "(start)"]
    plain = ReportOutputs("journey", {}, directory=tmp_path)
    assert DisplayNames({}, "ru").outputs(plain) is plain


# --- the bundled samples' names ------------------------------------------------------------------

@pytest.mark.parametrize(("bundled", "values"), [(SURVEY_DISPLAY_NAMES, SURVEY_VALUES),
                                                 (JOURNEY_DISPLAY_NAMES, JOURNEY_VALUES)])
def test_the_bundled_names_cover_every_sample_value_and_follow_the_file_rules(tmp_path, bundled, values):
    # Russian names for both samples; English ones for the journeys, whose identifiers are not words.
    assert set(bundled) == ({"ru", "en"} if bundled is JOURNEY_DISPLAY_NAMES else {"ru"})
    for language, table in bundled.items():
        assert {column: set(names) for column, names in table.items()} == values
        assert set(table) <= set(CATEGORY_COLUMNS)
    # Written as a names file, they read back unchanged (so they pass every rule a user's file must pass).
    path = _write(tmp_path, "bundled.json", json.dumps(
        {c: {v: {language: bundled[language][c][v] for language in bundled} for v in names}
         for c, names in bundled["ru"].items()}, ensure_ascii=False))
    assert read_names(path) == bundled
    assert all(re.search("[а-яё]", name) for names in bundled["ru"].values() for name in names.values())
    if "en" in bundled:  # words, not identifiers: no underscore, and no Cyrillic
        assert all(re.fullmatch(r"[a-z ]+", name) for names in bundled["en"].values() for name in names.values())
        assert bundled["en"]["touchpoint"]["support_call"] == "support call"


def test_the_samples_draw_no_value_the_bundled_names_miss():
    answers = survey.sample_survey(months=2, responses_per_month=200)
    for column, expected in SURVEY_VALUES.items():
        assert set(answers[column].dropna()) <= expected
    log = journey_data.make_journeys(300, seed=1)
    for column, expected in JOURNEY_VALUES.items():
        assert set(log.events[column].dropna()) <= expected


# --- rendered pages ---------------------------------------------------------------------------------

def _page_text(page: Path) -> str:
    """What a reader sees: the page's text and every image's alt text (images' data, styles, tags removed)."""
    text = page.read_text(encoding="utf-8")
    alts = " ".join(re.findall(r"alt=\"([^\"]*)\"", text))
    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text + " " + alts)


def _english_values_on(page: Path, values: dict) -> dict:
    text = _page_text(page)
    found = {}
    for column, wanted in values.items():
        for value in wanted:
            if re.search(r"(?<![\w-])" + re.escape(value) + r"(?![\w-])", text):
                found.setdefault(column, []).append(value)
    return found


def _texts(value) -> list:
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [value] if isinstance(value, str) else []


def test_russian_pages_of_the_bundled_data_show_no_english_category_value(rendered_reports):
    checked = 0
    for name, language, result in rendered_reports:
        if language != "ru" or name not in ("monthly", "journey", "benchmark"):
            continue
        values = JOURNEY_VALUES if name == "journey" else SURVEY_VALUES
        assert _english_values_on(result.html, values) == {}, name
        names = (JOURNEY_DISPLAY_NAMES if name == "journey" else SURVEY_DISPLAY_NAMES)["ru"]
        text = _page_text(result.html)
        assert any(shown in text for shown in names["segment"].values()), name  # the names are on the page
        checked += 1
        # metrics.json and the CSV tables keep the data's own values: no cell, label or extra is a display name.
        shown = {n for column in names.values() for n in column.values()}
        cells = set()
        for table in (t for t in result.folder.glob("*.csv") if t.read_text(encoding="utf-8").strip()):
            for cell in pd.read_csv(table, dtype=str, keep_default_na=False).to_numpy().ravel():
                cells.update(cell.removeprefix("rating_").split(" > "))
        outputs = read_outputs(result.folder)
        cells.update(_texts([{k: v for k, v in m.items() if k != "extra"} for m in outputs["metrics"]]))
        cells.update(_texts([{k: v for k, v in m["extra"].items() if k != "sentence"} for m in outputs["metrics"]]))
        assert cells & shown == set(), name
        assert cells & set().union(*values.values()), name  # ... and they do show the data's values
    assert checked == 3
    english = [r for n, lang, r in rendered_reports if lang == "en" and n == "journey"]
    assert _english_values_on(english[0].html, {"stage": {"awareness"}}) == {"stage": ["awareness"]}


def test_the_english_journey_page_of_the_bundled_data_shows_words_not_identifiers(rendered_reports):
    (result,) = [r for n, lang, r in rendered_reports if lang == "en" and n == "journey"]
    identifiers = {column: {v for v in values if "_" in v} for column, values in JOURNEY_VALUES.items()}
    assert identifiers["touchpoint"] >= {"support_call", "website_checkout", "call_centre"}
    assert _english_values_on(result.html, identifiers) == {}
    text = _page_text(result.html)
    assert "support call" in text and "website checkout" in text and "call centre" in text
    # metrics.json and the CSV tables keep the data's values.
    cells = set()
    for table in (t for t in result.folder.glob("*.csv") if t.read_text(encoding="utf-8").strip()):
        for cell in pd.read_csv(table, dtype=str, keep_default_na=False).to_numpy().ravel():
            cells.update(cell.removeprefix("rating_").split(" > "))
    outputs = read_outputs(result.folder)
    cells.update(_texts([{k: v for k, v in m.items() if k != "extra"} for m in outputs["metrics"]]))
    assert {"support_call", "call_centre"} & cells
    renamed = {n for names in JOURNEY_DISPLAY_NAMES["en"].values() for v, n in names.items() if n != v}
    assert cells & renamed == set()


def test_a_names_file_changes_the_page_of_own_data_but_not_metrics_json(tmp_path):
    data = tmp_path / "answers.csv"
    answers = survey.sample_survey(months=13, responses_per_month=120)
    answers.assign(answered_at=answers["answered_at"].dt.strftime("%Y-%m-%dT%H:%M:%S")).to_csv(data, index=False)
    names = _write(tmp_path, "names.csv", "column,value,en,ru\n"
                                          "segment,small business,Small firms <SMB>,малый бизнес\n"
                                          "channel,web,Website,сайт\n"
                                          "region,north,Northern region,север\n")
    plain = runner.render_report("monthly", {"data": str(data)}, output_dir=tmp_path / "plain")
    named = runner.render_monthly_report(data=str(data), category_names=names, output_dir=tmp_path / "named")
    assert named.folder != plain.folder  # the names are part of the report's name
    plain_text, named_text = _page_text(plain.html), _page_text(named.html)
    for value, shown in (("small business", "Small firms <SMB>"), ("web", "Website"), ("north", "Northern region")):
        assert re.search(rf"(?<![\w-]){value}(?![\w-])", plain_text) and shown not in plain_text
        assert shown in named_text and not re.search(rf"(?<![\w-]){value}(?![\w-])", named_text)
    assert "Small firms &lt;SMB&gt;" in named.html.read_text(encoding="utf-8")  # escaped like every data text
    before, after = read_outputs(plain.folder), read_outputs(named.folder)
    assert after["parameters"].pop("category_names") == names and before["parameters"].pop("category_names") == ""
    assert after["metrics"] == before["metrics"] and after["parameters"] == before["parameters"]
    assert after["tables"] == before["tables"]
    for table in before["tables"]:
        first = pd.read_csv(plain.folder / table["file"], keep_default_na=False)
        second = pd.read_csv(named.folder / table["file"], keep_default_na=False)
        key = list(first.columns)
        pd.testing.assert_frame_equal(first.sort_values(key).reset_index(drop=True),
                                      second.sort_values(key).reset_index(drop=True))


@pytest.mark.parametrize(("report", "option"), [("monthly", "--category-names"), ("journey", "--names"),
                                                  ("benchmark", "--category-names"), ("all", "--names")])
def test_a_bad_names_file_stops_the_command_line_before_any_notebook(tmp_path, capsys, report, option):
    names = _write(tmp_path, "names.csv", "column,value,ru\nsegmnet,a,б\n")
    out = tmp_path / "out"
    code = command_line.main(["report", report, option, names, "--language", "ru", "--no-progress",
                              "--output-dir", str(out)])
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith(f"cxkit: error: names file {names!r}: line 2: column ('segmnet') must be one of")
    assert not out.exists() or list(out.iterdir()) == []


def test_every_template_declares_the_names_parameter_and_the_list_shows_it():
    for name in runner.REPORTS:
        declared = runner.declared_parameters(name)["category_names"]
        assert declared["default"] == "" and "display names" in declared["help"]
    for option in ("--category-names", "--names"):
        args = command_line._parser().parse_args(["report", "all", option, "n.csv"])
        assert command_line._parameters(args) == {"category_names": "n.csv"}
    assert "category_names: str = ''" in runner.describe_reports()


@pytest.mark.parametrize("report", ["monthly", "journey"])
def test_the_bundled_names_leave_the_machine_readable_outputs_as_in_english(rendered_reports, report):
    """Russian names on the page, the same numbers and the same data values in metrics.json and every CSV."""
    found = {language: result for name, language, result in rendered_reports if name == report}
    english, russian = read_outputs(found["en"].folder), read_outputs(found["ru"].folder)
    assert english["tables"] == russian["tables"]
    for table in english["tables"]:
        frames = [pd.read_csv(found[lang].folder / table["file"], dtype=str, keep_default_na=False)
                  for lang in ("en", "ru")]
        key = list(frames[0].columns)
        pd.testing.assert_frame_equal(*(f.sort_values(key).reset_index(drop=True) for f in frames))

    def language_free(metric):  # the label and a pain point's sentence are page text in the page's language
        extra = {k: v for k, v in metric["extra"].items() if k != "sentence"}
        return {**{k: v for k, v in metric.items() if k not in ("label", "extra")}, "extra": extra}

    assert [language_free(m) for m in english["metrics"]] == [language_free(m) for m in russian["metrics"]]
    if report == "journey":  # here the labels are the data's stages, touchpoints and channels
        assert [m["label"] for m in english["metrics"][1:]] == [m["label"] for m in russian["metrics"][1:]]


def _competitors_file(folder):
    rows = [(name, "nps", answer, count) for name, counts in (("rival_a", (40, 60, 100)), ("rival_b", (70, 80, 50)))
            for answer, count in zip(range(11), [counts[0] // 7] * 7 + [counts[1] // 2] * 2 + [counts[2] // 2] * 2)]
    path = folder / "competitors.csv"
    pd.DataFrame(rows, columns=["competitor", "metric", "answer", "count"]).to_csv(path, index=False)
    return str(path)


def test_competitor_names_are_renamed_on_the_benchmark_page_and_kept_in_its_outputs(tmp_path):
    competitors = _competitors_file(tmp_path)
    names = _write(tmp_path, "names.csv", "column,value,en,ru\n"
                                          "competitor,rival_a,Rival <A>,Соперник А\n"
                                          "competitor,rival_b,,Соперник Б\n")
    plain = runner.render_report("benchmark", {"competitors": competitors}, output_dir=tmp_path / "plain")
    named = runner.render_report("benchmark", {"competitors": competitors, "category_names": names,
                                               "language": "ru"}, output_dir=tmp_path / "named")
    text = _page_text(named.html)
    assert "Соперник А" in text and "Соперник Б" in text and "rival_a" not in text and "rival_b" not in text
    english = runner.render_report("benchmark", {"competitors": competitors, "category_names": names},
                                   output_dir=tmp_path / "english")
    english_text = _page_text(english.html)
    assert "Rival <A>" in english_text and "rival_b" in english_text and "rival_a" not in english_text
    assert "Rival &lt;A&gt;" in english.html.read_text(encoding="utf-8")
    for result in (named, english):  # the CSV tables keep the file's own competitor names
        estimates = pd.read_csv(result.folder / "competitor_estimates.csv")
        assert {"rival_a", "rival_b"} <= set(estimates["competitor"])
        before = pd.read_csv(plain.folder / "competitor_estimates.csv")
        rivals = ~estimates["is_company"]  # the company's default name is in the page's language
        pd.testing.assert_series_equal(estimates.loc[rivals, "competitor"], before.loc[rivals, "competitor"])
        pd.testing.assert_frame_equal(estimates.drop(columns="competitor"), before.drop(columns="competitor"))


def test_a_competitor_shown_under_the_company_name_is_refused(tmp_path):
    competitors = _competitors_file(tmp_path)
    names = _write(tmp_path, "names.csv", "column,value,en\ncompetitor,rival_a,Acme\n")
    with pytest.raises(cx.ReportError, match=r"names file .*: the en display name 'Acme' of competitor 'rival_a' is "
                                             r"the company's name; the page could not tell them apart"):
        runner.render_report("benchmark", {"competitors": competitors, "category_names": names, "company": "Acme"},
                             output_dir=tmp_path / "out")
