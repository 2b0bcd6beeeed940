"""Ranks with intervals (Mogstad, Romano, Shaikh & Wilhelm 2024): reference values and seeded coverage."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, studentized_range

import cxkit as cx
from cxkit.compare.ranking import implied_standard_errors, rank_groups
from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.stats.ranks import rank_intervals


def test_two_groups_reduce_to_the_two_sample_z_test():
    # With two groups the family is one pair: c is the normal quantile 1.96, so the
    # ranks separate exactly when |t| = |difference| / sqrt(se1^2 + se2^2) > 1.96.
    apart = rank_intervals([0.0, 2.02 * math.sqrt(2)], [1.0, 1.0], n_draws=20_000, rng=1)
    assert apart.low.tolist() == [2, 1] and apart.high.tolist() == [2, 1]
    close = rank_intervals([0.0, 1.90 * math.sqrt(2)], [1.0, 1.0], n_draws=20_000, rng=1)
    assert close.rank.tolist() == [2, 1]
    assert close.low.tolist() == [1, 1] and close.high.tolist() == [2, 2]
    assert close.critical_value == pytest.approx(norm.ppf(0.975), abs=0.04)


@pytest.mark.parametrize("groups", [3, 5])
def test_simultaneous_critical_value_is_tukeys_studentized_range(groups):
    # Equal standard errors: max |Z_k - Z_j| / (sqrt 2 se) is the studentized range of
    # `groups` normals over sqrt 2 (Tukey); scipy's studentized_range with infinite df.
    result = rank_intervals(np.zeros(groups), np.ones(groups), simultaneous=True, n_draws=40_000, rng=2)
    expected = studentized_range.ppf(0.95, groups, np.inf) / math.sqrt(2)  # 3 groups: 3.314 / 1.414 = 2.344
    assert result.critical_value == pytest.approx(expected, abs=0.03)


def test_ranks_far_apart_are_exact_and_nan_groups_are_left_out():
    result = rank_intervals([30.0, np.nan, 10.0, 50.0], [1.0, 1.0, 1.0, 1.0], rng=0)
    assert result.rank[[0, 2, 3]].tolist() == [2, 3, 1]
    assert result.low[[0, 2, 3]].tolist() == [2, 3, 1]
    assert result.high[[0, 2, 3]].tolist() == [2, 3, 1]
    assert np.isnan(result.rank[1]) and np.isnan(result.low[1]) and np.isnan(result.high[1])


def test_lower_is_better_reverses_the_ranks():
    result = rank_intervals([3.0, 9.0, 6.0], [0.1, 0.1, 0.1], higher_is_better=False, rng=0)
    assert result.rank.tolist() == [1, 3, 2]


def test_intervals_contain_the_point_rank_and_simultaneous_is_never_narrower():
    rng = np.random.default_rng(5)
    for _ in range(20):
        est = rng.normal(size=7) * 2
        se = rng.uniform(0.5, 1.5, size=7)
        marginal = rank_intervals(est, se, rng=3)
        joint = rank_intervals(est, se, simultaneous=True, rng=3)
        single = rank_intervals(est, se, stepdown=False, rng=3)
        assert np.all(marginal.low <= marginal.rank) and np.all(marginal.rank <= marginal.high)
        assert np.all(joint.low <= marginal.low) and np.all(joint.high >= marginal.high)
        assert np.all(single.low <= marginal.low) and np.all(single.high >= marginal.high)


def _coverage(theta, se, *, simultaneous, reps=300, seed=11):
    theta = np.asarray(theta, dtype=float)
    se = np.asarray(se, dtype=float)
    rng = np.random.default_rng(seed)
    true_rank = 1 + (theta[None, :] > theta[:, None]).sum(axis=1)
    each = np.zeros(len(theta))
    joint = 0
    for _ in range(reps):
        est = theta + rng.standard_normal(len(theta)) * se
        r = rank_intervals(est, se, simultaneous=simultaneous, n_draws=1000, rng=rng)
        hit = (r.low <= true_rank) & (true_rank <= r.high)
        each += hit
        joint += hit.all()
    return each / reps, joint / reps


def test_joint_coverage_at_least_nominal_when_all_tie():
    # All six true values equal: every true rank is 1, the least favourable case
    # (coverage is exactly the nominal level). 300 seeded replications: measured
    # 0.950 jointly (the marginal intervals: 0.897 jointly, 0.967-0.993 each, as they
    # promise only each group's own); Monte-Carlo sd 0.013, so 0.92 is a 2.5-sd floor.
    _each, joint = _coverage(np.zeros(6), np.ones(6), simultaneous=True)
    assert joint >= 0.92


def test_marginal_coverage_at_least_nominal_for_each_group():
    # Unequal spacing and standard errors; each group's own interval should cover its
    # rank in >= 95 % of samples (measured minimum over groups: 0.987; jointly 0.973).
    each, _joint = _coverage([0.0, 0.3, 0.6, 1.5, 1.5, 3.0], [0.5, 1.0, 0.5, 1.0, 0.5, 1.0], simultaneous=False)
    assert each.min() >= 0.92


@pytest.mark.parametrize("kwargs, error, match", [
    ({"estimates": [1, 2], "standard_errors": [1]}, CxkitValueError, "same length"),
    ({"estimates": [[1, 2]], "standard_errors": [[1, 1]]}, CxkitValueError, "one-dimensional"),
    ({"estimates": [1, 2], "standard_errors": [1, -1]}, CxkitValueError, "finite number >= 0"),
    ({"estimates": [1, np.inf], "standard_errors": [1, 1]}, CxkitValueError, "finite"),
    ({"estimates": ["a", 2], "standard_errors": [1, 1]}, CxkitTypeError, "must be numbers"),
    ({"estimates": [1, 2], "standard_errors": [1, 1], "simultaneous": "yes"}, CxkitTypeError, "simultaneous must be True or False"),
    ({"estimates": [1, 2], "standard_errors": [1, 1], "n_draws": 10}, CxkitValueError, "n_draws"),
    ({"estimates": [1, 2], "standard_errors": [1, 1], "confidence_level": 95}, CxkitValueError, "confidence_level"),
])
def test_rank_intervals_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        rank_intervals(**kwargs)


def test_rank_groups_ranks_a_summarize_table_by_its_implied_standard_errors():
    data = cx.datasets.sample_survey()
    table = cx.summarize(data, metric="nps", score="nps_score", by="channel")
    ranked = rank_groups(table, rng=4)
    # NPS adjusted Wald is symmetric: se = half width / 1.96.
    half = (table["high"] - table["low"]) / 2 / norm.ppf(0.975)
    assert implied_standard_errors(table) == pytest.approx(half.to_numpy())
    direct = rank_intervals(table["value"], half, rng=4)
    by_channel = ranked.set_index("channel")
    for i, channel in enumerate(table["channel"]):
        assert by_channel.at[channel, "rank"] == direct.rank[i]
        assert by_channel.at[channel, "rank_low"] == direct.low[i]
        assert by_channel.at[channel, "rank_high"] == direct.high[i]
    assert ranked["rank"].is_monotonic_increasing
    assert set(ranked["rank_method"]) == {"mrsw-marginal-stepdown"}


def test_rank_groups_means_use_the_t_quantile_and_churn_ranks_low_first():
    table = pd.DataFrame({"group": ["a", "b", "c"], "metric": "ces_mean", "value": [3.0, 3.5, 4.0],
                          "low": [2.9, 3.4, 3.9], "high": [3.1, 3.6, 4.1], "n": [10, 10, 10],
                          "method": "t", "confidence_level": 0.95})
    from scipy.stats import t as student_t
    assert implied_standard_errors(table) == pytest.approx(np.full(3, 0.1 / student_t.ppf(0.975, 9)))
    churn = table.assign(metric="churn", value=[3.0, 9.0, 6.0], low=[2.5, 8.5, 5.5], high=[3.5, 9.5, 6.5],
                         method="wilson")
    ranked = rank_groups(churn, rng=0)
    assert ranked["group"].tolist() == ["a", "c", "b"]
    assert ranked["rank"].tolist() == [1, 2, 3]


def test_rank_groups_errors():
    with pytest.raises(CxkitTypeError, match="summarize"):
        rank_groups([1, 2])
    with pytest.raises(CxkitValueError, match="lacks column"):
        rank_groups(pd.DataFrame({"metric": ["nps"], "value": [1.0]}))
    with pytest.raises(CxkitValueError, match="no rows"):
        rank_groups(pd.DataFrame(columns=["metric", "value", "low", "high", "n", "method", "confidence_level"]))
    mixed = pd.DataFrame({"metric": "nps", "value": [1.0, 2.0], "low": [0.0, 1.0], "high": [2.0, 3.0],
                          "n": [50, 50], "method": "adjusted-wald", "confidence_level": [0.9, 0.95]})
    with pytest.raises(CxkitValueError, match="several confidence levels"):
        rank_groups(mixed)
    assert rank_groups(mixed, confidence_level=0.9, rng=0)["rank_confidence_level"].tolist() == [0.9, 0.9]
