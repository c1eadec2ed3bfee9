"""Periods as statistics files write them (SDMX TIME_PERIOD): a year, a quarter, a month, a day."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_YEAR = re.compile(r"^(\d{4})(?:-A1)?$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(?:M)?(0[1-9]|1[0-2])$")
_DAY = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


@dataclass(frozen=True)
class Period:
    code: str  # canonical: "2024", "2024-Q3", "2024-06", "2024-06-30"
    start: datetime.date
    end: datetime.date


class PeriodError(ValueError):
    pass


def parse_period(text: str | int | float) -> Period:
    """'2024', '2024-Q3' (or '2024Q3'), '2024-06' (or '2024-M06'), '2024-06-30'; a year given as a
    number by a spreadsheet (2024.0) too. Anything else raises PeriodError."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    raw = str(text).strip().upper()
    if match := _YEAR.match(raw):
        year = _year(match.group(1))
        return Period(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if match := _QUARTER.match(raw):
        year, quarter = _year(match.group(1)), int(match.group(2))
        first = 3 * (quarter - 1) + 1
        end = datetime.date(year, first + 2, calendar.monthrange(year, first + 2)[1])
        return Period(f"{year}-Q{quarter}", datetime.date(year, first, 1), end)
    if match := _MONTH.match(raw):
        year, month = _year(match.group(1)), int(match.group(2))
        last = calendar.monthrange(year, month)[1]
        return Period(f"{year}-{month:02d}", datetime.date(year, month, 1), datetime.date(year, month, last))
    if match := _DAY.match(raw):
        try:
            day = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            raise PeriodError(_("%(text)s is not a date of the calendar.") % {"text": text}) from None
        _year(match.group(1))
        return Period(day.isoformat(), day, day)
    raise PeriodError(
        _(
            "“%(text)s” is not a period: write a year (2024), a quarter (2024-Q3), a month (2024-06) "
            "or a day (2024-06-30)."
        )
        % {"text": text}
    )


def _year(text: str) -> int:
    year = int(text)
    if not 1900 <= year <= 2100:
        raise PeriodError(_("%(year)s is outside the years a profile covers (1900–2100).") % {"year": year})
    return year
