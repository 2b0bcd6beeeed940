"""Estimate and Comparison: immutable, readable, convertible."""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle

import pytest

import cxkit as cx

NPS_EXAMPLE = [10] * 50 + [7] * 30 + [3] * 20


def make_estimate(**changes) -> cx.Estimate:
    fields = dict(metric="csat", value=70.0, low=60.4, high=78.1, n=100, method="wilson",
                  confidence_level=0.95, unit="% of answers", details={"successes": 70, "top": 2})
    fields.update(changes)
    return cx.Estimate(**fields)


@pytest.fixture
def est():
    return cx.nps(NPS_EXAMPLE + [None, None])


@pytest.fixture
def comparison():
    return cx.compare([10] * 40 + [0] * 60, NPS_EXAMPLE)


# --------------------------------------------------------------------------- Estimate


@pytest.mark.parametrize("name, value", [("value", 0.0), ("low", -100.0), ("n", 1), ("details", {}),
                                         ("promoters", 0), ("new_field", 1)])
def test_estimate_is_frozen(est, name, value):
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(est, name, value)
    assert est.value == pytest.approx(30.0) and est.promoters == 50


def test_details_are_read_only_and_copied():
    details = {"successes": 70}
    e = make_estimate(details=details)
    with pytest.raises(TypeError):
        e.details["successes"] = 1
    details["successes"] = 1
    assert e.successes == 70 and e.details["successes"] == 70


def test_details_read_as_attributes(est):
    assert est.promoters_share == est.details["promoters_share"] == pytest.approx(50.0)
    with pytest.raises(AttributeError, match=r"Estimate has no attribute 'promoter'; details are \[.*'promoters'"):
        est.promoter
    assert est.sd is None and "sd" not in est.details  # explicit fields; those that do not apply are None


def test_fields_and_interval(est):
    assert (est.metric, est.n, est.n_missing, est.n_dropped, est.method) == ("nps", 100, 2, 0, "adjusted-wald")
    assert est.interval == (est.low, est.high)
    assert "NPS" in est.unit


def test_repr_is_one_plain_line_with_value_and_interval(est):
    text = repr(est)
    assert "\n" not in text and "<" not in text
    assert text.startswith("nps = 30.0 [")
    assert f"[{est.low:.1f}, {est.high:.1f}]" in text
    assert "95%" in text and "adjusted-wald" in text and "n=100" in text and "2 missing" in text


def test_repr_of_a_mean_uses_two_decimals():
    text = repr(cx.ces([1] * 2 + [2] * 8 + [3] * 15 + [4] * 18 + [5] * 7, statistic="mean"))
    assert text.startswith("ces_mean = 3.40 [")


def test_repr_mentions_dropped_answers():
    assert "3 dropped" in repr(cx.csat([5, 4, 1] * 10 + [9, 9, 9], drop_invalid=True))


def test_repr_does_not_round_the_confidence_level_to_100_percent():
    text = repr(cx.csat([5, 4, 1] * 20, confidence_level=0.999))
    assert "100%" not in text
    assert "99.9%" in text


def test_repr_html_is_a_table_with_the_details(est):
    page = est._repr_html_()
    assert page.startswith("<table") and page.endswith("</table>")
    for text in ("30.0", f"{est.low:.1f} to {est.high:.1f}", "adjusted-wald", "promoters_share", "50.0", "2 / 0"):
        assert text in page


def test_repr_html_escapes_text():
    page = make_estimate(method="<script>", details={"note": "a & b"})._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page and "a &amp; b" in page


def test_to_dict_is_flat_with_the_details(est):
    d = est.to_dict()
    assert d["metric"] == "nps" and d["value"] == est.value and d["low"] == est.low and d["high"] == est.high
    assert (d["n"], d["n_missing"], d["n_dropped"], d["confidence_level"]) == (100, 2, 0, 0.95)
    assert (d["promoters"], d["passives"], d["detractors"]) == (50, 30, 20)
    assert "details" not in d
    assert all(not isinstance(v, dict) for v in d.values())
    d["value"] = 0.0
    assert est.value == pytest.approx(30.0)


@pytest.mark.parametrize("low, value, high", [(71.0, 70.0, 80.0), (60.0, 70.0, 69.0), (80.0, 70.0, 60.0)])
def test_constructor_rejects_an_interval_that_misses_the_value(low, value, high):
    with pytest.raises(ValueError, match=rf"interval \[{low}, {high}\] does not contain the estimate {value} for csat"):
        make_estimate(low=low, value=value, high=high)


