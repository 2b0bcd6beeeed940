"""Key drivers recover the moments of truth planted in make_journeys."""

from __future__ import annotations

import warnings

import pytest

import cxkit as cx


@pytest.fixture(scope="module")
def journeys():
    return cx.datasets.make_journeys(4000, seed=0)


def test_planted_moments_of_truth_rank_top_and_non_drivers_carry_almost_nothing(journeys):
    customers, truth = journeys.customers, journeys.truth
    drivers = [c for c in customers.columns if c.startswith("rating_")]
    # Each customer uses only some touchpoints: listwise deletion would keep almost no one, so pairwise.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.errors.CollinearityWarning)
        table = cx.journey.key_drivers(customers, outcome="nps", drivers=drivers, missing="pairwise",
                                       n_resamples=200, rng=1)
    table["touchpoint"] = table["driver"].str.removeprefix("rating_")
    top = table.nsmallest(len(truth["moments_of_truth"]), "rank")["touchpoint"]
    assert set(top) == set(truth["moments_of_truth"])
    # Each planted moment of truth's whole rank interval lies within the top four of thirteen.
    moments = table.set_index("touchpoint").loc[truth["moments_of_truth"]]
    assert (moments["rank_high"] <= 4).all() and (moments["rank_low"] == 1).all()
    non = table.set_index("touchpoint").loc[truth["non_drivers"]]
    assert (non["share"] < 1.0).all() and (non["rank_low"] >= 5).all()
    assert 0.3 < table.attrs["r2"] < 0.7
