"""Planning functions and adjust_p_values reject non-finite and out-of-range inputs.

Before: sample_size(margin=inf) returned 1, sample_size(metric="csat",
expected=0) returned 1 (sigma = 0), sample_size_per_group(difference=inf)
returned 2, and adjust_p_values accepted p = -0.5, 1.5, inf and 2-D input.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

import cxkit as cx

NAN, INF = math.nan, math.inf


@pytest.mark.parametrize("kwargs, message", [
    ({"margin": INF}, r"margin \(inf\) must be a finite number greater than 0 and at most 200, the whole range of nps"),
    ({"margin": NAN}, r"margin \(nan\) must be a finite number greater than 0 and at most 200"),
    ({"margin": -INF}, r"margin \(-inf\) must be a number from 0 to inf"),
    ({"margin": 250}, r"margin \(250\) must be a finite number greater than 0 and at most 200"),
    ({"metric": "csat", "margin": 101}, r"margin \(101\) must be .*at most 100, the whole range of csat"),
    ({"metric": "mean", "scale": (1, 7), "margin": 6.5}, r"margin \(6.5\) must be .*at most 6, the whole range of mean"),
    ({"margin": True}, r"margin \(True\) must be a number from 0 to inf"),
    ({"margin": 5, "confidence_level": NAN}, r"confidence_level \(nan\) must be strictly between 0 and 1"),
    ({"margin": 5, "confidence_level": 1 - 1e-12}, r"confidence_level \(0\.999999999999\) is too close to 1"),
    ({"margin": 5, "expected": NAN}, r"expected \(nan\) must be a number from -100 to 100"),
    ({"margin": 5, "expected": INF}, r"expected \(inf\) must be a number from -100 to 100"),
    ({"margin": 5, "expected": 100}, r"expected \(100\) must be strictly between -100 and 100: at an NPS of \+/-100"),
    ({"margin": 5, "expected": -100}, r"expected \(-100\) must be strictly between -100 and 100"),
    ({"margin": 5, "expected": (NAN, 20)}, r"expected \(\(nan, 20\)\) must be \(promoters %, detractors %\)"),
    ({"margin": 5, "expected": (True, 20)}, r"expected \(\(True, 20\)\) must be \(promoters %, detractors %\)"),
    ({"margin": 5, "expected": ("50", 20)}, r"expected \(\('50', 20\)\) must be \(promoters %, detractors %\)"),
    ({"margin": 5, "expected": (-10, 20)}, r"expected \(\(-10, 20\)\) must be \(promoters %, detractors %\)"),
    ({"margin": 5, "expected": (0, 0)}, r"expected \(\(0, 0\)\) must leave some spread"),
    ({"margin": 5, "expected": (100, 0)}, r"expected \(\(100, 0\)\) must leave some spread"),
    ({"metric": "csat", "margin": 5, "expected": 0}, r"expected \(0\) must be strictly between 0 and 100"),
    ({"metric": "csi", "margin": 5, "expected": 100}, r"expected \(100\) must be strictly between 0 and 100"),
    ({"metric": "csat", "margin": 5, "expected": -1}, r"expected \(-1\) must be a number from 0 to 100"),
    ({"metric": "ces_mean", "margin": 0.1, "expected": 0}, r"expected \(0\) is the expected standard deviation "
                                                           r"of one answer and must be greater than 0 \(and at most 2"),
    ({"metric": "cli", "scale": (0, 10), "margin": 0.1, "expected": 6}, r"expected \(6\) must be a number from 0 to 5"),
    ({"metric": "ces_mean", "margin": 0.1, "expected": NAN}, r"expected \(nan\) must be a number from 0 to 2"),
])
def test_sample_size_rejects(kwargs, message):
    with pytest.raises(cx.CxkitValueError, match=message):
        cx.sample_size(**kwargs)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"n": 0}, cx.CxkitValueError, r"n \(0\) must be a whole number of answers >= 1"),
    ({"n": True}, cx.CxkitValueError, r"n \(True\) must be a whole number of answers >= 1"),
    ({"n": 100.0}, cx.CxkitValueError, r"n \(100\.0\) must be a whole number of answers >= 1"),
    ({"n": 100, "confidence_level": NAN}, cx.CxkitValueError, r"confidence_level \(nan\) must be strictly between"),
    ({"n": 100, "confidence_level": "0.95"}, cx.CxkitTypeError, r"confidence_level must be a number .* of type str"),
    ({"n": 100, "expected": 100}, cx.CxkitValueError, r"expected \(100\) must be strictly between -100 and 100"),
    ({"n": 100, "metric": "share", "expected": INF}, cx.CxkitValueError, r"expected \(inf\) must be a number from 0"),
])
def test_margin_of_error_rejects(kwargs, error, message):
    with pytest.raises(error, match=message):
        cx.margin_of_error(**kwargs)


@pytest.mark.parametrize("kwargs, message", [
    ({"difference": INF}, r"difference \(inf\) must be a finite number, non-zero and at most 200 in absolute value"),
    ({"difference": -INF}, r"difference \(-inf\) must be a finite number, non-zero and at most 200"),
    ({"difference": NAN}, r"difference \(nan\) must be a number from -inf to inf"),
    ({"difference": 201}, r"difference \(201\) must be a finite number, non-zero and at most 200"),
    ({"metric": "csat", "difference": -120}, r"difference \(-120\) must be .*at most 100 in absolute value"),
    ({"metric": "ces_mean", "difference": 5}, r"difference \(5\) must be .*at most 4 in absolute value"),
    ({"difference": 5, "power": NAN}, r"power \(nan\) must be a number from 0 to 1"),
    ({"difference": 5, "power": INF}, r"power \(inf\) must be a number from 0 to 1"),
    ({"difference": 5, "power": 0}, r"power \(0\) must be strictly between 0 and 1, such as 0\.8"),
    ({"difference": 5, "expected_b": 100}, r"expected \(100\) must be strictly between -100 and 100"),
    ({"difference": 5, "expected": (50, NAN)}, r"expected \(\(50, nan\)\) must be \(promoters %, detractors %\)"),
    ({"difference": 5, "confidence_level": NAN}, r"confidence_level \(nan\) must be strictly between 0 and 1"),
])
def test_sample_size_per_group_rejects(kwargs, message):
    with pytest.raises(cx.CxkitValueError, match=message):
        cx.sample_size_per_group(**kwargs)


def test_the_edges_that_stay_allowed():
    # a margin equal to the whole range is allowed (one answer: z * 100 / 200 < 1)
    assert cx.sample_size(margin=200) == 1
    # the largest accepted level: z = Phi^-1(1 - (1 - level) / 2) = 6.1094, n = ceil((z * 100 / 5)^2) = 14930
    z = 6.109410204869329
    assert cx.sample_size(margin=5, confidence_level=1 - 1e-9) == math.ceil((z * 100 / 5) ** 2 - 1e-9)
    assert cx.sample_size(margin=5, confidence_level=1 - 1e-9) == 14930
    # a difference of the whole range: (1.959964 + 0.841621)^2 * 2 * 50^2 / 100^2 = 3.92 -> 4
    assert cx.sample_size_per_group(metric="csat", difference=-100, expected=50) == 4
    assert math.isfinite(cx.margin_of_error(n=1, confidence_level=1 - 1e-9))


# --------------------------------------------------------------------------- adjust_p_values


@pytest.mark.parametrize("p, message", [
    ([0.01, -0.5, 0.3], r"p_values must be from 0 to 1, or NaN for rows without answers; 1 are not \(e\.g\. -0\.5\)"),
    ([0.01, 1.5, INF], r"p_values must be from 0 to 1, or NaN .*; 2 are not \(e\.g\. 1\.5, inf\)"),
    ([-INF], r"p_values must be from 0 to 1, or NaN .*; 1 are not \(e\.g\. -inf\)"),
])
def test_adjust_p_values_rejects_values_outside_0_1(p, message):
    with pytest.raises(cx.CxkitValueError, match=message):
        cx.adjust_p_values(p)


def test_adjust_p_values_rejects_other_shapes_and_types():
    with pytest.raises(cx.CxkitValueError, match=r"p_values must be one-dimensional .*; got an array of shape \(2, 2\)"):
        cx.adjust_p_values([[0.1, 0.2], [0.3, 0.4]])
    with pytest.raises(cx.CxkitValueError, match=r"must be one-dimensional .*; got an array of shape \(\)"):
        cx.adjust_p_values(0.05)
    with pytest.raises(cx.CxkitTypeError, match=r"p_values must be a one-dimensional sequence of numbers .*got "
                                                r"\['a', 0\.1\] of type list"):
        cx.adjust_p_values(["a", 0.1])


def test_adjust_p_values_nan_stays_out_of_the_family():
    p = np.array([0.01, np.nan, 0.04, 0.0, 1.0])
    out = cx.adjust_p_values(p, method="holm")
    assert math.isnan(out[1])
    family = p[~np.isnan(p)]
    np.testing.assert_allclose(out[~np.isnan(p)], multipletests(family, method="holm")[1], rtol=1e-12)
    np.testing.assert_allclose(cx.adjust_p_values(p, method="bh")[~np.isnan(p)],
                               multipletests(family, method="fdr_bh")[1], rtol=1e-12)


def test_plans_beyond_a_trillion_answers_are_refused():
    with pytest.raises(cx.CxkitValueError, match=r"margin \(1e-237\) would need more than 1e\+12 answers"):
        cx.sample_size(metric="nps", margin=1e-237, expected=0.0)
    with pytest.raises(cx.CxkitValueError, match=r"difference \(1e-237\) would need more than 1e\+12 answers"):
        cx.sample_size_per_group(metric="nps", difference=1e-237, power=0.5, expected=0.0)
    # 0.01 points: (z * 100 / 0.01)^2 with z = 1.959964 -- large, but planned.
    from scipy.stats import norm
    assert cx.sample_size(metric="nps", margin=0.01) == math.ceil((norm.ppf(0.975) * 100 / 0.01) ** 2 - 1e-9)
