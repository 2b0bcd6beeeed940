"""The workshop notebooks as files: committed executed, exercises well formed, Russian editions in step.

nbval (``pytest --nbval``, in the suite's addopts) re-runs every notebook and
compares its outputs; these tests check what nbval does not:

- every notebook is committed executed, top to bottom, without errors, and
  without stderr in a compared cell (nbval compares stderr too, and warnings
  are run-specific);
- every notebook has exercises: each solution cell (tag ``solution``) is a
  code cell right after the markdown cell that states the exercise, and no
  later cell needs a name only a solution defines, so the exercise version
  (``python -m cxkit.notebook_tools strip-solutions``) still runs;
- each Russian edition in ``notebooks/ru/`` has an English original of the
  same name with the same cells: the same cell types and tags in the same
  order, the same heading levels, and the same code once string literals and
  comments (the human-language parts) are set aside; its markdown is in
  Russian and its printed text too.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ENGLISH = sorted(NOTEBOOKS.glob("*.ipynb"))
RUSSIAN = sorted((NOTEBOOKS / "ru").glob("*.ipynb"))
ALL = ENGLISH + RUSSIAN
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
SOLUTION = "solution"


def _read(path: Path):
    return nbformat.read(str(path), as_version=4)


def _name(path: Path) -> str:
    return str(path.relative_to(NOTEBOOKS))


def _tags(cell) -> tuple:
    return tuple(cell.metadata.get("tags", []))


def test_the_workshop_notebooks_are_there():
    names = {path.name for path in ENGLISH}
    for expected in ("00_quick_start.ipynb", "01_nps.ipynb", "02_satisfaction_effort.ipynb",
                     "03_is_the_change_real.ipynb", "04_churn_retention_value.ipynb",
                     "05_response_times.ipynb", "06_customer_journey.ipynb", "07_reports.ipynb",
                     "08_beyond_one_machine.ipynb"):
        assert expected in names
    assert {path.name for path in RUSSIAN} >= {"00_quick_start.ipynb", "01_nps.ipynb"}


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_committed_executed_in_order_without_errors_or_compared_stderr(path):
    notebook = _read(path)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code_cells] == list(range(1, len(code_cells) + 1)), \
        "run the notebook top to bottom in a fresh kernel before committing"
    for cell in code_cells:
        kinds = [output.output_type for output in cell.outputs]
        assert "error" not in kinds, cell.source
        if "nbval-ignore-output" not in _tags(cell):
            stderr = [output for output in cell.outputs
                      if output.output_type == "stream" and output.name == "stderr"]
            assert not stderr, f"stderr output (compared by nbval) in: {cell.source[:80]!r}"


def _bound_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def _loaded_names(tree: ast.AST) -> set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_exercises_have_tagged_solutions_that_no_later_cell_needs(path):
    cells = _read(path).cells
    solutions = [index for index, cell in enumerate(cells) if SOLUTION in _tags(cell)]
    assert solutions, "each notebook has at least one exercise with a solution cell"
    for index in solutions:
        assert cells[index].cell_type == "code"
        assert index > 0 and cells[index - 1].cell_type == "markdown", \
            "a solution follows the markdown cell that states its exercise"
    kept = [(index, ast.parse(cell.source)) for index, cell in enumerate(cells)
            if cell.cell_type == "code" and SOLUTION not in _tags(cell)]
    bound_outside = set().union(*(_bound_names(tree) for _index, tree in kept))
    only_in_solutions = set().union(*(_bound_names(ast.parse(cells[index].source)) for index in solutions))
    only_in_solutions -= bound_outside
    for index, tree in kept:
        if index > solutions[0]:
            assert not _loaded_names(tree) & only_in_solutions, \
                f"cell {index} uses {sorted(_loaded_names(tree) & only_in_solutions)}, defined only in a solution"


def _code_shape(source: str) -> list[tuple[int, str]]:
    """The code's tokens with every string literal and comment blanked out (and layout ignored)."""
    shape = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                          tokenize.ENDMARKER):
            continue
        if token.type == tokenize.STRING or token.type in {getattr(tokenize, name, None) for name in
                                                            ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")}:
            shape.append((tokenize.STRING, ""))
            continue
        shape.append((token.type, token.string))
    return shape


def _headings(source: str) -> list[int]:
    return [len(line) - len(line.lstrip("#")) for line in source.splitlines() if re.match(r"#+ ", line)]


def test_code_shape_sets_aside_strings_and_comments_only():
    assert _code_shape('print(f"{n} answers")  # count') == _code_shape('print(f"{n} ответов")')
    assert _code_shape('print(f"{n} answers")') != _code_shape('print(f"{n} answers", n)')
    assert _code_shape("x = 1\ny = 2") != _code_shape("x = 1\ny = 3")


@pytest.mark.parametrize("russian", RUSSIAN, ids=_name)
def test_russian_edition_is_in_step_with_the_english_one(russian):
    english = NOTEBOOKS / russian.name
    assert english.exists(), f"{_name(russian)} has no English original {english.name}"
    ru_cells, en_cells = _read(russian).cells, _read(english).cells
    assert [(cell.cell_type, _tags(cell)) for cell in ru_cells] == \
        [(cell.cell_type, _tags(cell)) for cell in en_cells], "same cells, types and tags, in the same order"
    for position, (ru_cell, en_cell) in enumerate(zip(ru_cells, en_cells)):
        if en_cell.cell_type == "code":
            assert _code_shape(ru_cell.source) == _code_shape(en_cell.source), \
                f"code cell {position} differs beyond its strings and comments"
        else:
            assert _headings(ru_cell.source) == _headings(en_cell.source), f"headings of cell {position}"
            assert CYRILLIC.search(ru_cell.source), f"markdown cell {position} is not translated"
            assert not CYRILLIC.search(en_cell.source), f"English markdown cell {position} holds Cyrillic"


@pytest.mark.parametrize("russian", RUSSIAN, ids=_name)
def test_russian_edition_prints_russian_where_the_english_one_prints_english(russian):
    english = NOTEBOOKS / russian.name
    ru_cells, en_cells = _read(russian).cells, _read(english).cells
    for position, (ru_cell, en_cell) in enumerate(zip(ru_cells, en_cells)):
        if en_cell.cell_type != "code":
            continue
        english_strings = [token.string for token in tokenize.generate_tokens(io.StringIO(en_cell.source).readline)
                           if token.type == tokenize.STRING and re.search(r"[A-Za-z]{4,} [a-z]{3,}", token.string)
                           and "print" in en_cell.source]
        if english_strings:
            assert CYRILLIC.search(ru_cell.source), f"code cell {position} prints English text untranslated"
