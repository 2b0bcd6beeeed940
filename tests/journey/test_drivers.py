"""Key-driver analysis: references, planted truths, engines, errors."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cxkit.errors import CollinearityWarning, CxkitTypeError, CxkitValueError
from cxkit.journey.drivers import compare_drivers, key_drivers
from cxkit.stats.relative_importance import lmg_weights, relative_weights

DRIVERS = ["a", "b", "c", "d"]
#: Population correlations of the drivers and the planted betas of the generator below.
SIGMA = np.array([[1.0, 0.5, 0.3, 0.2], [0.5, 1.0, 0.4, 0.1], [0.3, 0.4, 1.0, 0.3], [0.2, 0.1, 0.3, 1.0]])
BETA = np.array([0.5, 0.35, 0.1, 0.0])


def planted(n, seed, *, noise=1.0):
    """Drivers ~ N(0, SIGMA), outcome = BETA @ x + N(0, noise²): a sample with known population truths."""
    rng = np.random.default_rng(seed)
    x = rng.multivariate_normal(np.zeros(4), SIGMA, n)
    frame = pd.DataFrame(x, columns=DRIVERS)
    frame["y"] = x @ BETA + rng.normal(scale=noise, size=n)
    return frame


def population_corr(noise=1.0):
    """Exact correlation matrix of [y, drivers] of the generator: cov(y, x) = SIGMA b, var y = b'SIGMA b + noise²."""
    cov_xy = SIGMA @ BETA
    var_y = BETA @ SIGMA @ BETA + noise**2
    corr = np.eye(5)
    corr[1:, 1:] = SIGMA
    corr[0, 1:] = corr[1:, 0] = cov_xy / np.sqrt(var_y)
    return corr


def r2_ols(frame, outcome, columns):
    if not columns:
        return 0.0
    x = np.column_stack([np.ones(len(frame))] + [frame[c].to_numpy() for c in columns])
    y = frame[outcome].to_numpy()
    fitted = x @ np.linalg.lstsq(x, y, rcond=None)[0]
    return 1 - np.sum((y - fitted) ** 2) / np.sum((y - y.mean()) ** 2)


def test_lmg_matches_pingouin_relimp():
    pingouin = pytest.importorskip("pingouin")
    frame = planted(300, 1)
    result = key_drivers(frame, outcome="y", drivers=DRIVERS, method="lmg", n_resamples=0)
    reference = pingouin.linear_regression(frame[DRIVERS], frame["y"], relimp=True).set_index("names")
    np.testing.assert_allclose(result["weight"], reference.loc[DRIVERS, "relimp"], atol=1e-6)
    np.testing.assert_allclose(result["share"], reference.loc[DRIVERS, "relimp_perc"], atol=1e-6)


def test_lmg_equals_brute_force_shapley_over_all_orders():
    frame = planted(200, 2)
    result = key_drivers(frame, outcome="y", drivers=DRIVERS, method="lmg", n_resamples=0)
    # Shapley value by definition: mean over all k! orders of the R² a driver adds when it enters (OLS on rows).
    gains = dict.fromkeys(DRIVERS, 0.0)
    orders = list(itertools.permutations(DRIVERS))
    for order in orders:
        for i, driver in enumerate(order):
            gains[driver] += r2_ols(frame, "y", list(order[:i + 1])) - r2_ols(frame, "y", list(order[:i]))
    np.testing.assert_allclose(result["weight"], [gains[d] / math.factorial(4) for d in DRIVERS], atol=1e-10)
    assert result.attrs["r2"] == pytest.approx(r2_ols(frame, "y", DRIVERS), abs=1e-12)


