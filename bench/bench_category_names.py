"""Cost of display names (cxkit/reports/category_display.py) against the same work without them, in one run.

    python bench/bench_category_names.py                  # 10 million answers
    python bench/bench_category_names.py --rows 1000000   # quicker

Prints times and ratios:

1. Lazy data (a Parquet file read by DuckDB, as the reports read large data):
   reading the file and the monthly report's group tables
   (``monthly.group_tables``: segment, channel and region) on the relation as
   read, against the same after ``DisplayNames.rename_frame`` (the distinct-value check plus a
   ``CASE`` projection that DuckDB runs inside the same scans).
2. In memory (pandas): ``rename_frame`` of every category column against one
   ``groupby(...).size()`` of the same frame, the cheapest pass a report makes.

Each timing is the best of ``--repeat`` runs; the machine's other load shows
in the spread.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _best(call, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import numpy as np

    from cxkit.datasets import SURVEY_DISPLAY_NAMES, sample_survey
    from cxkit.reports import monthly
    from cxkit.reports.category_display import DisplayNames
    from cxkit.reports.data import load_survey

    sample = sample_survey()
    rows = np.random.default_rng(1).integers(0, len(sample), size=args.rows)
    answers = sample.iloc[rows].reset_index(drop=True)
    names = DisplayNames(SURVEY_DISPLAY_NAMES["ru"], "ru")
    month = monthly.shift_month(sample["answered_at"].max().strftime("%Y-%m"), 0)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "answers.parquet"
        answers.to_parquet(path)
        plain = _best(lambda: monthly.group_tables(monthly.with_report_month(load_survey(str(path))), month=month),
                      args.repeat)
        named = _best(lambda: monthly.group_tables(monthly.with_report_month(names.rename_frame(
            load_survey(str(path)))), month=month), args.repeat)
        print(f"lazy, {args.rows:,} answers: group tables {plain:.2f} s as read, {named:.2f} s with display names "
              f"(ratio {named / plain:.2f})")

    columns = ["segment", "channel", "region"]
    baseline = _best(lambda: answers.groupby(columns, observed=True).size(), args.repeat)
    renamed = _best(lambda: names.rename_frame(answers), args.repeat)
    print(f"pandas, {args.rows:,} answers: rename_frame {renamed:.2f} s against one groupby of the category "
          f"columns {baseline:.2f} s (ratio {renamed / baseline:.2f})")


if __name__ == "__main__":
    main()
