"""Holm's method with Shaffer's constraint for point nulls (cxkit.stats.multiple_testing.adjust_point_nulls)."""

from __future__ import annotations


import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from cxkit.errors import CxkitValueError
from cxkit.stats.multiple_testing import adjust_p_values, adjust_point_nulls


def test_one_parameter_needs_no_adjustment():
    p = [0.04, 0.01, 0.3, 0.036]
    assert adjust_point_nulls(p, parameters=["nps"] * 4, values=[30, 9, 26, 32]).tolist() == p


def test_every_parameter_once_is_holm():
    p = np.array([0.01, 0.04, 0.03, 0.2])
    assert np.allclose(adjust_point_nulls(p, parameters="abcd", values=[0, 0, 0, 0]), adjust_p_values(p))
    assert np.allclose(adjust_point_nulls(p, parameters="abcd", values=[0, 0, 0, 0]), [0.04, 0.09, 0.09, 0.2])


def test_worked_example_by_hand():
    # NPS < 0 and NPS > 0 (one null), NPS > 50, CSI < 80, CES = 60: ordered p 0.001 (nps 0), 0.002 (nps 50),
    # 0.01 (csi), 0.3 (ces). t: 3 parameters with a null left, then 3 (nps 50 still there), then 2, then 1.
    p = [0.001, 0.001, 0.002, 0.01, 0.3]
    got = adjust_point_nulls(p, parameters=["nps", "nps", "nps", "csi", "ces"], values=[0, 0, 50, 80, 60])
    assert got == pytest.approx([0.003, 0.003, 0.006, 0.02, 0.3])


def test_missing_p_values_stay_missing_and_are_left_out():
    got = adjust_point_nulls([0.01, np.nan, 0.02], parameters=["a", "b", "c"], values=[1, 1, 1])
    assert np.isnan(got[1]) and got[[0, 2]] == pytest.approx([0.02, 0.02])


def test_one_null_with_two_p_values_is_refused():
    with pytest.raises(CxkitValueError, match="one null has one p-value"):
        adjust_point_nulls([0.01, 0.02], parameters=["a", "a"], values=[1, 1])
    with pytest.raises(CxkitValueError, match="one \\(parameter, value\\) per p-value"):
        adjust_point_nulls([0.01, 0.02], parameters=["a"], values=[1])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 3), st.floats(0, 1)), min_size=1, max_size=9))
def test_between_raw_p_and_holm_and_monotone(rows):
    """Never below the raw p, never above Holm's over the distinct nulls, and in the order of the raw p."""
    distinct = {}
    for parameter, value, p in rows:
        distinct.setdefault((parameter, value), p)
    keys = list(distinct)
    p = np.array([distinct[k] for k in keys])
    got = adjust_point_nulls(p, parameters=[k[0] for k in keys], values=[k[1] for k in keys])
    assert np.all(got >= p - 1e-15) and np.all(got <= adjust_p_values(p) + 1e-15)
    order = np.argsort(p, kind="stable")
    assert np.all(np.diff(got[order]) >= -1e-15)


def test_family_wise_error_rate_by_simulation():
    """Three metrics, each tested against four values, one of which is its true value: the chance of any false
    rejection at alpha 0.05 stays at or below 0.05 (and Holm's method, blind to the constraint, is stricter)."""
    rng = np.random.default_rng(7)
    values = [0.0, 1.0, 2.0, 3.0]  # the true value of each metric is 0; standard errors 1 (z-tests)
    parameters = [m for m in "abc" for _ in values]
    tested = [v for _ in "abc" for v in values]
    runs, false_shaffer, false_holm, power_shaffer, power_holm = 20_000, 0, 0, 0, 0
    from scipy.stats import norm
    for _ in range(runs):
        estimate = rng.normal(0.0, 1.0, size=3)
        z = np.repeat(estimate, len(values)) - np.array(tested)
        p = 2 * norm.sf(np.abs(z))
        shaffer = adjust_point_nulls(p, parameters=parameters, values=tested) < 0.05
        holm = adjust_p_values(p) < 0.05
        true_null = np.array(tested) == 0.0
        false_shaffer += bool(shaffer[true_null].any())
        false_holm += bool(holm[true_null].any())
        power_shaffer += int(shaffer[~true_null].sum())
        power_holm += int(holm[~true_null].sum())
    assert false_shaffer / runs <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / runs)
    assert false_holm <= false_shaffer and power_holm < power_shaffer


def test_it_is_shaffers_s2_the_specific_rejections_count():
    """After b's only null is rejected, only a's nulls remain: at most one is true (t = 1), whatever S1's count
    over any one rejection (min(2 parameters, 3 nulls left) = 2) would say."""
    got = adjust_point_nulls([0.01, 0.02, 0.03, 0.5], parameters=["b", "a", "a", "a"], values=[0, 1, 2, 3])
    assert got == pytest.approx([0.02, 0.02, 0.03, 0.5])
