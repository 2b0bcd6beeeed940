"""Seeded coverage of the journey intervals on generated journeys (slow: run with -m slow).

200 journey logs of 400 customers (seeds 0..199). The awareness -> interest
step is the cleanest planted quantity (reach probability 0.75, median delay 2
days, practically never cut by the observation window), so the share of logs
whose interval holds the planted value estimates each interval's coverage.
"""

from __future__ import annotations

import numpy as np
import pytest

from cxkit import journey as J
from cxkit.datasets import make_journeys

pytestmark = pytest.mark.slow


def test_funnel_and_stage_time_intervals_cover_the_planted_values():
    hits_reach, hits_delay = [], []
    for seed in range(200):
        data = make_journeys(400, seed=seed)
        stages = data.truth["stages"]
        row = J.funnel(data.events, stages=stages).iloc[1]
        hits_reach.append(row.low <= 100 * data.truth["reach_probability"]["awareness->interest"] <= row.high)
        delay = J.stage_times(data.events, stages=stages, among="reached").iloc[0]
        hits_delay.append(delay.low <= data.truth["median_delay_days"]["awareness->interest"] <= delay.high)
    # binomial sd of a 95 % coverage over 200 logs is 1.5 points: 0.92 is two sd below
    assert np.mean(hits_reach) >= 0.92, np.mean(hits_reach)
    assert np.mean(hits_delay) >= 0.92, np.mean(hits_delay)