def test_constructor_accepts_bounds_equal_to_the_value_and_nan():
    assert make_estimate(low=70.0, value=70.0, high=70.0).interval == (70.0, 70.0)
    nan = make_estimate(value=math.nan, low=math.nan, high=math.nan)
    assert "nan [nan, nan]" in repr(nan)


def test_estimates_of_equal_data_are_equal():
    assert cx.nps(NPS_EXAMPLE) == cx.nps(list(reversed(NPS_EXAMPLE)))
    assert cx.nps(NPS_EXAMPLE) != cx.nps(NPS_EXAMPLE, confidence_level=0.9)


def test_estimate_survives_pickle_and_deepcopy(est):
    for clone in (pickle.loads(pickle.dumps(est)), copy.deepcopy(est), copy.copy(est)):
        assert clone == est
        assert clone.promoters == 50
        with pytest.raises(TypeError):
            clone.details["promoters"] = 0


# --------------------------------------------------------------------------- Comparison


def test_comparison_is_frozen(comparison):
    with pytest.raises(dataclasses.FrozenInstanceError):
        comparison.difference = 0.0


def test_comparison_repr(comparison):
    text = repr(comparison)
    assert "\n" not in text
    assert text.startswith("nps difference (b - a) = +50.0 [")
    assert f"[{comparison.low:.1f}, {comparison.high:.1f}]" in text
    assert "p = <0.001" in text and "adjusted-welch" in text
    assert "a = -20.0, n=100" in text and "b = 30.0, n=100" in text


def test_comparison_repr_html(comparison):
    page = comparison._repr_html_()
    assert page.startswith("<table") and page.endswith("</table>")
    for text in ("b - a", "+50.0", "&lt;0.001", "yes", "adjusted-welch", "-20.0", "30.0"):
        assert text in page


def test_comparison_to_dict(comparison):
    d = comparison.to_dict()
    assert d == {
        "metric": "nps", "difference": comparison.difference, "low": comparison.low, "high": comparison.high,
        "p_value": comparison.p_value, "significant": True, "method": "adjusted-welch", "confidence_level": 0.95,
        "value_a": pytest.approx(-20.0), "value_b": pytest.approx(30.0), "n_a": 100, "n_b": 100,
    }


def make_comparison(p_value, confidence_level=0.95):
    a = make_estimate()
    return cx.Comparison(metric="csat", difference=0.0, low=-5.0, high=5.0, p_value=p_value, method="newcombe",
                         confidence_level=confidence_level, a=a, b=a)


@pytest.mark.parametrize("p, level, significant", [
    (0.049, 0.95, True), (0.05001, 0.95, False), (0.5, 0.95, False), (0.0, 0.95, True),
    (0.009, 0.99, True), (0.02, 0.99, False), (0.15, 0.8, True), (math.nan, 0.95, False),
])
def test_significant_means_p_below_one_minus_level(p, level, significant):
    c = make_comparison(p, level)
    assert c.significant is significant
    assert c.to_dict()["significant"] is significant
    assert ("yes" if significant else "no") in c._repr_html_()


@pytest.mark.parametrize("p, shown", [(0.0004, "p = <0.001"), (0.0123, "p = 0.012"), (1.0, "p = 1.000")])
def test_comparison_repr_p_value_format(p, shown):
    assert shown in repr(make_comparison(p))


# --------------------------------------------------------------------------- BenchmarkComparison


def test_benchmark_comparison_is_a_typed_result():
    est = cx.nps(NPS_EXAMPLE)
    result = cx.compare_benchmark(est, 32)
    assert isinstance(result, cx.BenchmarkComparison)
    assert (result.gap, result.low, result.high) == pytest.approx((-2.0, est.low - 32, est.high - 32))
    assert result["gap"] == result.gap and result.estimate is est
    assert result.significant is False and 0.5 < result.p_value <= 1
    assert set(result.to_dict()) == {"metric", "value", "benchmark", "gap", "low", "high", "p_value",
                                     "significant", "confidence_level"}
    assert repr(result).startswith("nps gap to benchmark 32 = -2.0 [")
    assert "<table" in result._repr_html_()
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.gap = 0.0
    assert pickle.loads(pickle.dumps(result)) == result and hash(result) == hash(copy.deepcopy(result))


def test_estimate_is_hashable_and_flags_small_samples():
    with pytest.warns(cx.SmallSampleWarning, match="nps: only 5 answers"):
        small = cx.nps([10, 9, 3, 7, 8])
    assert small.small_sample is True and cx.nps(NPS_EXAMPLE).small_sample is False
    assert hash(small) == hash(pickle.loads(pickle.dumps(small)))
    assert small.scale == (0, 10) and small.kind == "nps"
    assert cx.ces([1, 2, 5] * 20, statistic="mean").scale == (1, 5)
