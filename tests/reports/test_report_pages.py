"""The rendered pages of every report, in both languages: no code, nothing from the network, every
figure embedded with alt text, the <html lang> of the report, machine-readable files beside the page;
and for the monthly report, every headline number on the page equal to metrics.json and to cxkit."""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import cxkit as cx
from cxkit.reports import data as report_data
from cxkit.reports.labels import labels
from cxkit.reports.locale import Formatter
from cxkit.reports.outputs import read_outputs
from cxkit.reports.runner import TEMPLATES_DIR

URL_ATTRIBUTES = {"src", "href", "srcset", "data", "poster", "action", "formaction", "background", "xlink:href"}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.images, self.external, self.lang, self.title, self._in_title = [], [], [], None, "", False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img":
            self.images.append(attrs)
        if tag == "title":
            self._in_title = True
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES and value and not value.startswith(("data:", "#")):
                self.external.append((tag, name, value[:80]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_every_page_has_no_code_and_nothing_from_the_network(rendered_reports):
    for name, language, result in rendered_reports:
        html = result.html.read_text(encoding="utf-8")
        page = _parse(html)
        assert page.external == [], (name, language)
        assert not {"script", "link", "iframe", "object", "embed", "base"} & set(page.tags), (name, language)
        assert not re.search(r"url\((?!\s*['\"]?data:)", html) and "@import" not in html, (name, language)
        assert "jp-InputArea" not in html and "In&nbsp;[" not in html and "import cxkit" not in html
        assert "<pre>" not in html, "a stray cell result or stream reached the page"
        assert "Traceback" not in html and "Warning" not in html, (name, language)
        assert page.lang == language and page.title.strip(), (name, language)


def test_every_figure_is_an_embedded_image_with_alt_text(rendered_reports):
    """PNG (journey, benchmark) or SVG (monthly): an SVG is an image that draws nothing from outside (no
    script, no link, no style sheet, no foreign object) with its natural size and every text 10 pt or larger."""
    import xml.etree.ElementTree as ET

    from cxkit.plotting.svg import PX_PER_PT

    for name, language, result in rendered_reports:
        page = _parse(result.html.read_text(encoding="utf-8"))
        assert page.images, f"{name} ({language}) has no figure"
        for image in page.images:
            kind, _, data = image["src"].partition(";base64,")
            assert kind in ("data:image/png", "data:image/svg+xml"), kind[:40]
            content = base64.b64decode(data)
            if kind == "data:image/png":
                assert content[:8] == b"\x89PNG\r\n\x1a\n"
            else:
                root = ET.fromstring(content.decode("utf-8"))
                tags = {element.tag.split("}")[-1] for element in root.iter()}
                assert tags <= {"svg", "rect", "line", "polyline", "polygon", "circle", "text", "tspan"}, tags
                assert not [k for e in root.iter() for k in e.attrib if "href" in k or k.startswith("on")]
                assert float(root.get("width")) == 690 and root.get("viewBox").startswith("0 0 690 ")
                sizes = [float(t.get("font-size")) for t in root.iter("{http://www.w3.org/2000/svg}text")]
                assert sizes and min(sizes) >= 10 * PX_PER_PT - 0.01  # written to two decimals
            alt = image.get("alt", "")
            assert len(alt) > 40, (name, language, alt)  # a sentence saying what the chart shows
        kinds = {image["src"].split(";")[0] for image in page.images}
        assert kinds == ({"data:image/svg+xml"} if name == "monthly" else {"data:image/png"}), (name, kinds)
        if language == "ru":
            assert all(re.search("[а-я]", image["alt"]) for image in page.images)  # localised alt text


def test_machine_readable_files_sit_beside_every_page(rendered_reports):
    for name, language, result in rendered_reports:
        content = read_outputs(result.folder)
        assert content["report"] == name and content["parameters"]["language"] == language
        assert content["metrics"], name
        for metric in content["metrics"]:
            assert {"key", "label", "value", "low", "high", "n", "method", "unit", "confidence_level"} <= set(metric)
        for table in content["tables"]:
            assert (result.folder / table["file"]).is_file()
        json.dumps(content)  # plain JSON, no NaN


def _cards(html: str) -> dict[str, str]:
    """Card title -> the value printed on it."""
    q = "[\"']"  # nbconvert may re-quote attributes
    return dict(re.findall(rf"<section class={q}cx-card[^\"']*{q}><h3>([^<]+?) <span.*?<p class={q}cx-value{q}>([^<]+)</p>",
                           html))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_monthly_headline_on_the_page_equals_metrics_json_and_cxkit(rendered_reports, language):
    (result,) = [r for n, lang, r in rendered_reports if n == "monthly" and lang == language]
    words, html = labels(language), result.html.read_text(encoding="utf-8")
    fmt = Formatter(language, words)
    metrics = read_outputs(result.folder)["by_key"]
    cards = _cards(html)
    assert list(cards) == [words["metric_names"][m] for m in metrics]
    frame = report_data.load_survey("")
    month = metrics["nps"]["extra"]["previous_month"][:4] + "-10"
    rows = frame[report_data.months_of(frame) == month]
    direct = {"nps": cx.nps(rows["nps_score"]), "csat": cx.csat(rows["csat_score"]), "csi": cx.csi(rows["csi_score"]),
              "ces": cx.ces(rows["ces_score"])}
    for key, metric in metrics.items():
        shown = cards[words["metric_names"][key]]
        assert shown == fmt.value(metric["value"], metric["unit"])
        interval = words["interval"].format(low=fmt.value(metric["low"], metric["unit"]),
                                            high=fmt.value(metric["high"], metric["unit"]))
        assert interval in html
        if key in direct:
            assert metric["value"] == pytest.approx(direct[key].value, abs=1e-12)
            assert (metric["low"], metric["high"]) == pytest.approx((direct[key].low, direct[key].high), abs=1e-12)
    if language == "ru":
        assert "26,0" in cards["NPS"] and "октябрь 2026" in html and "ответа" in html
    assert words["missing_metrics"].split(":")[0] in html  # churn and first response time: said in one line


def test_papermill_help_describes_every_parameter():
    run = subprocess.run([sys.executable, "-m", "papermill", "--help-notebook", str(TEMPLATES_DIR / "monthly_report.ipynb")],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    for line in ('month: str (default "")', "report month, YYYY-MM; empty for the latest month in the data",
                 "confidence_level: float (default 0.95)", 'language: str (default "en")', 'targets: str (default "")'):
        assert line in run.stdout, line
