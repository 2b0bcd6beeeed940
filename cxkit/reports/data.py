"""Loading and checking the answers a report runs on.

A report's data is one row per survey response with a timestamp column
``answered_at`` and answer columns ``nps_score`` (0-10, required),
``csat_score``, ``csi_score``, ``ces_score`` (1-5), the CLI items
``cli_recommend``, ``cli_repurchase``, ``cli_other_products``,
``cli_buy_elsewhere`` (0-10), ``churned`` (0/1 or true/false) and the ticket
times ``created_at`` and ``first_response_at`` (all optional), and, for
breakdowns and filters, ``segment``, ``channel`` and ``region``. With no path,
the bundled sample data is used.

Files are CSV (UTF-8, comma-separated, a byte-order mark is allowed) or
Parquet; a Parquet file, or a folder or a glob of files, is read lazily by
DuckDB (:func:`cxkit.read`) and every check below then runs inside DuckDB, so
a data set larger than memory never becomes a pandas frame. Every problem with a file -- missing, a folder, empty, binary, not
UTF-8, another separator, a missing column, dates that are not ISO 8601 and
no ``date_format`` given, answers off the scale, a report month without
answers -- is a :class:`~cxkit.errors.DataFileError`
whose one-line message names the file and says what to do, raised before a
report notebook starts (see :func:`check_report_data`). Dates are read by
:func:`cxkit.inputs.dates.parse_dates` (ISO 8601, or the ``date_format``
given; never guessed).
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..datasets import sample_survey
from ..errors import CxkitValueError, DataFileError, DataFileNotFoundError, InvalidAnswersError
from ..inputs.dates import parse_dates

DATE_COLUMN = "answered_at"
REQUIRED_COLUMNS = (DATE_COLUMN, "nps_score")
#: Ticket times read as dates when present (first response time; see monthly_service.py).
TICKET_COLUMNS = ("created_at", "first_response_at")
SAMPLE_SOURCE = "the bundled sample data"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_SEPARATORS = {";": "semicolons", "\t": "tabs", "|": "bars"}
_SAVE_AS = "save it as CSV (UTF-8, comma-separated) or Parquet"


def check_month(month, *, name: str = "month") -> str:
    """A report month written as ``YYYY-MM`` (nothing before or after it, not even a newline)."""
    if not isinstance(month, str) or not _MONTH.fullmatch(month):
        raise CxkitValueError(f"{name} ({month!r}) must be a month written as YYYY-MM, such as '2026-10'.")
    return month


def _fail(message: str, *, path: str | None, reason: str) -> CxkitValueError:
    """DataFileError for a file, CxkitValueError for an in-memory table."""
    if path is None:
        return CxkitValueError(message)
    return DataFileError(message, path=path, reason=reason)


def _check_file(path: Path, shown: str) -> str:
    """The file's suffix after checking it exists, is a file, is not empty and looks like its kind."""
    if not path.exists():
        raise DataFileNotFoundError(
            f"data file {shown!r} does not exist; give the path of a CSV or Parquet file of answers.",
            path=shown, reason="missing")
    if path.is_dir():  # a folder of files is read lazily (load_survey); an empty one is an error
        raise DataFileError(
            f"data file {shown!r} is a folder with no .csv or .parquet files in it; give a CSV or Parquet file, "
            f"or a folder of them.", path=shown, reason="folder")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise DataFileError(
            f"data file {shown!r} must end in .csv or .parquet; got {suffix or 'no suffix'!r}; {_SAVE_AS}.",
            path=shown, reason="suffix")
    if path.stat().st_size == 0:
        raise DataFileError(f"data file {shown!r} is empty (0 bytes); export the answers again.",
                            path=shown, reason="empty")
    with path.open("rb") as handle:
        head = handle.read(8192)
    if suffix == ".parquet" and not head.startswith(b"PAR1"):
        raise DataFileError(f"data file {shown!r} is not a Parquet file (it does not start with PAR1); "
                            f"{_SAVE_AS}.", path=shown, reason="binary")
    if suffix == ".csv" and b"\x00" in head:
        kind = "an Excel or zip file" if head.startswith(b"PK\x03\x04") else "binary data"
        raise DataFileError(f"data file {shown!r} is not text (it looks like {kind}); {_SAVE_AS}.",
                            path=shown, reason="binary")
    return suffix


