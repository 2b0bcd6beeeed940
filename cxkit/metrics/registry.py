"""The metric registry: every survey metric defined once.

Each :class:`MetricDefinition` states a metric's name, kind, default scale,
options and their checks, how answer counts collapse into scored categories,
its interval and difference methods (the first of each is the default), its
unit and its read-out thresholds. The single-sample functions
(:mod:`cxkit.metrics.nps`, ``satisfaction``, ``effort``, ``loyalty``), the grouped
tables (:mod:`cxkit.tables.summarize`), the comparisons
(:mod:`cxkit.compare`), benchmarks, planning and the reports all read it, so
adding a metric (a churn share, an SLA share, a Forrester dimension index) is
one entry here plus its tests.

``resolve("csat", {"top": 1})`` checks the options and gives a
:class:`Metric`: the definition with its options applied (scale, top,
reverse), which turns a (groups x scale points) count table into counts per
scored category with :meth:`Metric.collapse`.

Kinds
-----
``"nps"``
    Answers collapse into detractors, passives and promoters, scored -1, 0
    and +1; the value is 100 x the mean score, in points from -100 to 100.
``"share"``
    Answers collapse into "not counted" (0) and "counted" (1); the value is
    the counted share in percent.
``"mean"``
    Each answer is its own score (turned as ``lowest + highest - answer``
    where the scale is reversed); the value is the mean on the answer scale.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np

from ..errors import CxkitTypeError, CxkitValueError
from ..options import check_choice, check_positive_int, check_scale
from ..stats import MEAN_METHODS, NPS_DIFFERENCE_METHODS, NPS_METHODS, SHARE_METHODS

#: Samples smaller than this are flagged as small (warning or flag column).
SMALL_SAMPLE_SIZE = 30

KINDS = ("nps", "share", "mean")

#: Units of each kind: what ``value``, ``low`` and ``high`` are measured in.
UNITS = {"nps": "points", "share": "percent", "mean": "scale"}

#: Difference methods of each kind, the default first (see cxkit.stats.difference).
DIFFERENCE_METHODS = {"nps": NPS_DIFFERENCE_METHODS, "share": ("newcombe",), "mean": ("welch",)}

#: Interval methods of each kind, the default first.
INTERVAL_METHODS = {"nps": NPS_METHODS, "share": SHARE_METHODS, "mean": MEAN_METHODS}

#: Options every function that reads answers takes besides the metric's own.
ANSWER_OPTIONS = ("drop_invalid",)
#: Options of functions whose metric has a resampling interval method.
RANDOM_OPTIONS = ("n_resamples", "rng")


# --------------------------------------------------------------------------- option checks


def _check_top(top, options: dict) -> int:
    scale = options["scale"]
    points = scale[1] - scale[0] + 1
    top = check_positive_int("top", top)
    if top >= points:
        raise CxkitValueError(
            f"top ({top}) must be from 1 to {points - 1} for the {scale[0]}-{scale[1]} scale "
            f"(the number of highest answers that count as satisfied)."
        )
    return top


def _check_bool(name: str):
    def check(value, _options):
        if not isinstance(value, (bool, np.bool_)):
            raise CxkitTypeError(f"{name} must be True or False; got {value!r}.")
        return bool(value)
    return check


def _check_item_names(value, _options) -> tuple:
    if isinstance(value, (bool, np.bool_)):
        raise CxkitTypeError(
            f"reverse ({value!r}) must name the items to reverse-code (column names, or positions "
            f"for an array), such as reverse=('buy_elsewhere',); True/False is not allowed."
        )
    if isinstance(value, (str, numbers.Integral)):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        raise CxkitTypeError(f"reverse ({value!r}) must name the items to reverse-code, such as "
                             f"reverse=('buy_elsewhere',).") from None


@dataclass(frozen=True)
class Option:
    """One option of a metric: its default and its check (value, options so far) -> value."""

    name: str
    default: Any
    check: Callable[[Any, dict], Any]
    help: str


SCALE_OPTION = Option("scale", None, lambda v, _o: check_scale(v), "answer scale (lowest, highest)")


@dataclass(frozen=True)
class Readout:
    """Thresholds of the sources against which a value is read (the README lists them).

    ``bands``: ascending (edge, label key) pairs; a value above an edge is in
    that band (NPS, source [002]). ``target``: (threshold, label key) where the
    metric is fine at or above the threshold (shares, source [000]).
    """

    bands: tuple[tuple[float, str], ...] = ()
    #: Label keys below the first band's edge and exactly at it.
    below: str = ""
    at_edge: str = ""
    target: tuple[float, str] | None = None
    #: "at_least": fine at or above the target (satisfaction); "at_most": fine at or below it (churn).
    direction: str = "at_least"
    source: str = ""


@dataclass(frozen=True)
class MetricDefinition:
    """A metric as the sources define it; :func:`resolve` applies its options."""

    name: str
    title: str
    kind: str
    scale: tuple[int, int]
    options: tuple[Option, ...] = ()
    #: NPS: inclusive (lowest, highest) answers of detractors, passives, promoters.
    bands: tuple[tuple[int, int], ...] = ()
    #: share: how many of the highest answers count (default; may be an option).
    top: int = 0
    readout: Readout = field(default_factory=Readout)
    #: Another definition chosen by an option value: {("statistic", "mean"): "ces_mean"}.
    variants: tuple[tuple[str, Any, str], ...] = ()
    source: str = ""
    #: Needs one row per respondent with several item columns (the CLI).
    items: bool = False
    #: Answers may be given as booleans (True = 1): yes/no outcomes such as churned, converted.
    booleans: bool = False

    @property
    def unit(self) -> str:
        return UNITS[self.kind]

    @property
    def interval_methods(self) -> tuple[str, ...]:
        return INTERVAL_METHODS[self.kind]

    @property
    def difference_methods(self) -> tuple[str, ...]:
        return DIFFERENCE_METHODS[self.kind]


@dataclass(frozen=True)
class Metric:
    """A metric with its options applied: what every computation reads."""

    definition: MetricDefinition
    scale: tuple[int, int]
    top: int = 0
    reverse: bool | tuple = False

    @property
    def name(self) -> str:
        """The output name, as in an Estimate's or a table's ``metric`` (``ces_mean`` for a CES mean)."""
        return self.definition.name

    metric = name

    @property
    def kind(self) -> str:
        return self.definition.kind

    @property
    def unit(self) -> str:
        return self.definition.unit

    @property
    def methods(self) -> tuple[str, ...]:
        return self.definition.interval_methods

    @property
    def difference_methods(self) -> tuple[str, ...]:
        return self.definition.difference_methods

    @property
    def points(self) -> np.ndarray:
        return np.arange(self.scale[0], self.scale[1] + 1, dtype=float)

    @property
    def unit_label(self) -> str:
        """The unit in words, as an Estimate states it."""
        if self.kind == "nps":
            return "NPS points (-100..100)"
        if self.kind == "share":
            return "% of answers"
        return f"mean answer on the {self.scale[0]}-{self.scale[1]} scale"

    def check_method(self, method: str | None) -> str:
        """The interval method, the metric's default for None."""
        return self.methods[0] if method is None else check_choice("method", method, self.methods)

    def check_difference_method(self, method: str | None) -> str:
        """The difference method, the metric's default for None."""
        allowed = self.difference_methods
        return allowed[0] if method is None else check_choice("method", method, allowed)

    def answer_scores(self) -> np.ndarray:
        """The score of each answer on the scale, lowest answer first."""
        points = self.points
        if self.kind == "nps":
            scores = np.zeros(len(points))
            for score, (low, high) in zip((-1.0, 0.0, 1.0), self.definition.bands):
                scores[(points >= low) & (points <= high)] = score
            return scores
        if self.kind == "share":
            index = np.arange(len(points))
            counted = index < self.top if self.reverse is True else index >= len(points) - self.top
            return counted.astype(float)
        if self.reverse is True:
            return self.scale[0] + self.scale[1] - points
        return points

    def collapse(self, counts, values=None):
        """Counts per scored category (groups x k) and each category's score (k,).

        ``counts`` is a (groups x scale points) table, weighted or not. With
        ``values`` (the CLI's respondent means) the columns are already the
        scored values.
        """
        counts = np.atleast_2d(counts)
        if values is not None:
            return counts, np.asarray(values, dtype=float)
        if self.kind == "mean":
            if self.reverse is True:
                return counts[:, ::-1], self.points
            return counts, self.points
        scores = self.answer_scores()
        categories = np.unique(scores) if self.kind == "nps" else np.array([0.0, 1.0])
        indicator = (scores[:, None] == categories[None, :]).astype(counts.dtype)
        return counts @ indicator, categories