def test_relative_weights_equal_johnsons_construction_on_the_rows():
    # Johnson (2000): X = P D Q' (SVD of standardised drivers), Z = sqrt(n) P Q' (standardised, orthogonal);
    # y on Z gives beta, each driver on Z gives Lambda; weight_j = sum_k Lambda_jk² beta_k².
    frame = planted(250, 3)
    x = frame[DRIVERS].to_numpy()
    x = (x - x.mean(0)) / x.std(0)
    y = frame["y"].to_numpy()
    y = (y - y.mean()) / y.std()
    p, _d, qt = np.linalg.svd(x, full_matrices=False)
    z = np.sqrt(len(x)) * p @ qt
    beta = np.linalg.lstsq(z, y, rcond=None)[0]
    lam = np.linalg.lstsq(z, x, rcond=None)[0]  # column j: driver j on the Z's
    expected = (lam.T**2) @ (beta**2)
    result = key_drivers(frame, outcome="y", drivers=DRIVERS, n_resamples=0)
    np.testing.assert_allclose(result["weight"], expected, atol=1e-10)
    assert result["weight"].sum() == pytest.approx(result.attrs["r2"], abs=1e-12)
    assert result["share"].sum() == pytest.approx(100.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 6), n=st.integers(18, 80))
def test_both_methods_add_up_to_the_ols_r2(seed, k, n):
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(k, k))
    x = rng.normal(size=(n, k)) @ mixing
    frame = pd.DataFrame(x, columns=[f"x{i}" for i in range(k)])
    frame["y"] = x @ rng.normal(size=k) + rng.normal(size=n) * rng.uniform(0.1, 3)
    names = list(frame.columns[:-1])
    if np.linalg.cond(np.corrcoef(x, rowvar=False).reshape(k, k)) > 1e6:
        return
    expected = r2_ols(frame, "y", names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CollinearityWarning)
        for method in ("relative-weights", "lmg"):
            result = key_drivers(frame, outcome="y", drivers=names, method=method, n_resamples=0)
            assert result["weight"].sum() == pytest.approx(expected, abs=1e-9)
            assert (result["weight"] >= -1e-12).all()


def test_planted_truths_inside_the_intervals_and_top_drivers_rank_top():
    corr = population_corr()
    frame = planted(1500, 4)
    for method, compute in (("relative-weights", relative_weights), ("lmg", lmg_weights)):
        truth_w, truth_r2 = compute(corr)
        truth = 100 * truth_w / truth_r2
        result = key_drivers(frame, outcome="y", drivers=DRIVERS, method=method, n_resamples=400, rng=5)
        assert ((result["low"] <= truth) & (truth <= result["high"])).all(), (method, truth, result)
        assert list(result.sort_values("rank")["driver"][:2]) == ["a", "b"]
        assert result.attrs["r2_low"] <= truth_r2 <= result.attrs["r2_high"]
        assert result.attrs["n_used"] == 1500 and result.attrs["method"] == method


def test_seeded_coverage_of_the_share_intervals():
    # 60 samples x 4 drivers = 240 intervals at 95 %: a working interval covers ~228; fewer than 216 (90 %)
    # would have probability < 0.5 % (binomial). bench/bench_drivers.py --coverage runs 200 samples.
    truth_w, truth_r2 = relative_weights(population_corr())
    truth = 100 * truth_w / truth_r2
    covered = 0
    for rep in range(60):
        result = key_drivers(planted(200, 1000 + rep), outcome="y", drivers=DRIVERS, n_resamples=200, rng=rep)
        covered += int(((result["low"] <= truth) & (truth <= result["high"])).sum())
    assert covered >= 216, covered


def test_engines_give_the_pandas_moments():
    duckdb = pytest.importorskip("duckdb")
    pl = pytest.importorskip("polars")
    frame = planted(300, 6)
    rng = np.random.default_rng(6)
    frame.loc[rng.random(300) < 0.25, "c"] = np.nan
    frame["w"] = rng.uniform(0.5, 2.0, 300)
    for missing in ("listwise", "pairwise"):
        expected = key_drivers(frame, outcome="y", drivers=DRIVERS, missing=missing, weights="w", n_resamples=0)
        for native in (duckdb.from_df(frame), pl.from_pandas(frame).lazy()):
            got = key_drivers(native, outcome="y", drivers=DRIVERS, missing=missing, weights="w", n_resamples=0)
            np.testing.assert_allclose(got["weight"], expected["weight"], atol=1e-12)
            assert got.attrs["n_used"] == expected.attrs["n_used"]
            assert got.attrs["engine"] == "pushed down"
        eager = key_drivers(pl.from_pandas(frame), outcome="y", drivers=DRIVERS, missing=missing, weights="w",
                            n_resamples=0)
        np.testing.assert_allclose(eager["weight"], expected["weight"], atol=1e-12)


