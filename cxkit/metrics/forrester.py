"""Forrester's three CX dimensions: usefulness, ease, enjoyability (SPEC.md section 1, source [003]).

Forrester's CX model judges an experience on three questions -- did it meet
my need (usefulness, "effectiveness" in the CX Index), was it easy (ease),
did it feel good (enjoyability, "emotion") -- each asked on a rating scale.
cxkit measures each dimension as an index of one or more rating items:

- a respondent's dimension score is the mean of their answered items on that
  dimension (reverse-worded items turned as ``lowest + highest - answer``);
- the index is the mean of those scores over respondents, with the Student t
  interval (or BCa bootstrap), respondents being the independent units;
- ``cx_index``, the composite, takes the items of all three dimensions (one
  per dimension in Forrester's questionnaire, so it is the mean of the three
  dimension scores; with several items per dimension a dimension weighs by its
  number of items).

They are registry entries (``cx_usefulness``, ``cx_ease``,
``cx_enjoyability``, ``cx_index``, default scale 1-5, options ``scale`` and
``reverse``) read by the same code as the CLI, so ``cx.summarize(df,
metric="cx_ease", score=["easy_find", "easy_use"], by="channel")``,
``cx.compare_groups`` and ``cx.compare`` work on them like on every metric.

Forrester publishes its CX Index as a net score (the share of positive minus
negative answers, averaged over the dimensions); cxkit's dimension indices are
means on the answer scale, as SPEC.md asks ("any rating scale"); the shares of
positive answers per item are ``cx.csat(item, top=...)``.
"""

from __future__ import annotations

from ..results import Estimate
from .loyalty import item_index

DIMENSIONS = ("cx_usefulness", "cx_ease", "cx_enjoyability")


def _dimension(name: str):
    def index(items, *, scale=(1, 5), reverse=(), confidence_level: float = 0.95, method: str = "t",
              n_resamples: int = 10_000, rng=None, drop_invalid: bool = False) -> Estimate:
        return item_index(name, items, scale=scale, reverse=reverse, confidence_level=confidence_level,
                          method=method, n_resamples=n_resamples, rng=rng, drop_invalid=drop_invalid)

    index.__name__ = index.__qualname__ = name
    index.__doc__ = (f"Forrester CX dimension index ``{name}``: mean over respondents of their mean item answer.\n\n"
                     f"``items``: a DataFrame (one column per question), dict of columns or 2-D array; "
                     f"``reverse``: items to reverse-code. See :mod:`cxkit.metrics.forrester`.")
    return index


cx_usefulness = _dimension("cx_usefulness")
cx_ease = _dimension("cx_ease")
cx_enjoyability = _dimension("cx_enjoyability")
cx_index = _dimension("cx_index")

FUNCTIONS = {"cx_usefulness": cx_usefulness, "cx_ease": cx_ease, "cx_enjoyability": cx_enjoyability,
             "cx_index": cx_index}
