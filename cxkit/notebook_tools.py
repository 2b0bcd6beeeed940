"""Workshop notebook tools: the exercise version of a notebook, without its solutions.

    python -m cxkit.notebook_tools strip-solutions notebooks/01_nps.ipynb exercises/01_nps.ipynb
    python -m cxkit.notebook_tools strip-solutions notebooks/ exercises/        # every notebook below

A trainer's notebook marks each solution with a code cell tagged ``solution``
(cell metadata ``"tags": ["solution"]``; JupyterLab: the property inspector,
"Cell Tags"). ``strip-solutions`` writes a copy without those cells. By
default it also clears the outputs and execution counts of the cells that
remain, so that no printed result gives a solution away and participants run
the notebook themselves; ``--keep-outputs`` keeps them.

A folder is copied notebook by notebook, keeping its sub-folders (such as
``ru/``) and skipping ``.ipynb_checkpoints``. Nothing is overwritten in place:
the destination must differ from the source, and a tag that matches no cell
at all is an error (most likely a misspelt ``--tag``).

Exit codes: 0 done (one line per notebook on stdout); 2 bad input (one line on
stderr saying what is wrong).
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat

from .errors import CxkitError, CxkitValueError

__all__ = ["strip_solutions", "strip_solutions_path", "main"]

SOLUTION_TAG = "solution"
EXIT_BAD_INPUT = 2


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []))


def strip_solutions(notebook, *, tag: str = SOLUTION_TAG, clear_outputs: bool = True):
    """A copy of ``notebook`` (an ``nbformat.NotebookNode``) without the cells tagged ``tag``.

    With ``clear_outputs`` the remaining code cells lose their outputs and
    execution counts. The input is not modified.
    """
    if not isinstance(tag, str) or not tag:
        raise CxkitValueError(f"tag must be a non-empty string (a cell tag such as 'solution'); got {tag!r}.")
    stripped = copy.deepcopy(notebook)
    stripped.cells = [cell for cell in stripped.cells if tag not in _tags(cell)]
    if clear_outputs:
        for cell in stripped.cells:
            if cell.get("cell_type") == "code":
                cell.outputs = []
                cell.execution_count = None
    return stripped


def _read(path: Path):
    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as error:  # nbformat raises JSON, validation and version errors of several types
        raise CxkitValueError(
            f"{path} cannot be read as a Jupyter notebook (allowed: an .ipynb file in nbformat 4); "
            f"the reader said: {error}") from error


def _notebooks_below(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in path.parts)


def strip_solutions_path(source, destination, *, tag: str = SOLUTION_TAG,
                         clear_outputs: bool = True) -> dict[Path, int]:
    """Write the exercise version of a notebook file, or of every notebook in a folder.

    Returns ``{written path: number of solution cells removed}``.
    """
    source, destination = Path(source), Path(destination)
    if not source.exists():
        raise CxkitValueError(f"source {str(source)!r} does not exist (allowed: an .ipynb file or a folder "
                              "holding .ipynb files).")
    if source.resolve() == destination.resolve():
        raise CxkitValueError(f"destination {str(destination)!r} is the source itself; write the exercise "
                              "version somewhere else so the solutions are not lost.")
    if source.is_dir():
        if destination.exists() and not destination.is_dir():
            raise CxkitValueError(f"source {str(source)!r} is a folder, so destination must be a folder too; "
                                  f"{str(destination)!r} is a file.")
        if source.resolve() in destination.resolve().parents:
            raise CxkitValueError(f"destination {str(destination)!r} lies inside the source folder "
                                  f"{str(source)!r}; choose a folder outside it.")
        pairs = [(path, destination / path.relative_to(source)) for path in _notebooks_below(source)]
        if not pairs:
            raise CxkitValueError(f"source folder {str(source)!r} holds no .ipynb files.")
    else:
        if source.suffix != ".ipynb":
            raise CxkitValueError(f"source must be an .ipynb file or a folder; got {str(source)!r}.")
        target = destination / source.name if destination.is_dir() else destination
        pairs = [(source, target)]
    stripped = {}
    for path, target in pairs:
        notebook = _read(path)
        removed = sum(tag in _tags(cell) for cell in notebook.cells)
        stripped[target] = (strip_solutions(notebook, tag=tag, clear_outputs=clear_outputs), removed)
    if not any(removed for _notebook, removed in stripped.values()):
        raise CxkitValueError(f"no cell is tagged {tag!r} in {str(source)!r}; check the tag (the notebooks "
                              f"here use {SOLUTION_TAG!r}).")
    written = {}
    for target, (notebook, removed) in stripped.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, str(target))
        written[target] = removed
    return written


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cxkit.notebook_tools",
                                     description="Tools for the workshop notebooks.")
    commands = parser.add_subparsers(dest="command", required=True)
    strip = commands.add_parser("strip-solutions", help="write the exercise version without solution cells")
    strip.add_argument("source", help="a notebook (.ipynb) or a folder of notebooks")
    strip.add_argument("destination", help="the output notebook, or a folder")
    strip.add_argument("--tag", default=SOLUTION_TAG, help=f"cell tag of the solutions (default {SOLUTION_TAG!r})")
    strip.add_argument("--keep-outputs", action="store_true",
                       help="keep the outputs of the remaining cells (default: cleared)")
    return parser


def main(argv=None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        written = strip_solutions_path(arguments.source, arguments.destination, tag=arguments.tag,
                                       clear_outputs=not arguments.keep_outputs)
    except CxkitError as error:
        print(f"strip-solutions: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for path, removed in written.items():
        print(f"{path}: {removed} solution cell{'s' if removed != 1 else ''} removed")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through subprocess in the tests
    sys.exit(main())