def test_listwise_and_pairwise_missing_ratings():
    frame = planted(400, 7)
    rng = np.random.default_rng(7)
    frame.loc[rng.random(400) < 0.3, "b"] = np.nan
    frame.loc[rng.random(400) < 0.2, "d"] = np.nan
    listwise = key_drivers(frame, outcome="y", drivers=DRIVERS, n_resamples=0)
    complete = frame.dropna()
    assert listwise.attrs["n_used"] == len(complete) and listwise.attrs["n_missing"] == 400 - len(complete)
    np.testing.assert_allclose(listwise["weight"], key_drivers(complete, outcome="y", drivers=DRIVERS,
                                                               n_resamples=0)["weight"], atol=1e-12)
    pairwise = key_drivers(frame, outcome="y", drivers=DRIVERS, missing="pairwise", n_resamples=50, rng=1)
    corr = frame[["y", *DRIVERS]].corr().to_numpy()  # pandas: pairwise-complete correlations
    np.testing.assert_allclose(pairwise["weight"], relative_weights(corr)[0], atol=1e-12)


def test_pairwise_matrix_that_is_not_positive_semidefinite_is_refused():
    # a-b and b-c strongly positive, a-c strongly negative, each pair from different respondents.
    rng = np.random.default_rng(8)
    t = rng.normal(size=(3, 60))
    blocks = []
    for first, second, sign in (("a", "b", 1), ("b", "c", 1), ("a", "c", -1)):
        block = pd.DataFrame({first: t[0], second: sign * t[0] + 0.05 * t[1], "y": t[0] + t[2]})
        blocks.append(block)
    frame = pd.concat(blocks, ignore_index=True)[["a", "b", "c", "y"]]
    with pytest.raises(CxkitValueError, match="not positive semi-definite.*missing='listwise'"):
        key_drivers(frame, outcome="y", drivers=["a", "b", "c"], missing="pairwise", n_resamples=0)


def test_integer_survey_weights_equal_repeated_rows():
    frame = planted(120, 9)
    w = np.random.default_rng(9).integers(1, 4, 120)
    weighted = key_drivers(frame, outcome="y", drivers=DRIVERS, weights=w, n_resamples=0)
    repeated = key_drivers(frame.loc[frame.index.repeat(w)], outcome="y", drivers=DRIVERS, n_resamples=0)
    np.testing.assert_allclose(weighted["weight"], repeated["weight"], atol=1e-12)
    assert weighted.attrs["n_used"] == 120


def test_binary_outcome_is_a_linear_probability_model():
    frame = planted(500, 10)
    frame["satisfied"] = frame["y"] > 0.3
    result = key_drivers(frame, outcome="satisfied", drivers=DRIVERS, n_resamples=0)
    assert result.attrs["outcome_type"] == "binary"
    as_number = frame.assign(satisfied=frame["satisfied"].astype(float))
    assert result.attrs["r2"] == pytest.approx(r2_ols(as_number, "satisfied", DRIVERS), abs=1e-12)
    assert result.sort_values("rank")["driver"].iloc[0] == "a"


def test_collinear_drivers_warn_and_independent_ones_do_not():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(400, 3))
    frame = pd.DataFrame({"a": x[:, 0], "a_copy": x[:, 0] + 0.1 * x[:, 1], "c": x[:, 2]})
    frame["y"] = frame["a"] + 0.5 * frame["c"] + rng.normal(size=400)
    with pytest.warns(CollinearityWarning, match="a_copy"):
        result = key_drivers(frame, outcome="y", drivers=["a", "a_copy", "c"], n_resamples=200, rng=1)
    assert result.attrs["unstable"] and result["vif"].max() > 5 and result.attrs["condition_number"] > 10
    with warnings.catch_warnings():
        warnings.simplefilter("error", CollinearityWarning)
        quiet = key_drivers(planted(400, 12), outcome="y", drivers=DRIVERS, n_resamples=100, rng=1)
    assert not quiet.attrs["unstable"]


