"""The committed example reports (notebooks/examples/, re-run by nbval) stay in step with the templates."""

from __future__ import annotations

import nbformat
import pytest

from cxkit.reports.examples import DEFAULT_FOLDER, example_path
from cxkit.reports.runner import REPORTS, TEMPLATES_DIR


def _cells(path):
    notebook = nbformat.read(path, as_version=4)
    return [(cell.cell_type, cell.source) for cell in notebook.cells
            if "injected-parameters" not in cell.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_report_has_an_example_with_its_templates_cells(name):
    example = example_path(name)
    assert example.is_file(), f"no example of {name!r}: run python -m cxkit.reports.examples"
    assert _cells(example) == _cells(TEMPLATES_DIR / REPORTS[name].template), (
        f"{example.name} differs from its template: run python -m cxkit.reports.examples")
    executed = nbformat.read(example, as_version=4)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.get("execution_count") for cell in code), "the example must be committed executed"


def test_examples_folder_holds_only_report_examples():
    names = {example_path(name).name for name in REPORTS}
    assert {p.name for p in DEFAULT_FOLDER.glob("*.ipynb")} == names


def test_report_all_with_survey_data_but_no_events_skips_the_journey_report_and_says_so():
    import cxkit as cx
    from cxkit.reports.api import plan_runs

    with pytest.warns(cx.CxkitWarning, match=r"journey report is skipped because data gives survey answers"):
        runs = plan_runs("all", {"data": "answers.csv"})
    assert "journey" not in {name for name, _params in runs} and {"monthly", "benchmark"} <= {n for n, _ in runs}
    assert "journey" in {name for name, _params in plan_runs("all", {})}