REGISTRY: dict[str, MetricDefinition] = {
    "nps": MetricDefinition(
        name="nps", title="Net Promoter Score", kind="nps", scale=(0, 10),
        bands=((0, 6), (7, 8), (9, 10)),
        readout=Readout(bands=((0.0, "nps_good"), (50.0, "nps_excellent"), (70.0, "nps_world_class")),
                        below="nps_alarm", at_edge="nps_zero", source="source [002]"),
        source="sources [000], [002], [004]",
    ),
    "csat": MetricDefinition(
        name="csat", title="Customer Satisfaction Score", kind="share", scale=(1, 5), top=2,
        options=(SCALE_OPTION, Option("top", 2, _check_top, "how many of the highest answers count")),
        readout=Readout(target=(75.0, "csat_target"), source="source [000]"),
        source="sources [000], [004]",
    ),
    "csi": MetricDefinition(
        name="csi", title="Customer Satisfaction Index", kind="share", scale=(1, 5), top=2,
        readout=Readout(target=(80.0, "csi_target"), source="source [000]"),
        source="source [000]",
    ),
    "ces": MetricDefinition(
        name="ces", title="Customer Effort Score", kind="share", scale=(1, 5), top=2,
        options=(SCALE_OPTION,
                 Option("statistic", "share", lambda v, _o: check_choice("statistic", v, ("share", "mean")),
                        "share of the two easiest answers, or the mean answer"),
                 Option("reverse", False, _check_bool("reverse"), "the lowest answer means easiest")),
        variants=(("statistic", "mean", "ces_mean"),),
        readout=Readout(target=(60.0, "ces_target"), source="source [000]"),
        source="sources [000], [004]",
    ),
    "ces_mean": MetricDefinition(
        name="ces_mean", title="Customer Effort Score (mean)", kind="mean", scale=(1, 5),
        source="source [002]",
    ),
    "churn": MetricDefinition(
        name="churn", title="Churn share (customers lost of the period's base)", kind="share", scale=(0, 1),
        top=1, booleans=True,
        readout=Readout(target=(5.0, "churn_target"), direction="at_most", source="source [000]"),
        source="source [000]: lost in the month / customers at the end of the previous month",
    ),
    "sla": MetricDefinition(
        name="sla", title="SLA compliance (answered within the promise)", kind="share", scale=(0, 1), top=1,
        booleans=True, source="source [002]",
    ),
    "conversion": MetricDefinition(
        name="conversion", title="Conversion rate", kind="share", scale=(0, 1), top=1, booleans=True,
        source="source [003]",
    ),
    "cli": MetricDefinition(
        name="cli", title="Customer Loyalty Index", kind="mean", scale=(0, 10),
        options=(SCALE_OPTION, Option("reverse", (), _check_item_names, "items to reverse-code")),
        items=True,
        source="source [000]",
    ),
    # Forrester's CX dimensions (SPEC.md section 1, source [003]): each an index of one or more rating
    # items per respondent (mean of the respondent's items, reverse-coded items turned, as for the CLI),
    # and the composite over the items of all three dimensions. See cxkit/metrics/forrester.py.
    **{name: MetricDefinition(
        name=name, title=title, kind="mean", scale=(1, 5),
        options=(SCALE_OPTION, Option("reverse", (), _check_item_names, "items to reverse-code")),
        items=True, source="source [003]; Forrester CX Index (effectiveness, ease, emotion)",
    ) for name, title in (
        ("cx_usefulness", "CX usefulness (value: the experience meets the need)"),
        ("cx_ease", "CX ease (easy to find and use)"),
        ("cx_enjoyability", "CX enjoyability (emotionally appealing)"),
        ("cx_index", "CX index (usefulness, ease and enjoyability together)"),
    )},
}

