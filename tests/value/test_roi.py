"""The ROI-of-CX scenario: hand-computed components with the sources' defaults."""

from __future__ import annotations

import pytest

from cxkit.errors import CxkitTypeError, CxkitValueError
from cxkit.value.roi import cx_roi_scenario


def test_defaults_by_hand():
    out = cx_roi_scenario(investment=5000.0).set_index("component")
    # s = 0.5 before: retained = 1000 x (0.5 x 0.74 + 0.5 x 0.43) = 585; x 0.65 x 100 = 38,025.
    # s = 0.6 after: retained = 1000 x (0.6 x 0.74 + 0.4 x 0.43) = 616; x 0.65 x 100 = 40,040.
    assert out.loc["repeat sales to retained customers", ["before", "after"]].tolist() == pytest.approx(
        [38_025.0, 40_040.0])
    # referrals: 1000 x s x 9 x 0.125 x 100 -> 56,250 and 67,500
    assert out.loc["sales from referrals", ["before", "after"]].tolist() == pytest.approx([56_250.0, 67_500.0])
    # bad word of mouth: -1000 x (1 - s) x 16 x 0.125 x 100 -> -100,000 and -80,000
    assert out.loc["sales lost to bad word of mouth", ["before", "after"]].tolist() == pytest.approx(
        [-100_000.0, -80_000.0])
    assert out.loc["investment in CX", ["before", "after"]].tolist() == [0.0, -5000.0]
    assert out.loc["total", "change"] == pytest.approx(2015 + 11_250 + 20_000 - 5000)
    assert list(out.columns) == ["before", "after", "change", "formula", "source"]
    assert "Gartner" in out.loc["repeat sales to retained customers", "source"]


def test_no_change_without_improvement():
    out = cx_roi_scenario(satisfied_share_before=0.4, satisfied_share_after=0.4)
    assert (out["change"] == 0).all()


def test_parameters_change_live():
    low = cx_roi_scenario(new_sale_probability=0.05).set_index("component")
    assert low.loc["sales from referrals", "before"] == pytest.approx(1000 * 0.5 * 9 * 0.05 * 100)


def test_roi_errors():
    with pytest.raises(CxkitValueError, match=r"retention_satisfied \(74.0\) must be a share between 0 and 1 "
                                              r"\(did you mean 0.74\?\)"):
        cx_roi_scenario(retention_satisfied=74)
    with pytest.raises(CxkitValueError, match=r"customers \(-5.0\) must be a finite number >= 0"):
        cx_roi_scenario(customers=-5)
    with pytest.raises(CxkitTypeError, match=r"purchase_value must be a number; got str"):
        cx_roi_scenario(purchase_value="100")
    with pytest.raises(TypeError):
        cx_roi_scenario(1000)  # keyword-only
