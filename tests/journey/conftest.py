"""Fixtures of the journey tests: one generated journey log per session (copied per module)."""

from __future__ import annotations

import pytest

from cxkit.datasets import make_journeys


@pytest.fixture(scope="session")
def _journeys_once():
    return make_journeys(4000, seed=0)


@pytest.fixture(scope="module")
def journeys(_journeys_once):
    return _journeys_once


@pytest.fixture(scope="module")
def events(_journeys_once):
    return _journeys_once.events.copy()


@pytest.fixture(scope="module")
def stages(_journeys_once):
    return list(_journeys_once.truth["stages"])
