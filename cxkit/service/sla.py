"""SLA compliance: the share of requests answered within the promised time.

Source [002] (see the README): a promise such as "an answer within 24 h",
kept "always, not only when engineers have time". Each ticket is one of:

- **met**: answered, and the first response came at most ``within`` after creation;
- **missed**: answered later than that, or still unanswered at ``now`` and
  already older than ``within`` (the promise is broken whatever happens next);
- **pending**: unanswered and younger than ``within`` at ``now`` -- not yet
  decided, so left out of the share and counted in ``n_pending``. Counting
  them as met or missed would bias the share; they are decided later.

Young tickets that *are* answered need care too. Among tickets created less
than ``within`` before ``now``, only the fast ones have been answered, and
every one of them met the promise; the slow ones are still pending. Keeping
the answered young tickets while leaving out the unanswered ones therefore
biases the share upwards (a selection on the outcome). By default
(``young_answered="pending"``) every ticket created less than ``within``
before ``now`` is left out and counted in ``n_pending`` (``details``:
``pending_answered`` of them answered already): the share is then that of
the *matured* cohort, each of whose tickets is decided whatever happens
next, and it is unbiased. ``young_answered="count"`` keeps the answered
young tickets as met (the literal "leave out only the undecided" rule);
``tests/service/test_service_coverage.py`` shows its bias. Without ``now``
(every ticket answered) there is no young cohort and every ticket counts.

The share (in percent) has the Wilson score interval by default (Wilson 1927,
JASA 22, 209-212; recommended by Brown, Cai & DasGupta 2001, Statistical
Science 16, 101-133), treating decided tickets as independent trials.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..options import check_choice, check_confidence_level
from ..stats.proportion import SHARE_METHODS, proportion_interval
from .durations import parse_within, ticket_times
from .result import ServiceEstimate


def sla_compliance(tickets, *, created="created_at", first_response="first_response_at", within="24h",
                   now=None, confidence_level: float = 0.95, method: str = "wilson",
                   young_answered: str = "pending") -> ServiceEstimate:
    """Share of tickets answered within ``within``, in percent, with a Wilson interval.

    Parameters
    ----------
    tickets : DataFrame of any supported engine
        One row per ticket. A lazy frame (DuckDB, Polars lazy, Dask,
        PySpark) is checked and counted in its engine (:mod:`cxkit.service.engine`).
    created, first_response : str
        Columns of ``datetime64`` times; ``first_response`` is NaT where not answered yet.
    within : str or timedelta
        The promise: ``"24h"``, ``"30min"``, ``"2d"``, ``"90s"`` or a pandas
        Timedelta; must be positive. An answer exactly at ``within`` meets it.
    now : Timestamp, datetime or numpy datetime64, optional
        When the data were taken; required when some tickets are unanswered.
    method : str
        Interval method of a share: ``"wilson"`` (default), ``"jeffreys"``,
        ``"clopper-pearson"``, ``"agresti-coull"`` or ``"wald"``.
    young_answered : {"pending", "count"}
        What to do with tickets answered although created less than
        ``within`` before ``now``: leave them out as pending (default,
        unbiased) or count them as met (biased upwards; see the module
        docstring).

    Returns
    -------
    ServiceEstimate
        ``metric="sla_compliance"``, value in ``%``; ``n`` decided tickets,
        ``n_pending`` undecided ones; ``details``: ``met``, ``missed``,
        ``missed_unanswered`` (unanswered and overdue), ``pending_answered``
        (young tickets already answered, left out), ``within_hours``.
    """
    promise = parse_within(within)
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    young_answered = check_choice("young_answered", young_answered, ("pending", "count"))
    limit = promise / np.timedelta64(1, "s")
    times = ticket_times(tickets, created=created, first_response=first_response, now=now,
                         young_within=None if young_answered == "count" else limit)
    weight = np.ones(len(times.seconds), dtype=np.int64) if times.counts is None else times.counts
    on_time = times.seconds <= limit
    young = np.zeros(len(on_time), dtype=bool) if times.young is None else times.young
    pending_unanswered = ~times.answered & on_time
    pending_answered = times.answered & young
    decided = ~(pending_unanswered | pending_answered)
    met = int(weight[decided & times.answered & on_time].sum())
    missed_answered = int(weight[decided & times.answered & ~on_time].sum())
    missed_unanswered = int(weight[decided & ~times.answered & ~on_time].sum())
    pending = int(weight[~decided].sum())
    n = met + missed_answered + missed_unanswered
    if n == 0:
        raise CxkitValueError(
            f"no ticket is decided yet: all {pending} were created less than within ({within!r}) before "
            f"now ({now}) and are pending; the SLA share needs tickets older than the promise."
        )
    low, high = proportion_interval(met, n, confidence_level=level, method=method)
    return ServiceEstimate(
        metric="sla_compliance", value=100.0 * met / n, low=100.0 * float(low), high=100.0 * float(high), n=n,
        method=method, confidence_level=level, unit="%", n_pending=pending,
        note=(f"answered within {promise}; unanswered tickets older than that count as missed; tickets younger "
              f"than that are pending" + ("" if young_answered == "pending" else " only while unanswered")),
        details={"met": met, "missed": missed_answered + missed_unanswered, "missed_unanswered": missed_unanswered,
                 "pending_answered": int(weight[pending_answered].sum()), "within_hours": limit / 3600.0},
    )
