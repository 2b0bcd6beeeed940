"""A deterministic sample CX survey with a known generating model.

``sample_survey()`` simulates one row per survey response; ``true_value()``
gives the exact population value of a metric under the same model (normal
CDFs, no simulation), so tests can check estimates against the truth;
``generating_model()`` returns every parameter below.

Generating model (ordered probit with one shared latent satisfaction)
---------------------------------------------------------------------
Respondent i answering in month m, segment s, channel c has latent
satisfaction ``z_i = mu(m, s, c) + u_i`` with ``u_i ~ N(0, 1)`` and::

    mu(m, s, c) = BASE + month_effect(m) + SEGMENT_EFFECTS[s] + CHANNEL_EFFECTS[c]
    month_effect(m) = TREND * t(m) - SEASONAL_AMPLITUDE * cos(2*pi*(calendar_month - 12) / 12)
                      + INCIDENTS.get(m, 0)

where ``t(m)`` counts months from 2024-11: a slow upward trend, a mild
seasonal low around the December peak, and one incident: in 2026-10 a
delivery and support problem lowers satisfaction enough that NPS falls by
about twelve points from 2026-09. Enterprise customers and the app channel are
somewhat happier, phone is the least happy channel; region has no effect.

Question q is answered ``a_q = #{k : y_iq > c_qk}`` (lowest answer plus the
number of cutpoints passed), ``y_iq = z_i + e_iq``, ``e_iq ~ N(0, sigma_q^2)``
independent, with the increasing ``CUTPOINTS[q]`` (10 for 0-10 answers, 4 for
1-5 answers). The reverse-worded ``cli_buy_elsewhere`` (high = disloyal) uses
``-z_i`` instead of ``z_i``. Hence, with ``d = sqrt(1 + sigma_q^2)`` and
``c_q0 = -inf``, ``c_q(K+1) = +inf``::

    P(a_q = lowest + k | m, s, c) = Phi((c_q(k+1) - mu) / d) - Phi((c_qk - mu) / d)

Each answer is missing independently with probability ``MISSING_RATES[q]``.
Segment (kept by a customer across repeat answers) and channel are drawn
independently with the mix weights; customers are drawn with replacement from
a pool twice the number of responses, so about a fifth of the responses come
from customers who answer more than once.

Definitions used by ``true_value``: NPS = %(9-10) - %(0-6) of ``nps_score``;
CSAT = % of 4-5 of ``csat_score`` (satisfaction with the last interaction;
``csat_top1``: % of 5); CSI = % of 4-5 of ``csi_score`` (the overall rating of
the interaction with the company, source [000]); CES = % of 4-5 (``ces_mean``: mean) of
``ces_score`` (5 = very easy); CLI = mean over respondents of the mean of the
four CLI items with ``cli_buy_elsewhere`` reverse-coded as ``10 - answer``.
"""

from __future__ import annotations

from ..errors import CxkitValueError

import copy
import numbers
import re

import numpy as np
import pandas as pd

__all__ = ["sample_survey", "true_value", "generating_model", "survey_months"]

BASE = -0.05
TREND = 0.005  # per month since ORIGIN
SEASONAL_AMPLITUDE = 0.03
ORIGIN = "2024-11"
INCIDENTS = {"2026-10": -0.19}
SEGMENT_WEIGHTS = {"consumer": 0.6, "small business": 0.3, "enterprise": 0.1}
SEGMENT_EFFECTS = {"consumer": 0.0, "small business": -0.04, "enterprise": 0.12}
CHANNEL_WEIGHTS = {"web": 0.35, "app": 0.3, "phone": 0.2, "chat": 0.15}
CHANNEL_EFFECTS = {"web": 0.0, "app": 0.08, "phone": -0.12, "chat": -0.04}
REGIONS = ("north", "south", "east", "west")  # equally likely, no effect on answers
SCALES = {"nps_score": (0, 10), "csat_score": (1, 5), "csi_score": (1, 5), "ces_score": (1, 5), "cli_recommend": (0, 10),
          "cli_repurchase": (0, 10), "cli_other_products": (0, 10), "cli_buy_elsewhere": (0, 10)}
SIGMAS = {"nps_score": 0.5, "csat_score": 0.6, "csi_score": 0.5, "ces_score": 0.8, "cli_recommend": 0.6,
          "cli_repurchase": 0.7, "cli_other_products": 0.8, "cli_buy_elsewhere": 0.8}
CUTPOINTS = {
    "nps_score": (-2.10, -1.96, -1.79, -1.61, -1.43, -1.16, -0.90, -0.52, -0.03, 0.55),
    "csat_score": (-2.04, -1.64, -0.98, 0.18),
    "csi_score": (-2.20, -1.75, -0.86, 0.35),
    "ces_score": (-1.89, -1.22, -0.49, 0.49),
    "cli_recommend": (-2.40, -2.19, -2.04, -1.81, -1.56, -1.26, -0.94, -0.51, 0.09, 0.71),
    "cli_repurchase": (-2.30, -2.07, -1.85, -1.60, -1.35, -1.01, -0.66, -0.23, 0.36, 0.96),
    "cli_other_products": (-2.11, -1.80, -1.50, -1.22, -0.95, -0.56, -0.19, 0.26, 0.82, 1.38),
    "cli_buy_elsewhere": (-1.08, -0.67, -0.26, 0.13, 0.46, 0.90, 1.22, 1.57, 1.99, 2.41),
}
MISSING_RATES = {"nps_score": 0.03, "csat_score": 0.06, "csi_score": 0.05, "ces_score": 0.08, "cli_recommend": 0.05,
                 "cli_repurchase": 0.05, "cli_other_products": 0.05, "cli_buy_elsewhere": 0.05}
