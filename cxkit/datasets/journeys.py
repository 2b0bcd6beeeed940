"""A generated customer-journey event log with planted, documented truths.

``make_journeys`` draws a deterministic event log (numpy ``Generator`` seeded
by ``seed``) from the model below, so journey analytics can be checked
against what was planted: the stage where most customers drop out, the
touchpoints that drive NPS (the moments of truth) and those that do not, the
delays between stages, channel switching and the pain points.

Generating model
----------------
Customers. ``n_customers`` ids ``C00001`` ... (zero-padded, so text order is
number order), each in a segment ``new`` (50 %), ``returning`` (35 %) or
``business`` (15 %). Each customer has a latent experience
``x_t ~ N(0, 1)`` for every touchpoint ``t`` (independent).

Stages. Every customer starts at ``awareness`` at a time drawn uniformly in
the first half of the observation window ``[start, start + months)``. From
stage ``k`` the customer reaches stage ``k + 1`` with probability
``REACH_PROBABILITY[k -> k+1]`` (returning customers: the ``interest ->
purchase`` probability is raised by ``RETURNING_PURCHASE_LIFT``, so segments
differ at that step), after a log-normal delay with median
``MEDIAN_DELAY_DAYS[k -> k+1]`` days and log-sd 0.6; stopping at a stage ends
the journey. A stage whose entry time falls after the window's end is not
observed (the journey is censored by the end of the data).

Touchpoints. In each stage reached, each touchpoint of the stage is used with
probability ``TOUCHPOINT_USE`` (at least one: the first of the stage when
none was drawn). The first event of the stage is at its entry time, the others
0-24 hours later. Channels follow the touchpoint (``TOUCHPOINT_CHANNEL``).
After ``purchase``, 10 % of customers go back to the ``website`` (an
``interest`` event 0-2 days later: a revisit, a loop in the paths).

Support contacts. Each support event is about a new matter; with probability
``REPEAT_CONTACT_PROBABILITY`` the customer contacts again about the same
matter 0.5-6 days later (same ``matter_id``), through another support
touchpoint (a channel switch) with probability ``CHANNEL_SWITCH_PROBABILITY``,
else the same one. Every other event has a matter of its own.

Ratings. CSAT (1-5) is asked after an event with probability 0.85, CES
(1-5) with probability 0.5 (NaN otherwise): ``round(mu_t + 0.6 x_t + e)``
with ``e ~ N(0, 0.6)``, clipped to 1..5, where ``mu_t`` is
``CSAT_LEVEL[t]`` (CES: the same level plus 0.1). ``call_centre`` and
``support_call`` are planted well below the rest (the pain points).

Outcomes (the ``customers`` table). NPS latent
``y = sum_t w_t x_t [t used] + u``, ``u ~ N(0, 0.5)``, with the planted
weights ``DRIVER_WEIGHTS`` (``w_t = 0`` for the non-drivers ``ads``,
``social``, ``loyalty_email``); NPS ``= clip(round(7 + 2 y), 0, 10)``,
answered by 70 % (NaN otherwise). ``satisfied`` is ``y + N(0, 0.5) > -0.2``
(an overall top-2 box). ``converted``: reached ``purchase``; ``churned``:
converted but never reached ``loyalty``. ``rating_<t>``: the customer's mean
CSAT at touchpoint ``t`` (NaN when ``t`` was not used, or used but never
rated).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from ..options import check_positive_int

__all__ = ["make_journeys", "JourneyData", "STAGES", "STAGE_TOUCHPOINTS"]

STAGES = ("awareness", "interest", "purchase", "delivery", "support", "loyalty")
STAGE_TOUCHPOINTS = {
    "awareness": ("ads", "social"),
    "interest": ("website", "chat_bot"),
    "purchase": ("website_checkout", "call_centre"),
    "delivery": ("courier", "pickup_point"),
    "support": ("support_chat", "support_call", "email"),
    "loyalty": ("app", "loyalty_email"),
}
TOUCHPOINT_CHANNEL = {
    "ads": "online_ads", "social": "social", "website": "web", "chat_bot": "chat", "website_checkout": "web",
    "call_centre": "phone", "courier": "offline", "pickup_point": "offline", "support_chat": "chat",
    "support_call": "phone", "email": "email", "app": "app", "loyalty_email": "email",
}
TOUCHPOINT_USE = {
    "ads": 0.7, "social": 0.5, "website": 0.9, "chat_bot": 0.3, "website_checkout": 0.8, "call_centre": 0.3,
    "courier": 0.75, "pickup_point": 0.3, "support_chat": 0.6, "support_call": 0.4, "email": 0.3,
    "app": 0.6, "loyalty_email": 0.7,
}
#: Probability of reaching the next stage, per transition; ``interest -> purchase`` is the planted drop.
REACH_PROBABILITY = {
    "awareness->interest": 0.75, "interest->purchase": 0.40, "purchase->delivery": 0.95,
    "delivery->support": 0.60, "support->loyalty": 0.70,
}
RETURNING_PURCHASE_LIFT = 0.15
MEDIAN_DELAY_DAYS = {
    "awareness->interest": 2.0, "interest->purchase": 5.0, "purchase->delivery": 3.0,
    "delivery->support": 10.0, "support->loyalty": 20.0,
}
CSAT_LEVEL = {
    "ads": 4.3, "social": 4.3, "website": 4.4, "chat_bot": 4.2, "website_checkout": 4.4, "call_centre": 2.8,
    "courier": 4.4, "pickup_point": 4.3, "support_chat": 4.3, "support_call": 2.7, "email": 4.2,
    "app": 4.4, "loyalty_email": 4.3,
}
DRIVER_WEIGHTS = {
    "ads": 0.0, "social": 0.0, "website": 0.35, "chat_bot": 0.1, "website_checkout": 0.45, "call_centre": 0.1,
    "courier": 0.5, "pickup_point": 0.1, "support_chat": 0.25, "support_call": 0.15, "email": 0.05,
    "app": 0.05, "loyalty_email": 0.0,
}
REPEAT_CONTACT_PROBABILITY = 0.3
CHANNEL_SWITCH_PROBABILITY = 0.4
REVISIT_PROBABILITY = 0.1
SEGMENTS = ("new", "returning", "business")
SEGMENT_SHARES = (0.5, 0.35, 0.15)
TOUCHPOINTS = tuple(t for stage in STAGES for t in STAGE_TOUCHPOINTS[stage])


@dataclass(frozen=True)
class JourneyData:
    """A generated journey log: ``events``, ``customers`` and the planted ``truth`` (see the module docstring)."""

    events: pd.DataFrame
    customers: pd.DataFrame
    truth: dict

    def __repr__(self) -> str:
        return (f"JourneyData({self.customers.shape[0]} customers, {self.events.shape[0]} events, "
                f"stages {' > '.join(self.truth['stages'])})")


def _rating(rng, level, latent, size, asked_p):
    score = np.clip(np.round(level + 0.6 * latent + rng.normal(0.0, 0.6, size)), 1, 5)
    return np.where(rng.random(size) < asked_p, score, np.nan)


def make_journeys(n_customers: int = 4000, *, seed: int = 0, start="2026-01-01", months: int = 6) -> JourneyData:
    """Generate a journey event log with planted truths (model: see the module docstring).

    Parameters
    ----------
    n_customers : int
        Customers to draw (>= 1).
    seed : int
        Seed of the numpy Generator; the same seed gives the same data.
    start : str or Timestamp
        First day of the observation window (ISO 8601).
    months : int
        Length of the window in months (>= 1); events after its end are not observed.
    """
    n = check_positive_int("n_customers", n_customers)
    months = check_positive_int("months", months)
    try:
        origin = pd.Timestamp(start)
    except (TypeError, ValueError):
        raise CxkitValueError(f"start must be an ISO 8601 date such as '2026-01-01'; got {start!r}.") from None
    if origin is pd.NaT:
        raise CxkitValueError(f"start must be an ISO 8601 date such as '2026-01-01'; got {start!r}.")
    end = origin + pd.DateOffset(months=months)
    window_days = (end - origin) / pd.Timedelta(days=1)
    rng = np.random.default_rng(seed)
    ids = np.array([f"C{i:05d}" for i in range(1, n + 1)], dtype=object)
    segment = rng.choice(np.array(SEGMENTS, dtype=object), size=n, p=SEGMENT_SHARES)
    latent = {t: rng.normal(size=n) for t in TOUCHPOINTS}
    used = {t: np.zeros(n, dtype=bool) for t in TOUCHPOINTS}

    entry = rng.uniform(0.0, window_days / 2.0, n)  # days after origin
    alive = np.ones(n, dtype=bool)
    reached = {}
    rows = []  # (customer index, day, touchpoint, matter) arrays per block
    matter_counter = [0]

    def new_matters(count):
        out = np.arange(matter_counter[0], matter_counter[0] + count)
        matter_counter[0] += count
        return out

    for k, stage in enumerate(STAGES):
        if k > 0:
            key = f"{STAGES[k - 1]}->{stage}"
            p = np.full(n, REACH_PROBABILITY[key])
            if key == "interest->purchase":
                p = np.where(segment == "returning", p + RETURNING_PURCHASE_LIFT, p)
            go = alive & (rng.random(n) < p)
            entry = entry + np.exp(np.log(MEDIAN_DELAY_DAYS[key]) + 0.6 * rng.normal(size=n))
            alive = go
        alive = alive & (entry < window_days)
        reached[stage] = alive.copy()
        touchpoints = STAGE_TOUCHPOINTS[stage]
        draws = np.column_stack([rng.random(n) < TOUCHPOINT_USE[t] for t in touchpoints])
        draws[~draws.any(axis=1), 0] = True
        order = rng.permuted(np.tile(np.arange(len(touchpoints)), (n, 1)), axis=1)
        for j, t in enumerate(touchpoints):
            who = np.flatnonzero(alive & draws[:, j])
            used[t][who] = True
            # the first touchpoint used in the stage opens it at its entry time
            chosen = np.argmax(np.take_along_axis(draws[who], order[who], axis=1), axis=1)
            opens = order[who, chosen] == j
            day = entry[who] + np.where(opens, 0.0, rng.uniform(0.0, 1.0, who.size))
            rows.append((who, day, np.full(who.size, t, dtype=object), new_matters(who.size)))
            if stage == "support":
                again = rng.random(who.size) < REPEAT_CONTACT_PROBABILITY
                switch = rng.random(who.size) < CHANNEL_SWITCH_PROBABILITY
                others = [o for o in touchpoints if o != t]
                follow = np.where(switch, rng.choice(np.array(others, dtype=object), who.size), t)
                later = day + rng.uniform(0.5, 6.0, who.size)
                keep = again & (later < window_days)
                for o in touchpoints:
                    used[o][who[keep & (follow == o)]] = True
                rows.append((who[keep], later[keep], follow[keep], rows[-1][3][keep]))
        if stage == "purchase":
            back = np.flatnonzero(alive & (rng.random(n) < REVISIT_PROBABILITY))
            later = entry[back] + rng.uniform(0.05, 2.0, back.size)
            back_keep = later < window_days
            rows.append((back[back_keep], later[back_keep], np.full(int(back_keep.sum()), "website", dtype=object),
                         new_matters(int(back_keep.sum()))))
        entry = np.where(alive, entry, np.inf)

    who = np.concatenate([r[0] for r in rows])
    day = np.concatenate([r[1] for r in rows])
    touchpoint = np.concatenate([r[2] for r in rows])
    matter = np.concatenate([r[3] for r in rows])
    seen = day < window_days  # events after the window's end are not observed
    who, day, touchpoint, matter = who[seen], day[seen], touchpoint[seen], matter[seen]
    stage_of = {t: s for s, ts in STAGE_TOUCHPOINTS.items() for t in ts}
    m = who.size
    lat = np.empty(m)
    level = np.empty(m)
    for t in TOUCHPOINTS:
        sel = touchpoint == t
        lat[sel] = latent[t][who[sel]]
        level[sel] = CSAT_LEVEL[t]
    csat = _rating(rng, level, lat, m, 0.85)
    ces = _rating(rng, level + 0.1, lat, m, 0.5)
    seconds = np.round(day * 86400.0).astype(np.int64)
    events = pd.DataFrame({
        "customer_id": ids[who],
        "timestamp": (origin + pd.to_timedelta(seconds, unit="s")).astype("datetime64[ns]"),
        "stage": np.array([stage_of[t] for t in touchpoint], dtype=object),
        "touchpoint": touchpoint,
        "channel": np.array([TOUCHPOINT_CHANNEL[t] for t in touchpoint], dtype=object),
        "csat": csat, "ces": ces,
        "segment": segment[who],
        "matter_id": np.array([f"M{v:07d}" for v in matter], dtype=object),
    })
    events = events.sort_values(["customer_id", "timestamp", "stage"], kind="stable").reset_index(drop=True)

    y = sum(DRIVER_WEIGHTS[t] * np.where(used[t], latent[t], 0.0) for t in TOUCHPOINTS) + rng.normal(0, 0.5, n)
    nps = np.clip(np.round(7.0 + 2.0 * y), 0, 10)
    nps = np.where(rng.random(n) < 0.7, nps, np.nan)
    satisfied = (y + rng.normal(0, 0.5, n)) > -0.2
    customers = pd.DataFrame({"customer_id": ids, "segment": segment, "nps": nps, "satisfied": satisfied,
                              "converted": reached["purchase"],
                              "churned": reached["purchase"] & ~reached["loyalty"]})
    means = events.groupby(["customer_id", "touchpoint"])["csat"].mean().unstack()
    for t in TOUCHPOINTS:
        column = means[t] if t in means.columns else pd.Series(dtype=float)
        customers[f"rating_{t}"] = column.reindex(ids).to_numpy(dtype=float)
    truth = {
        "stages": list(STAGES),
        "touchpoints": {s: list(ts) for s, ts in STAGE_TOUCHPOINTS.items()},
        "touchpoint_channel": dict(TOUCHPOINT_CHANNEL),
        "drop_off_stage": "purchase",
        "reach_probability": dict(REACH_PROBABILITY),
        "returning_purchase_lift": RETURNING_PURCHASE_LIFT,
        "driver_weights": dict(DRIVER_WEIGHTS),
        "moments_of_truth": ["courier", "website_checkout", "website"],
        "non_drivers": ["ads", "social", "loyalty_email"],
        "median_delay_days": dict(MEDIAN_DELAY_DAYS),
        "repeat_contact_probability": REPEAT_CONTACT_PROBABILITY,
        "channel_switch_probability": CHANNEL_SWITCH_PROBABILITY,
        "revisit_probability": REVISIT_PROBABILITY,
        "csat_level": dict(CSAT_LEVEL),
        "pain_points": ["call_centre", "support_call"],
        "window": (origin, end),
    }
    return JourneyData(events=events, customers=customers, truth=truth)