def test_by_equals_each_segment_alone_and_compare_finds_a_planted_difference():
    first = planted(800, 13)
    second = planted(800, 14)
    second["y"] = second["d"] * 0.8 + second["a"] * 0.2 + np.random.default_rng(14).normal(size=800)
    frame = pd.concat([first.assign(seg="online"), second.assign(seg="store")], ignore_index=True)
    by = key_drivers(frame, outcome="y", drivers=DRIVERS, by="seg", n_resamples=0)
    alone = key_drivers(second, outcome="y", drivers=DRIVERS, n_resamples=0)
    np.testing.assert_allclose(by.loc[by["seg"] == "store", "weight"], alone["weight"], atol=1e-12)
    assert by.attrs["n_used"] == {"online": 800, "store": 800}
    compared = compare_drivers(frame, outcome="y", drivers=DRIVERS, by="seg", n_resamples=300, rng=3)
    d = compared.set_index("driver")
    assert list(compared.columns) == ["driver", "seg", "reference", "share", "reference_share", "difference",
                                      "low", "high", "significant"]
    assert d.loc["d", "significant"] and d.loc["d", "difference"] > 30
    assert d.loc["a", "significant"] and d.loc["a", "difference"] < 0
    assert (d["low"] <= d["difference"]).all() and (d["difference"] <= d["high"]).all()


def test_errors_say_what_is_wrong():
    frame = planted(50, 15)
    with pytest.raises(CxkitValueError, match="method .* must be one of"):
        key_drivers(frame, outcome="y", drivers=DRIVERS, method="shapley")
    with pytest.raises(CxkitValueError, match="missing .* must be one of"):
        key_drivers(frame, outcome="y", drivers=DRIVERS, missing="drop")
    with pytest.raises(CxkitValueError, match="drivers names column.*'e'"):
        key_drivers(frame, outcome="y", drivers=["a", "e"])
    with pytest.raises(CxkitValueError, match="outcome names column"):
        key_drivers(frame, outcome="nps", drivers=DRIVERS)
    with pytest.raises(CxkitValueError, match="also among the drivers"):
        key_drivers(frame, outcome="y", drivers=["a", "y"])
    with pytest.raises(CxkitValueError, match="more than once"):
        key_drivers(frame, outcome="y", drivers=["a", "a"])
    with pytest.raises(CxkitValueError, match="at least one"):
        key_drivers(frame, outcome="y", drivers=[])
    with pytest.raises(CxkitTypeError, match="must hold numbers"):
        key_drivers(frame.assign(a="good"), outcome="y", drivers=DRIVERS)
    with pytest.raises(CxkitValueError, match="infinite"):
        key_drivers(frame.assign(b=np.inf), outcome="y", drivers=DRIVERS)
    with pytest.raises(CxkitValueError, match="no spread"):
        key_drivers(frame.assign(c=3.0), outcome="y", drivers=DRIVERS, n_resamples=0)
    with pytest.raises(CxkitValueError, match="singular"):
        key_drivers(frame.assign(d=frame["a"] + frame["b"]), outcome="y", drivers=DRIVERS, n_resamples=0)
    with pytest.raises(CxkitValueError, match="no respondent has answers"):
        key_drivers(frame.assign(d=np.nan), outcome="y", drivers=DRIVERS, n_resamples=0)
    with pytest.raises(CxkitValueError, match="at most 15 drivers"):
        lmg_weights(np.eye(17))
    with pytest.raises(CxkitValueError, match="weights must be finite"):
        key_drivers(frame, outcome="y", drivers=DRIVERS, weights=-np.ones(50))
    with pytest.raises(CxkitValueError, match="missing values; every respondent needs a segment"):
        key_drivers(frame.assign(seg=[None] + ["x"] * 49), outcome="y", drivers=DRIVERS, by="seg")
    with pytest.raises(CxkitValueError, match="needs at least two"):
        compare_drivers(frame.assign(seg="x"), outcome="y", drivers=DRIVERS, by="seg", n_resamples=10)
    with pytest.raises(CxkitValueError, match="reference .* must be one of"):
        compare_drivers(frame.assign(seg=["x", "z"] * 25), outcome="y", drivers=DRIVERS, by="seg",
                        reference="q", n_resamples=10)
    with pytest.raises(CxkitValueError, match="n_resamples"):
        key_drivers(frame, outcome="y", drivers=DRIVERS, n_resamples=-1)
