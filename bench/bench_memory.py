"""Peak memory of cx.nps on many int8 answers, as a ratio to the input's size.

    python bench/bench_memory.py                  # 50 million answers
    python bench/bench_memory.py --rows 5000000   # quicker

For each form of the answers (numpy int8 array, pandas Series of int8,
pandas nullable Int8 with 3 % missing) it prints the tracemalloc peak of one
``cx.nps`` call (tracemalloc sees numpy's allocations) against the input's
``nbytes``, e.g.::

    cx.nps on 50,000,000 int8 answers (ndarray): peak 1.0 MiB for 47.7 MiB input = 0.02x

and the growth of the process's peak resident memory (ru_maxrss) during the
call, which also counts memory tracemalloc does not see. Target: at most 2x.
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import sys
import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # this checkout's cxkit

import cxkit as cx  # noqa: E402

MIB = 1 << 20


def _maxrss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # bytes on macOS, KiB on Linux


def measure(label: str, scores, rows: int) -> float:
    size = scores.nbytes
    rss_before = _maxrss_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        estimate = cx.nps(scores)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - started
    rss_growth = _maxrss_bytes() - rss_before
    print(f"cx.nps on {rows:,} int8 answers ({label}): peak {peak / MIB:.1f} MiB for {size / MIB:.1f} MiB input "
          f"= {peak / size:.2f}x; ru_maxrss grew {rss_growth / MIB:.1f} MiB; {seconds:.2f} s; "
          f"NPS {estimate.value:.2f} (n={estimate.n:,}, missing {estimate.n_missing:,})")
    return peak / size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    answers = rng.integers(0, 11, args.rows, dtype=np.int8)
    missing = rng.random(args.rows) < 0.03
    nullable = pd.Series(pd.arrays.IntegerArray(answers, missing))
    del missing
    print(f"cxkit from {pathlib.Path(cx.__file__).parent}")
    ratios = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        for label, scores in [("numpy ndarray", answers), ("pandas Series", pd.Series(answers, copy=False)),
                              ("pandas nullable Int8, 3 % missing", nullable)]:
            ratios.append(measure(label, scores, args.rows))
    worst = max(ratios)
    print(f"worst ratio {worst:.2f}x (target: at most 2x): {'ok' if worst <= 2 else 'ABOVE TARGET'}")
    return 0 if worst <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
