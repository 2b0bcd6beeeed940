"""SLA compliance: the share of requests answered within the promised time.

Source 002 (SPEC section 2): a promise such as "an answer within 24 h",
kept "always, not only when engineers have time". Each ticket is one of:

- **met**: answered, and the first response came at most ``within`` after creation;
- **missed**: answered later than that, or still unanswered at ``now`` and
  already older than ``within`` (the promise is broken whatever happens next);
- **pending**: unanswered and younger than ``within`` at ``now`` -- not yet
  decided, so left out of the share and counted in ``n_pending``. Counting
  them as met or missed would bias the share; they are decided later.

The share (in percent) has the Wilson score interval by default (Wilson 1927,
JASA 22, 209-212; recommended by Brown, Cai & DasGupta 2001, Statistical
Science 16, 101-133), treating decided tickets as independent trials.
"""

from __future__ import annotations

import numpy as np

from ..errors import CxkitValueError
from ..options import check_choice, check_confidence_level
from ..stats.proportion import SHARE_METHODS, proportion_interval
from .durations import parse_within, ticket_times
from .result import ServiceEstimate


def sla_compliance(tickets, *, created="created_at", first_response="first_response_at", within="24h",
                   now=None, confidence_level: float = 0.95, method: str = "wilson") -> ServiceEstimate:
    """Share of tickets answered within ``within``, in percent, with a Wilson interval.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per ticket.
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

    Returns
    -------
    ServiceEstimate
        ``metric="sla_compliance"``, value in ``%``; ``n`` decided tickets,
        ``n_pending`` undecided ones; ``details``: ``met``, ``missed``,
        ``missed_unanswered`` (unanswered and overdue), ``within`` (the
        promise in hours).
    """
    promise = parse_within(within)
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, SHARE_METHODS)
    times = ticket_times(tickets, created=created, first_response=first_response, now=now)
    limit = promise / np.timedelta64(1, "s")
    on_time = times.seconds <= limit
    met = int((times.answered & on_time).sum())
    missed_answered = int((times.answered & ~on_time).sum())
    missed_unanswered = int((~times.answered & ~on_time).sum())
    pending = int((~times.answered & on_time).sum())
    n = met + missed_answered + missed_unanswered
    if n == 0:
        raise CxkitValueError(
            f"no ticket is decided yet: all {pending} are unanswered and younger than within ({within!r}) at "
            f"now ({now}); the SLA share needs answered or overdue tickets."
        )
    low, high = proportion_interval(met, n, confidence_level=level, method=method)
    return ServiceEstimate(
        metric="sla_compliance", value=100.0 * met / n, low=100.0 * float(low), high=100.0 * float(high), n=n,
        method=method, confidence_level=level, unit="%", n_pending=pending,
        note=f"answered within {promise}; unanswered tickets older than that count as missed",
        details={"met": met, "missed": missed_answered + missed_unanswered, "missed_unanswered": missed_unanswered,
                 "within_hours": limit / 3600.0},
    )