REVERSED = ("cli_buy_elsewhere",)
CLI_ITEMS = ("cli_recommend", "cli_repurchase", "cli_other_products", "cli_buy_elsewhere")
COLUMNS = ("response_id", "customer_id", "answered_at", "segment", "channel", "region", *SCALES)
#: metric -> (answer column, function of the answer probabilities and the answer values)
METRICS = {
    "nps": ("nps_score", lambda p, a: 100 * (p[a >= 9].sum() - p[a <= 6].sum())),
    "csat": ("csat_score", lambda p, a: 100 * p[a >= 4].sum()),
    "csat_top1": ("csat_score", lambda p, a: 100 * p[a == 5].sum()),
    "csi": ("csi_score", lambda p, a: 100 * p[a >= 4].sum()),
    "ces": ("ces_score", lambda p, a: 100 * p[a >= 4].sum()),
    "ces_mean": ("ces_score", lambda p, a: float(p @ a)),
    "cli": (None, None),
}
BUSINESS_HOURS = (9, 18)  # answers between 09:00 and 18:00
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _choices(values) -> str:
    items = [repr(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _check_int(name: str, value, lowest: int, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < lowest:
        what = "a non-negative integer" if lowest == 0 else f"an integer of at least {lowest}"
        raise CxkitValueError(f"{name} ({value!r}) must be {what}, such as {example}.")
    return int(value)


def _month_index(month, name: str = "month") -> int:
    """Months since year 0 of a ``YYYY-MM`` string."""
    if not isinstance(month, str) or not _MONTH.match(month):
        raise CxkitValueError(f"{name} ({month!r}) must be a month written as YYYY-MM, such as '2026-10'.")
    return int(month[:4]) * 12 + int(month[5:]) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def survey_months(start: str = "2024-11", months: int = 24) -> list[str]:
    """The ``YYYY-MM`` months a sample covers, oldest first."""
    first = _month_index(start, "start")
    return [_month_name(first + k) for k in range(_check_int("months", months, 1, 24))]


def _month_effect(month: str) -> float:
    index = _month_index(month)
    seasonal = -SEASONAL_AMPLITUDE * np.cos(2 * np.pi * (index % 12 + 1 - 12) / 12)
    return TREND * (index - _month_index(ORIGIN)) + float(seasonal) + INCIDENTS.get(month, 0.0)


def generating_model() -> dict:
    """Every parameter of the generating model (a copy; see the module docstring)."""
    return copy.deepcopy({
        "base": BASE, "trend_per_month": TREND, "trend_origin": ORIGIN,
        "seasonal_amplitude": SEASONAL_AMPLITUDE, "incidents": INCIDENTS,
        "month_effects": {m: _month_effect(m) for m in survey_months()},
        "segment_weights": SEGMENT_WEIGHTS, "segment_effects": SEGMENT_EFFECTS,
        "channel_weights": CHANNEL_WEIGHTS, "channel_effects": CHANNEL_EFFECTS,
        "regions": REGIONS, "latent_sd": 1.0, "scales": SCALES, "noise_sd": SIGMAS,
        "cutpoints": CUTPOINTS, "missing_rates": MISSING_RATES, "reversed": REVERSED,
        "business_hours": BUSINESS_HOURS, "customer_pool_per_response": 2,
    })


def _answers(y: np.ndarray, question: str) -> np.ndarray:
    return SCALES[question][0] + np.searchsorted(np.asarray(CUTPOINTS[question]), y, side="left")


def sample_survey(*, seed: int = 2026, start: str = "2024-11", months: int = 24,
                  responses_per_month: int = 800) -> pd.DataFrame:
    """Simulated survey answers, one row per response, the same for the same arguments.

    Columns: ``response_id`` (1..N, in time order), ``customer_id`` ("C000123";
    repeat customers happen), ``answered_at`` (datetime64[ns]), ``segment``,
    ``channel``, ``region`` (strings), then the answers as nullable "Int64":
    ``nps_score`` 0-10, ``csat_score`` 1-5, ``csi_score`` 1-5, ``ces_score`` 1-5 (5 = very easy),
    ``cli_recommend``, ``cli_repurchase``, ``cli_other_products``,
    ``cli_buy_elsewhere`` 0-10 (the last reverse-worded: high = disloyal).
    """
    seed = _check_int("seed", seed, 0, 2026)
    month_names = survey_months(start, months)
    per_month = _check_int("responses_per_month", responses_per_month, 1, 800)
    rng = np.random.default_rng(seed)
    n = per_month * len(month_names)
    month_of_row = np.repeat(np.arange(len(month_names)), per_month)

    pool = 2 * n
    pool_segment = rng.choice(len(SEGMENT_WEIGHTS), size=pool, p=list(SEGMENT_WEIGHTS.values()))
    pool_region = rng.integers(0, len(REGIONS), size=pool)
    customer = rng.integers(0, pool, size=n)
    segment = pool_segment[customer]
    channel = rng.choice(len(CHANNEL_WEIGHTS), size=n, p=list(CHANNEL_WEIGHTS.values()))

    starts = np.array(month_names, dtype="datetime64[M]")
    days = ((starts + 1).astype("datetime64[D]") - starts.astype("datetime64[D]")).astype(int)
    day = np.floor(rng.random(n) * days[month_of_row]).astype(np.int64)
    hours = BUSINESS_HOURS[1] - BUSINESS_HOURS[0]
    second = BUSINESS_HOURS[0] * 3600 + rng.integers(0, hours * 3600, size=n)
    answered = starts.astype("datetime64[s]")[month_of_row] + (day * 86400 + second).astype("timedelta64[s]")

    mu = (BASE + np.array([_month_effect(m) for m in month_names])[month_of_row]
          + np.array(list(SEGMENT_EFFECTS.values()))[segment] + np.array(list(CHANNEL_EFFECTS.values()))[channel])
    z = mu + rng.standard_normal(n)
    answers = {}
    for q in SCALES:
        sign = -1.0 if q in REVERSED else 1.0
        values = _answers(sign * z + SIGMAS[q] * rng.standard_normal(n), q)
        answers[q] = pd.arrays.IntegerArray(values.astype("int64"), rng.random(n) < MISSING_RATES[q])

    order = np.argsort(answered, kind="stable")
    width = max(6, len(str(pool)))
    frame = pd.DataFrame({
        "response_id": np.arange(1, n + 1, dtype="int64"),
        "customer_id": np.char.add("C", np.char.zfill((customer[order] + 1).astype(str), width)),
        "answered_at": pd.to_datetime(answered[order]).astype("datetime64[ns]"),
        "segment": np.array(list(SEGMENT_WEIGHTS))[segment[order]],
        "channel": np.array(list(CHANNEL_WEIGHTS))[channel[order]],
        "region": np.array(REGIONS)[pool_region[customer[order]]],
        **{q: values[order] for q, values in answers.items()},
    })
    return frame


def _probabilities(question: str, mu: float) -> np.ndarray:
    """P(answer = lowest + k) for k = 0..K under latent mean ``mu``."""
    sign = -1.0 if question in REVERSED else 1.0
    bounds = np.concatenate(([-np.inf], CUTPOINTS[question], [np.inf]))
    from scipy.special import ndtr  # the normal CDF; imported here so loading the sample data stays light

    return np.diff(ndtr((bounds - sign * mu) / np.sqrt(1.0 + SIGMAS[question] ** 2)))


def _cell_value(metric: str, mu: float) -> float:
    if metric == "cli":
        means = []
        for q in CLI_ITEMS:
            p = _probabilities(q, mu)
            mean = float(p @ np.arange(SCALES[q][0], SCALES[q][1] + 1))
            means.append(sum(SCALES[q]) - mean if q in REVERSED else mean)
        return float(np.mean(means))
    question, value = METRICS[metric]
    return float(value(_probabilities(question, mu), np.arange(SCALES[question][0], SCALES[question][1] + 1)))


def _restrict(name: str, value, weights: dict) -> dict:
    if value is None:
        return weights
    if not isinstance(value, str) or value not in weights:
        raise CxkitValueError(f"{name} ({value!r}) must be one of {_choices(weights)}, or None for all.")
    return {value: 1.0}


def true_value(metric: str, month: str, *, segment: str | None = None, channel: str | None = None,
               start: str = "2024-11", months: int = 24) -> float:
    """Exact population value of ``metric`` in ``month`` under the generating model.

    ``metric`` is one of "nps", "csat", "csat_top1", "csi", "ces", "ces_mean" or "cli" (definitions in the module docstring).
    ``segment``/``channel`` restrict to one group; the other groups are mixed
    with the mix weights. ``month`` must be one of the months of
    ``sample_survey(start=start, months=months)``.
    """
    if not isinstance(metric, str) or metric not in METRICS:
        raise CxkitValueError(f"metric ({metric!r}) must be one of {_choices(METRICS)}.")
    covered = survey_months(start, months)
    _month_index(month)
    if month not in covered:
        raise CxkitValueError(f"month ({month!r}) must be one of the sample's months, {covered[0]} to {covered[-1]}.")
    segments = _restrict("segment", segment, SEGMENT_WEIGHTS)
    channels = _restrict("channel", channel, CHANNEL_WEIGHTS)
    total = sum(segments.values()) * sum(channels.values())
    base = BASE + _month_effect(month)
    return sum(ws * wc / total * _cell_value(metric, base + SEGMENT_EFFECTS[s] + CHANNEL_EFFECTS[c])
               for s, ws in segments.items() for c, wc in channels.items())
