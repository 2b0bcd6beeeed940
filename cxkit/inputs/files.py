"""Reading answers from files with DuckDB: ``cx.read``.

``cx.read(path)`` takes a CSV file, a Parquet file, a folder of Parquet (or
CSV) files, or a glob such as ``"answers/2026-*.parquet"``, and returns a lazy
DuckDB relation: nothing is loaded into memory. ``cx.summarize`` and the
comparisons push their one GROUP BY down to DuckDB, which scans the files
(larger than memory if need be) and hands back only the small count table.
DuckDB is embedded: nothing to start or configure.

Dates follow the data boundary's rules (:mod:`cxkit.inputs.dates`): Parquet
timestamps are taken as they are; in CSV files DuckDB's own type detection
never reads a column as dates (it would guess day and month), and the
columns named in ``dates`` are read as ISO 8601 (``2026-10-05``,
``2026-10-05T14:30``, ``2026-10-05 14:30:15``, one UTC offset for the whole
column, whose clock time is kept) or in the strftime ``date_format`` given,
exactly. Values that do not read are counted inside DuckDB and refused with
examples; so are missing dates.
"""

from __future__ import annotations

import glob as _glob
from pathlib import Path

from ..errors import CxkitTypeError, DataFileError, DataFileNotFoundError
from .columns import column_names, require_columns
from .dates import check_date_format

#: Types DuckDB may give CSV columns: never DATE or TIMESTAMP (that would be a guess).
_CSV_TYPES = "['BOOLEAN', 'BIGINT', 'DOUBLE', 'VARCHAR']"
#: ISO 8601: a date, optionally a time, and after a time optionally a UTC offset.
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$"
#: A date and time (group 1) followed by a UTC offset (group 4).
_WITH_OFFSET = r"^(.*[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"
_EXAMPLES = 5


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _sources(path) -> tuple[str, list[str]]:
    """The file kind ("csv" or "parquet") and the files a path names."""
    if not isinstance(path, (str, Path)):
        raise CxkitTypeError(f"path must be a file, folder or glob (text or pathlib.Path); got "
                             f"{type(path).__name__}.")
    text = str(path)
    if any(ch in text for ch in "*?["):
        files = sorted(_glob.glob(text, recursive=True))
        where = f"the glob {text!r}"
    elif Path(text).is_dir():
        files = sorted(str(p) for p in Path(text).rglob("*") if p.suffix.lower() in (".parquet", ".csv"))
        where = f"the folder {text!r}"
    elif Path(text).is_file():
        files, where = [text], repr(text)
    else:
        raise DataFileNotFoundError(f"data file {text!r} does not exist (give a CSV or Parquet file, a folder "
                                    f"of them or a glob such as 'answers/*.parquet').", path=text,
                                    reason="missing")
    files = [f for f in files if Path(f).is_file()]
    kinds = {Path(f).suffix.lower() for f in files}
    if not files or not kinds <= {".csv", ".parquet"}:
        found = ", ".join(sorted(kinds)) or "no files"
        raise DataFileError(f"{where} holds {found}; cx.read takes .csv or .parquet files.", path=text,
                            reason="empty" if not files else "unreadable")
    if len(kinds) > 1:
        raise DataFileError(f"{where} mixes CSV and Parquet files; read each kind on its own.", path=text,
                            reason="unreadable")
    return kinds.pop().lstrip("."), files


def _date_expression(column: str, date_format: str | None) -> str:
    """SQL reading one text column as timestamps (NULL where it does not read)."""
    c = _identifier(column)
    if date_format is not None:
        return f"try_strptime(trim({c}), {_sql_text(date_format)})"
    clock = f"regexp_replace(trim({c}), {_sql_text(_WITH_OFFSET)}, '\\1')"
    return (f"CASE WHEN regexp_full_match(trim({c}), {_sql_text(_ISO)}) "
            f"THEN try_cast(replace({clock}, 'T', ' ') AS TIMESTAMP) END")