#: Cells a CSV file leaves empty are missing; no text is. pandas' default list ("NA", "None", "null", "n/a",
#: "#N/A", ...) would read a region called "NA" or a segment called "null" as missing, and "#N/A" scores as
#: unanswered, without a word.
CSV_MISSING = {"na_values": [""], "keep_default_na": False}


#: Answer columns a CSV file's reader keeps as text: they become numbers only when every cell is written as a plain
#: number (ASCII digits, an optional minus and decimals). pandas' own number parsing takes "1e1" and "+9" when the
#: rest of the column looks numeric; any other cell leaves the column as text, for the answer check to name it.
ANSWER_COLUMNS = ("nps_score", "csat_score", "csi_score", "ces_score", "cli_recommend", "cli_repurchase",
                  "cli_other_products", "cli_buy_elsewhere")
_PLAIN_NUMBER = r"\s*-?[0-9]+(?:\.[0-9]+)?\s*"


def _read_csv(path: Path, shown: str) -> pd.DataFrame:
    # The date column stays text so that parse_dates sees it as written (20261005 is not a number); so do the
    # answer columns, until they are checked to be plain numbers. index_col=False: a row with an extra field never
    # turns the first column into the index (the width check below refuses it).
    text = {DATE_COLUMN: "str", **{c: "str" for c in ANSWER_COLUMNS}}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pd.errors.ParserWarning)  # long rows: refused below, with their lines
            frame = pd.read_csv(path, encoding="utf-8-sig", dtype=text, index_col=False, **CSV_MISSING)
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"data file {shown!r} is not UTF-8 text (byte {exc.object[exc.start:exc.start + 1]!r} at "
            f"position {exc.start}); save it as CSV UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)').",
            path=shown, reason="encoding") from exc
    except pd.errors.EmptyDataError as exc:
        raise DataFileError(f"data file {shown!r} has no header and no answers (only blank lines); "
                            f"export the answers again.", path=shown, reason="empty") from exc
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().splitlines()[-1]
        raise DataFileError(f"data file {shown!r} is not a well-formed CSV ({detail}); {_SAVE_AS}.",
                            path=shown, reason="unreadable") from exc
    if len(frame.columns) == 1:
        header = str(frame.columns[0])
        for sep, name in _SEPARATORS.items():
            if sep in header:
                raise DataFileError(
                    f"data file {shown!r} is separated by {name} (its header {header[:60]!r} reads as one "
                    f"column); cxkit reads comma-separated CSV: save it with commas.",
                    path=shown, reason="separator")
    _check_row_widths(path, shown, len(frame.columns))
    for column in (c for c in ANSWER_COLUMNS if c in frame.columns):
        cells = frame[column]
        if bool((cells.isna() | cells.str.fullmatch(_PLAIN_NUMBER)).all()):
            frame[column] = pd.to_numeric(cells.str.strip())
    return frame


