"""Report periods: calendar and financial quarters and years, or any dates.

The partnership's financial year runs April to March, so financial quarter 1
is April to June (``2025-26-Q1``) and quarter 4 is January to March of the
following calendar year. Cases fall in a period by ``Case.date_reported``.

Dates are read as people say them (:func:`between`): 1 January to 31 December
2024 is "Calendar year 2024", compared with 2023; 1 April 2025 to 31 March
2026 is the financial year 2025-26; a whole calendar quarter is that quarter;
whole months compare with the same number of months before. Only other dates
fall back to "the same number of days before".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

QUARTER = "quarter"
FINANCIAL_QUARTER = "financial_quarter"
YEAR = "year"
FINANCIAL_YEAR = "financial_year"
MONTHS = "months"
CUSTOM = "custom"

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class PeriodError(ValueError):
    """A period written in a way Waymark does not understand; the message says how."""


def _month_start(year: int, month: int) -> date:
    # month may run past 12 or below 1; normalise it.
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    return _month_start(year, month + 1) - timedelta(days=1)


def _months_between(start: date, end: date) -> int:
    """How many whole months from the first of start's month to the end of end's."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError("The end date must be the same as or after the start date")

    # --- Names ---------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """The name used on the command line: 2025-Q3, 2025-26-Q1, 2024, 2025-26."""
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == FINANCIAL_QUARTER:
            fy = self._financial_year_start
            return f"{fy}-{(fy + 1) % 100:02d}-Q{self._financial_quarter}"
        if self.kind == YEAR:
            return str(self.start.year)
        if self.kind == FINANCIAL_YEAR:
            return f"{self.start.year}-{(self.start.year + 1) % 100:02d}"
        # Whole months and other dates keep their dates: read back by between().
        return f"{self.start.isoformat()}-to-{self.end.isoformat()}"

    @property
    def _financial_year_start(self) -> int:
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    @property
    def _financial_quarter(self) -> int:
        return ((self.start.month - 4) % 12) // 3 + 1

    @property
    def span(self) -> str:
        """April to June 2025; January 2024 to December 2024; 3 March 2025 to 9 May 2025."""
        if self.kind == CUSTOM:
            return f"{_day(self.start)} to {_day(self.end)}"
        if self.kind == MONTHS and self.start.month == self.end.month:
            return f"{_MONTHS[self.start.month - 1]} {self.start.year}"
        first, last = _MONTHS[self.start.month - 1], _MONTHS[self.end.month - 1]
        if self.start.year == self.end.year:
            return f"{first} to {last} {self.end.year}"
        return f"{first} {self.start.year} to {last} {self.end.year}"

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            return f"{self.start.year} quarter {(self.start.month - 1) // 3 + 1} ({self.span})"
        if self.kind == FINANCIAL_QUARTER:
            fy = self._financial_year_start
            return f"{fy}-{(fy + 1) % 100:02d} quarter {self._financial_quarter} ({self.span})"
        if self.kind == YEAR:
            return f"Calendar year {self.start.year}"
        if self.kind == FINANCIAL_YEAR:
            return f"Financial year {self.code} ({self.span})"
        return self.span

    @property
    def short_label(self) -> str:
        """For chart axes: Q3 2025, 2025-26 Q1, 2024, 2025-26, Mar 2025,
        Jan-Jun 2025, 03/03/25-09/05/25."""
        if self.kind == QUARTER:
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.kind == FINANCIAL_QUARTER:
            return self.code.replace("-Q", " Q")
        if self.kind in (YEAR, FINANCIAL_YEAR):
            return self.code
        if self.kind == MONTHS:
            first, last = f"{self.start:%b}", f"{self.end:%b}"
            if self.start.month == self.end.month and self.start.year == self.end.year:
                return f"{first} {self.start.year}"
            if self.start.year == self.end.year:
                return f"{first}-{last} {self.end.year}"
            return f"{first} {self.start.year}-{last} {self.end.year}"
        return f"{self.start:%d/%m/%y}-{self.end:%d/%m/%y}"

    def is_incomplete(self, today: date) -> bool:
        """Whether the period has not ended by ``today``: its figures are partial."""
        return self.end >= today

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    # --- Neighbours ----------------------------------------------------------------------

    def previous(self) -> Period:
        """The period of the same kind just before this one (the same length for dates)."""
        if self.kind in (QUARTER, FINANCIAL_QUARTER):
            start = _month_start(self.start.year, self.start.month - 3)
            return Period(self.kind, start, self.start - timedelta(days=1))
        if self.kind in (YEAR, FINANCIAL_YEAR):
            start = _month_start(self.start.year - 1, self.start.month)
            return Period(self.kind, start, self.start - timedelta(days=1))
        if self.kind == MONTHS:
            # Whole months step back by months, so labels stay on month edges.
            months = _months_between(self.start, self.end)
            start = _month_start(self.start.year, self.start.month - months)
            return Period(MONTHS, start, self.start - timedelta(days=1))
        end = self.start - timedelta(days=1)
        return Period(CUSTOM, end - timedelta(days=self.days - 1), end)

    def trend(self, count: int = 4) -> list[Period]:
        """This period and the ones before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return list(reversed(periods))

    def as_dict(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _day(value: date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


# --- Parsing -------------------------------------------------------------------------------


def quarter(text: str) -> Period:
    """``2025-Q3``: July to September 2025."""
    match = re.fullmatch(r"\s*(\d{4})-?Q([1-4])\s*", text, flags=re.IGNORECASE)
    if not match:
        raise PeriodError(f"Enter the quarter like 2025-Q3, not {text!r}")
    year, number = int(match[1]), int(match[2])
    start = date(year, 3 * (number - 1) + 1, 1)
    return Period(QUARTER, start, _month_start(year, start.month + 3) - timedelta(days=1))


def _financial_start(text: str, pattern: str, message: str) -> tuple[int, re.Match]:
    match = re.fullmatch(pattern, text.strip(), flags=re.IGNORECASE)
    if not match:
        raise PeriodError(f"{message}, not {text!r}")
    first = int(match[1])
    if int(match[2]) != (first + 1) % 100:
        raise PeriodError(
            f"A financial year runs April to March: {first}-{(first + 1) % 100:02d}, "
            f"not {match[1]}-{match[2]}"
        )
    return first, match


def financial_quarter(text: str) -> Period:
    """``2025-26-Q1``: April to June 2025; ``2025-26-Q4``: January to March 2026."""
    first, match = _financial_start(
        text, r"(\d{4})-(\d{2})-?Q([1-4])", "Enter the financial quarter like 2025-26-Q1"
    )
    number = int(match[3])
    start = _month_start(first, 4 + 3 * (number - 1))
    end = _month_start(start.year, start.month + 3) - timedelta(days=1)
    return Period(FINANCIAL_QUARTER, start, end)


def year(text: str) -> Period:
    match = re.fullmatch(r"\s*(\d{4})\s*", str(text))
    if not match:
        raise PeriodError(f"Enter the year like 2024, not {text!r}")
    number = int(match[1])
    return Period(YEAR, date(number, 1, 1), date(number, 12, 31))


def financial_year(text: str) -> Period:
    """``2025-26``: 1 April 2025 to 31 March 2026."""
    first, _ = _financial_start(text, r"(\d{4})-(\d{2})", "Enter the financial year like 2025-26")
    return Period(FINANCIAL_YEAR, date(first, 4, 1), date(first + 1, 3, 31))


def between(start: date, end: date) -> Period:
    """The period two dates make, read as people say it: a whole calendar year,
    financial year or calendar quarter is that year or quarter (a quarter typed
    as dates is read as a calendar quarter, which has the same dates as the
    financial one); whole months are months; anything else is those days."""
    if end < start:
        raise PeriodError("The end date must be the same as or after the start date")
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if not whole_months:
        return Period(CUSTOM, start, end)
    months = _months_between(start, end)
    if months == 12 and start.month == 1:
        return Period(YEAR, start, end)
    if months == 12 and start.month == 4:
        return Period(FINANCIAL_YEAR, start, end)
    if months == 3 and start.month in (1, 4, 7, 10):
        return Period(QUARTER, start, end)
    return Period(MONTHS, start, end)


PARSERS = {
    QUARTER: quarter,
    FINANCIAL_QUARTER: financial_quarter,
    YEAR: year,
    FINANCIAL_YEAR: financial_year,
}


def from_code(code: str) -> Period:
    """A period from any of the codes: 2025-Q3, 2025-26-Q1, 2024, 2025-26, or
    2025-01-01-to-2025-02-28."""
    text = code.strip()
    custom = re.fullmatch(r"(\d{4}-\d{2}-\d{2})-to-(\d{4}-\d{2}-\d{2})", text)
    if custom:
        return between(date.fromisoformat(custom[1]), date.fromisoformat(custom[2]))
    if re.fullmatch(r"\d{4}-\d{2}-?Q[1-4]", text, flags=re.IGNORECASE):
        return financial_quarter(text)
    if re.fullmatch(r"\d{4}-?Q[1-4]", text, flags=re.IGNORECASE):
        return quarter(text)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return financial_year(text)
    return year(text)


def recent_choices(today: date, *, quarters: int = 6, years: int = 3) -> list[Period]:
    """Periods people usually ask for, newest first: the current and recent
    financial quarters, calendar quarters, financial years and calendar years."""
    fq = financial_quarter_containing(today)
    q = quarter_containing(today)
    fy = financial_year(f"{_fy_start(today)}-{(_fy_start(today) + 1) % 100:02d}")
    y = year(str(today.year))
    choices = []
    for first, count in ((fq, quarters), (q, quarters), (fy, years), (y, years)):
        choices.extend(reversed(first.trend(count)))
    return choices


def listed_label(period: Period, today: date) -> str:
    """A period's label where periods are listed: the current one says it is
    not over, so nobody reads part of a quarter as the whole of it."""
    if period.is_incomplete(today):
        return f"{period.label} (incomplete: not over until {_day(period.end)})"
    return period.label


def _fy_start(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def quarter_containing(day: date) -> Period:
    return quarter(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def financial_quarter_containing(day: date) -> Period:
    first = _fy_start(day)
    number = ((day.month - 4) % 12) // 3 + 1
    return financial_quarter(f"{first}-{(first + 1) % 100:02d}-Q{number}")


def financial_year_containing(day: date) -> Period:
    first = _fy_start(day)
    return financial_year(f"{first}-{(first + 1) % 100:02d}")
