"""Columns of a DataFrame named by an argument (``score``, ``by``, ``weights``, ``date``, ...).

Every entry point checks its column arguments here, so a missing column reads
the same wherever it is named:

    by names column(s) 'regoin' that the data does not have; it has 'region',
    'segment', 'nps_score' (did you mean 'region'?).

``by`` columns are also checked for repeats, for nested lists and for names
that the result table uses itself (:data:`RESERVED_COLUMNS`): a group column
called ``n`` or ``p_value`` would be overwritten by, or silently mixed up
with, the table's own column.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable

import numpy as np
import pandas as pd

from ..errors import CxkitTypeError, CxkitValueError

#: Output columns of cxkit's tables (summarize, summarize_counts, compare_periods,
#: compare_groups), which a ``by`` column may not be named.
RESERVED_COLUMNS = (
    "metric", "value", "low", "high", "n", "method", "confidence_level",
    "promoters_share", "passives_share", "detractors_share", "promoters", "passives", "detractors",
    "successes", "sd", "n_missing", "n_dropped", "small_sample", "n_effective", "se",
    "previous_period", "previous_value", "previous_n", "difference", "p_value", "p_adjusted", "significant",
    "adjustment", "reference", "reference_value", "reference_n",
)
#: How many of the data's columns a message lists before "... and k more".
_LISTED = 20


def _shown(label) -> str:
    return repr(label.item() if isinstance(label, np.generic) else label)


def _brief(value) -> str:
    """A value for a message: its type and a short repr."""
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def _listing(labels) -> str:
    labels = list(labels)
    if not labels:
        return "no columns"
    text = ", ".join(_shown(c) for c in labels[:_LISTED])
    return text + (f" and {len(labels) - _LISTED} more" if len(labels) > _LISTED else "")


def require_frame(data, name: str = "df", *, columns=None) -> pd.DataFrame:
    """``data`` as a pandas DataFrame.

    Without ``columns`` it must be one. With ``columns`` (the names a function
    reads) any frame :mod:`cxkit.tables.engines` accepts -- Polars, Arrow,
    DuckDB, Dask, PySpark -- hands over just those columns as pandas; names
    it lacks are left for the caller's own missing-column message.
    """
    if isinstance(data, pd.DataFrame):
        return data
    if columns is not None:
        from ..tables import engines  # engines builds on this module

        if engines.frame_kind(data, name=name) != "pandas":
            names = [c for c in columns if isinstance(c, Hashable) and not isinstance(c, tuple) and c is not None]
            return engines.local_frame(data, names)
    raise CxkitTypeError(f"{name} must be a pandas DataFrame; got {type(data).__name__}.")


def require_columns(frame: pd.DataFrame, columns, *, role: str) -> None:
    """Every name in ``columns`` must be a column of ``frame``; ``role`` is the argument that named them."""
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return
    existing = [str(c) for c in frame.columns]
    guesses = []
    for name in missing:
        close = difflib.get_close_matches(str(name), existing, n=1) or [
            c for c in existing if str(name).lower() in c.lower()][:1]
        if close:
            guesses.append((name, close[0]))
    hint = ""
    if len(guesses) == 1 and len(missing) == 1:
        hint = f" (did you mean {guesses[0][1]!r}?)"
    elif guesses:
        hint = " (did you mean " + ", ".join(f"{g!r} for {_shown(m)}" for m, g in guesses) + "?)"
    raise CxkitValueError(
        f"{role} names column(s) {', '.join(map(_shown, missing))} that the data does not have; "
        f"it has {_listing(frame.columns)}{hint}."
    )


def require_column(frame: pd.DataFrame, name, *, role: str) -> pd.Series:
    """The one column that argument ``role`` names (``score``, ``date``, ``weights``, ...)."""
    if not isinstance(name, Hashable) or isinstance(name, tuple) or name is None:
        raise CxkitTypeError(f"{role} must be the name of one column of the data; got {_brief(name)}.")
    require_columns(frame, [name], role=role)
    return frame[name]


def column_names(value, *, role: str) -> list:
    """The column names an argument gives: one name, or a list (tuple, Index) of names."""
    if isinstance(value, (pd.Series, pd.DataFrame)) or (isinstance(value, np.ndarray) and value.ndim != 1):
        raise CxkitTypeError(
            f"{role} must name columns of the data (a name or a list of names), not hold values; "
            f"got a {type(value).__name__}. Add it to the data as a column and pass its name."
        )
    if isinstance(value, str) or (isinstance(value, Hashable) and not isinstance(value, tuple)):
        if value is None:
            raise CxkitTypeError(f"{role} must be a column name or a list of column names; got None.")
        return [value]
    if not isinstance(value, (list, tuple, pd.Index, np.ndarray)):
        raise CxkitTypeError(
            f"{role} must be a column name or a list of column names; got {_brief(value)}."
        )
    names = list(value)
    for i, name in enumerate(names):
        if not isinstance(name, Hashable) or isinstance(name, (list, set, dict)):
            raise CxkitTypeError(
                f"{role} must be a column name or a flat list of column names; item {i} is a "
                f"{type(name).__name__} ({name!r}). Flatten it, e.g. {role}=['region', 'segment']."
            )
    return names


def group_columns(frame: pd.DataFrame, by) -> list:
    """The ``by`` columns, each present once, none named like a column of the result table."""
    names = column_names(by, role="by")
    require_columns(frame, names, role="by")
    repeated = sorted({str(n) for n in names if names.count(n) > 1})
    if repeated:
        raise CxkitValueError(
            f"by names column(s) {', '.join(map(repr, repeated))} more than once (by={names!r}); "
            f"name each group column once."
        )
    clashing = [n for n in names if n in RESERVED_COLUMNS]
    if clashing:
        raise CxkitValueError(
            f"by names column(s) {', '.join(map(_shown, clashing))}, which the result table uses for its own "
            f"columns; rename it first (e.g. df.rename(columns={{{_shown(clashing[0])}: "
            f"{str(clashing[0]) + '_group'!r}}})). Reserved names: {', '.join(map(repr, RESERVED_COLUMNS))}."
        )
    return names