def _check_row_widths(path: Path, shown: str, width: int) -> None:
    """Each column is named once, and every row has as many fields as the header.

    pandas fills a short row's last cells with missing values (a row cut short, a lost separator) and, with
    ``index_col=False``, drops a long row's extra fields; each row is counted here with Python's csv module (the
    same comma and quote rules), blank and space-only lines skipped as pandas skips them. Empty header names
    (the empty columns Excel leaves after the last one) may repeat.
    """
    import csv
    import sys

    wrong, count = [], 0
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)  # a long free-text answer is a field like any other
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            twice = sorted({name for name in header if name.strip() and header.count(name) > 1})
            if twice:  # pandas would rename the second one ("nps_score.1") and read the first
                raise DataFileError(f"data file {shown!r} names column(s) {', '.join(map(repr, twice))} more than "
                                    f"once; each column needs its own name (which of them holds the answers?).",
                                    path=shown, reason="columns")
            for row in reader:
                if len(row) != width and not (len(row) <= 1 and not "".join(row).strip()):
                    count += 1
                    if len(wrong) < 5:
                        wrong.append(f"line {reader.line_num} has {len(row)}")
    except csv.Error as exc:
        raise DataFileError(f"data file {shown!r} is not a well-formed CSV ({exc}); {_SAVE_AS}.", path=shown,
                            reason="unreadable") from None
    finally:
        csv.field_size_limit(limit)
    if count:
        raise DataFileError(
            f"data file {shown!r} has {count} row(s) with more or fewer fields than its header's {width} "
            f"({'; '.join(wrong)}{'; ...' if count > len(wrong) else ''}): a row was cut short, lost a separator "
            f"or has one too many. Every row needs {width} comma-separated fields (an empty one for a missing "
            f"answer); export the answers again.", path=shown, reason="unreadable")


def _lazy_parquet(shown: str, *, date_format: str = ""):
    """One Parquet file as a lazy DuckDB relation (no pyarrow needed); DataFileError when unreadable."""
    import duckdb

    try:
        relation = _load_lazily(shown, date_format=date_format)
        relation.limit(1).fetchall()  # reads the footer and one row group: a broken file fails here
    except duckdb.Error as exc:
        raise DataFileError(f"data file {shown!r} cannot be read as Parquet ({str(exc).splitlines()[0]}); "
                            f"{_SAVE_AS}.", path=shown, reason="unreadable") from exc
    return relation


def load_survey(path: str | Path | None = None, *, date_format: str = "") -> pd.DataFrame:
    """Read survey answers from CSV or Parquet, or the sample data when ``path`` is empty.

    Raises :class:`~cxkit.errors.DataFileError` for a file that cannot be
    read as answers (see the module docstring); ``date_format`` is passed to
    :func:`cxkit.inputs.dates.parse_dates`.
    """
    if path is None or str(path) == "":
        return check_survey(sample_survey(), source=SAMPLE_SOURCE, date_format=date_format)
    shown = str(path)
    if _many_files(shown):
        return _load_lazily(shown, date_format=date_format)
    path = Path(path)
    suffix = _check_file(path, shown)
    if suffix == ".parquet":  # typed columns: read lazily by DuckDB, never a pandas frame of every answer
        return _lazy_parquet(shown, date_format=date_format)
    frame = _read_csv(path, shown)
    if len(frame) == 0:
        raise DataFileError(f"data file {shown!r} has a header but no answers; export the answers again.",
                            path=shown, reason="empty")
    return check_survey(frame, source=f"data file {shown!r}", date_format=date_format, path=shown)


def _many_files(shown: str) -> bool:
    """A glob, or a folder holding CSV or Parquet files: read lazily by DuckDB."""
    if any(ch in shown for ch in "*?["):
        return True
    folder = Path(shown)
    return folder.is_dir() and any(p.suffix.lower() in (".csv", ".parquet") for p in folder.rglob("*"))


def _load_lazily(shown: str, *, date_format: str = ""):
    """A folder or glob of answer files as a lazy DuckDB relation (:func:`cxkit.read`), checked in DuckDB."""
    from ..inputs.files import read
    from ..tables.engines import column_list

    probe = read(shown)
    missing = [c for c in REQUIRED_COLUMNS if c not in column_list(probe)]
    if missing:
        raise DataFileError(
            f"data file {shown!r} lacks column(s) {', '.join(map(repr, missing))}; it has {column_list(probe)}. "
            f"A report needs {DATE_COLUMN!r} (when each answer was given) and 'nps_score' (0-10): "
            f"add or rename the column(s).", path=shown, reason="columns")
    dates = [DATE_COLUMN] + [c for c in TICKET_COLUMNS if c in column_list(probe)]
    text_tickets = [c for c in TICKET_COLUMNS if c in column_list(probe)
                    and str(probe.project(c).types[0]) == "VARCHAR"]
    _same_ticket_offsets({c: {r[0] or "none" for r in probe.project(
        f"regexp_extract(trim({c}), '{_OFFSET}', 1)").distinct().fetchall() if r[0] is not None}
        or {"none"} for c in text_tickets}, source=f"data file {shown!r}", path=shown)
    # an unanswered ticket has no first response: that date may be missing (the pandas path allows it too)
    return read(shown, dates=dates, date_format=date_format or None, optional_dates=TICKET_COLUMNS[1:])


