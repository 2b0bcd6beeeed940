"""Exact coverage of the NPS intervals by enumeration of all trinomial outcomes.

    python bench/nps_coverage.py                      # every method; bayes, bootstrap only n <= 30
    python bench/nps_coverage.py --full               # bayes and bootstrap at every n too (~20 min)
    python bench/nps_coverage.py --methods adjusted-wald score --every-n   # n = 10, 11, ..., 200

For a sample of ``n`` answers from a true distribution (detractor, passive,
promoter shares), every outcome ``(d, pa, p)`` with ``d + pa + p = n`` has
its multinomial probability; the exact coverage of a method is the total
probability of the outcomes whose interval contains the true NPS
(promoter share - detractor share). No simulation error: the only randomness
is the bootstrap's own resampling (fixed seed).

An interval depends on the outcome only, not on the true distribution, so the
intervals of all ``(n + 1)(n + 2) / 2`` outcomes of a given ``n`` are
computed once, in one vectorised ``cxkit.stats.nps_interval`` call (Bayes
in chunks, to bound memory), and reused for every true distribution.

Prints one row per (promoter share, detractor share, n), one column per
method, then each method's minimum coverage over n >= 10. The sample sizes
are 10, 15, 20, 30, 50, 75, 100, 150, 200, or with ``--every-n`` every n from
10 to 200 (cheap for adjusted Wald, Wald and score: a few seconds; Bayes costs
about 25 ms per outcome, 42,000 outcomes on the default sizes).

``tests/stats/test_nps_coverage.py`` imports the helpers from this file.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.special import gammaln, xlogy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cxkit.stats import NPS_METHODS, nps_interval  # noqa: E402

#: True distributions as (promoter share, detractor share); passives are the rest.
#: Realistic ones, near-balanced ones and extremes (few passives; 1-2 % detractors).
#: Every method but the (randomised) bootstrap is symmetric under swapping
#: promoters and detractors, so mirror images such as (0.05, 0.90) of
#: (0.90, 0.05) would repeat rows; (0.20, 0.60) stands for the negative scores.
DISTRIBUTIONS = (
    (0.10, 0.10), (0.05, 0.05), (0.30, 0.20), (0.50, 0.20), (0.40, 0.40), (0.60, 0.10),
    (0.70, 0.25), (0.20, 0.60), (0.45, 0.45), (0.80, 0.05), (0.90, 0.05), (0.95, 0.02),
    (0.80, 0.01), (0.30, 0.01),
)
SAMPLE_SIZES = (10, 15, 20, 30, 50, 75, 100, 150, 200)
EVERY_SAMPLE_SIZE = tuple(range(10, 201))
#: Methods run only at n <= 30 unless --full.
COSTLY = ("bayes", "bootstrap")
_BAYES_CHUNK = 2_000  # outcomes per nps_interval call for Bayes (2,000 x 2,000 nodes in memory)


def outcomes(n: int):
    """All (detractors, passives, promoters) with sum ``n``, as three int arrays."""
    d, p = np.divmod(np.arange((n + 1) ** 2), n + 1)
    keep = d + p <= n
    d, p = d[keep], p[keep]
    return d, n - d - p, p


def log_multinomial_coefficients(n: int) -> np.ndarray:
    """log(n! / (d! pa! p!)) for each outcome of :func:`outcomes` (same order)."""
    d, pa, p = outcomes(n)
    return gammaln(n + 1) - gammaln(d + 1) - gammaln(pa + 1) - gammaln(p + 1)


def outcome_probabilities(n: int, promoter: float, detractor: float, log_coefficients=None) -> np.ndarray:
    """Multinomial probability of each outcome of :func:`outcomes` (same order)."""
    d, pa, p = outcomes(n)
    if log_coefficients is None:
        log_coefficients = log_multinomial_coefficients(n)
    passive = 1.0 - promoter - detractor
    return np.exp(log_coefficients + xlogy(d, detractor) + xlogy(pa, passive) + xlogy(p, promoter))


def outcome_intervals(n: int, method: str, *, confidence_level: float = 0.95,
                      n_resamples: int = 1_000, seed: int = 2016):
    """Interval (-1..1 scale) of every outcome of :func:`outcomes`."""
    d, pa, p = outcomes(n)
    if method == "bayes":  # the same computation, cut in chunks only to bound memory
        parts = [nps_interval(d[i:i + _BAYES_CHUNK], pa[i:i + _BAYES_CHUNK], p[i:i + _BAYES_CHUNK],
                              method=method, confidence_level=confidence_level)
                 for i in range(0, len(d), _BAYES_CHUNK)]
        return np.concatenate([lo for lo, _ in parts]), np.concatenate([hi for _, hi in parts])
    return nps_interval(d, pa, p, method=method, confidence_level=confidence_level,
                        n_resamples=n_resamples, rng=np.random.default_rng(seed + n))


def exact_coverage(low, high, probabilities, truth: float) -> float:
    """Total probability of the outcomes whose closed interval contains ``truth``.

    1e-9 absorbs rounding where a bound equals the true NPS (a sample NPS can
    equal it exactly, and the widening rule puts bounds on sample NPS values).
    """
    inside = (low <= truth + 1e-9) & (truth - 1e-9 <= high)
    return float(probabilities[inside].sum())


def coverage_table(methods, sample_sizes=SAMPLE_SIZES, distributions=DISTRIBUTIONS, *,
                   method_sample_sizes=None, confidence_level: float = 0.95,
                   n_resamples: int = 1_000):
    """``{(promoter, detractor, n): {method: exact coverage}}``.

    ``method_sample_sizes`` maps a method to the sample sizes it is run at
    (default: all of ``sample_sizes``); elsewhere its entry is missing.
    """
    method_sample_sizes = method_sample_sizes or {}
    table = {}
    for n in sample_sizes:
        bounds = {m: outcome_intervals(n, m, confidence_level=confidence_level, n_resamples=n_resamples)
                  for m in methods if n in method_sample_sizes.get(m, sample_sizes)}
        log_coefficients = log_multinomial_coefficients(n)
        for promoter, detractor in distributions:
            probabilities = outcome_probabilities(n, promoter, detractor, log_coefficients)
            table[(promoter, detractor, n)] = {
                m: exact_coverage(low, high, probabilities, promoter - detractor)
                for m, (low, high) in bounds.items()}
    return table


def minima(table, methods, *, min_n: int = 10):
    """Each method's minimum coverage over rows with ``n >= min_n``, with the row."""
    out = {}
    for method in methods:
        rows = [(cov[method], key) for key, cov in table.items() if method in cov and key[2] >= min_n]
        if rows:
            out[method] = min(rows)
    return out


