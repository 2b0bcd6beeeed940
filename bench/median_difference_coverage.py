"""Simulated coverage and size of the interval for a change of median waits (cxkit.stats.medians).

    python bench/median_difference_coverage.py             # 20,000 runs a cell, about 20 s
    python bench/median_difference_coverage.py --runs 4000 --censored-runs 500   # quicker

(Run from the repository root with the project's environment, e.g. ``.venv/bin/python bench/...``.)

What is measured
----------------
The monthly report's first response time compares this month's median wait with last month's and
the same month a year before: :func:`cxkit.stats.medians.median_difference` (Bonett & Price 2002)
from each month's standard error. For each cell of the grid, two independent samples of waits
(``n1`` from a distribution with median 5 h times a factor, ``n2`` with median 7 h) give a 95 %
interval for the difference of the medians; the coverage is the share of runs whose interval holds
the true difference. The size is the share of runs that reject "no change" (p < 0.05) when both
samples come from the same distribution: 1 - coverage at a true difference of 0.

- Answered tickets: exponential, log-normal (sigma 1) and gamma (shape 2) waits; the standard error
  is McKean-Schrader's from two order statistics (Bonett & Price's form), vectorised over runs here
  with the same sums as :func:`cxkit.stats.medians.median_standard_error`.
- Unanswered tickets (censored, exponential censoring times): Kaplan-Meier medians through cxkit's
  own :func:`cxkit.stats.survival.kaplan_meier`; the standard error is read back from the median's
  Brookmeyer-Crowley interval (:func:`cxkit.stats.medians.interval_standard_error`). One run at a
  time, so fewer runs.

The Monte Carlo standard error of a coverage near 0.95 is ``sqrt(0.95 * 0.05 / runs)``: 0.0015 for
20,000 runs, 0.0097 for 500.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy import stats
from scipy.special import bdtr, ndtri

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cxkit.stats.medians import interval_standard_error, median_difference  # noqa: E402
from cxkit.stats.survival import kaplan_meier, median_survival  # noqa: E402

DISTRIBUTIONS = {  # name: draw(rng, median, size), waits with that median
    "exponential": lambda rng, median, size: rng.exponential(median / np.log(2), size),
    "log-normal": lambda rng, median, size: median * rng.lognormal(0.0, 1.0, size),
    "gamma(2)": lambda rng, median, size: rng.gamma(2.0, median / stats.gamma(2.0).median(), size),
}
SIZES = ((10, 10), (15, 15), (30, 30), (40, 80), (200, 150), (1000, 1000))


def _se_rows(sorted_rows: np.ndarray) -> np.ndarray:
    n = sorted_rows.shape[1]
    c = max(1, int(round(n / 2 - np.sqrt(n))))
    return (sorted_rows[:, n - c] - sorted_rows[:, c - 1]) / (2 * ndtri(1 - bdtr(c - 1, n, 0.5)))


def answered(runs: int, rng) -> None:
    print(f"answered tickets, {runs:,} runs a cell: coverage of the 95 % interval (true medians 5 h and 7 h), "
          f"size at equal medians")
    print(f"{'waits':<12} {'n1':>5} {'n2':>5} {'coverage':>9} {'size':>7}")
    for name, draw in DISTRIBUTIONS.items():
        for n1, n2 in SIZES:
            a = np.sort(draw(rng, 5.0, (runs, n1)), axis=1)
            b = np.sort(draw(rng, 7.0, (runs, n2)), axis=1)
            same = np.sort(draw(rng, 5.0, (runs, n2)), axis=1)
            _d, low, high, _p = median_difference(np.median(a, 1), _se_rows(a), np.median(b, 1), _se_rows(b))
            coverage = np.mean((low <= -2.0) & (-2.0 <= high))
            size = np.mean(median_difference(np.median(a, 1), _se_rows(a), np.median(same, 1),
                                             _se_rows(same))[3] < 0.05)
            print(f"{name:<12} {n1:>5} {n2:>5} {coverage:>9.4f} {size:>7.4f}")


def small_months(runs: int, rng) -> None:
    """Why no test below MIN_N_ORDER_STATISTICS: a small month against a month of 300, equal medians."""
    from cxkit.stats.medians import MIN_N_ORDER_STATISTICS

    print(f"\na small month against a month of 300 tickets, equal medians, {runs:,} runs: size of the test "
          f"(cxkit tests from n = {MIN_N_ORDER_STATISTICS})")
    print(f"{'waits':<12} {'n':>5} {'size':>7}")
    for name, draw in DISTRIBUTIONS.items():
        for n in (2, 3, 5, 8, 10, 15, 20):
            a = np.sort(draw(rng, 5.0, (runs, n)), axis=1)
            b = np.sort(draw(rng, 5.0, (runs, 300)), axis=1)
            size = np.mean(median_difference(np.median(a, 1), _se_rows(a), np.median(b, 1), _se_rows(b))[3] < 0.05)
            print(f"{name:<12} {n:>5} {size:>7.4f}")


def censored(runs: int, rng) -> None:
    print(f"\nunanswered tickets (exponential waits and censoring), Kaplan-Meier medians, {runs:,} runs a cell")
    print(f"{'censored':<12} {'n1':>5} {'n2':>5} {'coverage':>9} {'size':>7}")

    def one(n, median, rate):
        wait = rng.exponential(median / np.log(2), n)
        censor = rng.exponential(median / np.log(2) / rate, n)
        value, low, high = median_survival(kaplan_meier(np.minimum(wait, censor), wait <= censor))
        return value, interval_standard_error(low, high)

    for rate in (0.1, 0.3):
        for n1, n2 in ((20, 300), (30, 30), (80, 120), (300, 300)):
            hits = rejected = defined = tested = 0
            for _ in range(runs):
                (m1, s1), (m2, s2), (m3, s3) = one(n1, 5.0, rate), one(n2, 7.0, rate), one(n2, 5.0, rate)
                _d, low, high, _p = median_difference(m1, s1, m2, s2)
                if np.isfinite(low):
                    defined += 1
                    hits += low <= -2.0 <= high
                p = median_difference(m1, s1, m3, s3)[3]
                if np.isfinite(p):
                    tested += 1
                    rejected += p < 0.05
            print(f"{f'~{rate:.0%}':<12} {n1:>5} {n2:>5} {hits / max(defined, 1):>9.4f} {rejected / max(tested, 1):>7.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--censored-runs", type=int, default=1_500)
    parser.add_argument("--seed", type=int, default=20021)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    answered(args.runs, rng)
    small_months(args.runs, rng)
    censored(args.censored_runs, rng)


if __name__ == "__main__":
    main()
