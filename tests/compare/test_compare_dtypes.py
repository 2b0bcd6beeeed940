"""Result tables keep the same column dtypes whether they have rows or not."""

from __future__ import annotations

import warnings

import cxkit as cx


def test_compare_groups_with_nothing_left_to_compare_has_the_dtypes_of_a_full_table():
    answers = cx.datasets.sample_survey()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", cx.SmallSampleWarning)
        full = cx.compare_groups(answers, metric="nps", score="nps_score", by="segment")
        alone = cx.compare_groups(answers.assign(segment="only"), metric="nps", score="nps_score", by="segment",
                                  reference="only")
    assert len(alone) == 0 and len(full) > 0
    assert list(alone.columns) == list(full.columns)
    assert alone.dtypes.astype(str).to_dict() == full.dtypes.astype(str).to_dict()