#: A UTC offset at the end of a date-time written as text: "Z", "+03:00", "-0500", "+03".
_OFFSET = r"[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)\s*$"


def _same_ticket_offsets(offsets_of: dict, *, source: str, path: str | None) -> None:
    """``created_at`` and ``first_response_at`` are written in the same UTC offset (or neither has one).

    A column's offset is checked to be one throughout and its clock time kept (:mod:`cxkit.inputs.dates`); two
    columns in different offsets would make every first response time wrong by their difference. ``offsets_of``
    maps each ticket column to its text values (a pandas Series) or to the set of offsets already found.
    """
    if len(offsets_of) < 2:
        return
    found = {}
    for column, values in offsets_of.items():
        if isinstance(values, pd.Series):
            text = values.dropna().astype(str)
            values = set(text.str.extract(_OFFSET, expand=False).fillna("none").unique())
        found[column] = {"+00:00" if v == "Z" else v for v in values}
    created, first = (found[c] for c in TICKET_COLUMNS)
    if created != first:
        def shown(offsets):
            return ", ".join("no offset" if v == "none" else v for v in sorted(offsets))
        raise _fail(f"{source}: {TICKET_COLUMNS[0]!r} is written with UTC offset {shown(created)} and "
                    f"{TICKET_COLUMNS[1]!r} with {shown(first)}; cxkit keeps each column's clock time, so every first "
                    f"response time would be off by their difference. Write both in one time zone.", path=path,
                    reason="dates")


def _is_lazy(frame) -> bool:
    return not isinstance(frame, pd.DataFrame)


#: Months covered by lazy relations seen lately: id -> (relation, months). The relation is kept, so its
#: id is not reused while the entry lives; a report asks the same question three times of one relation.
_COVERED: dict[int, tuple] = {}


def _months_covered(frame) -> list[str]:
    if _is_lazy(frame):
        known = _COVERED.get(id(frame))
        if known is not None and known[0] is frame:
            return list(known[1])
        months = _lazy_months(frame)
        if len(_COVERED) >= 8:
            _COVERED.pop(next(iter(_COVERED)))
        _COVERED[id(frame)] = (frame, months)
        return list(months)
    return sorted(months_of(frame).unique())


def _lazy_months(frame) -> list[str]:
    """Truncate, then format the few distinct months (formatting every row is slow)."""
    rows = frame.project(f"date_trunc('month', {DATE_COLUMN}) AS month").distinct().fetchall()
    return sorted(r[0].strftime("%Y-%m") for r in rows if r[0] is not None)


