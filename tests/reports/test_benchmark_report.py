"""The benchmark report end to end: papermill on bundled data in both languages, the HTML page, metrics.json."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import papermill
import pytest

import cxkit as cx
from cxkit.reports.benchmark_display import published_when
from cxkit.reports.benchmark_labels import benchmark_labels
from cxkit.reports.benchmark_page import number, published_number
from cxkit.reports.published import PUBLISHED, published_table
from cxkit.reports.runner import TEMPLATES_DIR

TEMPLATE = TEMPLATES_DIR / "benchmark_report.ipynb"
EVIL = "<script>alert(1)</script>"
MONTH = "2026-10"


def _html(notebook: Path) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="cxkit", extra_template_basedirs=[str(TEMPLATES_DIR / "nbconvert")])
    exporter.exclude_input = exporter.exclude_input_prompt = exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    return body


def _competitor_counts(path: Path) -> Path:
    rows = []
    for name, (d, pa, p) in (("Rival A", (60, 100, 240)), (EVIL, (120, 120, 160))):
        for answer in range(11):
            count = d / 7 if answer <= 6 else (pa / 2 if answer <= 8 else p / 2)
            rows.append((name, "nps", answer, int(round(count))))
        for answer, count in zip(range(1, 6), (10, 20, 50, 150, 170)):
            rows.append((name, "csat", answer, count))
    pd.DataFrame(rows, columns=["competitor", "metric", "answer", "count"]).to_csv(path, index=False)
    return path


def _run(folder: Path, **parameters) -> tuple[Path, str, dict]:
    out = folder / "benchmark.ipynb"
    papermill.execute_notebook(str(TEMPLATE), str(out), parameters=parameters, cwd=str(folder),
                               progress_bar=False, kernel_name="python3")
    return out, _html(out), json.loads((folder / "metrics.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    folder = tmp_path_factory.mktemp("benchmark-en")
    data = cx.datasets.sample_survey()
    data["segment"] = data["segment"].replace({"enterprise": EVIL})
    data["answered_at"] = data["answered_at"].dt.strftime("%Y-%m-%dT%H:%M:%S")
    data.to_csv(folder / "answers.csv", index=False)
    competitors = _competitor_counts(folder / "competitors.csv")
    notebook, page, metrics = _run(folder, data=str(folder / "answers.csv"), competitors=str(competitors))
    return folder, notebook, page, metrics


@pytest.fixture(scope="module")
def russian(tmp_path_factory):
    folder = tmp_path_factory.mktemp("benchmark-ru")
    notebook, page, metrics = _run(folder, language="ru")
    return folder, notebook, page, metrics


class _Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.external = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            if re.match(r"\s*(https?:|//)", value):
                self.external.append((tag, value))
        if tag == "script" and attrs.get("src"):
            self.external.append((tag, attrs["src"]))


def _parsed(page: str) -> _Images:
    parser = _Images()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("which", ["english", "russian"])
def test_page_has_no_code_no_external_resource_and_every_figure_has_alt_text(which, request):
    _folder, notebook, page, _metrics = request.getfixturevalue(which)
    assert "bm.company_metrics" not in page and "import cxkit" not in page
    parsed = _parsed(page)
    assert parsed.external == []
    assert "@import url(http" not in page
    nb = nbformat.read(notebook, as_version=4)
    png_outputs = [o for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    assert png_outputs == []  # every figure is an embedded <img> with alt text, none without
    expected = 3 + (2 if which == "english" else 0)  # NPS by segment, channel, region (+ competitors' NPS, CSAT)
    assert len(parsed.images) == expected
    for image in parsed.images:
        assert image["src"].startswith("data:image/png;base64,")
        assert len(image.get("alt", "")) > 40


def test_pages_speak_their_language(english, russian):
    assert "Benchmark report: October 2026" in english[2]
    ru = russian[2]
    assert "Сравнительный отчёт (бенчмаркинг): октябрь 2026" in ru
    assert "последний месяц в данных" in ru  # month defaulted to the latest in the data, and the page says so
    assert "Benchmark report" not in ru and "cannot tell yet" not in ru
    nps = json.loads(json.dumps(russian[3]))["metrics"][0]
    assert nps["key"] == "company.nps"
    assert number(nps["value"], 1, "ru") in ru and "," in number(nps["value"], 1, "ru")


def _month_rows() -> pd.DataFrame:
    data = cx.datasets.sample_survey()
    return data[data["answered_at"].dt.strftime("%Y-%m") == MONTH]


def test_numbers_equal_metrics_json_and_direct_computation(russian):
    _folder, _nb, page, metrics = russian
    by_key = {m["key"]: m for m in metrics["metrics"]}
    rows = _month_rows()
    direct = {
        "nps": cx.nps(rows["nps_score"]), "csat": cx.csat(rows["csat_score"], top=2), "csi": cx.csi(rows["csi_score"]),
        "ces": cx.ces(rows["ces_score"]),
        "cli": cx.cli(rows[["cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere"]],
                      reverse=("cli_buy_elsewhere",)),
    }
    for metric, est in direct.items():
        entry = by_key[f"company.{metric}"]
        assert entry["value"] == pytest.approx(est.value, rel=1e-12)
        assert (entry["low"], entry["high"]) == pytest.approx((est.low, est.high), rel=1e-12)
        assert entry["n"] == est.n and entry["method"] == est.method
        digits = 2 if metric == "cli" else 1
        cells = [f"|{number(est.value, digits, 'ru')}|", f"|{number(est.low, digits, 'ru')} – {number(est.high, digits, 'ru')}|",
                 f"|{est.n}|"]
        assert any(all(c in row for c in cells) for row in _rows_of(page)), cells
    # A gap to a fixed reference is compare_benchmark's on the same estimate.
    grocery = next(m for m in metrics["metrics"] if m["key"].startswith("published.") and m["extra"]["reference"] == 30)
    gap = cx.compare_benchmark(direct["nps"], 30)
    assert grocery["value"] == pytest.approx(gap.gap) and grocery["low"] == pytest.approx(gap.low)
    assert grocery["extra"]["p_value"] == pytest.approx(gap.p_value)
    # A period gap is compare_periods' difference.
    periods = cx.compare_periods(cx.datasets.sample_survey(), metric="nps", score="nps_score", period="M")
    previous = periods.set_index("period").loc[MONTH]
    entry = by_key["period.nps.previous_month"]
    assert entry["value"] == pytest.approx(previous["difference"]) and entry["low"] == pytest.approx(previous["low"])


def test_group_gaps_equal_compare_groups(english):
    folder, _nb, _page, metrics = english
    groups = pd.read_csv(folder / "groups.csv")
    rows = _month_rows()
    direct = cx.compare_groups(rows, metric="nps", score="nps_score", by="channel")
    mine = groups[(groups["grouping"] == "channel") & (groups["metric"] == "nps")].set_index("group")
    for r in direct.itertuples(index=False):
        assert mine.at[r.channel, "difference"] == pytest.approx(r.difference)
        assert mine.at[r.channel, "high"] == pytest.approx(r.high)
        assert mine.at[r.channel, "p_value"] == pytest.approx(r.p_value)
        assert mine.at[r.channel, "p_adjusted"] == pytest.approx(r.p_adjusted)  # the same family as compare_groups
    for _key, family in groups.groupby(["metric", "grouping"]):
        assert family["p_adjusted"].to_numpy() == pytest.approx(
            cx.adjust_p_values(family["p_value"].to_numpy(), method="holm"), nan_ok=True)
    assert {t["name"] for t in metrics["tables"]} >= {"company_metrics", "thresholds", "published", "groups", "ranks",
                                                     "competitor_gaps", "periods"}


def _rows_of(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "|", row)) for row in page.split("<tr")[1:]]


@pytest.mark.parametrize("which, language", [("english", "en"), ("russian", "ru")])
def test_every_published_value_is_printed_with_its_source_and_year(which, language, request):
    page = request.getfixturevalue(which)[2]
    rows = _rows_of(page)
    words = benchmark_labels(language)
    for p in published_table(language).itertuples(index=False):
        value = published_number(p.value, language)
        year = published_when(p.year, words, language)
        cells = [f"|{p.scope}|", f"|{value}|", f"|{p.source}|", f"|{year}|", f"|{words[p.metric]}|"]
        assert any(all(c in row for c in cells) for row in rows), (p, cells)
    assert len(published_table(language)) == len(PUBLISHED)
    assert "no stated interval" in page or "None states an interval" in page or "Интервалов для них" in page


def test_data_values_are_escaped(english):
    _folder, _nb, page, _metrics = english
    assert EVIL not in page
    assert html.escape(EVIL) in page or "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_competitor_ranks_and_gaps(english):
    folder, _nb, page, metrics = english
    estimates = pd.read_csv(folder / "competitor_estimates.csv")
    nps = estimates[estimates["metric"] == "nps"].set_index("competitor")
    assert list(nps.sort_values("rank").index) == ["Rival A", "Our company", EVIL]
    assert (nps["rank_low"] <= nps["rank"]).all() and (nps["rank"] <= nps["rank_high"]).all()
    csat = estimates[estimates["metric"] == "csat"]
    assert (csat["rank_low"] == 1).all() and (csat["rank_high"] == 3).all()  # nobody is first for sure
    gaps = [m for m in metrics["metrics"] if m["key"].startswith("competitor.")]
    assert {m["extra"]["competitor"] for m in gaps} == {"Rival A", EVIL}
    for m in gaps:
        assert m["low"] <= m["value"] <= m["high"] and 0 <= m["extra"]["p_adjusted"] <= 1


@pytest.mark.parametrize(("which", "heading", "title"), [
    ("english", "The company's metrics in October 2026", "Benchmark report: October 2026"),
    ("russian", "Метрики компании за октябрь 2026\u00a0г.", "Сравнительный отчёт (бенчмаркинг): октябрь 2026\u00a0г."),
])
def test_month_is_named_by_babel_in_the_headings_and_the_title(which, heading, title, request):
    _folder, _notebook, page, metrics = request.getfixturevalue(which)
    text = html.unescape(page)  # nbconvert writes the apostrophe back unescaped
    assert f"<h2>{heading}</h2>" in text and f"<h1>{title}</h1>" in text
    assert metrics["page"]["title"] == title
    assert "2026-10</h2>" not in page and "metrics in 2026-10" not in page


@pytest.mark.parametrize("which", ["english", "russian"])
def test_threshold_verdicts_on_the_page_are_the_interval_rule_with_the_note(which, request):
    _folder, _notebook, page, metrics = request.getfixturevalue(which)
    from cxkit.reports.benchmark_labels import benchmark_labels

    words = benchmark_labels("en" if which == "english" else "ru")
    assert words["thresholds_note"].split("{level}")[0] in html.unescape(page)
    thresholds = [m for m in metrics["metrics"] if m["key"].startswith("threshold.")]
    for m in thresholds:  # the verdict follows the unadjusted interval (p < 0.05 <=> decided), never Holm alone
        assert (m["extra"]["verdict"] != "cannot_tell") == (m["extra"]["p_value"] < 0.05)


@pytest.mark.parametrize("which", ["english", "russian"])
def test_every_holm_table_says_its_interval_is_unadjusted_and_its_verdict_adjusted(which, request):
    from cxkit.reports.benchmark_labels import benchmark_labels

    language = "en" if which == "english" else "ru"
    words = benchmark_labels(language)
    text = html.unescape(request.getfixturevalue(which)[2])
    level = "95%" if language == "en" else "95\u00a0%"
    alpha = "0.05" if language == "en" else "0,05"
    tables = ["periods", "groups"] + (["competitors"] if which == "english" else [])
    for table in tables:
        caption = words["caption_adjusted"].format(level=level, alpha=alpha, family=words[f"family_{table}"])
        assert html.unescape(html.escape(caption)) in text, table
    assert words["caption_thresholds"].format(level=level) in text
    # published values: no adjustment is needed (Shaffer), and the caption says so
    assert words["caption_published"].format(level=level, alpha=alpha) in text and "Shaffer 1986" in text
    assert text.count(f"<th>{words['side']}</th>") == len(tables)  # "Where (adjusted p)" heads each such column
    assert text.count(f"<th>{words['side_published']}</th>") == 1  # published values: by the interval
    assert f"<th>{words['verdict']}</th>" in text  # "Condition (by the interval)"


@pytest.mark.parametrize(("which", "headings"), [
    ("english", ["By segment", "By channel", "By region"]),
    ("russian", ["По сегментам", "По каналам", "По регионам"]),
])
def test_rank_subheadings_are_words_not_column_names(which, headings, request):
    page = request.getfixturevalue(which)[2]
    found = re.findall(r"<h3>([^<]*)</h3>", page)
    assert [h for h in found if h in headings] == headings
    assert not {"segment", "channel", "region", "сегментам", "каналам", "регионам"} & set(found)


def test_russian_page_has_no_english_dates_codes_or_numbers(russian):
    text = html.unescape(russian[2])
    for english in ("March 2012", "Q3 2013", "Q4 2023", "Q1 2024", "150,000", "organisations", "adjusted-wald",
                    "|wilson|", "Wilson score", "Student", "share of 4–5", "benchmark "):
        assert english not in "|".join(_rows_of(russian[2])) and english not in text, english
    rows = _rows_of(russian[2])
    for cells in (["|март 2012|"], ["|3-й кв. 2013|"], ["|4-й кв. 2023|"], ["|1-й кв. 2024|"],
                  ["|150\u00a0000+ организаций"], ["|скорректированный интервал Вальда (Rocks 2016)|"], ["|интервал Уилсона|"],
                  ["|t-интервал Стьюдента|"], ["|CSAT (оценки обращений «хорошо/плохо»)|", "|86|"]):
        assert any(all(c in row or c.strip("|") in row for c in cells) for row in rows), cells


def test_english_page_names_methods_and_source_documents(english):
    rows = _rows_of(english[2])
    text = "".join(rows)
    for code in ("|adjusted-wald|", "|wilson|", "|t|", "|002|", "|000|", "share of 4–5)|86|"):
        assert code not in text, code
    for cells in (["|NPS|", "|Wald, adjusted (Rocks 2016)|"], ["|Wilson score|"], ["|CLI (mean, 0–10)|", "|Student t|"],
                  ["|> 50|", "What customer experience (CX) is, in plain words"],
                  ["|≥ 75|", "What customer experience is and how to develop it"],
                  ["|CSAT (good/bad ticket ratings)|", "|March 2012|"], ["|Q3 2013|"]):
        assert any(all(c in row for c in cells) for row in rows), cells


@pytest.mark.parametrize("which", ["english", "russian"])
def test_every_number_has_a_true_minus_and_none_is_minus_zero(which, request):
    rows = _rows_of(request.getfixturevalue(which)[2])
    text = "\n".join(rows)
    assert re.findall(r"(?<![\w.,])-\d", text) == []  # no hyphen-minus before a number (ranges like 4-5 are fine)
    assert "−" in text  # the sample has negative gaps
    for zero in ("−0.0|", "+0.0|", "−0,0|", "+0,0|", "−0.00|", "+0.00|", "−0,00|", "+0,00|", "77.80", "77,80"):
        assert zero not in text, zero
