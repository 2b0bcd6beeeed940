"""p-values of ``cx.compare_benchmark`` in the far tail: closed forms, not a bisection floored at 1e-12.

References: scipy's one-sample t-test, statsmodels' score test for a
proportion (``proportions_ztest(..., prop_var=p0)``, the test the Wilson
interval inverts), scipy's binomial tails for Clopper-Pearson (twice the
smaller one-sided exact tail), and Rocks' adjusted-Wald statistic written out
with scipy's normal distribution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.stats as st

import cxkit as cx
from cxkit.compare.benchmark import SMALLEST_INVERTED_P
from cxkit.reports.labels import labels
from cxkit.reports.locale import Formatter
from cxkit.stats import nps_interval, proportion_interval

RNG = np.random.default_rng(20261125)
RATINGS = RNG.integers(1, 6, size=400)  # mean about 3
SHARE = np.r_[np.full(700, 5), np.full(300, 2)]  # 70 % top-2
NPS_SCORES = np.r_[np.full(300, 10), np.full(500, 8), np.full(200, 3)]  # NPS 10


@pytest.mark.parametrize("benchmark", [2.0, 2.5, 2.9, 3.3])
def test_t_p_value_is_the_one_sample_t_test_down_the_tail(benchmark):
    estimate = cx.ces(RATINGS, statistic="mean")
    assert estimate.method == "t"
    p = cx.compare_benchmark(estimate, benchmark).p_value
    expected = st.ttest_1samp(RATINGS, benchmark).pvalue
    assert p == pytest.approx(expected, rel=1e-9)
    if benchmark == 2.0:
        assert p < 1e-30  # once floored at 1e-12


@pytest.mark.parametrize("benchmark", [50, 60, 67, 72, 80, 95])
def test_wilson_p_value_is_the_score_test(benchmark):
    from statsmodels.stats.proportion import proportions_ztest

    estimate = cx.csat(SHARE)
    p = cx.compare_benchmark(estimate, benchmark).p_value
    p0 = benchmark / 100
    expected = proportions_ztest(700, 1000, value=p0, prop_var=p0)[1]  # score test: the variance at p0
    assert p == pytest.approx(expected, rel=1e-9)
    if benchmark in (50, 95):
        assert p < 1e-30


def test_wilson_p_value_is_where_the_interval_touches_the_benchmark():
    estimate = cx.csat(SHARE)
    p = cx.compare_benchmark(estimate, 67).p_value
    low, _high = proportion_interval(700, 1000, confidence_level=1 - p, method="wilson")
    assert 100 * low[()] == pytest.approx(67, abs=1e-9)


@pytest.mark.parametrize("benchmark", [-30.0, 0.0, 5.0, 14.0, 40.0])
def test_adjusted_wald_nps_p_value_is_rocks_statistic(benchmark):
    estimate = cx.nps(NPS_SCORES)
    assert estimate.method == "adjusted-wald"
    p = cx.compare_benchmark(estimate, benchmark).p_value
    # Rocks (2016): 3/4, 3/2, 3/4 pseudo-answers added to detractors, passives, promoters.
    d, pa, pr = 200 + 0.75, 500 + 1.5, 300 + 0.75
    n = d + pa + pr
    centre = (pr - d) / n
    se = np.sqrt(((pr + d) / n - centre**2) / n)
    expected = 2 * st.norm.sf(abs(100 * centre - benchmark) / (100 * se))
    assert p == pytest.approx(expected, rel=1e-9)
    if benchmark != 14.0:  # the interval at 1 - p touches the benchmark (at 14 p is near 1)
        low, high = nps_interval(200, 500, 300, confidence_level=1 - p)
        edge = low[0] if benchmark < 100 * centre else high[0]
        if p > 1e-10:
            assert 100 * edge == pytest.approx(benchmark, abs=1e-6)
    if benchmark == -30.0:
        assert p < 1e-50


def test_benchmark_between_the_adjusted_centre_and_the_sample_nps_is_in_every_interval():
    with pytest.warns(cx.SmallSampleWarning, match="only 4 answers"):
        estimate = cx.nps(np.r_[np.full(3, 10), np.full(1, 0)])  # NPS 50, adjusted centre 2.25/7 = 32.1
    assert cx.compare_benchmark(estimate, 40.0).p_value == 1.0
    assert cx.compare_benchmark(estimate, 50.0).p_value == 1.0


def test_clopper_pearson_is_inverted_numerically_to_twice_the_exact_tail():
    estimate = cx.csat(SHARE, method="clopper-pearson")
    p = cx.compare_benchmark(estimate, 67).p_value
    expected = 2 * st.binom.sf(699, 1000, 0.67)  # twice P(X >= 700) at p0 = 0.67
    assert p == pytest.approx(expected, rel=1e-6)
    # Far beyond the numerical inversion's reach the p-value is its stated upper bound, never a made-up number.
    assert cx.compare_benchmark(estimate, 50).p_value == pytest.approx(SMALLEST_INVERTED_P, rel=1e-9)
    assert 2 * st.binom.sf(699, 1000, 0.5) < SMALLEST_INVERTED_P


def test_hoeffding_p_value_is_its_bound():
    table = pd.DataFrame({"metric": ["ces_mean"], "value": [4.0], "low": [np.nan], "high": [np.nan], "n": [50],
                          "method": ["hoeffding"], "confidence_level": [0.95]})
    assert np.isnan(cx.compare_benchmark(table, 3.0)["p_value"].iloc[0])  # a table does not carry the scale
    from cxkit.compare.benchmark import _p_closed_form

    data = {"value": np.array([4.0]), "n": np.array([50.0]), "lowest": np.array([1.0]), "highest": np.array([5.0])}
    p = _p_closed_form("mean", data, "hoeffding", np.array([3.0]))[0]
    assert p == pytest.approx(2 * np.exp(-2 * 50 * (1 / 4) ** 2))  # 2 exp(-6.25)


def test_table_rows_get_the_same_tail_p_values_as_single_estimates():
    frame = pd.DataFrame({"g": ["a"] * 1000 + ["b"] * 1000, "x": np.r_[SHARE, SHARE[::-1]]})
    table = cx.summarize(frame, metric="csat", score="x", by="g")
    compared = cx.compare_benchmark(table, 50, adjust="holm")
    single = cx.compare_benchmark(cx.csat(SHARE), 50).p_value
    assert compared["p_value"].to_numpy() == pytest.approx([single, single], rel=1e-12)
    assert compared["p_adjusted"].to_numpy() == pytest.approx([2 * single, 2 * single], rel=1e-12)


@pytest.mark.parametrize(("language", "shown"), [("en", "< 0.001"), ("ru", "< 0,001")])
def test_tiny_p_values_read_as_below_one_in_a_thousand(language, shown):
    fmt = Formatter(language, labels(language))
    assert fmt.p(cx.compare_benchmark(cx.csat(SHARE), 50).p_value) == shown
