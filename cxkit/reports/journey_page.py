"""The customer journey report's parameters and data: checked before any work, then one month's journeys.

What the report shows is the *cohort* of a month: the customers whose journey
starts (their first event) in that month, followed through every later event
of the data. A funnel, stage times and flows need whole journeys, so a month
cannot cut the events themselves; the page says how long the cohort was
followed (up to the last event of the data). An empty ``month`` is the latest
month in which journeys start.

Data
----
``events``: one row per event, read through the data boundary
(:func:`cxkit.read`: a CSV or Parquet file, a folder or a glob, scanned lazily
by DuckDB; only the chosen month's customers come back into memory), or the
bundled sample (:func:`sample_journeys`) when empty. Columns: ``customer_id``,
``timestamp`` (ISO 8601, or ``date_format``) and ``stage`` are required;
``touchpoint``, ``channel``, ``csat``, ``ces`` (1-5) and ``segment`` (one per
customer) are used when present, and a section whose columns are absent says
so in one line.

``customers`` (optional): one row per customer with ``customer_id``, ``nps``
(0-10) and ``rating_<touchpoint>`` columns (the customer's rating of each
touchpoint, empty where not used): the moments of truth need it.

Every problem is a :class:`~cxkit.errors.CxkitValueError` (a
:class:`~cxkit.errors.DataFileError` for a file) with one line saying what to
do, raised by :func:`prepare_journey` before the notebook starts.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CxkitValueError, DataFileError
from ..inputs.dates import check_date_format
from ..options import check_choice, check_confidence_level
from .data import check_month
from .journey_labels import LANGUAGES
from .parameters import check_text, check_unknown

#: Parameters of templates/journey_report.ipynb, in the order they are declared.
JOURNEY_PARAMETERS = ("events", "customers", "month", "segment", "stages", "confidence_level", "language",
                      "date_format")
REQUIRED = ("customer_id", "timestamp", "stage")
SAMPLE_CUSTOMERS, SAMPLE_SEED, SAMPLE_START, SAMPLE_MONTHS = 3000, 7, "2026-08-01", 6
SAMPLE_SOURCE = "the bundled sample journey log"


def sample_journeys():
    """The bundled sample: :func:`cxkit.datasets.make_journeys` (3000 customers, seed 7, August 2026 to January 2027).

    Journeys start from August to October 2026 (the first half of the window,
    which ends on 1 November), the months of the monthly report's sample, so
    ``cxkit report all --month 2026-09`` renders every report; events run
    until the end of January 2027.
    """
    from ..datasets.journeys import make_journeys

    return make_journeys(SAMPLE_CUSTOMERS, seed=SAMPLE_SEED, start=SAMPLE_START, months=SAMPLE_MONTHS)


def parse_stages(text: str) -> list[str]:
    """``"awareness, interest, purchase"`` -> the list of stages; '' -> [] (order chosen from the data)."""
    check_text("stages", text)
    if text.strip() == "":
        return []
    names = [part.strip() for part in text.split(",")]
    if any(name == "" for name in names):
        raise CxkitValueError(f"stages ({text!r}) must be stage names separated by commas, none empty, "
                              f"such as 'awareness, interest, purchase'.")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise CxkitValueError(f"stages ({text!r}) names {', '.join(map(repr, repeated))} more than once; "
                              f"each stage once, in journey order.")
    if len(names) < 2:
        raise CxkitValueError(f"stages ({text!r}) must name at least two stages in journey order.")
    return names


def validate_journey_parameters(params: dict) -> dict:
    """Check every journey-report parameter's value; return them normalised."""
    check_unknown(params, JOURNEY_PARAMETERS)
    missing = [p for p in JOURNEY_PARAMETERS if p not in params]
    if missing:
        raise CxkitValueError(f"missing report parameter(s) {missing}; this report takes {list(JOURNEY_PARAMETERS)}.")
    for name in ("events", "customers", "month", "segment", "stages", "language", "date_format"):
        check_text(name, params[name])
    if params["customers"] and not params["events"]:
        raise CxkitValueError(f"customers ({params['customers']!r}) was given without events; give the events "
                              f"file of the same customers, or neither for the bundled sample.")
    parse_stages(params["stages"])
    return {
        "events": params["events"],
        "customers": params["customers"],
        "month": "" if params["month"] == "" else check_month(params["month"]),
        "segment": params["segment"],
        "stages": params["stages"],
        "confidence_level": check_confidence_level(params["confidence_level"]),
        "language": check_choice("language", params["language"], LANGUAGES),
        "date_format": check_date_format(params["date_format"]) or "",
    }


