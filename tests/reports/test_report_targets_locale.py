"""Targets files and lights (cxkit/reports/targets.py), NPS bands over an interval (readouts.py),
and numbers, months and plural forms in English and Russian through Babel (locale.py)."""

from __future__ import annotations

import math

import pytest

import cxkit as cx
from cxkit.reports.labels import labels
from cxkit.reports.locale import Formatter
from cxkit.reports.readouts import bands_touched
from cxkit.reports.targets import Target, default_targets, light, load_targets, targets_for


def test_default_targets_are_the_sources_thresholds():
    found = {m: (t.value, t.direction) for m, t in default_targets().items()}
    assert found == {"nps": (0.0, "at_least"), "csat": (75.0, "at_least"), "csi": (80.0, "at_least"),
                     "ces": (60.0, "at_least"), "churn": (5.0, "at_most")}


def test_targets_file_replaces_defaults_metric_by_metric(tmp_path):
    (tmp_path / "t.csv").write_text("metric,target\nnps,30\ncli,7.5\n", encoding="utf-8")
    (tmp_path / "t.json").write_text('{"churn": 3, "first_response_time": 4}', encoding="utf-8")
    from_csv = targets_for(str(tmp_path / "t.csv"))
    assert from_csv["nps"] == Target("nps", 30.0, "at_least", "targets file")
    assert from_csv["cli"].value == 7.5 and from_csv["csat"].value == 75.0  # others keep the sources' values
    from_json = load_targets(tmp_path / "t.json")
    assert from_json["churn"] == Target("churn", 3.0, "at_most", "targets file")
    assert from_json["first_response_time"].direction == "at_most"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("t.csv", "metric;target\nnps;30\n", r"must start with the header 'metric,target'; got 'metric;target'"),
        ("t.csv", "metric,target\nnpss,30\n", r"metric 'npss' must be one of 'nps', 'csat'"),
        ("t.csv", "metric,target\nnps,thirty\n", r"the target of 'nps' \('thirty'\) must be a number"),
        ("t.csv", "metric,target\nnps,130\n", r"the target of 'nps' \(130\) must be between -100 and 100"),
        ("t.csv", "metric,target\ncsat,80\ncsat,85\n", r"metric 'csat' is given twice"),
        ("t.csv", "metric,target\n", r"has a header but no targets"),
        ("t.csv", "metric,target\nnps,1,2\n", r"line 2: expected 2 values"),
        ("t.json", "[30]", r"must hold one JSON object of metric: target"),
        ("t.json", "{nps: 30}", r"is not valid JSON"),
        ("t.json", '{"first_response_time": 0}', r"must be above 0 \(hours\)"),
        ("t.txt", "nps,30", r"must end in .csv or .json; got '.txt'"),
    ],
)
def test_bad_targets_files_say_what_is_wrong(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(cx.DataFileError, match=message):
        load_targets(path)


def test_missing_targets_file_fails_before_the_report_runs(tmp_path):
    from cxkit.reports.runner import render_monthly_report

    with pytest.raises(FileNotFoundError, match=r"targets file 'nope.csv' does not exist"):
        render_monthly_report(targets="nope.csv", output_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("low", "high", "direction", "expected"),
    [(1.0, 9.0, "at_least", "met"), (-9.0, -1.0, "at_least", "missed"), (-1.0, 57.0, "at_least", "unclear"),
     (1.0, 4.0, "at_most", "met"), (6.0, 9.0, "at_most", "missed"), (4.0, 6.0, "at_most", "unclear"),
     (math.nan, math.nan, "at_least", "none")],
)
def test_light_reads_the_whole_interval(low, high, direction, expected):
    target = Target("x", 0.0 if direction == "at_least" else 5.0, direction, "test")
    assert light(low, high, target) == expected
    assert light(low, high, None) == "none"


def test_nps_bands_follow_the_interval_not_the_point():
    # The case: an NPS of 28 whose interval runs from -1 to 57 is not simply "good".
    assert bands_touched("nps", -1.0, 57.0) == ["nps_alarm", "nps_good", "nps_excellent"]
    assert bands_touched("nps", 20.0, 31.0) == ["nps_good"]
    assert bands_touched("nps", 72.0, 80.0) == ["nps_world_class"]
    assert bands_touched("csat", 70.0, 80.0) == []


def test_english_and_russian_numbers_months_and_plurals():
    en, ru = Formatter("en", labels("en")), Formatter("ru", labels("ru"))
    assert (en.percent(79.17), ru.percent(79.17)) == ("79.2%", "79,2\xa0%")
    assert (en.number(1234.56), ru.number(1234.56)) == ("1,234.6", "1\xa0234,6")
    assert (en.change(-1.25, "percent"), ru.change(-1.25, "percent")) == ("−1.2\u00a0pp", "−1,2\u00a0п.\u00a0п.")
    assert (en.month("2026-10"), ru.month("2026-10")) == ("October 2026", "октябрь 2026\u00a0г.")
    assert (ru.month("2026-03", short=True), ru.month("2026-11", short=True)) == ("март 2026", "нояб. 2026")  # CLDR, full year
    assert [ru.count(n, labels("ru")["answers"]) for n in (1, 3, 5, 21, 773)] == [
        "1 ответ", "3 ответа", "5 ответов", "21 ответ", "773 ответа"]
    assert [en.count(n, labels("en")["answers"]) for n in (1, 2)] == ["1 answer", "2 answers"]
    assert (en.level(0.95), ru.level(0.999)) == ("95%", "99,9\xa0%")
    assert en.p(0.0004) == "< 0.001" and en.value(math.nan, "points") == "n/a" and ru.value(math.nan, "points") == "н/д"


def test_every_label_exists_in_both_languages():
    en, ru = labels("en"), labels("ru")
    assert set(en) == set(ru)
    for key, value in en.items():
        if isinstance(value, dict) and key not in ("answers", "tickets", "customers", "missing_item", "changes_tested",
                                                                "weights_unused"):  # plural forms differ
            assert set(value) == set(ru[key]), key
    with pytest.raises(ValueError, match=r"language \('de'\) must be one of 'en' or 'ru'"):
        labels("de")


@pytest.mark.parametrize("language, negative, share, big", [
    ("en", "\u22127.2", "\u22123.2%", "\u22121,234.5"),
    ("ru", "\u22127,2", "\u22123,2\u00a0%", "\u22121\u00a0234,5")])
def test_negative_numbers_take_a_true_minus_everywhere_and_zero_has_no_sign(language, negative, share, big):
    fmt = Formatter(language, labels(language))
    assert fmt.number(-7.23) == negative and fmt.percent(-3.25) == share and fmt.number(-1234.5) == big
    assert fmt.value(-7.23, "points") == negative  # group tables' values and interval ends
    zero = "0.0" if language == "en" else "0,0"
    assert fmt.number(-0.04) == zero and fmt.signed(-0.04) == "±" + zero and fmt.signed(0.0) == "±" + zero
    assert fmt.signed(-7.23) == negative and fmt.signed(7.23) == "+" + negative[1:]
    assert (fmt.number(-math.inf), fmt.signed(-math.inf), fmt.signed(math.inf)) == ("\u2212∞", "\u2212∞", "+∞")
