"""Exact coverage of the default NPS difference interval ("adjusted-welch").

Every pair of outcomes of two independent trinomial samples is enumerated
(bench/nps_difference_coverage.py; outcomes of total probability below 1e-7
dropped), with cxkit's own implementation; no simulation. The full table and
the other candidates: ``python bench/nps_difference_coverage.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.special import ndtri

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import nps_difference_coverage as bench  # noqa: E402

from cxkit.stats.difference import nps_difference  # noqa: E402

Z95 = float(ndtri(0.975))
GRID = [((0.30, 0.20), (0.30, 0.20)), ((0.40, 0.40), (0.40, 0.40)), ((0.80, 0.05), (0.80, 0.05)),
        ((0.50, 0.20), (0.40, 0.25)), ((0.80, 0.05), (0.90, 0.02)), ((0.45, 0.45), (0.50, 0.40))]
SIZES = [(30, 30), (30, 100), (100, 100)]


@pytest.fixture(scope="module")
def coverage():
    table = bench.coverage_table(["cxkit-adjusted-welch", "cxkit-adjusted-wald"], pairs=GRID, sizes=SIZES)
    return {key: value for key, value in table.items()}


def test_default_coverage_is_close_to_nominal_and_never_below_093(coverage):
    welch = np.array([row["cxkit-adjusted-welch"] for row in coverage.values()])
    assert welch.min() >= 0.93
    assert 0.94 <= welch.mean() <= 0.96
    # Pinned exact values (bench/nps_difference_coverage.py, tail 1e-7).
    assert coverage[((0.40, 0.40), (0.40, 0.40), 30, 100)]["cxkit-adjusted-welch"] == pytest.approx(0.9481, abs=1e-4)
    assert coverage[((0.80, 0.05), (0.90, 0.02), 30, 30)]["cxkit-adjusted-welch"] == pytest.approx(0.9667, abs=1e-4)


def test_default_is_less_conservative_than_rocks_adjustment_where_a_category_is_rare(coverage):
    key = ((0.80, 0.05), (0.90, 0.02), 30, 30)
    assert coverage[key]["cxkit-adjusted-wald"] == pytest.approx(0.9826, abs=1e-4)
    assert coverage[key]["cxkit-adjusted-welch"] < coverage[key]["cxkit-adjusted-wald"] - 0.01


def test_p_value_is_below_alpha_exactly_when_the_interval_excludes_zero():
    counts_a, _ = bench.likely_outcomes(20, 0.4, 0.3, 1e-12)
    counts_b, _ = bench.likely_outcomes(30, 0.5, 0.2, 1e-12)
    ca, cb = counts_a[:, :, None], counts_b[:, None, :]
    _diff, low, high, p = nps_difference(ca, cb, confidence_level=0.95, method="adjusted-welch")
    excludes = (low > 0) | (high < 0)
    assert np.array_equal(p < 0.05, excludes)


def test_matches_the_candidate_formula_of_the_bench():
    counts_a, _ = bench.likely_outcomes(25, 0.5, 0.2, 1e-9)
    counts_b, _ = bench.likely_outcomes(40, 0.3, 0.3, 1e-9)
    ca, cb = counts_a[:, :, None], counts_b[:, None, :]
    low, high = bench.difference_interval_adjusted_wald_welch(ca, cb, Z95)
    _diff, c_low, c_high, _p = nps_difference(ca, cb, confidence_level=0.95)
    # The bench uses a Cornish-Fisher t quantile (error < 2e-5 at df >= 19).
    np.testing.assert_allclose(c_low, low, atol=2e-5)
    np.testing.assert_allclose(c_high, high, atol=2e-5)
