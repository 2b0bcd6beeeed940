"""Customer journey analytics: funnel, stage times, touchpoints, emotion curve, flows, principles, key drivers.

Each function takes a journey event log (one row per event: customer, timestamp,
stage, touchpoint, channel, ratings) and returns a tidy pandas DataFrame with
intervals. The log is checked at the boundary (:mod:`cxkit.journey.log`).
"""

from .funnel import funnel, funnel_differences, funnel_from_counts
from .flows import END, START, paths, transitions
from .log import JourneyOrderWarning
from .shoppers import shoppers_funnel
from .principles import consistency, promise_times, reliability, seamlessness
from .times import stage_times
from .touchpoints import emotion_curve, touchpoint_scorecard
from .drivers import compare_drivers, key_drivers
from .importance import importance_performance

__all__ = ["funnel", "funnel_differences", "funnel_from_counts", "shoppers_funnel", "stage_times",
           "touchpoint_scorecard", "emotion_curve", "paths", "transitions", "START", "END", "seamlessness",
           "consistency", "reliability", "promise_times", "key_drivers", "compare_drivers",
           "importance_performance", "JourneyOrderWarning"]
