"""Bundled data sets: a deterministic sample CX survey with a known generating model, and real public
data (IBM Telco churn, UCI online shoppers, CDNOW, UCI Somerville happiness), a generated journey log, each shipped with its licence note in ``data/``; the samples' display names in Russian
(``display_names``)."""

from .cdnow import cdnow_calibration_summary, cdnow_transactions
from .display_names import JOURNEY_DISPLAY_NAMES, SURVEY_DISPLAY_NAMES
from .journeys import JourneyData, make_journeys
from .shoppers import online_shoppers
from .somerville import somerville_happiness
from .survey import generating_model, sample_survey, survey_months, true_value
from .telco import telco_churn

__all__ = ["sample_survey", "true_value", "generating_model", "survey_months", "telco_churn", "online_shoppers",
           "cdnow_transactions", "cdnow_calibration_summary", "somerville_happiness", "make_journeys",
           "JourneyData", "SURVEY_DISPLAY_NAMES", "JOURNEY_DISPLAY_NAMES"]
