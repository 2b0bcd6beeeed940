"""``python -m cxkit.notebook_tools strip-solutions``: the exercise version of the workshop notebooks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxkit.errors import CxkitValueError
from cxkit.notebook_tools import main, strip_solutions, strip_solutions_path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _notebook():
    cells = [
        new_markdown_cell("# Title"),
        new_code_cell("x = 1", execution_count=1, outputs=[new_output("stream", name="stdout", text="1\n")]),
        new_markdown_cell("## Exercise: print x + 1"),
        new_code_cell("print(x + 1)", execution_count=2, metadata={"tags": ["solution"]},
                      outputs=[new_output("stream", name="stdout", text="2\n")]),
        new_code_cell("y = 3", execution_count=3, metadata={"tags": ["keep-me"]}),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})


def _solution_count(notebook) -> int:
    return sum("solution" in cell.metadata.get("tags", []) for cell in notebook.cells)


def test_strip_removes_only_the_tagged_cells_and_clears_outputs():
    original = _notebook()
    stripped = strip_solutions(original)
    assert [cell.source for cell in stripped.cells] == ["# Title", "x = 1", "## Exercise: print x + 1", "y = 3"]
    assert stripped.cells[3].metadata["tags"] == ["keep-me"]
    code = [cell for cell in stripped.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    nbformat.validate(stripped)
    # the trainer's notebook is untouched
    assert len(original.cells) == 5 and original.cells[1].outputs and original.cells[1].execution_count == 1


def test_keep_outputs_and_another_tag():
    kept = strip_solutions(_notebook(), clear_outputs=False)
    assert kept.cells[1].outputs[0].text == "1\n" and kept.cells[1].execution_count == 1
    other = strip_solutions(_notebook(), tag="keep-me")
    assert [cell.source for cell in other.cells][-1] == "print(x + 1)"


def test_cli_on_a_workshop_notebook(tmp_path, capsys):
    # main() is what `python -m cxkit.notebook_tools` runs; called in-process, because a new
    # interpreter importing cxkit would cost seconds.
    source = NOTEBOOKS / "01_nps.ipynb"
    target = tmp_path / "exercises" / "01_nps.ipynb"
    assert main(["strip-solutions", str(source), str(target)]) == 0
    original, exercise = nbformat.read(str(source), as_version=4), nbformat.read(str(target), as_version=4)
    removed = _solution_count(original)
    assert removed >= 1
    assert f"{removed} solution cells removed" in capsys.readouterr().out
    assert _solution_count(exercise) == 0
    assert len(exercise.cells) == len(original.cells) - removed
    kept = [cell.source for cell in original.cells if "solution" not in cell.metadata.get("tags", [])]
    assert [cell.source for cell in exercise.cells] == kept
    assert all(not cell.outputs for cell in exercise.cells if cell.cell_type == "code")
    nbformat.validate(exercise)


def test_folder_keeps_sub_folders_and_skips_checkpoints(tmp_path):
    source = tmp_path / "notebooks"
    (source / "ru").mkdir(parents=True)
    (source / ".ipynb_checkpoints").mkdir()
    for path in (source / "a.ipynb", source / "ru" / "a.ipynb", source / ".ipynb_checkpoints" / "a-checkpoint.ipynb"):
        nbformat.write(_notebook(), str(path))
    written = strip_solutions_path(source, tmp_path / "exercises")
    assert written == {tmp_path / "exercises" / "a.ipynb": 1, tmp_path / "exercises" / "ru" / "a.ipynb": 1}
    assert not (tmp_path / "exercises" / ".ipynb_checkpoints").exists()


def test_file_into_an_existing_folder(tmp_path):
    nbformat.write(_notebook(), str(tmp_path / "a.ipynb"))
    (tmp_path / "out").mkdir()
    assert strip_solutions_path(tmp_path / "a.ipynb", tmp_path / "out") == {tmp_path / "out" / "a.ipynb": 1}


def test_whole_notebooks_folder_has_solutions_in_every_notebook(tmp_path):
    written = strip_solutions_path(NOTEBOOKS, tmp_path / "exercises")
    # notebooks/examples/ holds the executed example reports (no exercises); every workshop notebook has some.
    examples = tmp_path / "exercises" / "examples"
    workshop = {path: count for path, count in written.items() if examples not in path.parents}
    assert workshop and all(count >= 1 for count in workshop.values())
    assert all(count == 0 for path, count in written.items() if examples in path.parents)
    assert tmp_path / "exercises" / "ru" / "01_nps.ipynb" in written


def test_errors_say_what_is_wrong(tmp_path):
    notebook = tmp_path / "a.ipynb"
    nbformat.write(_notebook(), str(notebook))
    with pytest.raises(CxkitValueError, match=r"source '.*missing.ipynb' does not exist"):
        strip_solutions_path(tmp_path / "missing.ipynb", tmp_path / "b.ipynb")
    with pytest.raises(CxkitValueError, match="is the source itself"):
        strip_solutions_path(notebook, notebook)
    with pytest.raises(CxkitValueError, match=r"no cell is tagged 'solutoin'.*check the tag"):
        strip_solutions_path(notebook, tmp_path / "b.ipynb", tag="solutoin")
    assert not (tmp_path / "b.ipynb").exists()
    with pytest.raises(CxkitValueError, match="tag must be a non-empty string"):
        strip_solutions(_notebook(), tag="")
    text = tmp_path / "notes.txt"
    text.write_text("not a notebook")
    with pytest.raises(CxkitValueError, match="must be an .ipynb file or a folder"):
        strip_solutions_path(text, tmp_path / "b.ipynb")
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    with pytest.raises(CxkitValueError, match="cannot be read as a Jupyter notebook"):
        strip_solutions_path(broken, tmp_path / "b.ipynb")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CxkitValueError, match="holds no .ipynb files"):
        strip_solutions_path(tmp_path / "empty", tmp_path / "out")
    with pytest.raises(CxkitValueError, match="lies inside the source folder"):
        strip_solutions_path(tmp_path, tmp_path / "exercises")
    with pytest.raises(CxkitValueError, match="destination must be a folder too"):
        strip_solutions_path(tmp_path / "empty", notebook)


def test_cli_exit_code_and_message_on_bad_input(tmp_path, capsys):
    assert main(["strip-solutions", str(tmp_path / "missing.ipynb"), str(tmp_path / "b.ipynb")]) == 2
    assert "strip-solutions: source" in capsys.readouterr().err
