"""Answers written as text are numbers only as a survey tool writes them (cxkit/inputs/answers.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import cxkit as cx


@pytest.mark.parametrize("text", ["1_0", "\uff19", "\u0661\u0660", "1e1", "+10", "inf", "nan", "0x9", "9,0"])
def test_text_that_python_reads_as_a_number_is_not_an_answer(text):
    """float() takes "1_0", full-width and Arabic-Indic digits, "1e1" and "+10"; none is an answer as written."""
    with pytest.raises(cx.InvalidAnswersError, match="1 of 2 answers are not valid"):
        cx.summarize(pd.DataFrame({"s": ["9", text]}), metric="nps", score="s")


@pytest.mark.parametrize("text, value", [("9", 9), (" 9 ", 9), ("10.0", 10), ("0", 0)])
def test_plain_numbers_as_text_are_answers(text, value):
    result = cx.summarize(pd.DataFrame({"s": [text]}), metric="nps", score="s")
    assert result["n"].iloc[0] == 1 and result["value"].iloc[0] == (100.0 if value >= 9 else -100.0)