# --- reading --------------------------------------------------------------------------------------

def _sql(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _fail(message: str, path: str, reason: str):
    return DataFileError(message, path=path, reason=reason) if path else CxkitValueError(message)


def _open(path: str, *, dates=(), date_format: str = ""):
    """A lazy DuckDB relation over a file, folder or glob (cx.read), or a clear error."""
    from ..inputs.files import read

    if Path(path).is_file() and Path(path).stat().st_size == 0:
        raise DataFileError(f"data file {path!r} is empty (0 bytes); export it again.", path=path, reason="empty")
    return read(path, dates=dates, date_format=date_format or None)


def _events_relation(path: str, date_format: str):
    import duckdb

    if not path:
        return duckdb.connect().from_df(sample_journeys().events)
    probe = _open(path)
    names = probe.columns
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DataFileError(
            f"events file {path!r} lacks column(s) {', '.join(map(repr, missing))}; it has {names}. The journey "
            f"report needs 'customer_id', 'timestamp' (when the event happened) and 'stage': add or rename them.",
            path=path, reason="columns")
    relation = _open(path, dates=["timestamp"], date_format=date_format)
    kind = str(dict(zip(relation.columns, relation.dtypes))["timestamp"]).upper()
    if not kind.startswith(("TIMESTAMP", "DATE")):
        raise DataFileError(f"events file {path!r}: column 'timestamp' holds {kind} values, not dates.",
                            path=path, reason="dates")
    return relation


def _customers_frame(path: str, sample: bool) -> pd.DataFrame | None:
    if sample:
        return sample_journeys().customers
    if not path:
        return None
    frame = _open(path).df()
    if "customer_id" not in frame.columns:
        raise DataFileError(f"customers file {path!r} lacks column 'customer_id'; it has {list(frame.columns)}.",
                            path=path, reason="columns")
    repeated = frame["customer_id"].duplicated() | frame["customer_id"].isna()
    if repeated.any():
        raise DataFileError(f"customers file {path!r}: {int(repeated.sum())} rows repeat a customer_id or have none "
                            f"(e.g. {frame.loc[repeated, 'customer_id'].head(3).tolist()!r}); one row per customer.",
                            path=path, reason="answers")
    return frame


@dataclass
class Journeys:
    """One month's journeys, checked: what every section of the report runs on."""

    events: pd.DataFrame          # the cohort's events (pandas; timestamp as datetime)
    customers: pd.DataFrame | None  # the cohort's row of the customers table (None: no table given)
    month: str
    month_given: bool
    stages: list
    stages_source: str            # "given", "sample" or "inferred"
    end: pd.Timestamp             # the last event of the data: how long journeys were followed
    start_months: list            # months in which journeys start, oldest first
    source: str
    columns: list = field(default_factory=list)

    @property
    def n_customers(self) -> int:
        return int(self.events["customer_id"].nunique())

    def has(self, *columns) -> bool:
        return all(c in self.events.columns and self.events[c].notna().any() for c in columns)


def _check_nulls(relation, path, source):
    counts = relation.query("ev", "SELECT count(*) FILTER (WHERE customer_id IS NULL), "
                                  "count(*) FILTER (WHERE stage IS NULL), count(*) FILTER (WHERE timestamp IS NULL), "
                                  "count(*) FROM ev").fetchall()[0]
    for count, what in zip(counts[:3], ("customer_id", "stage", "timestamp")):
        if count:
            raise _fail(f"{source}: {count} events have no {what}; every event needs one.", path, "answers")
    if counts[3] == 0:
        raise _fail(f"{source} has no events; a journey report needs some.", path, "empty")


def _stage_order(relation, given: list, sample: bool, path: str, source: str) -> tuple[list, str]:
    present = {str(r[0]): r[1] for r in relation.query("ev", "SELECT CAST(stage AS VARCHAR), count(*) FROM ev "
                                                              "GROUP BY 1").fetchall()}
    if given:
        unknown = sorted(set(present) - set(given))
        if unknown:
            raise _fail(f"{source} has stage(s) not in stages: {', '.join(repr(s) for s in unknown[:10])} "
                        f"({sum(present[s] for s in unknown)} events); stages must list every stage of the data "
                        f"in journey order (given: {', '.join(given)}).", path, "stages")
        absent = [s for s in given if s not in present]
        if absent:
            raise _fail(f"stages names {', '.join(map(repr, absent))}, which {source} does not have; its stages "
                        f"are {', '.join(map(repr, sorted(present)))}.", path, "stages")
        return list(given), "given"
    if sample:
        from ..datasets.journeys import STAGES

        return list(STAGES), "sample"
    if len(present) < 2:
        raise _fail(f"{source} has fewer than two stages ({sorted(present)!r}); a journey needs two or more.",
                    path, "stages")
    rows = relation.query("ev", "SELECT CAST(stage AS VARCHAR) AS s, median(epoch(f)) AS m FROM (SELECT customer_id, "
                                "stage, min(timestamp) AS f FROM ev GROUP BY 1, 2) GROUP BY 1").fetchall()
    return [s for s, _m in sorted(rows, key=lambda r: (r[1], r[0]))], "inferred"


def _segment_filter(relation, segment: str, path: str, source: str) -> str:
    if not segment:
        return "TRUE"
    if "segment" not in relation.columns:
        raise _fail(f"segment {segment!r} was asked for, but {source} has no 'segment' column; it has "
                    f"{relation.columns}.", path, "segment")
    known = sorted(str(r[0]) for r in relation.query("ev", "SELECT DISTINCT CAST(segment AS VARCHAR) FROM ev "
                                                            "WHERE segment IS NOT NULL").fetchall())
    if segment not in known:
        raise _fail(f"segment ({segment!r}) must be one of {', '.join(map(repr, known))}, or '' for all.",
                    path, "segment")
    split = relation.query("ev", "SELECT count(*) FROM (SELECT customer_id FROM ev GROUP BY 1 "
                                 "HAVING count(DISTINCT segment) > 1)").fetchall()[0][0]
    if split:
        raise _fail(f"{source}: {split} customers have events in more than one segment; the segment must be one "
                    f"per customer (e.g. the segment at the journey's start).", path, "segment")
    return f"CAST(segment AS VARCHAR) = {_sql(segment)}"


def load_journeys(events: str = "", customers: str = "", *, month: str = "", segment: str = "", stages: str = "",
                  date_format: str = "") -> Journeys:
    """Read and check the events (and customers), pick the month's cohort; raises before any analysis."""
    sample = not events
    source = f"events file {events!r}" if events else SAMPLE_SOURCE
    relation = _events_relation(events, date_format)
    _check_nulls(relation, events, source)
    order, how = _stage_order(relation, parse_stages(stages), sample, events, source)
    where = _segment_filter(relation, segment, events, source)
    starts = relation.query("ev", f"SELECT strftime(min(timestamp), '%Y-%m') AS m FROM ev WHERE {where} "
                                  f"GROUP BY customer_id")
    months = sorted(r[0] for r in starts.query("s", "SELECT DISTINCT m FROM s").fetchall())
    chosen = month or months[-1]
    if chosen not in months:
        raise _fail(f"{source}{f' (segment {segment!r})' if segment else ''} has no journeys starting in {chosen}; "
                    f"journeys start from {months[0]} to {months[-1]}. Pick a month in that range.", events, "months")
    end = relation.query("ev", "SELECT max(timestamp) FROM ev").fetchall()[0][0]
    cohort = relation.query("ev", f"SELECT * FROM ev WHERE {where} AND customer_id IN (SELECT customer_id FROM ev "
                                  f"GROUP BY customer_id HAVING strftime(min(timestamp), '%Y-%m') = {_sql(chosen)})")
    frame = cohort.df()
    frame["timestamp"] = pd.to_datetime(frame["timestamp"])
    for column in ("stage", "touchpoint", "channel", "segment"):
        if column in frame.columns:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    frame["stage"] = frame["stage"].astype(str)
    table = _customers_frame(customers, sample)
    if table is not None:
        table = table[table["customer_id"].isin(set(frame["customer_id"]))].reset_index(drop=True)
        _check_outcomes(table, customers, "the sample customers" if sample else f"customers file {customers!r}")
    result = Journeys(events=frame.sort_values(["customer_id", "timestamp"], kind="stable").reset_index(drop=True),
                      customers=table, month=chosen, month_given=bool(month), stages=order, stages_source=how,
                      end=pd.Timestamp(end), start_months=months, source=source, columns=list(frame.columns))
    _check_log(result, events)
    return result


def _check_outcomes(table: pd.DataFrame, path: str, source: str) -> None:
    """nps whole numbers 0-10; rating_ columns numbers (their scale is checked by the analysis)."""
    if "nps" in table.columns:
        nps = pd.to_numeric(table["nps"], errors="coerce")
        bad = table["nps"].notna() & (nps.isna() | (nps < 0) | (nps > 10) | (nps != np.round(nps)))
        if bad.any():
            raise _fail(f"{source}, column 'nps': {int(bad.sum())} answers are not whole numbers from 0 to 10, such "
                        f"as {table.loc[bad, 'nps'].head(5).tolist()!r}. Correct or remove them.", path, "answers")
    for column in [c for c in table.columns if str(c).startswith("rating_")]:
        if not pd.api.types.is_numeric_dtype(table[column]):
            raise _fail(f"{source}, column {column!r} must hold numbers (a rating, empty where the touchpoint was "
                        f"not used); got {table[column].dropna().head(3).tolist()!r}.", path, "answers")


def _check_log(journeys: Journeys, path: str) -> None:
    """The journey module's own checks (duplicates, ratings on the scale), run once on the cohort."""
    from ..journey import JourneyOrderWarning, funnel, touchpoint_scorecard

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", JourneyOrderWarning)
            funnel(journeys.events, stages=journeys.stages, touchpoint=touchpoint_column(journeys))
            if journeys.has("segment"):  # the segment table groups customers: one segment each, checked here
                funnel(journeys.events, stages=journeys.stages, touchpoint=touchpoint_column(journeys), by="segment")
        for rating in ("csat", "ces"):
            if journeys.has(rating) and journeys.has("touchpoint"):
                touchpoint_scorecard(journeys.events, rating=rating, by="touchpoint")
    except CxkitValueError as exc:
        if isinstance(exc, DataFileError) or not path:
            raise
        raise DataFileError(f"events file {path!r}: {_report_advice(str(exc))}", path=path, reason="answers") from exc


#: The library's advice names keyword arguments the report does not take; on a report the fix is in the data.
_LIBRARY_ADVICE = {
    "; pass duplicates='drop' to keep the first of each": "; remove the repeated rows from the events file",
    ", or name the touchpoint column (touchpoint='touchpoint') when events at one time and stage differ by "
    "touchpoint": ", or add a 'touchpoint' column when events at one time and stage differ by touchpoint",
    "; pass scale=(low, high) for another scale.": "; the report reads its ratings on the 1–5 scale: correct "
                                                   "them in the events file.",
}


def _report_advice(message: str) -> str:
    for library, report in _LIBRARY_ADVICE.items():
        message = message.replace(library, report)
    return message


def touchpoint_column(journeys: Journeys):
    """'touchpoint' when the events have it (two events at one time and stage differ by touchpoint)."""
    return "touchpoint" if "touchpoint" in journeys.events.columns else None


def prepare_journey(values: dict) -> dict:
    """The runner's check before the notebook starts; an empty month becomes the month shown (for the name)."""
    journeys = load_journeys(values["events"], values["customers"], month=values["month"], segment=values["segment"],
                             stages=values["stages"], date_format=values["date_format"])
    return {**values, "month": journeys.month}
