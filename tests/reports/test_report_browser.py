"""Every rendered report page in a real browser: headless Chromium from Debian's ``chromium``
package, driven by Playwright (its own browser download is never used), the network blocked.

At a desktop width (1280 px) and a phone width (390 px): no console error,
no request leaving the page (anything but file: and data: is aborted and
counted), every figure decoded and visible (``naturalWidth > 0``, a box on
the page within the viewport's width), and no horizontal overflow of the page
(``scrollWidth <= innerWidth``; wide tables scroll inside their own box).
Chart text is readable: every PNG carries the smallest font its chart drew
and its dpi (``cxkit.plotting.png_bytes``); with the image's natural and
displayed widths that gives the text's height on screen, which must be at
least ``MIN_TEXT_PX`` at 390 px, and no chart is enlarged beyond its natural
width on a desktop. An SVG chart (the monthly report's) is opened on a page of
its own and every text is measured with the browser's fonts: inside the
image, overlapping no other text, and at least ``MIN_TEXT_PX`` as shown at 390 px.
Screenshots land in ``reports/screenshots/`` of the checkout.

The test skips, saying why, only when Chromium or Playwright is missing;
with ``CXKIT_REQUIRE_BROWSER=1`` (set by ``.ci/run``, which installs
Chromium) a missing browser is a failure instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import base64

import pytest

import cxkit as cx
from cxkit.plotting import MIN_TEXT_PX, phone_text_px, text_record, texts_cut

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(cx.__file__).resolve().parents[1] / "reports" / "screenshots"
WIDTHS = {"desktop": 1280, "phone": 390}
SVG = "data:image/svg+xml;base64,"
_MEASURED: dict = {}


def _browser_or_skip():
    required = os.environ.get("CXKIT_REQUIRE_BROWSER") == "1"
    problem = None
    if CHROMIUM is None:
        problem = "Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[test]')"
    if problem and required:
        pytest.fail(f"CXKIT_REQUIRE_BROWSER=1 but {problem}")
    if problem:
        pytest.skip(problem)


@pytest.fixture(scope="module")
def browser():
    _browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _check_page(browser, page_path: Path, width: int, shot: Path) -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    errors, leaving = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            leaving.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    facts = page.evaluate("""() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        innerWidth: window.innerWidth,
        images: [...document.images].map(i => ({alt: i.alt, natural: i.naturalWidth, complete: i.complete,
            src: i.src,
            width: i.getBoundingClientRect().width, left: i.getBoundingClientRect().left,
            right: i.getBoundingClientRect().right})),
        widerTables: [...document.querySelectorAll('.cx-scroll')].filter(b => b.scrollWidth > b.clientWidth + 1)
            .map(b => [...b.querySelectorAll('th')].map(h => h.textContent.trim()).join(' | ').slice(0, 120)),
        smallestText: Math.min(...[...document.querySelectorAll('p, td, th, li, span')]
            .filter(e => e.textContent.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))),
    })""")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    context.close()
    return {**facts, "errors": errors, "leaving": leaving}


def test_every_page_reads_offline_at_desktop_and_phone_widths(browser, rendered_reports):
    for name, language, result in rendered_reports:
        for label, width in WIDTHS.items():
            shot = SCREENSHOTS / f"{result.html.stem}-{label}.png"
            facts = _check_page(browser, result.html, width, shot)
            where = f"{name} ({language}) at {width} px"
            assert facts["errors"] == [], where
            assert facts["leaving"] == [], where
            assert facts["scrollWidth"] <= facts["innerWidth"], f"{where}: the page scrolls sideways"
            assert facts["images"], where
            for image in facts["images"]:
                assert image["complete"] and image["natural"] > 0, (where, image["alt"][:60])
                assert image["width"] > 0 and image["left"] >= 0 and image["right"] <= width, (where, image["alt"][:60])
                if image["src"].startswith(SVG):
                    _check_svg_chart(browser, image, width, where)
                else:
                    _check_chart_text(image, width, where)
            assert facts["smallestText"] >= 11, f"{where}: text of {facts['smallestText']} px"
            if width >= 1280:  # on a laptop every table fits its box: long texts wrap, no column is off-screen
                assert facts["widerTables"] == [], f"{where}: tables wider than the page: {facts['widerTables']}"
            assert shot.is_file() and shot.stat().st_size > 10_000


def _check_chart_text(image: dict, width: int, where: str) -> None:
    """The chart's smallest text on screen (CSS px) from its PNG's record and its displayed width."""
    assert image["src"].startswith("data:image/png;base64,"), (where, image["alt"][:60])
    png = base64.b64decode(image["src"].split(",", 1)[1])
    font_pt, dpi, natural = text_record(png)
    assert natural == image["natural"]
    assert texts_cut(png) == 0, f"{where}: a chart's text runs off its image ({image['alt'][:60]})"
    shown = phone_text_px(font_pt, dpi, natural, image["width"])
    if width < 600:
        assert shown >= MIN_TEXT_PX, (f"{where}: chart text of {shown:.1f} px (smallest font {font_pt:g} pt at "
                                      f"{dpi:g} dpi, {natural} px shown at {image['width']:.0f} px)", image["alt"][:80])
    else:
        assert image["width"] <= natural + 0.5, f"{where}: a {natural} px chart enlarged to {image['width']:.0f} px"


def _svg_texts(browser, source: str) -> dict:
    """Every text of an SVG chart as the browser lays it out on a blank page: its box in the chart's units."""
    if source not in _MEASURED:
        context = browser.new_context(viewport={"width": 800, "height": 900})
        page = context.new_page()
        page.route("**/*", lambda request_route: request_route.abort())  # nothing to fetch
        page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{source}</body></html>")
        _MEASURED[source] = page.evaluate("""() => {
            const svg = document.querySelector('svg');
            return {width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height,
                    texts: [...svg.querySelectorAll('text')].map(t => { const b = t.getBBox();
                        return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
                                x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height}; })};
        }""")
        context.close()
    return _MEASURED[source]


