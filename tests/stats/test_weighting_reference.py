"""Weighted standard errors equal R's survey::svymean (with-replacement linearisation).

For ``svydesign(ids = ~1, weights = ~w, data = d)`` svymean's variance of the
ratio mean is ``n / (n - 1) * sum(w_i^2 (x_i - theta)^2) / (sum w_i)^2``
(Woodruff 1971; Wolter 2007, ch. 6; Lumley 2010, ch. 2; ``onestrat()`` in the
survey package scales by ``nPSU / (nPSU - 1)``, each row its own PSU with
``ids = ~1``). R is not installed here: the reference numbers below are that
formula worked by hand, and every test also checks against an explicit loop
over respondents written independently of cxkit.stats.weighting.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import cxkit as cx
from cxkit.stats.weighting import effective_counts


def _by_category(x, w, scores):
    """Per-category sums of weights and squared weights (what summarize passes in)."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    weighted = np.array([[w[x == s].sum() for s in scores]])
    squared = np.array([[(w[x == s] ** 2).sum() for s in scores]])
    return weighted, squared


def _svymean_se_by_loop(x, w):
    """The textbook with-replacement linearised SE, one respondent at a time."""
    n = len(x)
    total = 0.0
    weighted_sum = 0.0
    for xi, wi in zip(x, w):
        total += wi
        weighted_sum += wi * xi
    theta = weighted_sum / total
    v = 0.0
    for xi, wi in zip(x, w):
        z_i = wi * (xi - theta) / total  # influence of respondent i on the ratio mean
        v += z_i**2
    return math.sqrt(n / (n - 1) * v)


# (x, w, scores, R's SE worked by hand)
REFERENCE = {
    # R: svymean(~x, svydesign(ids = ~1, weights = ~w, data = data.frame(x = c(1, 1, -1, 0), w = 1:4)))
    # theta = 0, sum w^2 (x - theta)^2 = 1 + 4 + 9 + 0 = 14, (sum w)^2 = 100, n = 4:
    # v = 4/3 * 0.14 = 0.18667, SE = 0.4320494
    "nps": ([1, 1, -1, 0], [1.0, 2.0, 3.0, 4.0], [-1.0, 0.0, 1.0], math.sqrt(4 / 3 * 0.14)),
    # R: svymean(~x, svydesign(ids = ~1, weights = ~w, data = data.frame(x = c(1, 1, 0), w = c(3, 1, 1))))
    # theta = 0.8, sum w^2 (x - theta)^2 = 9 * 0.04 + 0.04 + 0.64 = 1.04, (sum w)^2 = 25, n = 3:
    # v = 3/2 * 1.04 / 25 = 0.0624, SE = 0.2497999
    "share": ([1, 1, 0], [3.0, 1.0, 1.0], [0.0, 1.0], math.sqrt(1.5 * 1.04 / 25)),
    # R: svymean(~x, svydesign(ids = ~1, weights = ~w,
    #                          data = data.frame(x = c(1, 2, 2, 4, 5), w = c(2, 1, 1, 0.5, 0.5))))
    # sum w = 5, theta = (2 + 2 + 2 + 2 + 2.5) / 5 = 2.1,
    # sum w^2 (x - theta)^2 = 4 * 1.21 + 0.01 + 0.01 + 0.25 * 3.61 + 0.25 * 8.41 = 7.865,
    # v = 5/4 * 7.865 / 25 = 0.39325, SE = 0.6270964
    "mean": ([1, 2, 2, 4, 5], [2.0, 1.0, 1.0, 0.5, 0.5], [1.0, 2.0, 3.0, 4.0, 5.0], math.sqrt(1.25 * 7.865 / 25)),
}


@pytest.mark.parametrize("kind", REFERENCE)
def test_se_equals_svymean_reference_and_the_loop(kind):
    x, w, scores, r_se = REFERENCE[kind]
    weighted, squared = _by_category(x, w, scores)
    _, se, _ = effective_counts(weighted, squared, scores, n_answers=[len(x)])
    assert se[0] == pytest.approx(r_se, rel=1e-12)
    assert se[0] == pytest.approx(_svymean_se_by_loop(x, w), rel=1e-12)


def test_se_by_loop_on_random_groups():
    rng = np.random.default_rng(7)
    scores = np.arange(0.0, 11.0)
    xs, ws, weighted, squared = [], [], [], []
    for n in (2, 3, 17, 200):
        x = rng.integers(0, 11, n).astype(float)
        w = rng.uniform(0.1, 5.0, n)
        a, b = _by_category(x, w, scores)
        xs.append(x), ws.append(w), weighted.append(a[0]), squared.append(b[0])
    _, se, n_kish = effective_counts(np.array(weighted), np.array(squared), scores,
                                     n_answers=[len(x) for x in xs])
    for i, (x, w) in enumerate(zip(xs, ws)):
        assert se[i] == pytest.approx(_svymean_se_by_loop(x, w), rel=1e-12)
        assert n_kish[i] == pytest.approx(w.sum() ** 2 / (w**2).sum(), rel=1e-12)
    # at n = 200 the n / (n - 1) factor is 0.25 % of the variance, 0.125 % of the SE
    _, se_old, _ = effective_counts(np.array(weighted), np.array(squared), scores)
    assert se[3] / se_old[3] == pytest.approx(math.sqrt(200 / 199), rel=1e-12)


