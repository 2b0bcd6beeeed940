"""The example report notebooks in ``notebooks/examples/``: each template executed on the bundled data.

They are committed with their outputs and re-run by nbval in the test suite
(strict mode, like the workshop notebooks), so a change in what a report shows
on the sample data is seen in review. Regenerate them after changing a
template or what it computes::

    python -m cxkit.reports.examples [FOLDER]      # default: notebooks/examples of this checkout

``tests/reports/test_report_examples.py`` fails when an example's code no
longer equals its template's. The machine-readable outputs each run writes
(``metrics.json``, CSV) go to a temporary folder, not into the repository.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from .runner import REPORTS, TEMPLATES_DIR

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "notebooks" / "examples"


def example_path(name: str, folder: Path = DEFAULT_FOLDER) -> Path:
    """Where the example of report ``name`` lives."""
    return Path(folder) / REPORTS[name].template


def write_examples(folder: Path = DEFAULT_FOLDER, names=None) -> list[Path]:
    """Execute every registered template (or ``names``) with its defaults into ``folder``."""
    import papermill

    from .execution import KERNEL_NAME

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or sorted(REPORTS):
        target = example_path(name, folder)
        with tempfile.TemporaryDirectory(prefix="cxkit-example-") as scratch:
            papermill.execute_notebook(str(TEMPLATES_DIR / REPORTS[name].template), str(target), parameters={},
                                       cwd=scratch, kernel_name=KERNEL_NAME, progress_bar=False)
        written.append(target)
    return written


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for path in write_examples(Path(args[0]) if args else DEFAULT_FOLDER):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