def check_survey(frame: pd.DataFrame, *, source: str = "data", date_format: str = "",
                 path: str | None = None) -> pd.DataFrame:
    """Check the required columns and read ``answered_at`` as dates.

    Errors are DataFileError when ``path`` names the file the table came
    from, CxkitValueError otherwise.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise _fail(
            f"{source} lacks column(s) {', '.join(map(repr, missing))}; it has {list(map(str, frame.columns))}. "
            f"A report needs {DATE_COLUMN!r} (when each answer was given) and 'nps_score' (0-10): "
            f"add or rename the column(s).", path=path, reason="columns")
    try:
        dates = parse_dates(frame[DATE_COLUMN], date_format=date_format or None, column=DATE_COLUMN,
                            source=source)
    except CxkitValueError as exc:
        if path is None:
            raise
        raise DataFileError(str(exc), path=path, reason="dates") from exc
    _same_ticket_offsets({c: frame[c] for c in TICKET_COLUMNS if c in frame.columns
                          and not pd.api.types.is_datetime64_any_dtype(frame[c])}, source=source, path=path)
    extra = {}
    for column in TICKET_COLUMNS:  # ticket times, when the data has them (first response may be empty)
        if column in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame[column]):
            given = frame[column].notna()
            try:
                parsed = parse_dates(frame.loc[given, column], date_format=date_format or None, column=column,
                                     source=source)
            except CxkitValueError as exc:
                if path is None:
                    raise
                raise DataFileError(str(exc), path=path, reason="dates") from exc
            extra[column] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            extra[column].loc[given] = parsed.to_numpy()
    return frame.assign(**{DATE_COLUMN: dates}, **extra)


def _answer_checks(frame, metric: str, column, options: dict):
    """(column shown, check) pairs for one metric whose columns are all present; none otherwise."""
    from ..tables.summarize import summarize

    columns = list(column) if isinstance(column, (tuple, list)) else [column]
    present = list(frame.columns)
    if any(c not in present for c in columns):
        return []
    if len(columns) > 1 and _is_lazy(frame):
        # Item batteries (the CLI, 0-10): each item is checked by its own GROUP BY in DuckDB with the
        # same whole-number 0-10 rule the NPS uses, rather than pulling every item column out of DuckDB.
        return [(c, lambda c=c: summarize(frame, metric="nps", score=c)) for c in columns]
    score = columns if len(columns) > 1 else columns[0]
    return [(", ".join(columns), lambda: summarize(frame, metric=metric, score=score, **options))]


#: The column naming each answer (one row a response), when the data has it.
RESPONSE_COLUMN = "response_id"


def check_unique_responses(frame, *, source: str = "data", path: str | None = None) -> None:
    """No response is in the data twice (an export appended to itself, two overlapping files of a folder): each
    would count twice and narrow every interval by about a square root of two. Checked when the data has a
    ``response_id`` column; missing ids are not compared."""
    from ..tables.engines import column_list

    if RESPONSE_COLUMN not in column_list(frame):
        return
    if _is_lazy(frame):
        # one pass answers "any repeated?"; the repeated ids are looked for only when there are some
        extra = frame.aggregate(f"count({RESPONSE_COLUMN}) - count(DISTINCT {RESPONSE_COLUMN})").fetchall()[0][0]
        if not extra:
            return
        rows = frame.filter(f"{RESPONSE_COLUMN} IS NOT NULL").aggregate(
            f"{RESPONSE_COLUMN} AS id, count(*) AS n", RESPONSE_COLUMN).filter("n > 1")
        total = rows.aggregate("count(*), coalesce(sum(n), 0)").fetchall()[0]
        groups, repeated = int(total[0]), int(total[1])
        examples = [r[0] for r in rows.order("id").limit(3).fetchall()]
    else:
        ids = frame[RESPONSE_COLUMN]
        twice = ids.notna() & ids.duplicated(keep=False)
        groups, repeated = int(ids[twice].nunique()), int(twice.sum())
        examples = sorted(ids[twice].unique().tolist(), key=str)[:3]
    if groups:
        raise _fail(f"{source} holds {groups} {RESPONSE_COLUMN}(s) more than once ({repeated} rows; e.g. "
                    f"{', '.join(map(repr, examples))}): each response must be one row, or it counts twice. Remove "
                    f"the repeated rows (was a file exported or read twice?).", path=path, reason="duplicates")


def check_not_future(frame, *, source: str = "data", path: str | None = None, today=None) -> None:
    """No answer is dated after today (with a day's grace for time zones): a year typed wrong (2099) would
    otherwise become the report's "latest month", with its one answer. ``today``: for tests."""
    today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today)
    limit = today + pd.Timedelta(days=2)  # any clock time of tomorrow, anywhere on Earth
    if _is_lazy(frame):
        count, latest = frame.filter(f"{DATE_COLUMN} >= TIMESTAMP '{limit:%Y-%m-%d %H:%M:%S}'").aggregate(
            f"count(*), max({DATE_COLUMN})").fetchall()[0]
    else:
        dates = frame[DATE_COLUMN]
        if dates.dt.tz is not None:
            dates = dates.dt.tz_localize(None)  # the clock time as written, as the report reads it
        late = dates >= limit
        count, latest = int(late.sum()), dates[late].max()
    if count:
        raise _fail(f"{source} has {count} answer(s) dated after today ({today:%Y-%m-%d}), the latest "
                    f"{pd.Timestamp(latest):%Y-%m-%d}: an answer cannot come from the future (a year typed wrong, a "
                    f"clock set wrong?). Correct or remove those rows.", path=path, reason="dates")