def metric_names() -> tuple[str, ...]:
    """The names a user passes as ``metric=``: every entry but those reached through an option
    (``ces_mean`` is ``ces`` with ``statistic="mean"``)."""
    targets = {target for entry in REGISTRY.values() for _o, _v, target in entry.variants}
    return tuple(name for name in REGISTRY if name not in targets)


METRICS = metric_names()


def definition(name: str) -> MetricDefinition:
    """The registry entry of an output metric name (as in a table's ``metric`` column)."""
    return REGISTRY[check_choice("metric", name, tuple(REGISTRY))]


def option_names(metric: str) -> tuple[str, ...]:
    """Options ``metric`` takes in grouped calls (besides drop_invalid)."""
    return tuple(o.name for o in definition(check_choice("metric", metric, metric_names())).options)


def call_options(metric: str) -> tuple[str, ...]:
    """Every keyword option the single-sample function of ``metric`` takes, in order."""
    entry = definition(metric)
    kinds = {entry.kind} | {REGISTRY[target].kind for _o, _v, target in entry.variants}
    random = RANDOM_OPTIONS if "nps" in kinds or "mean" in kinds else ()
    return option_names(metric) + random + ANSWER_OPTIONS


def resolve(metric: str, options: dict | None = None) -> Metric:
    """Check ``metric`` and its ``options``; the metric they define."""
    metric = check_choice("metric", metric, metric_names())
    entry = REGISTRY[metric]
    options = dict(options or {})
    accepted = option_names(metric)
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        allowed = ", ".join(map(repr, accepted)) or "no options"
        raise CxkitTypeError(f"metric {metric!r} got unknown option(s) {', '.join(map(repr, unknown))}; "
                             f"it accepts {allowed}.")
    checked: dict[str, Any] = {}
    for option in entry.options:
        if option.name in options:
            value = options[option.name]
        else:
            value = entry.scale if option is SCALE_OPTION else option.default
        checked[option.name] = option.check(value, checked)
    for name, value, target in entry.variants:
        if checked.get(name) == value:
            entry = REGISTRY[target]
    scale = checked.get("scale", entry.scale)
    top = checked.get("top", entry.top)
    reverse = checked.get("reverse", False)
    return Metric(definition=entry, scale=scale, top=top, reverse=reverse)


def with_scale(metric: Metric, scale) -> Metric:
    """The same metric on another answer scale (checked)."""
    return replace(metric, scale=check_scale(scale))
