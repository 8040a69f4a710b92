from datetime import date

from core.dates import add_working_days, is_working_day


def test_weekends_and_england_and_wales_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day
    assert not is_working_day(date(2026, 8, 31))  # Summer bank holiday (England)
    assert is_working_day(date(2026, 8, 3))  # Scotland's, not England's


def test_adding_working_days_skips_weekends_and_bank_holidays():
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)  # Mon -> next Mon
    # Thursday 24 Dec + 2 working days skips Christmas, Boxing Day (Mon 28 substitute).
    assert add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)
    assert add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 23)
