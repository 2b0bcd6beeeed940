"""Bundled data sets: a deterministic sample CX survey with a known generating model."""

from .survey import generating_model, sample_survey, survey_months, true_value

__all__ = ["sample_survey", "true_value", "generating_model", "survey_months"]