def _check_svg_chart(browser, image: dict, width: int, where: str) -> None:
    """An SVG chart measured with the browser's fonts: every text inside, none on another, readable on a phone."""
    source = base64.b64decode(image["src"][len(SVG):]).decode("utf-8")
    chart = _svg_texts(browser, source)
    name = image["alt"][:60]
    assert chart["texts"] and image["natural"] == chart["width"], (where, name)
    for t in chart["texts"]:
        assert t["x0"] >= -1 and t["y0"] >= -1 and t["x1"] <= chart["width"] + 1 and t["y1"] <= chart["height"] + 1, \
            f"{where}: {t['text']!r} runs off its chart ({name})"
    boxes = chart["texts"]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a["x1"] <= b["x0"] + 0.5 or b["x1"] <= a["x0"] + 0.5 or a["y1"] <= b["y0"] + 0.5 \
                or b["y1"] <= a["y0"] + 0.5
            assert apart, f"{where}: {a['text']!r} and {b['text']!r} overlap ({name})"
    shown = min(t["size"] for t in chart["texts"]) * image["width"] / chart["width"]
    if width < 600:
        assert shown >= MIN_TEXT_PX, f"{where}: chart text of {shown:.1f} px ({name})"
    else:
        assert image["width"] <= image["natural"] + 0.5, f"{where}: a chart enlarged to {image['width']:.0f} px"


def test_every_page_prints_without_cutting_content(browser, rendered_reports):
    """Print media at an A4 page's width (794 px): cards in three columns, tables unwrapped, nothing wider."""
    for name, language, result in rendered_reports:
        context = browser.new_context(viewport={"width": 794, "height": 1123})
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page.goto(result.html.resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        facts = page.evaluate("""() => ({scrollWidth: document.scrollingElement.scrollWidth,
            innerWidth: window.innerWidth,
            cardColumns: getComputedStyle(document.querySelector('.cx-cards') || document.body)
                .gridTemplateColumns.split(' ').length})""")
        pdf = page.pdf(format="A4")
        context.close()
        assert facts["scrollWidth"] <= facts["innerWidth"], (name, language)
        assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000, (name, language)
        if name == "monthly":
            assert facts["cardColumns"] == 3