def _check_dates(connection, source: str, column: str, date_format: str | None, path: str,
                 missing_allowed: bool = False) -> None:
    """Refuse unreadable, missing (unless ``missing_allowed``) or mixed-offset dates, counted inside DuckDB."""
    c = _identifier(column)
    parsed = _date_expression(column, date_format)
    bad, missing, offsets = connection.sql(
        f"SELECT count(*) FILTER (WHERE {c} IS NOT NULL AND trim({c}) <> '' AND ({parsed}) IS NULL), "
        f"count(*) FILTER (WHERE {c} IS NULL OR trim({c}) = ''), "
        f"count(DISTINCT regexp_extract(trim({c}), {_sql_text(_WITH_OFFSET)}, 4)) FROM {source}").fetchall()[0]
    how = f"in the format {date_format!r}" if date_format else "as ISO 8601 dates (such as 2026-10-05 or 2026-10-05T14:30)"
    if bad:
        examples = [row[0] for row in connection.sql(
            f"SELECT DISTINCT {c} FROM {source} WHERE {c} IS NOT NULL AND trim({c}) <> '' AND ({parsed}) IS NULL "
            f"LIMIT {_EXAMPLES}").fetchall()]
        hint = "" if date_format else " Name their format with date_format (e.g. date_format='%d.%m.%Y')."
        raise DataFileError(f"{path}: {bad} values of {column!r} do not read {how}: "
                            f"{', '.join(map(repr, examples))}.{hint}", path=path, reason="dates")
    if missing and not missing_allowed:
        raise DataFileError(f"{path}: {missing} rows have no {column!r} date; every answer needs one.",
                            path=path, reason="dates")
    if not date_format and offsets > 1:
        raise DataFileError(f"{path}: {column!r} mixes UTC offsets (or values with and without one); "
                            f"convert them to one time zone first.", path=path, reason="dates")


#: What DuckDB's CSV errors mean for someone fixing the file (its own message is kept after them).
_CSV_HINTS = (("unicode", "it is not UTF-8 text: save it as CSV UTF-8"),
              ("expected number of columns", "a row has more or fewer fields than the header: a row was cut short "
                                             "or a separator lost; every row needs one field per column"),
              ("sniffing", "a row has more or fewer fields than the header, or the file is not comma-separated "
                           "CSV"))


def _csv_header(file: str, where: str, path: str) -> tuple:
    """The column names of one CSV file's header, checked: UTF-8, comma-separated, each name once."""
    import csv

    try:
        with open(file, newline="", encoding="utf-8-sig") as handle:
            header = next(csv.reader(handle), [])
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{file!r} (in {where}) is not UTF-8 text (byte {exc.object[exc.start:exc.start + 1]!r} "
                            f"in its header); save it as CSV UTF-8.", path=path, reason="encoding") from None
    if not header:
        raise DataFileError(f"{file!r} (in {where}) is empty: it has no header; remove it or export it again.",
                            path=path, reason="empty")
    if len(header) == 1:
        for separator, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "bars")):
            if separator in header[0]:
                raise DataFileError(f"{file!r} (in {where}) is separated by {name} (its header reads as one "
                                    f"column); cxkit reads comma-separated CSV: save it with commas.", path=path,
                                    reason="separator")
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise DataFileError(f"{file!r} (in {where}) names column(s) {', '.join(map(repr, twice))} more than once; "
                            f"each column needs its own name (which of them holds the answers?).", path=path,
                            reason="columns")
    return tuple(header)


