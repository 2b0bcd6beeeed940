"""Numbers, months and plural forms in the report's language, through Babel (CLDR data).

Russian writes a decimal comma and a non-breaking space before the percent
sign, names months in the nominative for a heading ("октябрь 2026") and has
three plural forms ("1 ответ", "2 ответа", "5 ответов"); English writes
"79.2%" and "October 2026". None of this is hand-made: Babel's
``format_decimal``, ``format_date`` and ``Locale.plural_form`` do it. The one
table made here is :data:`RU_MONTH_CASES`: CLDR has no prepositional or
instrumental month names, which a Russian sentence needs after "в" and "с".
"""

from __future__ import annotations

import datetime as _dt
import math

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from ..errors import CxkitValueError
from .data import check_month

#: Russian month names after a preposition, January to December (CLDR gives only the nominative and genitive):
#: "в октябре" (prepositional), "по сравнению с октябрём" (instrumental).
RU_MONTH_CASES = {
    "prepositional": ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре",
                      "октябре", "ноябре", "декабре"),
    "instrumental": ("январём", "февралём", "мартом", "апрелем", "маем", "июнем", "июлем", "августом", "сентябрём",
                     "октябрём", "ноябрём", "декабрём"),
}


def _minus(text: str) -> str:
    """A negative number with a true minus sign (U+2212), as the cards' changes have: "−7.2", not "-7.2";
    one that rounds to zero without a sign ("0.0", never "−0.0")."""
    if not text.startswith("-"):
        return text
    return text[1:] if not any(ch in "123456789∞" for ch in text) else "\u2212" + text[1:]


class Formatter:
    """Formats a report's numbers and months in ``language`` ("en" or "ru")."""

    def __init__(self, language: str, words: dict):
        self.language = language
        self.locale = Locale.parse(language)
        self.words = words
        pattern = self.locale.percent_formats[None].pattern  # "#,##0%" (en), "#,##0 %" (ru)
        self._percent = pattern.replace("0", "0.0", 1)

    def _missing(self, value) -> bool:
        return value is None or (isinstance(value, float) and math.isnan(value))

    def number(self, value, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals and the locale's separators; n/a for NaN."""
        if self._missing(value):
            return self.words["not_available"]
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return _minus(format_decimal(float(value), format=pattern, locale=self.locale))

    def signed(self, value, digits: int = 1) -> str:
        """A change with its sign: +1.5, −2.0 (a true minus sign)."""
        if self._missing(value):
            return self.words["not_available"]
        text = self.number(abs(value), digits)
        if not any(ch in "123456789∞" for ch in text):  # rounds to zero: neither up nor down
            return "±" + text
        return ("+" if value > 0 else "−" if value < 0 else "±") + text

    def percent(self, value_in_percent, digits: int = 1) -> str:
        """A share given in percent (79.17) as the locale writes it: 79.2% or 79,2 %."""
        if self._missing(value_in_percent):
            return self.words["not_available"]
        pattern = self._percent if digits == 1 else self.locale.percent_formats[None].pattern
        return _minus(format_decimal(float(value_in_percent) / 100, format=pattern, locale=self.locale))

    def value(self, value, unit: str, digits: int | None = None) -> str:
        """A metric value in its unit: percent for shares, points for the NPS, plain for means."""
        if unit == "percent":
            return self.percent(value, 1 if digits is None else digits)
        if unit == "hours":
            text = self.number(value, 1 if digits is None else digits)
            return text if self._missing(value) else text + ("\u00a0ч" if self.language == "ru" else "\u00a0h")
        return self.number(value, (2 if unit == "scale" else 1) if digits is None else digits)

    def change(self, value, unit: str) -> str:
        """A change in its unit: percentage points for shares ("+1.5 pp" / "+1,5 п. п."); the unit is joined by
        no-break spaces, so a line never breaks between the number and its unit or inside "п. п."."""
        digits = 2 if unit == "scale" else 1
        text = self.signed(value, digits)
        if unit == "percent" and not self._missing(value):
            text += "\u00a0" + ("п.\u00a0п." if self.language == "ru" else "pp")
        if unit == "hours" and not self._missing(value):
            text += "\u00a0" + ("ч" if self.language == "ru" else "h")
        return text

    def p(self, value) -> str:
        if self._missing(value):
            return self.words["not_available"]
        if value < 0.001:
            return "< " + self.number(0.001, 3)
        return self.number(value, 3)

    def level(self, confidence_level: float) -> str:
        """A confidence level as a percent without rounding it away: 95%, 99,9 %."""
        digits = max(0, len(f"{confidence_level * 100:.10g}".partition(".")[2]))
        pattern = self.locale.percent_formats[None].pattern.replace("0", "0." + "0" * digits, 1) if digits \
            else self.locale.percent_formats[None].pattern
        return format_decimal(confidence_level, format=pattern, locale=self.locale)

    def month(self, month: str, *, short: bool = False) -> str:
        """'2026-10' as 'October 2026' / 'октябрь 2026 г.' (Russian writes the year with "г.", as
        :meth:`month_in` does); short, for chart axes: 'Oct 2026' / 'окт. 2026' (with the full year, as
        "Oct 26" reads like a date)."""
        year, number = map(int, check_month(month).split("-"))
        text = format_date(_dt.date(year, number, 1), "LLL yyyy" if short else "LLLL yyyy", locale=self.locale)
        return text + "\u00a0г." if self.language == "ru" and not short else text

    def month_in(self, month: str, case: str) -> str:
        """A month as a sentence needs it after a preposition: Russian "в октябре 2026 г." (``case``
        "prepositional") and "по сравнению с сентябрём 2026 г." ("instrumental"); English "October 2026" in
        every case. Babel (CLDR) gives month names only in the nominative and genitive, so the Russian forms are
        :data:`RU_MONTH_CASES`."""
        if case not in RU_MONTH_CASES:
            raise CxkitValueError(f"case must be one of {', '.join(map(repr, RU_MONTH_CASES))}; got {case!r}.")
        if self.language != "ru":
            return self.month(month)
        year, number = map(int, check_month(month).split("-"))
        return f"{RU_MONTH_CASES[case][number - 1]} {year}\u00a0г."

    def count(self, n: int, forms: dict) -> str:
        """``n`` with the plural form the language needs: forms = {"one": ..., "few": ..., "many": ..., "other": ...}."""
        form = self.locale.plural_form(int(n))
        template = forms.get(form, forms["other"])
        return template.format(n=format_decimal(int(n), format="#,##0", locale=self.locale))
