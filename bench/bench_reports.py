"""Speed of the report machinery against baselines measured in the same run.

    python bench/bench_reports.py                 # all three, 10 million answers
    python bench/bench_reports.py --rows 2000000  # quicker

Prints times and ratios:

1. The monthly report on the bundled sample (``cxkit.reports.render``: data
   checks, papermill, nbconvert to HTML, metrics.json, CSV, atomic publish)
   against a trivial notebook (one ``print`` cell) run through papermill and
   nbconvert with the same kernel set-up (target: within 2x), twice:

   - cold: the first render in a process, which starts its kernel and waits
     for it to import pandas, scipy and cxkit (spare kernel off; the monthly
     charts are SVG, so no matplotlib);
   - with a spare kernel: a later render in the same session, which takes the
     warm, unused kernel the previous render left (``cxkit.reports.spare``);
     each timed render starts after the spare has finished its imports.

   cxkit's own modules are compiled to bytecode first, as ``pip install``
   does (this machine's PYTHONDONTWRITEBYTECODE would otherwise make every
   kernel compile them from source).
   And the same comparison as an analyst runs it from a shell: ``cxkit report
   monthly`` against the ``papermill`` and ``jupyter nbconvert --to html``
   commands on the trivial notebook (each a fresh process that imports its
   tools and starts its kernel; target: within 2x).
2. The monthly report on ``--rows`` answers (default ten million) in one
   Parquet file, end to end through the ``cxkit report`` command: read and
   checked by DuckDB (never a pandas frame of the answers), every table one
   GROUP BY (target: under 15 s). Writing the file is not timed.
3. ``cxkit report all`` on the sample, through the command (target: under 20 s).

Each timing is the best of ``--repeat`` runs (default 1 for the large run,
2 for the others); the machine's other load shows in the spread.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(call, repeat: int, before=None) -> float:
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def trivial_notebook_run(folder: Path, code: str = "print(1)") -> None:
    """papermill + nbconvert on a one-cell notebook, with the runner's kernel set-up."""
    import nbformat
    import papermill

    from cxkit.reports.execution import KERNEL_NAME, kernel_config
    from cxkit.reports.runner import html_exporter

    source = folder / f"trivial-{abs(hash(code))}.ipynb"
    if not source.exists():
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell(code))
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, source)
    executed = folder / "trivial-out.ipynb"
    with tempfile.TemporaryDirectory() as private:
        papermill.execute_notebook(str(source), str(executed), kernel_name=KERNEL_NAME, progress_bar=False,
                                   log_output=False, cwd=str(folder), config=kernel_config(KERNEL_NAME, Path(private)))
    body, _ = html_exporter().from_notebook_node(nbformat.read(executed, as_version=4))
    (folder / "trivial.html").write_text(body, encoding="utf-8")


def _spare_ready() -> None:
    """Wait until the spare kernel has finished its imports (not timed: a user reads the last page meanwhile)."""
    from cxkit.reports import spare

    client = spare._spare["kernel"].km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
    finally:
        client.stop_channels()


def big_parquet(path: Path, rows: int) -> None:
    """``rows`` answers: the sample survey's rows repeated, with answer times spread over each month."""
    import duckdb

    import cxkit as cx

    sample = cx.datasets.sample_survey()
    copies = -(-rows // len(sample))
    con = duckdb.connect()
    con.register("sample", sample)
    con.execute(f"""
        COPY (SELECT s.* REPLACE (s.response_id + c.i * 1000000 AS response_id,
                                  s.answered_at + to_seconds((c.i % 3600)::BIGINT) AS answered_at)
              FROM sample s CROSS JOIN range({copies}) c(i) LIMIT {rows})
        TO '{path}' (FORMAT parquet)""")


def cli(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    run = subprocess.run([sys.executable, "-m", "cxkit", "report", *args, "--no-progress"], env=env,
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"cxkit report {' '.join(args)} failed:\n{run.stderr}")


def _command(name: str, module: str) -> list[str]:
    """The console script ``name`` installed beside this Python (what an analyst types), else ``python -m``."""
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.is_file() else [sys.executable, "-m", module]


def trivial_commands(folder: Path) -> None:
    """``papermill`` then ``jupyter nbconvert --to html --no-input`` on the one-cell notebook, as shell commands."""
    import nbformat

    source, executed = folder / "trivial-cli.ipynb", folder / "trivial-cli-out.ipynb"
    if not source.exists():
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell("print(1)"))
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, source)
    for args in ([*_command("papermill", "papermill"), "--no-progress-bar", "-k", "python3", str(source),
                  str(executed)],
                 [*_command("jupyter-nbconvert", "nbconvert"), "--to", "html", "--no-input", str(executed)]):
        run = subprocess.run(args, capture_output=True, text=True, check=False, cwd=folder)
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed:\n{run.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip", action="append", default=[], choices=["sample", "large", "all"])
    args = parser.parse_args()
    import cxkit.reports as reports

    import compileall

    compileall.compile_dir(str(ROOT / "cxkit"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="cxkit-bench-reports-") as tmp:
        folder = Path(tmp)
        if "sample" not in args.skip:
            from cxkit.reports import spare

            render = lambda: reports.render("monthly", output_dir=folder / "out", progress=False)  # noqa: E731
            trivial = _best(lambda: trivial_notebook_run(folder), args.repeat)
            spare.set_spare_kernel(False)
            cold = _best(render, args.repeat)
            importing = _best(lambda: trivial_notebook_run(folder, "import cxkit, cxkit.plotting"), args.repeat)
            spare.set_spare_kernel(True)
            render()  # leaves the first spare
            warm = _best(lambda: render(), args.repeat, before=_spare_ready)
            spare.close_spare_kernel()
            print(f"1. monthly report on the sample; trivial papermill+nbconvert: {trivial:.2f} s (target <= 2x)")
            print(f"   cold (first render in a process):  {cold:.2f} s, ratio {cold / trivial:.2f}x")
            print(f"   with the spare kernel (later renders in a session): {warm:.2f} s, ratio {warm / trivial:.2f}x")
            print(f"   for scale: the trivial notebook importing cxkit and cxkit.plotting: {importing:.2f} s "
                  f"({importing / trivial:.2f}x trivial; the cold report is {cold / importing:.2f}x that)")
            shell_trivial = _best(lambda: trivial_commands(folder), args.repeat)
            shell_report = _best(lambda: cli("monthly", "--output-dir", str(folder / "shell")), args.repeat)
            print(f"   from a shell: cxkit report monthly {shell_report:.2f} s; papermill + jupyter nbconvert "
                  f"on the trivial notebook {shell_trivial:.2f} s: ratio {shell_report / shell_trivial:.2f}x")
        if "large" not in args.skip:
            data = folder / "answers.parquet"
            start = time.perf_counter()
            big_parquet(data, args.rows)
            print(f"   (wrote {args.rows:,} answers to Parquet in {time.perf_counter() - start:.1f} s, not timed)")
            large = _best(lambda: cli("monthly", "--data", str(data), "--output-dir", str(folder / "big")), 1)
            print(f"2. monthly report on {args.rows:,} answers (Parquet, cxkit report): {large:.2f} s "
                  f"(target < 15 s)")
        if "all" not in args.skip:
            every = _best(lambda: cli("all", "--output-dir", str(folder / "all")), args.repeat)
            print(f"3. cxkit report all on the sample ({', '.join(reports.REPORTS)}): {every:.2f} s (target < 20 s)")


if __name__ == "__main__":
    main()