def check_tickets(frame, *, source: str = "data", path: str | None = None) -> None:
    """No ticket's first response comes before its creation (clocks of two systems, swapped columns): the first
    response time would be negative. Checked before the notebook runs, when the data has both ticket columns."""
    from ..tables.engines import column_list

    created, first = TICKET_COLUMNS
    if not all(c in column_list(frame) for c in TICKET_COLUMNS):
        return
    if _is_lazy(frame):
        wrong = frame.filter(f"{first} < {created}")
        count = int(wrong.aggregate("count(*)").fetchall()[0][0])
        examples = wrong.project(f"{created}, {first}").limit(3).fetchall()
    else:
        bad = (frame[first] < frame[created]).fillna(False).to_numpy(dtype=bool)
        count = int(bad.sum())
        examples = list(zip(frame.loc[bad, created].head(3), frame.loc[bad, first].head(3)))
    if count:
        shown = "; ".join(f"created {pd.Timestamp(c):%Y-%m-%d %H:%M}, first response {pd.Timestamp(f):%Y-%m-%d %H:%M}"
                          for c, f in examples)
        raise _fail(f"{source} has {count} ticket(s) whose {first!r} is before its {created!r} ({shown}"
                    f"{'; ...' if count > len(examples) else ''}): a first response cannot come before the ticket. "
                    f"Correct those times (are the two columns swapped, or from clocks in different time zones?).",
                    path=path, reason="dates")


def check_answers(frame: pd.DataFrame, metrics, *, source: str = "data", path: str | None = None) -> None:
    """Every answer column of ``metrics`` that is present holds answers on its scale.

    ``metrics`` is a sequence of ``(metric, column or columns, options)`` such as
    :data:`cxkit.reports.monthly.MONTHLY_METRICS`; each is checked by
    :func:`cxkit.summarize` (one GROUP BY inside DuckDB for lazy data), so the
    rule is the library's own: whole numbers on the scale, missing answers allowed.
    """
    for metric, column, options in metrics:
        for shown, check in _answer_checks(frame, metric, column, options):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    check()
            except InvalidAnswersError as exc:
                # A report has no drop_invalid option: its advice is left out.
                message = re.sub(r"^[^:]*: ", "", str(exc), count=1)
                message = message.split(" Pass drop_invalid=True")[0]
                if path is not None:  # in a file a missing answer is an empty cell; the text "None" is refused
                    message = message.replace("missing answers as NaN or None", "a missing answer as an empty cell")
                raise _fail(f"{source}, column {shown!r}: {message} Correct or remove those answers in the data.",
                            path=path, reason="answers") from exc


def months_of(frame: pd.DataFrame) -> pd.Series:
    """The ``YYYY-MM`` month of each row's ``answered_at`` (missing where the date is), as text.

    Only the distinct months are formatted: formatting every date (``.dt.strftime``) took 9 ms on the
    19,200-answer sample and grows with the rows. Year and month are read in the dates' own time zone,
    as ``strftime`` reads them.
    """
    dates = frame[DATE_COLUMN]
    key = (dates.dt.year * 100 + dates.dt.month).to_numpy(dtype="float64", na_value=np.nan)
    where, found = pd.factorize(key, use_na_sentinel=False)  # missing dates: one code of their own
    names = np.array([f"{int(k) // 100:04d}-{int(k) % 100:02d}" if k == k else np.nan for k in found],
                     dtype=object)
    return pd.Series(names[where], index=dates.index, name=dates.name, dtype="str")


