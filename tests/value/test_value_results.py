"""Result objects of cxkit.value: one-line repr, HTML, to_dict, frozen, and the public names."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

import cxkit.value as cv
from cxkit.errors import CxkitValueError
from cxkit.results import Details


def test_public_names():
    for name in cv.__all__:
        assert hasattr(cv, name)


def test_model_fit_display_and_dict():
    fit = cv.fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    text = repr(fit)
    assert "\n" not in text and text.startswith("SbgFit(sBG: alpha=0.7041 (se")
    assert "<table" in fit._repr_html_() and "log-likelihood" in fit._repr_html_()
    d = fit.to_dict()
    assert d["model"] == "sBG" and set(d) >= {"alpha", "alpha_se", "beta", "beta_se", "log_likelihood", "n"}
    assert isinstance(fit.params, Details)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fit.n = 3
    assert pickle.loads(pickle.dumps(fit)).params == fit.params
    low, high = fit.param_intervals(0.9)["alpha"]
    assert low < fit.params["alpha"] < high
    with pytest.raises(CxkitValueError, match="confidence_level"):
        fit.param_intervals(1.5)


def test_clv_estimate_checks_its_interval():
    with pytest.raises(CxkitValueError, match=r"does not contain the estimate"):
        cv.ClvEstimate(value=5.0, low=6.0, high=7.0, n=2, method="bca", confidence_level=0.95, annual_revenue=1.0,
                       annual_revenue_low=1.0, annual_revenue_high=1.0, years=1.0, cac=0.0, total_revenue=1.0,
                       customer_years=1.0, n_resamples=10)
