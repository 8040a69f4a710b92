"""Report periods: quarters and years, calendar and financial, and any dates."""

from datetime import date

import pytest

from reporting import periods


def test_a_calendar_quarter():
    q = periods.quarter("2025-Q3")
    assert (q.start, q.end) == (date(2025, 7, 1), date(2025, 9, 30))
    assert q.code == "2025-Q3"
    assert q.previous().code == "2025-Q2"
    assert periods.quarter("2025-Q1").previous().code == "2024-Q4"


def test_financial_quarter_one_is_april_to_june():
    q = periods.financial_quarter("2025-26-Q1")
    assert (q.start, q.end) == (date(2025, 4, 1), date(2025, 6, 30))
    q4 = periods.financial_quarter("2025-26-Q4")
    assert (q4.start, q4.end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert q4.code == "2025-26-Q4"
    assert q.previous().code == "2024-25-Q4"
    assert q.label == "2025-26 quarter 1 (April to June 2025)"


def test_years():
    y = periods.year("2024")
    assert (y.start, y.end) == (date(2024, 1, 1), date(2024, 12, 31))
    fy = periods.financial_year("2025-26")
    assert (fy.start, fy.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert fy.previous().code == "2024-25"
    assert periods.financial_year("1999-00").end == date(2000, 3, 31)


def test_any_dates_look_back_over_the_same_number_of_days():
    p = periods.between(date(2025, 3, 10), date(2025, 3, 19))
    previous = p.previous()
    assert (previous.start, previous.end) == (date(2025, 2, 28), date(2025, 3, 9))
    assert periods.from_code(p.code) == p


def test_a_four_period_trend_ends_with_the_period_oldest_first():
    trend = periods.financial_quarter("2025-26-Q2").trend()
    assert [p.code for p in trend] == ["2024-25-Q3", "2024-25-Q4", "2025-26-Q1", "2025-26-Q2"]


@pytest.mark.parametrize("code", ["2025-Q3", "2025-26-Q1", "2024", "2025-26"])
def test_codes_read_back_as_the_same_period(code):
    assert periods.from_code(code).code == code


@pytest.mark.parametrize(
    ("parser", "text", "message"),
    [
        (periods.quarter, "2025-Q5", "like 2025-Q3"),
        (periods.financial_quarter, "2025-27-Q1", "April to March"),
        (periods.financial_year, "2025", "like 2025-26"),
        (periods.year, "24", "like 2024"),
    ],
)
def test_a_badly_written_period_says_how_to_write_it(parser, text, message):
    with pytest.raises(periods.PeriodError, match=message):
        parser(text)


def test_an_end_before_the_start_is_refused():
    with pytest.raises(periods.PeriodError, match="end date"):
        periods.between(date(2025, 2, 1), date(2025, 1, 1))


# --- Dates read as people say them ----------------------------------------------------------


def test_a_whole_calendar_year_typed_as_dates_is_that_year_compared_with_the_year_before():
    p = periods.between(date(2024, 1, 1), date(2024, 12, 31))
    assert p.label == "Calendar year 2024"
    assert p.code == "2024"
    previous = p.previous()
    assert (previous.start, previous.end, previous.label) == (
        date(2023, 1, 1),
        date(2023, 12, 31),
        "Calendar year 2023",
    )


def test_a_whole_financial_year_or_quarter_typed_as_dates_is_that_year_or_quarter():
    assert periods.between(date(2025, 4, 1), date(2026, 3, 31)).code == "2025-26"
    assert periods.between(date(2025, 7, 1), date(2025, 9, 30)).code == "2025-Q3"
    assert periods.between(date(2024, 10, 1), date(2024, 12, 31)).previous().code == "2024-Q3"


def test_whole_months_step_back_by_months_so_trend_labels_stay_on_month_edges():
    p = periods.between(date(2025, 1, 1), date(2025, 6, 30))
    assert p.label == "January to June 2025"
    assert [x.short_label for x in p.trend()] == [
        "Jul-Dec 2023",
        "Jan-Jun 2024",
        "Jul-Dec 2024",
        "Jan-Jun 2025",
    ]
    assert periods.from_code(p.code) == p
    one_month = periods.between(date(2025, 3, 1), date(2025, 3, 31))
    assert (one_month.label, one_month.previous().label) == ("March 2025", "February 2025")


def test_a_year_ending_on_the_29th_of_december_is_still_days_and_says_so():
    p = periods.between(date(2020, 12, 30), date(2021, 12, 29))
    assert p.kind == periods.CUSTOM
    assert p.label == "30 December 2020 to 29 December 2021"


def test_the_current_period_is_listed_as_incomplete_and_a_past_one_is_not():
    today = date(2025, 11, 20)
    current = periods.financial_quarter("2025-26-Q3")
    assert current.is_incomplete(today)
    assert "incomplete" in periods.listed_label(current, today)
    assert periods.listed_label(current.previous(), today) == current.previous().label
