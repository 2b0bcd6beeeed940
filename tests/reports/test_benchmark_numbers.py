"""Numbers of the benchmark page: a true minus sign, no "−0.0", published figures with their own decimals."""

from __future__ import annotations

import pytest

from cxkit.reports.benchmark_page import interval, level_text, number, published_number

NBSP = "\u00a0"


@pytest.mark.parametrize(("x", "digits", "language", "sign", "expected"), [
    (-3.5, 1, "en", False, "−3.5"), (-3.5, 1, "ru", False, "−3,5"), (3.5, 1, "en", True, "+3.5"),
    (-0.04, 1, "en", False, "0.0"), (-0.04, 1, "en", True, "0.0"), (0.04, 1, "ru", True, "0,0"),
    (-0.05, 1, "en", True, "0.0"), (-0.051, 1, "en", True, "−0.1"),  # Babel rounds half to even, as before
    (0.0, 2, "en", True, "0.00"), (-0.004, 2, "ru", True, "0,00"), (-24.0, 1, "en", True, "−24.0"),
    (float("nan"), 1, "ru", False, "н/д"), (1234.5, 1, "en", False, "1234.5"),
])
def test_number(x, digits, language, sign, expected):
    assert number(x, digits, language, sign=sign) == expected


def test_interval_of_a_gap_touching_zero():
    assert interval(-17.7, -0.04, 1, "en", sign=True) == "−17.7 – 0.0"  # the review's "-17.7 – -0.0"
    assert interval(-11.84, -0.41, 1, "ru", sign=True) == "−11,8 – −0,4"


@pytest.mark.parametrize(("x", "language", "expected"), [
    (77.8, "en", "77.8"), (77.8, "ru", "77,8"), (78.0, "en", "78"), (4.91, "ru", "4,91"), (-6, "en", "−6"), (30, "ru", "30"),
])
def test_published_number_keeps_the_published_decimals(x, language, expected):
    assert published_number(x, language) == expected


@pytest.mark.parametrize(("level", "language", "expected"), [
    (0.95, "en", "95%"), (0.95, "ru", f"95{NBSP}%"), (0.999, "en", "99.9%"), (0.999, "ru", f"99,9{NBSP}%"),
])
def test_level_is_written_as_the_other_pages(level, language, expected):
    assert level_text(level, language) == expected
