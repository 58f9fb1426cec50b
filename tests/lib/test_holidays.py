"""Public holidays and working days."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import holidays


def test_the_national_holidays_of_2016_with_easter_monday():
    days = holidays.public_holidays(2016)
    assert date(2016, 3, 28) in days  # Easter Monday (Easter: 27 March 2016)
    assert {date(2016, 4, 25), date(2016, 6, 2), date(2016, 12, 8)} <= days
    assert len(days) == 11


def test_the_patron_saint_only_where_given():
    assert date(2016, 6, 10) not in holidays.public_holidays(2016)
    assert date(2016, 6, 10) in holidays.public_holidays(2016, patron=holidays.CREMA_PATRON)
    assert holidays.is_working_day(date(2016, 6, 10))
    assert not holidays.is_working_day(date(2016, 6, 10), patron=holidays.CREMA_PATRON)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_weekends_and_holidays_are_never_working_days(day):
    working = holidays.is_working_day(day)
    assert working == (day.weekday() < 5 and day not in holidays.public_holidays(day.year))
    assert holidays.easter(day.year) + timedelta(days=1) in holidays.public_holidays(day.year)
