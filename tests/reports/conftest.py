"""Every registered report rendered once per language for the page and browser tests.

The fixture renders through the registry (``render_many("all", ...)``), so a
report added to ``cxkit.reports.runner.REPORTS`` (benchmark, journey) is
checked by the same page and browser tests without a line here.
"""

from __future__ import annotations

import pytest

from cxkit.reports.labels import LANGUAGES


@pytest.fixture(scope="session")
def rendered_reports(tmp_path_factory):
    """[(report name, language, RenderedReport)] for every registered report, in English and Russian."""
    from cxkit.reports import runner

    folder = tmp_path_factory.mktemp("rendered")
    found = []
    for language in LANGUAGES:
        for name in runner.REPORTS:
            declared = runner.declared_parameters(name)
            parameters = {"language": language} if "language" in declared else {}
            result = runner.render_report(name, parameters, output_dir=folder / language)
            found.append((name, language, result))
    return found
