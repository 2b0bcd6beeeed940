"""Display names for the category values of the data: the ``category_names`` parameter of every report.

Category values are data ("small business", "website_checkout"): cxkit never
guesses a translation. A report shows them as they are unless a names file
gives a display name for them in the report's language, and the bundled
sample data sets ship their own Russian names (:mod:`cxkit.datasets.display_names`),
used on Russian pages of the bundled data when no names file is given.

Names file
----------
UTF-8, either a CSV file (``.csv``) with the header ``column,value`` followed
by one column per language (``en``, ``ru``; one or both)::

    column,value,en,ru
    segment,small business,Small business,малый бизнес
    channel,web,,сайт

or a JSON file (``.json``) of column -> data value -> language -> name::

    {"segment": {"small business": {"en": "Small business", "ru": "малый бизнес"}},
     "channel": {"web": {"ru": "сайт"}}}

``column`` is one of :data:`CATEGORY_COLUMNS` (segment, channel, region:
survey answers; stage, touchpoint, channel, segment: journey events; a
touchpoint's name also names its ``rating_<touchpoint>`` column of the
customers table; competitor: the names in the benchmark report's
competitors file). ``value`` is the data value exactly as the data writes it
(numbers as their text, ``"3"``). In a CSV an empty cell gives no name in
that language (the value is shown as it is); a row with no name at all, an
empty JSON name, a value named twice, a name with spaces around it or a line
break, a column or language not listed here are errors, raised before a
report's notebook starts. Values the file does not name are shown as they
are; names of values absent from the data are simply not used, so one file
serves every month.

Within one language a display name stands for one data value (two segments
shown alike would read as one; a touchpoint and a channel shown alike would
be mistaken for each other), and it may not be a value the data shows
unrenamed in any category column. That last rule needs the data: it is
checked where a report applies the names, in the notebook's cell that loads
the data (a CxkitValueError there stops the run, exit code 1 on the command
line, with the same kind of message); every rule of the file itself is
checked before the notebook starts (exit code 2).

Where names apply
-----------------
Right after a report has loaded and checked its data: the category columns
of the answers or events (and the ``rating_`` columns of the customers) are
renamed, so every table, chart label, legend, alert and alt text of the page
uses the display names; every text from data is still escaped by the page.
Machine-readable outputs keep the data's own values, so other tools can join
on them: :meth:`DisplayNames.outputs` wraps the report's
:class:`~cxkit.reports.outputs.ReportOutputs` and writes every display name
back as its data value in the CSV tables and in ``metrics.json`` (labels and
``extra``; a whole sentence of the page, such as a pain point's
``sentence``, is page text and stays as shown).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

from ..errors import DataFileError, DataFileNotFoundError
from .labels import LANGUAGES

#: Columns whose values a names file may rename.
CATEGORY_COLUMNS = ("segment", "channel", "region", "stage", "touchpoint", "competitor")
#: How cxkit.journey.paths joins a path's stages (a stage's display name may not contain it).
PATH_SEPARATOR = " > "
#: The customers table's column of a touchpoint's ratings: rating_<touchpoint>.
RATING_PREFIX = "rating_"
PARAMETER = "category_names"

_FORMAT = ("a CSV file with the header 'column,value,en,ru' (one or both languages) or a JSON file such as "
           "{\"segment\": {\"small business\": {\"ru\": \"малый бизнес\"}}}")


def _fail(shown: str, message: str) -> DataFileError:
    return DataFileError(f"names file {shown!r}: {message}", path=shown, reason="names")


def _check_cell(shown: str, where: str, what: str, text) -> str:
    if not isinstance(text, str):
        raise _fail(shown, f"{where}: the {what} ({text!r}) must be text; got {type(text).__name__}.")
    if text == "" or text.strip() == "":
        raise _fail(shown, f"{where}: the {what} is empty; give the text, or leave the row out.")
    if text != text.strip():
        raise _fail(shown, f"{where}: the {what} ({text!r}) has spaces around it; write it without them "
                           f"(values are matched exactly as the data writes them).")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise _fail(shown, f"{where}: the {what} ({text!r}) holds a line break or other control character; "
                           f"allowed: text on one line.")
    return text


def _check_column(shown: str, where: str, column) -> str:
    if column not in CATEGORY_COLUMNS:
        raise _fail(shown, f"{where}: column ({column!r}) must be one of {', '.join(map(repr, CATEGORY_COLUMNS))}.")
    return column


def _rows_from_csv(shown: str, text: str) -> list[tuple[str, str, str, str, str]]:
    """(where, column, value, language, name) for every name given in a CSV names file."""
    rows = [(i, r) for i, r in enumerate(csv.reader(text.splitlines()), start=1) if any(c.strip() for c in r)]
    if not rows:
        raise _fail(shown, f"it is empty; give {_FORMAT}.")
    header = rows[0][1]
    languages = header[2:]
    if header[:2] != ["column", "value"] or not languages or any(h not in LANGUAGES for h in languages) \
            or len(set(languages)) != len(languages):
        raise _fail(shown, f"the header must be 'column,value' and then one or more of the languages "
                           f"{', '.join(LANGUAGES)}, each once (such as 'column,value,en,ru'); "
                           f"got {','.join(header)!r}.")
    if len(rows) == 1:
        raise _fail(shown, "it has a header but no names.")
    out = []
    for number, row in rows[1:]:
        where = f"line {number}"
        if len(row) != len(header):
            raise _fail(shown, f"{where}: expected {len(header)} cells ({','.join(header)}); got {len(row)}: {row!r}.")
        column = _check_column(shown, where, row[0])
        value = _check_cell(shown, where, "value", row[1])
        given = [(language, name) for language, name in zip(languages, row[2:]) if name != ""]
        if not given:
            raise _fail(shown, f"{where}: {column} {value!r} has an empty name in every language "
                               f"({', '.join(languages)}); give at least one name, or leave the row out.")
        for language, name in given:
            out.append((where, column, value, language, _check_cell(shown, where, f"{language} name", name)))
    return out


def _rows_from_json(shown: str, text: str) -> list[tuple[str, str, str, str, str]]:
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(shown, f"it is not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    if not isinstance(content, dict) or not content:
        raise _fail(shown, "it must hold one JSON object of column -> value -> language -> name, such as "
                           "{\"segment\": {\"small business\": {\"ru\": \"малый бизнес\"}}}.")
    out = []
    for column, values in content.items():
        _check_column(shown, "in the JSON object", column)
        if not isinstance(values, dict) or not values:
            raise _fail(shown, f"column {column!r} must map data values to their names by language, such as "
                               f"{{\"small business\": {{\"ru\": \"малый бизнес\"}}}}; got {values!r}.")
        for value, names in values.items():
            where = f"{column} {value!r}"
            _check_cell(shown, f"column {column!r}", "value", value)
            if not isinstance(names, dict) or not names:
                raise _fail(shown, f"{where} must map languages ({', '.join(LANGUAGES)}) to names, such as "
                                   f"{{\"ru\": \"малый бизнес\"}}; got {names!r}.")
            for language, name in names.items():
                if language not in LANGUAGES:
                    raise _fail(shown, f"{where}: language ({language!r}) must be one of {', '.join(LANGUAGES)}.")
                out.append((where, column, value, language, _check_cell(shown, where, f"{language} name", name)))
    return out


def _check_unique(tables: dict, shown: str) -> None:
    """Within a language, one display name stands for one data value (in any column)."""
    for language, columns in tables.items():
        seen: dict[str, tuple[str, str]] = {}
        for column, names in columns.items():
            for value, name in names.items():
                if column == "stage" and PATH_SEPARATOR in name:
                    raise _fail(shown, f"the {language} name of stage {value!r} ({name!r}) contains "
                                       f"{PATH_SEPARATOR!r}, which joins the stages of a path; write it otherwise.")
                if name in seen and seen[name][1] != value:
                    other = seen[name]
                    raise _fail(shown, f"the {language} name {name!r} is given to {other[0]} {other[1]!r} and to "
                                       f"{column} {value!r}; each display name must stand for one data value "
                                       f"(the page would show two different things alike).")
                seen.setdefault(name, (column, value))


def read_names(path: str | Path) -> dict[str, dict[str, dict[str, str]]]:
    """language -> column -> data value -> display name, from a names file; DataFileError for any problem."""
    shown = str(path)
    path = Path(path)
    if not path.is_file():
        raise DataFileNotFoundError(f"names file {shown!r} does not exist or is not a file; give {_FORMAT}.",
                                    path=shown, reason="missing")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".json"):
        raise DataFileError(f"names file {shown!r} must end in .csv or .json; got {suffix or 'no suffix'!r}.",
                            path=shown, reason="suffix")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(f"names file {shown!r} is not UTF-8 text; save it as UTF-8.", path=shown,
                            reason="encoding") from None
    rows = _rows_from_csv(shown, text) if suffix == ".csv" else _rows_from_json(shown, text)
    tables: dict[str, dict[str, dict[str, str]]] = {}
    where_given: dict[tuple[str, str, str], str] = {}
    for where, column, value, language, name in rows:
        key = (language, column, value)
        if key in where_given:
            raise _fail(shown, f"{column} {value!r} is named twice in {language} ({where_given[key]} and {where}); "
                               f"give each value once.")
        where_given[key] = where
        tables.setdefault(language, {}).setdefault(column, {})[value] = name
    _check_unique(tables, shown)
    return tables


def take_names_parameter(params: dict) -> tuple[dict, str]:
    """(the other parameters, the checked ``category_names`` parameter): '' or the absolute path of a valid names file.

    Every report's template declares ``category_names``; the runner and the notebook
    both take it out here before the report's own parameter check, so a bad
    names file is refused before any work.
    """
    from .parameters import check_text

    rest = {k: v for k, v in params.items() if k != PARAMETER}
    path = check_text(PARAMETER, params.get(PARAMETER, ""))
    if path == "":
        return rest, ""
    read_names(path)
    return rest, str(Path(path).resolve())


def display_names(path: str = "", language: str = "en", *, bundled: dict | None = None):
    """The :class:`~cxkit.reports.category_display.DisplayNames` a report uses: the names file's for
    ``language``, else ``bundled`` (the sample data's own names, language -> column -> value -> name), else none."""
    from ..options import check_choice
    from .category_display import DisplayNames

    check_choice("language", language, LANGUAGES)
    if path:
        return DisplayNames(read_names(path).get(language, {}), language, f"names file {str(path)!r}")
    if bundled:
        return DisplayNames(bundled.get(language, {}), language, "the bundled sample's names")
    return DisplayNames({}, language, "")
