"""Exceptions and warnings of cxkit.

Every error cxkit raises on purpose belongs to one family, :class:`CxkitError`,
so a caller (the ``cxkit`` command among them) can tell "the input is wrong,
here is why" from an unexpected failure. Each member also subclasses the
built-in exception a Python user expects for that kind of problem, so
``except ValueError`` keeps working:

=============================  ==========================================
class                          raised for
=============================  ==========================================
:class:`CxkitValueError`       a bad value: an option out of range, a
                               column that is not there, no answers left
:class:`CxkitTypeError`        a value of the wrong type (text where a
                               number belongs, a table where a column does)
:class:`InvalidAnswersError`   answers off the scale (a CxkitValueError)
:class:`DataFileError`         a data file that cannot be read as answers
                               (a CxkitValueError; DataFileNotFoundError,
                               for a missing file, is also a
                               FileNotFoundError)
:class:`ReportError`           a report notebook that failed to run
=============================  ==========================================

Every message says what is wrong, what is allowed and what was given.
"""

from __future__ import annotations


class CxkitError(Exception):
    """Base class of every error cxkit raises on purpose."""


class CxkitValueError(CxkitError, ValueError):
    """A value cxkit cannot use: out of range, unknown, inconsistent or empty."""


class CxkitTypeError(CxkitError, TypeError):
    """A value of a type cxkit does not accept here."""


class CxkitWarning(UserWarning):
    """Base class of every warning cxkit emits."""


class SmallSampleWarning(CxkitWarning):
    """The sample is small or degenerate: the interval is approximate.

    Emitted when fewer than :data:`cxkit.SMALL_SAMPLE_SIZE` answers were used,
    or when every answer falls in one category (all promoters, all equal
    ratings), where normal-approximation intervals collapse.
    """


class CollinearityWarning(CxkitWarning):
    """Drivers are so correlated that their importance ranking is unstable.

    Emitted by :func:`cxkit.journey.drivers.key_drivers` when a driver's
    variance inflation factor exceeds 5 or the condition number of the
    drivers' correlation matrix exceeds 30 (Belsley, Kuh & Welsch 1980) and,
    with a bootstrap, a collinear driver's rank interval spans more than one
    rank: read such drivers as a group.
    """


class InvalidAnswersError(CxkitValueError):
    """Answers outside the scale, non-integer or not numbers.

    Attributes
    ----------
    count : int
        How many answers are invalid.
    examples : tuple
        Up to five of the offending values, as given.
    """

    def __init__(self, message: str, *, count: int, examples: tuple):
        super().__init__(message)
        self.count = count
        self.examples = examples


class DataFileError(CxkitValueError):
    """A data file is missing, unreadable or lacks what a report needs.

    Raised before a report notebook starts, with one line naming the file and
    what to do about it.

    Attributes
    ----------
    path : str
        The file (or folder) as given.
    reason : str
        What kind of problem it is, one of ``"missing"``, ``"folder"``,
        ``"empty"``, ``"binary"``, ``"encoding"``, ``"unreadable"``,
        ``"separator"``, ``"columns"``, ``"dates"``, ``"answers"``,
        ``"months"``, ``"segment"`` (or ``""`` when not given).
    """

    def __init__(self, message: str, *, path: str, reason: str = ""):
        super().__init__(message)
        self.path = path
        self.reason = reason


class DataFileNotFoundError(DataFileError, FileNotFoundError):
    """The data file does not exist (also a FileNotFoundError, as Python users expect)."""


class ReportError(CxkitError, RuntimeError):
    """A report notebook failed to execute or render.

    Raised from the notebook's own error (``__cause__`` is papermill's
    PapermillExecutionError), like papermill the executed notebook is kept
    so the failure can be read in context.

    Attributes
    ----------
    cell_index : int or None
        Index of the notebook cell that failed, when known.
    ename, evalue : str or None
        Name and message of the exception raised inside the notebook.
    traceback : str
        The notebook's traceback as plain text (no terminal colours); empty when unknown.
    notebook_path : str or None
        Where the executed notebook with the failing cell was kept (outside the
        output folder); None when it could not be kept.
    """

    def __init__(self, message: str, *, cell_index=None, ename=None, evalue=None, traceback: str = "",
                 notebook_path=None):
        super().__init__(message)
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback
        self.notebook_path = None if notebook_path is None else str(notebook_path)
