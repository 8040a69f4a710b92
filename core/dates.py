"""Dates: the one working-days helper (weekends and England & Wales bank
holidays) and the one way a date is written in a sentence.

Statutory clocks (NRM decisions, housing enquiries, reminders) count working
days; everything else counts calendar days.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share one list of bank holidays.
    return frozenset(holidays.UK(subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (0 = start itself, or the
    next working day if ``start`` is not one)."""
    current = start
    while not is_working_day(current):
        current += timedelta(days=1)
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def long_date(day: date) -> str:
    """A date as GOV.UK style writes it in a sentence: "7 March 2026"."""
    return f"{day.day} {day:%B %Y}"
