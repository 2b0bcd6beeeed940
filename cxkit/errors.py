"""Exceptions and warnings of cxkit.

Every input problem raises a standard ``ValueError`` or ``TypeError`` (so
``except ValueError`` works as users expect); the classes here are the few that
carry extra context.
"""

from __future__ import annotations


class CxkitWarning(UserWarning):
    """Base class of every warning cxkit emits."""


class SmallSampleWarning(CxkitWarning):
    """The sample is small or degenerate: the interval is approximate.

    Emitted when fewer than :data:`cxkit.SMALL_SAMPLE_SIZE` answers were used,
    or when every answer falls in one category (all promoters, all equal
    ratings), where normal-approximation intervals collapse.
    """


class InvalidAnswersError(ValueError):
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


class ReportError(RuntimeError):
    """A report notebook failed to execute or render.

    Attributes
    ----------
    cell_index : int or None
        Index of the notebook cell that failed, when known.
    ename, evalue : str or None
        Name and message of the exception raised inside the notebook.
    """

    def __init__(self, message: str, *, cell_index=None, ename=None, evalue=None):
        super().__init__(message)
        self.cell_index = cell_index
        self.ename = ename
        self.evalue = evalue