def format_table(table, methods, *, confidence_level: float = 0.95) -> str:
    head = f"{'promoters':>9} {'detractors':>10} {'n':>4} " + " ".join(f"{m:>13}" for m in methods)
    lines = [f"Exact coverage of {confidence_level:.0%} NPS intervals (all trinomial outcomes)", head]
    for (pr, de, n), cov in sorted(table.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        cells = " ".join(f"{cov[m]:>13.4f}" if m in cov else f"{'-':>13}" for m in methods)
        lines.append(f"{pr:>9.2f} {de:>10.2f} {n:>4d} {cells}")
    lines.append("minimum over these rows (n >= 10):")
    for method, (value, (pr, de, n)) in minima(table, methods).items():
        lines.append(f"  {method:>13}: {value:.4f} at promoters {pr:.2f}, detractors {de:.2f}, n {n}")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--methods", nargs="+", choices=NPS_METHODS, default=list(NPS_METHODS))
    parser.add_argument("--full", action="store_true",
                        help="run bayes and bootstrap at every n (default: n <= 30 only)")
    parser.add_argument("--every-n", action="store_true",
                        help="every n from 10 to 200 (with --full and bayes: hours)")
    parser.add_argument("--confidence-level", type=float, default=0.95)
    parser.add_argument("--n-resamples", type=int, default=1_000, help="bootstrap resamples")
    args = parser.parse_args(argv)
    sample_sizes = EVERY_SAMPLE_SIZE if args.every_n else SAMPLE_SIZES
    costly_sizes = sample_sizes if args.full else tuple(n for n in sample_sizes if n <= 30)
    start = time.perf_counter()
    table = coverage_table(args.methods, sample_sizes,
                           method_sample_sizes={m: costly_sizes for m in COSTLY},
                           confidence_level=args.confidence_level, n_resamples=args.n_resamples)
    print(format_table(table, args.methods, confidence_level=args.confidence_level))
    if "bootstrap" in args.methods:
        print(f"(bootstrap: {args.n_resamples} resamples per outcome, fixed seed)")
    print(f"({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
