"""Applying display names to a report's data, and writing the data's own values back in its outputs.

See :mod:`cxkit.reports.category_names` for the names file and the rules. A
report renames the category columns once, right after it has checked its
data (:meth:`DisplayNames.rename_frame` for survey answers in pandas or a lazy
DuckDB relation, :meth:`DisplayNames.rename_journeys` for journeys), so that
everything the page shows uses the display names, and wraps its outputs with
:meth:`DisplayNames.outputs`, so that ``metrics.json`` and the CSV tables keep
the data's values.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd

from ..errors import CxkitValueError
from .category_names import CATEGORY_COLUMNS, PATH_SEPARATOR, RATING_PREFIX


def _text(value) -> str | None:
    """A category value as the names file writes it (None for a missing one)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return None
    return value if isinstance(value, str) else str(value)


def _is_lazy(frame) -> bool:
    return not isinstance(frame, pd.DataFrame) and hasattr(frame, "project") and hasattr(frame, "columns")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class DisplayNames:
    """Display names of one language: column -> data value -> name (see :mod:`cxkit.reports.category_names`).

    Parameters
    ----------
    names : dict
        column -> data value -> display name, for the report's language.
    language : str
        The report's language ("en" or "ru").
    source : str
        Where the names come from, for messages ("names file 'x.csv'", "the bundled sample's names").
    """

    def __init__(self, names: dict, language: str, source: str = ""):
        self.names = {column: dict(values) for column, values in names.items() if values}
        self.language = language
        self.source = source
        self._back = {name: value for values in self.names.values() for value, name in values.items()}

    def __bool__(self) -> bool:
        return bool(self.names)

    def __repr__(self) -> str:
        count = sum(map(len, self.names.values()))
        return f"DisplayNames({count} names in {self.language!r} from {self.source or 'nowhere'})"

    # -- data -> page ----------------------------------------------------------------------------
    def name(self, column: str, value):
        """``value`` of ``column`` as the page shows it: its display name, or the value itself."""
        text = _text(value)
        return value if text is None else self.names.get(column, {}).get(text, value)

    def _check(self, present: dict[str, list]) -> None:
        """Refuse a display name that the data also shows, unrenamed, as a value of some category column."""
        for column, values in present.items():
            named = self.names.get(column, {})
            for value in values:
                text = _text(value)
                if text is None or text in named or text not in self._back or self._back[text] == text:
                    continue
                owner = next(c for c, v in self.names.items() if text in v.values())
                raise CxkitValueError(
                    f"{self.source}: the {self.language} display name {text!r} of {owner} {self._back[text]!r} is "
                    f"also a {column} of the data, shown as it is; the page could not tell them apart. Give "
                    f"{column} {text!r} a name too, or choose another name for {owner} {self._back[text]!r}.")

    def rename_frame(self, frame):
        """``frame`` (pandas, or a lazy DuckDB relation) with its category columns' values renamed.

        The frame comes back unchanged when no name applies to it.
        """
        columns = [c for c in CATEGORY_COLUMNS if c in self.names and c in list(frame.columns)]
        if not columns:
            return frame
        if _is_lazy(frame):
            return self._rename_relation(frame, columns)
        factorized = {c: pd.factorize(frame[c]) for c in columns}  # codes (-1: missing) and distinct values
        self._check({c: list(uniques) for c, (_codes, uniques) in factorized.items()})
        changes = {}
        for column, (codes, uniques) in factorized.items():
            named = self.names[column]
            if not any(_text(u) in named for u in uniques):
                continue
            shown = [named.get(_text(u), _text(u)) for u in uniques]
            kind = frame[column].dtype
            if isinstance(kind, pd.StringDtype):  # text stays in its own dtype (pandas' str), missing stays missing
                values = pd.array(shown, dtype=kind).take(codes, allow_fill=True)
            else:  # object or numbers: the names as text, None where the value is missing
                values = np.array(shown + [None], dtype=object)[codes]
            changes[column] = pd.Series(values, index=frame.index, name=column)
        return frame.assign(**changes) if changes else frame

    def _rename_relation(self, relation, columns: list):
        present = {}
        for column in columns:
            rows = relation.query("cx_names", f"SELECT DISTINCT CAST({_sql_name(column)} AS VARCHAR) FROM cx_names")
            present[column] = [r[0] for r in rows.fetchall()]
        self._check(present)
        replaced = []
        for column in columns:
            named = {v: n for v, n in self.names[column].items() if v in set(present[column])}
            if not named:
                continue
            cases = " ".join(f"WHEN {_sql_text(v)} THEN {_sql_text(n)}" for v, n in named.items())
            as_text = f"CAST({_sql_name(column)} AS VARCHAR)"
            replaced.append(f"CASE {as_text} {cases} ELSE {as_text} END AS {_sql_name(column)}")
        return relation.project(f"* REPLACE ({', '.join(replaced)})") if replaced else relation

    def rename_journeys(self, journeys):
        """A report's :class:`~cxkit.reports.journey_page.Journeys` with stages, touchpoints, channels and
        segments renamed in the events, the stage order and the customers' ``rating_<touchpoint>`` columns."""
        if not self:
            return journeys
        customers = journeys.customers
        rated = [] if customers is None else [str(c)[len(RATING_PREFIX):] for c in customers.columns
                                              if str(c).startswith(RATING_PREFIX)]
        events_touchpoints = list(pd.unique(journeys.events["touchpoint"])) if "touchpoint" in journeys.events else []
        self._check({"touchpoint": events_touchpoints + rated, "stage": list(journeys.stages)})
        if customers is not None:
            customers = self.rename_frame(customers).rename(columns={
                RATING_PREFIX + t: RATING_PREFIX + self.name("touchpoint", t) for t in rated})
        return dataclasses.replace(journeys, events=self.rename_frame(journeys.events), customers=customers,
                                   stages=[self.name("stage", s) for s in journeys.stages])

    # -- page -> data (machine-readable outputs) -------------------------------------------------
    def data_value(self, text):
        """The data's value behind a text of the page: a display name, ``rating_<name>`` or a path
        ``a > b > c`` of them; anything else comes back as it is."""
        if not isinstance(text, str) or not self._back:
            return text
        if text in self._back:
            return self._back[text]
        if text.startswith(RATING_PREFIX) and text[len(RATING_PREFIX):] in self._back:
            return RATING_PREFIX + self._back[text[len(RATING_PREFIX):]]
        if PATH_SEPARATOR in text:
            parts = text.split(PATH_SEPARATOR)
            if any(p in self._back for p in parts):
                return PATH_SEPARATOR.join(self._back.get(p, p) for p in parts)
        return text

    def data_values_of(self, value):
        """:meth:`data_value` through lists and dicts (the ``extra`` of a metric)."""
        if isinstance(value, dict):
            return {k: self.data_values_of(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self.data_values_of(v) for v in value)
        return self.data_value(value)

    def data_values(self, frame: pd.DataFrame) -> pd.DataFrame:
        """A copy of a result table with every display name written back as the data's value."""
        if not self._back or not isinstance(frame, pd.DataFrame):
            return frame
        out = frame.copy()
        for column in out.columns:
            if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
                out[column] = out[column].map(self.data_value)
        if any(name is not None for name in out.index.names):
            if isinstance(out.index, pd.MultiIndex):
                out.index = pd.MultiIndex.from_tuples([tuple(map(self.data_value, t)) for t in out.index],
                                                      names=out.index.names)
            elif out.index.inferred_type in ("string", "mixed"):
                out.index = out.index.map(self.data_value)
        return out

    def outputs(self, outputs):
        """``outputs`` (a :class:`~cxkit.reports.outputs.ReportOutputs`) writing the data's own values; itself
        when there are no names."""
        return DataValueOutputs(outputs, self) if self else outputs


class DataValueOutputs:
    """A :class:`~cxkit.reports.outputs.ReportOutputs` whose tables and metrics keep the data's values."""

    def __init__(self, outputs, names: DisplayNames):
        self._outputs = outputs
        self._names = names

    def table(self, name: str, frame) -> None:
        self._outputs.table(name, self._names.data_values(frame))

    def metric(self, key: str, *, label: str, extra: dict | None = None, **rest) -> None:
        self._outputs.metric(key, label=self._names.data_value(label), extra=self._names.data_values_of(extra),
                             **rest)

    def estimate(self, key: str, estimate, *, label: str, extra: dict | None = None) -> None:
        self._outputs.estimate(key, estimate, label=self._names.data_value(label),
                               extra=self._names.data_values_of(extra))

    def __getattr__(self, attribute):
        return getattr(self._outputs, attribute)