def _same_columns(kind: str, files: list[str], path: str, connection) -> None:
    """Every file of a folder or glob has the same columns. DuckDB's union_by_name would fill a column a file
    lacks with missing values, so a region column missing from one month's export would pass unnoticed."""
    where = f"the folder or glob {path!r}" if len(files) > 1 else repr(path)
    if kind == "csv":
        columns = {f: _csv_header(f, where, path) for f in files}
    else:
        columns = {f: tuple(r[0] for r in connection.sql(f"DESCRIBE SELECT * FROM read_parquet({_sql_text(f)})")
                            .fetchall()) for f in files}
    first = files[0]
    for file in files[1:]:
        if set(columns[file]) != set(columns[first]):
            lacks = sorted(set(columns[first]) - set(columns[file]))
            extra = sorted(set(columns[file]) - set(columns[first]))
            said = "; ".join(part for part in (f"lacks {', '.join(map(repr, lacks))}" if lacks else "",
                                               f"has {', '.join(map(repr, extra))} besides" if extra else "") if part)
            raise DataFileError(f"the files of {where} have different columns: {file!r} {said} (against "
                                f"{first!r}). Every file needs the same columns; export them alike.", path=path,
                                reason="columns")


def read(path, *, dates=(), date_format: str | None = None, optional_dates=()):
    """A lazy DuckDB relation over CSV or Parquet answers: a file, a folder or a glob.

    Parameters
    ----------
    path : str or pathlib.Path
        ``answers.csv``, ``answers.parquet``, a folder (every ``.parquet`` or
        ``.csv`` file below it, of one kind) or a glob (``"data/*.parquet"``).
    dates : str or list of str
        CSV columns to read as timestamps (Parquet keeps its own types).
    date_format : str, optional
        strftime format of those columns (``"%d.%m.%Y"``); without it only
        ISO 8601 is read.
    optional_dates : tuple of str
        Columns of ``dates`` that may be empty (an unanswered ticket's first
        response); the others must have a date in every row.

    Returns
    -------
    duckdb.DuckDBPyRelation
        Pass it to :func:`cxkit.summarize`, :func:`cxkit.compare_periods`,
        :func:`cxkit.compare_groups`: the aggregation runs in DuckDB.

    Examples
    --------
    >>> answers = cx.read("answers/", dates="answered_at")            # doctest: +SKIP
    >>> cx.summarize(answers, score="nps_score", by="segment", period="M",
    ...              date="answered_at")                               # doctest: +SKIP
    """
    import duckdb

    kind, files = _sources(path)
    date_format = check_date_format(date_format)
    date_columns = column_names(dates, role="dates") if dates not in ((), None) else []
    file_list = "[" + ", ".join(_sql_text(f) for f in files) + "]"
    if kind == "parquet":
        source = f"read_parquet({file_list}, union_by_name = true)"
    else:
        source = (f"read_csv({file_list}, header = true, delim = ',', quote = '\"', union_by_name = true, "
                  f"auto_type_candidates = {_CSV_TYPES})")
    connection = duckdb.connect()
    try:
        _same_columns(kind, files, str(path), connection)
        names = [row[0] for row in connection.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        hint = next((h for key, h in _CSV_HINTS if key in first.lower()), "") if kind == "csv" else ""
        raise DataFileError(f"{path}: DuckDB cannot read it as {kind.upper()}{f' ({hint})' if hint else ''}: "
                            f"{first}", path=str(path), reason="unreadable") from None
    if date_columns:
        import pandas as pd

        require_columns(pd.DataFrame(columns=names), date_columns, role="dates")
        types = dict(connection.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})").fetchall())
        replaced = []
        for column in date_columns:
            if types[column] in ("VARCHAR",):
                _check_dates(connection, source, column, date_format, str(path),
                             missing_allowed=column in optional_dates)
                replaced.append(f"{_date_expression(column, date_format)} AS {_identifier(column)}")
            elif not types[column].startswith(("TIMESTAMP", "DATE")):
                raise DataFileError(f"{path}: {column!r} holds {types[column]} values, not dates.",
                                    path=str(path), reason="dates")
        if replaced:
            return connection.sql(f"SELECT * REPLACE ({', '.join(replaced)}) FROM {source}")
    return connection.sql(f"SELECT * FROM {source}")
