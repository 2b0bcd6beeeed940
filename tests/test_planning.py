"""Planning: sample_size, margin_of_error, sample_size_per_group against hand formulas."""

from __future__ import annotations

import math

import pytest
from scipy.stats import norm

import cxkit as cx

Z95 = 1.959963984540054


def test_nps_worst_case_is_1537():
    # worst-case NPS variance 1 on the -1..1 scale: ceil((1.959964 * 1 / 0.05)^2) = ceil(1536.58) = 1537
    assert cx.sample_size(metric="nps", margin=5, confidence_level=0.95) == 1537
    assert cx.sample_size(metric="nps", margin=5) == math.ceil((Z95 / 0.05) ** 2)


@pytest.mark.parametrize("kwargs, sigma", [
    ({"metric": "nps", "expected": 30}, 100 * math.sqrt(1 - 0.3**2)),
    ({"metric": "nps", "expected": (50, 20)}, 100 * math.sqrt(0.5 + 0.2 - 0.3**2)),
    ({"metric": "csat"}, 50.0),
    ({"metric": "csi", "expected": 80}, 100 * math.sqrt(0.8 * 0.2)),
    ({"metric": "share", "expected": 10}, 100 * math.sqrt(0.1 * 0.9)),
    ({"metric": "ces_mean"}, 2.0),
    ({"metric": "mean", "scale": (1, 7)}, 3.0),
    ({"metric": "cli", "scale": (0, 10), "expected": 2.2}, 2.2),
])
def test_sample_size_and_margin_by_hand(kwargs, sigma):
    margin = 0.1 if kwargs["metric"] in ("ces_mean", "mean", "cli") else 4.0
    for level in (0.9, 0.95, 0.99):
        z = norm.ppf(0.5 + level / 2)
        n = cx.sample_size(margin=margin, confidence_level=level, **kwargs)
        assert n == math.ceil((z * sigma / margin) ** 2 - 1e-9)
        # margin_of_error is the inverse: n answers reach the margin, n - 1 do not
        assert cx.margin_of_error(n=n, confidence_level=level, **kwargs) == pytest.approx(z * sigma / math.sqrt(n))
        assert cx.margin_of_error(n=n, confidence_level=level, **kwargs) <= margin + 1e-9
        if n > 1:
            assert cx.margin_of_error(n=n - 1, confidence_level=level, **kwargs) > margin


def test_margin_of_error_nps_worst_case():
    # 1.959964 * 100 / sqrt(1537) = 4.9993 NPS points
    assert cx.margin_of_error(metric="nps", n=1537) == pytest.approx(Z95 * 100 / math.sqrt(1537))
    assert cx.margin_of_error(metric="nps", n=400, expected=0) == pytest.approx(Z95 * 100 / 20)


def test_sample_size_per_group_by_hand():
    # n = (z_{alpha/2} + z_beta)^2 (sigma_a^2 + sigma_b^2) / delta^2
    z = Z95 + norm.ppf(0.8)
    assert cx.sample_size_per_group(metric="nps", difference=5) == math.ceil(z**2 * 2 * 100**2 / 25) == 6280
    var_a = 100**2 * (0.5 + 0.2 - 0.3**2)
    var_b = 100**2 * (0.4 + 0.25 - 0.15**2)
    assert cx.sample_size_per_group(metric="nps", difference=-10, expected=(50, 20), expected_b=(40, 25)) == \
        math.ceil(z**2 * (var_a + var_b) / 100)
    z90 = norm.ppf(0.995) + norm.ppf(0.9)
    assert cx.sample_size_per_group(metric="csat", difference=3, power=0.9, confidence_level=0.99, expected=80) == \
        math.ceil(z90**2 * 2 * 100**2 * 0.16 / 9)
    assert cx.sample_size_per_group(metric="ces_mean", difference=0.2, expected=1.1) == \
        math.ceil(z**2 * 2 * 1.21 / 0.04)


def test_planning_errors():
    with pytest.raises(ValueError, match=r"metric \('promoters'\) must be one of 'nps', 'share', 'mean', 'csat'"):
        cx.sample_size(metric="promoters", margin=5)
    with pytest.raises(ValueError, match=r"margin \(0\) must be greater than 0"):
        cx.sample_size(margin=0)
    with pytest.raises(ValueError, match=r"margin \(-1\) must be a number from 0 to inf"):
        cx.sample_size(margin=-1)
    with pytest.raises(ValueError, match=r"confidence_level \(95\) must be strictly between 0 and 1"):
        cx.sample_size(margin=5, confidence_level=95)
    with pytest.raises(ValueError, match=r"expected \(150\) must be a number from -100 to 100"):
        cx.sample_size(margin=5, expected=150)
    with pytest.raises(ValueError, match=r"expected \(\(80, 30\)\) must be \(promoters %, detractors %\)"):
        cx.sample_size(margin=5, expected=(80, 30))
    with pytest.raises(ValueError, match=r"expected \(120\) must be a number from 0 to 100"):
        cx.sample_size(metric="csat", margin=5, expected=120)
    with pytest.raises(ValueError, match=r"expected \(3\) must be a number from 0 to 2"):
        cx.sample_size(metric="ces_mean", margin=0.1, expected=3)
    with pytest.raises(ValueError, match=r"scale \(\(5, 1\)\) must be a pair of integers"):
        cx.sample_size(metric="mean", margin=0.1, scale=(5, 1))
    with pytest.raises(ValueError, match=r"n \(0\) must be a whole number of answers >= 1"):
        cx.margin_of_error(n=0)
    with pytest.raises(ValueError, match=r"n \(10.5\) must be a whole number of answers >= 1"):
        cx.margin_of_error(n=10.5)
    with pytest.raises(ValueError, match=r"power \(1\) must be strictly between 0 and 1"):
        cx.sample_size_per_group(difference=5, power=1)
    with pytest.raises(ValueError, match=r"power \(80\) must be a number from 0 to 1"):
        cx.sample_size_per_group(difference=5, power=80)
    with pytest.raises(ValueError, match=r"difference \(0\) must be non-zero"):
        cx.sample_size_per_group(difference=0)
    with pytest.raises(ValueError, match=r"difference \('5'\) must be a number"):
        cx.sample_size_per_group(difference="5")