def check_months(frame: pd.DataFrame, month: str, *, source: str = "data", segment: str = "",
                 path: str | None = None) -> None:
    """The report month has answers.

    The month before it may have none (the first month of the data): the
    report then says there is no previous month to compare with, and shows
    no change for it.
    """
    month = check_month(month)
    covered = _months_covered(frame)
    span = f"it covers {covered[0]} to {covered[-1]}" if covered else "it has no answers at all"
    where = f"{source}" + (f" (segment {segment!r})" if segment else "")
    if month not in covered:
        if covered and covered[0] < month < covered[-1]:  # a gap inside the data's range: say which months are empty
            gaps = [m for m in _month_range(covered[0], covered[-1]) if m not in set(covered)]
            shown = ", ".join(gaps[:6]) + (f" and {len(gaps) - 6} more" if len(gaps) > 6 else "")
            raise _fail(f"{where} has no answers in {month}, though {span}: the month(s) without answers are "
                        f"{shown}. Pick a month with answers.", path=path, reason="months")
        raise _fail(f"{where} has no answers in {month}; {span}. Pick a month in that range.",
                    path=path, reason="months")


def _month_range(first: str, last: str) -> list[str]:
    """Every YYYY-MM month from ``first`` to ``last``."""
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def select_segment(frame: pd.DataFrame, segment: str) -> pd.DataFrame:
    """Rows of one segment; an empty string keeps every row."""
    if segment == "":
        return frame
    if _is_lazy(frame) and "segment" in frame.columns:
        known = sorted(str(r[0]) for r in frame.project("segment").distinct().fetchall() if r[0] is not None)
        if segment not in known:
            raise CxkitValueError(f"segment ({segment!r}) must be one of {', '.join(map(repr, known))}, or '' for all.")
        return frame.filter("CAST(segment AS VARCHAR) = '" + segment.replace("'", "''") + "'")
    if "segment" not in frame.columns:
        raise CxkitValueError(f"segment {segment!r} was asked for, but the data has no 'segment' column; it has {list(frame.columns)}.")
    known = sorted(frame["segment"].dropna().astype(str).unique())
    if segment not in known:
        raise CxkitValueError(f"segment ({segment!r}) must be one of {', '.join(map(repr, known))}, or '' for all.")
    return frame[frame["segment"].astype(str) == segment]


def latest_month(frame) -> str:
    """The latest ``YYYY-MM`` month with answers in ``frame`` (pandas or a lazy DuckDB relation)."""
    covered = _months_covered(frame)
    if not covered:
        raise CxkitValueError("the data has no answers at all; there is no month to report on.")
    return covered[-1]


def check_report_data(data: str = "", *, month: str, segment: str = "", date_format: str = "",
                      metrics=()) -> pd.DataFrame:
    """Everything a report checks in its data before it runs; the rows of ``segment``.

    Reads ``data`` (empty: the sample data), checks the answers of
    ``metrics``, selects the segment and checks that ``month`` (empty: the
    latest month of the segment's answers) has answers (the month before it
    may have none: the report then shows no change against it). File problems raise DataFileError.
    """
    path = str(data) if data else None
    source = f"data file {path!r}" if path else SAMPLE_SOURCE
    frame = load_survey(data, date_format=date_format)
    check_unique_responses(frame, source=source, path=path)
    check_not_future(frame, source=source, path=path)
    check_tickets(frame, source=source, path=path)
    check_answers(frame, metrics, source=source, path=path)
    chosen = select_segment(frame, segment)
    check_months(chosen, month or latest_month(chosen), source=source, segment=segment, path=path)
    return chosen
