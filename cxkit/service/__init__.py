"""Operational and business metrics with intervals: response times, SLA, AHT, conversion, CAC.

- :func:`first_response_time` -- median (exact order-statistic interval, or
  Kaplan-Meier with unanswered tickets censored), mean (BCa bootstrap or
  modified Cox) or geometric mean of the wait for a first answer.
- :func:`sla_compliance` -- share answered within a promise, Wilson interval,
  undecided tickets counted apart.
- :func:`average_handle_time` -- (talk + hold) / calls.
- :func:`conversion_rate` -- converted / visitors, Wilson interval.
- :func:`cac` -- spend / acquired, exact Poisson (Garwood) interval.
- :func:`durations` -- numbers with a stated unit, or timedeltas, in one unit.

Every result is a :class:`ServiceEstimate`. The interval maths lives in
:mod:`cxkit.stats.skewed`, :mod:`cxkit.stats.proportion` and
:mod:`cxkit.stats.survival`.
"""

from .durations import UNITS, Durations, durations, parse_within
from .rates import average_handle_time, cac, conversion_rate
from .response_times import first_response_time
from .result import ServiceEstimate
from .sla import sla_compliance

__all__ = ["first_response_time", "sla_compliance", "average_handle_time", "conversion_rate", "cac",
           "durations", "Durations", "parse_within", "ServiceEstimate", "UNITS"]
