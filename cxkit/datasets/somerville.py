"""The UCI "Somerville Happiness Survey" (2015): city-service ratings and a happy/unhappy answer.

143 residents of Somerville, Massachusetts rated six city services on 1-5 and
said whether they are happy (1) or unhappy (0): real attribute ratings with an
overall yes/no outcome, the shape of a key-driver analysis. Bundled unchanged
(CC BY 4.0) in ``cxkit/datasets/data/somerville-happiness/`` with its README.txt.

Source: UCI Machine Learning Repository, data set 479 (Koczkodaj, W. W.,
2018, https://doi.org/10.24432/C5PW4Z).

Columns (renamed from the source's ``D, X1..X6``; :data:`SOURCE_COLUMNS`):
``happy`` (bool, source ``D``), and the 1-5 ratings ``city_information``
(X1, availability of information about the city services), ``housing_cost``
(X2, the cost of housing), ``schools`` (X3, overall quality of public
schools), ``police`` (X4, trust in the local police), ``streets`` (X5,
maintenance of streets and sidewalks), ``community_events`` (X6,
availability of social community events).

What key drivers shows on it (``key_drivers(df, outcome="happy",
drivers=RATINGS, rng=0)``: relative weights, linear probability, 2000
resamples): the six ratings explain little of happiness (R² = 0.117, equal to
the OLS R² of the 0/1 answer; bootstrap 95 % interval 0.064 to 0.267, typical
of a yes/no outcome from 143 people). ``city_information`` carries the largest
share, 53 % of R² (interval 11 % to 73 %), then community events (19 %),
streets (14 %), schools (8.5 %), police (4 %) and housing cost (0.2 %); every
interval but housing cost's overlaps the leader's, and the leader's rank
interval is 1 to 4: information about city services is the likely moment of
truth, but 143 answers cannot rank the services firmly. LMG gives the same
order (54 %, 19 %, 15 %, 8 %, 4 %, 0.2 %). tests/datasets/test_somerville.py
checks these figures.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

__all__ = ["somerville_happiness", "SOMERVILLE_FILE", "RATINGS"]

SOMERVILLE_FILE = "data/somerville-happiness/SomervilleHappinessSurvey2015.csv"
SOURCE_COLUMNS = {"D": "happy", "X1": "city_information", "X2": "housing_cost", "X3": "schools",
                  "X4": "police", "X5": "streets", "X6": "community_events"}
#: The six 1-5 service ratings, in the source's order.
RATINGS = list(SOURCE_COLUMNS.values())[1:]


def somerville_happiness() -> pd.DataFrame:
    """The 143 answers of the Somerville Happiness Survey 2015 (a fresh copy on every call)."""
    source = resources.files("cxkit.datasets").joinpath(SOMERVILLE_FILE)
    with source.open("rb") as handle:
        frame = pd.read_csv(handle, dtype="int64")
    frame = frame.rename(columns=SOURCE_COLUMNS)
    frame["happy"] = frame["happy"].astype(bool)
    return frame
