"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

import cxkit as cx


@pytest.fixture(scope="session")
def _sample_survey_once():
    return cx.datasets.sample_survey()


@pytest.fixture(scope="module")
def survey(_sample_survey_once):
    """The bundled sample survey (24 months from 2024-11); each test module gets its own copy."""
    return _sample_survey_once.copy()
