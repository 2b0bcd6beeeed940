"""Loading and checking the answers a report runs on.

A report's data is one row per survey response with a timestamp column
``answered_at`` and answer columns ``nps_score`` (0-10, required),
``csat_score``, ``csi_score``, ``ces_score`` (1-5, optional) and, for segment
filters, ``segment``. With no path, the bundled sample data is used.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..datasets import sample_survey
from ..errors import CxkitValueError

DATE_COLUMN = "answered_at"
REQUIRED_COLUMNS = (DATE_COLUMN, "nps_score")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_month(month, *, name: str = "month") -> str:
    """A report month written as ``YYYY-MM``."""
    if not isinstance(month, str) or not _MONTH.match(month):
        raise CxkitValueError(f"{name} ({month!r}) must be a month written as YYYY-MM, such as '2026-10'.")
    return month


def load_survey(path: str | Path | None = None) -> pd.DataFrame:
    """Read survey answers from CSV or Parquet, or the sample data when ``path`` is empty."""
    if path is None or str(path) == "":
        return sample_survey()
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"data file {str(path)!r} does not exist (give a CSV or Parquet file of answers).")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = pd.read_csv(path)
    elif suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)
        except ImportError as exc:
            raise ImportError("reading Parquet needs pyarrow: pip install pyarrow") from exc
    else:
        raise CxkitValueError(f"data file {str(path)!r} must end in .csv or .parquet; got {suffix or 'no suffix'!r}.")
    return check_survey(frame, source=str(path))


def check_survey(frame: pd.DataFrame, *, source: str = "data") -> pd.DataFrame:
    """Check the required columns and parse ``answered_at`` as timestamps."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise CxkitValueError(
            f"{source} lacks column(s) {', '.join(map(repr, missing))}; it has {list(map(str, frame.columns))}."
        )
    if not pd.api.types.is_datetime64_any_dtype(frame[DATE_COLUMN]):
        parsed = pd.to_datetime(frame[DATE_COLUMN], errors="coerce")
        bad = parsed.isna() & frame[DATE_COLUMN].notna()
        if bad.any():
            examples = ", ".join(repr(v) for v in frame.loc[bad, DATE_COLUMN].head(5))
            raise CxkitValueError(
                f"{source}: {int(bad.sum())} values of {DATE_COLUMN!r} are not dates "
                f"(allowed: ISO dates or timestamps such as 2026-10-05 14:30): {examples}."
            )
        frame = frame.assign(**{DATE_COLUMN: parsed})
    if frame[DATE_COLUMN].isna().any():
        raise CxkitValueError(f"{source}: {int(frame[DATE_COLUMN].isna().sum())} rows have no {DATE_COLUMN!r} date; every answer needs one.")
    return frame


def months_of(frame: pd.DataFrame) -> pd.Series:
    """The ``YYYY-MM`` month of each row's ``answered_at``."""
    return frame[DATE_COLUMN].dt.strftime("%Y-%m")


def select_segment(frame: pd.DataFrame, segment: str) -> pd.DataFrame:
    """Rows of one segment; an empty string keeps every row."""
    if segment == "":
        return frame
    if "segment" not in frame.columns:
        raise CxkitValueError(f"segment {segment!r} was asked for, but the data has no 'segment' column; it has {list(frame.columns)}.")
    known = sorted(frame["segment"].dropna().astype(str).unique())
    if segment not in known:
        raise CxkitValueError(f"segment ({segment!r}) must be one of {', '.join(map(repr, known))}, or '' for all.")
    return frame[frame["segment"].astype(str) == segment]