def test_equal_weights_give_the_textbook_standard_error():
    x = np.array([1, 2, 2, 3, 5, 5, 4, 4, 3, 1], dtype=float)
    scores = np.arange(1.0, 6.0)
    weighted, squared = _by_category(x, np.full(len(x), 2.5), scores)
    counts, se, n_kish = effective_counts(weighted, squared, scores, n_answers=[len(x)])
    # svymean with equal weights: v = sum (x - mean)^2 / (n (n - 1)) = s^2 / n, the usual SE of a mean
    assert se[0] == pytest.approx(stats.sem(x), rel=1e-12)
    # ... which for a 0/1 share is sqrt(p (1 - p) / (n - 1)), the Wald SE times sqrt(n / (n - 1))
    share = (x >= 4).astype(float)
    w2, s2 = _by_category(share, np.ones(len(x)), [0.0, 1.0])
    _, se_share, _ = effective_counts(w2, s2, [0.0, 1.0], n_answers=[len(x)])
    assert se_share[0] == pytest.approx(math.sqrt(0.4 * 0.6 / 10) * math.sqrt(10 / 9), rel=1e-12)
    # the interval's effective counts are n / deff with svymean's deff = 1: the unweighted counts
    np.testing.assert_allclose(counts[0], np.bincount(x.astype(int), minlength=6)[1:], rtol=1e-12)
    assert n_kish[0] == pytest.approx(10.0)


def test_effective_n_is_n_over_svymean_deff():
    # deff = v / v_srs with v_srs = svyvar / n, svyvar = n / (n - 1) * weighted variance
    # (what svymean(..., deff = TRUE) reports); the factor n / (n - 1) cancels in n / deff.
    x, w, scores, _ = REFERENCE["mean"]
    x, w = np.asarray(x, dtype=float), np.asarray(w)
    n = len(x)
    theta = np.sum(w * x) / np.sum(w)
    svyvar = n / (n - 1) * np.sum(w * (x - theta) ** 2) / np.sum(w)
    v = _svymean_se_by_loop(x, w) ** 2
    deff = v / (svyvar / n)
    weighted, squared = _by_category(x, w, scores)
    counts, _, _ = effective_counts(weighted, squared, scores, n_answers=[n])
    assert counts.sum() == pytest.approx(n / deff, rel=1e-12)


def test_one_answer_has_no_standard_error_and_no_answers_none():
    weighted = np.array([[0.0, 2.0, 0.0], [0.0, 0.0, 0.0]])
    _, se, n_kish = effective_counts(weighted, weighted**2, [-1.0, 0.0, 1.0], n_answers=[1, 0])
    assert math.isnan(se[0]) and math.isnan(se[1])
    assert list(n_kish) == [1.0, 0.0]


def test_without_n_answers_the_large_sample_form_is_kept():
    # The fallback (no n / (n - 1)) is what summarize uses until it passes n_answers.
    x, w, scores, r_se = REFERENCE["nps"]
    weighted, squared = _by_category(x, w, scores)
    _, se, _ = effective_counts(weighted, squared, scores)
    assert se[0] == pytest.approx(math.sqrt(0.14), rel=1e-12)
    assert se[0] == pytest.approx(r_se * math.sqrt(3 / 4), rel=1e-12)


def test_n_answers_errors():
    weighted = np.ones((2, 3))
    with pytest.raises(cx.CxkitValueError, match=r"n_answers must hold one count >= 0 per group \(2\); got array\(\[3"):
        effective_counts(weighted, weighted, [-1.0, 0.0, 1.0], n_answers=[3, 4, 5])
    with pytest.raises(cx.CxkitValueError, match=r"n_answers must hold one count >= 0 per group \(2\); got array\(\[ *3"):
        effective_counts(weighted, weighted, [-1.0, 0.0, 1.0], n_answers=[3.0, np.nan])


def test_summarize_se_equals_svymean():
    df = pd.DataFrame({"s": [10, 9, 0, 8], "w": [1.0, 2.0, 3.0, 4.0]})
    table = cx.summarize(df, metric="nps", score="s", weights="w")
    assert table.loc[0, "se"] == pytest.approx(100 * REFERENCE["nps"][3], rel=1e-12)
