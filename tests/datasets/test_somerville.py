"""The bundled Somerville Happiness Survey and what key drivers shows on it (figures of its docstring)."""

from __future__ import annotations

import numpy as np
import pytest

from cxkit.datasets.somerville import RATINGS, somerville_happiness
from cxkit.journey.drivers import key_drivers


def test_the_file_is_the_uci_data():
    frame = somerville_happiness()
    assert frame.shape == (143, 7) and int(frame["happy"].sum()) == 77
    assert list(frame.columns) == ["happy", *RATINGS]
    assert frame[RATINGS].isin(range(1, 6)).all().all()
    # First and last rows of the UCI file: 0,3,3,3,4,2,4 and 0,5,3,2,5,5,5.
    assert frame.iloc[0].tolist() == [False, 3, 3, 3, 4, 2, 4]
    assert frame.iloc[-1].tolist() == [False, 5, 3, 2, 5, 5, 5]


def test_key_drivers_on_the_real_ratings():
    frame = somerville_happiness()
    result = key_drivers(frame, outcome="happy", drivers=RATINGS, rng=0).set_index("driver")
    # OLS R² of the 0/1 answer on the six ratings (statsmodels OLS with a constant): 0.117228...
    assert result.attrs["r2"] == pytest.approx(0.1172284848, abs=1e-9)
    assert result.attrs["outcome_type"] == "binary" and result.attrs["n_used"] == 143
    assert result.attrs["r2_low"] == pytest.approx(0.064, abs=0.01)
    assert result.attrs["r2_high"] == pytest.approx(0.267, abs=0.015)
    assert result.loc["city_information", "rank"] == 1
    assert result.loc["city_information", "share"] == pytest.approx(53.41, abs=0.01)
    assert result.loc["city_information", ["low", "high"]].tolist() == pytest.approx([11.4, 73.2], abs=2.0)
    order = result.sort_values("rank").index.tolist()
    assert order == ["city_information", "community_events", "streets", "schools", "police", "housing_cost"]
    lmg = key_drivers(frame, outcome="happy", drivers=RATINGS, method="lmg", n_resamples=0)
    assert lmg.sort_values("rank")["driver"].tolist() == order
    assert np.isclose(lmg["weight"].sum(), result.attrs["r2"])
