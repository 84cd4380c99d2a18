from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tandem.standards.working_days import add_working_days, is_working_day

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(dates, st.integers(min_value=1, max_value=60))
def test_a_deadline_is_never_a_weekend_or_bank_holiday(start, days):
    assert is_working_day(add_working_days(start, days))


@given(dates, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_more_days_never_give_an_earlier_deadline(start, a, b):
    low, high = sorted((a, b))
    assert add_working_days(start, low) <= add_working_days(start, high)


@given(dates, st.integers(min_value=1, max_value=40))
def test_exactly_n_working_days_lie_after_the_start(start, days):
    due = add_working_days(start, days)
    between = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(day) for day in between) == days


def test_christmas_and_new_year_with_substitute_days():
    # 2027: Christmas Saturday and Boxing Day Sunday → substitute days Mon 27 and Tue 28 Dec.
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)
    # New Year's Day 2028 is a Saturday → Monday 3 January is the bank holiday.
    assert add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 4)


def test_easter_is_skipped():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_day_zero_is_the_day_of_the_report():
    assert add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 23), 5) == date(2026, 11, 30)
