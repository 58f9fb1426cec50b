"""Easter, school holidays, school and educational years, seasons. Pure Python.

Holidays follow the permanent school calendar of Lombardy (Crema is in Lombardy), set by
D.G.R. IX/3318 of 18 April 2012:

- lessons start on 12 September and end on 8 June, so the summer holidays are the days
  between: **9 June - 11 September**;
- Christmas holidays: **23 December - 6 January**;
- Easter holidays: **the Thursday before Easter to the Tuesday after it** (Easter Monday
  included).

Other regions and single schools shift these days by a few; the schedule parser therefore
notes every holiday it reads (``holidays_assumed``), so a person can check it.

School year: 1 September - 30 June. Educational year (nursery, "anno educativo"): 1 September
- 31 July, as nurseries stay open in July and close in August. Seasons are astronomical, on
fixed days: spring 21/3-20/6, summer 21/6-22/9, autumn 23/9-20/12, winter 21/12-20/3 (the
winter of a year is the one that begins in its December).

Public holidays: the national ones (law 260/1949 and later), Easter Monday, and the town's
patron saint where one is given (Crema: San Pantaleone, 10 June).
"""

from __future__ import annotations

from datetime import date, timedelta

#: Name -> (start month, start day, end month, end day); the end may fall in the next year.
SEASONS: dict[str, tuple[int, int, int, int]] = {
    "primavera": (3, 21, 6, 20),
    "estate": (6, 21, 9, 22),
    "autunno": (9, 23, 12, 20),
    "inverno": (12, 21, 3, 20),
}


def easter(year: int) -> date:
    """Easter Sunday of ``year`` (Gregorian calendar; the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def easter_holidays(year: int) -> tuple[date, date]:
    """The Thursday before Easter to the Tuesday after it."""
    sunday = easter(year)
    return sunday - timedelta(days=3), sunday + timedelta(days=2)


def summer_holidays(year: int) -> tuple[date, date]:
    """From the day after the last lesson (8 June) to the day before the first (12 September)."""
    return date(year, 6, 9), date(year, 9, 11)


def christmas_holidays(year: int) -> tuple[date, date]:
    """23 December of ``year`` to 6 January of the next year."""
    return date(year, 12, 23), date(year + 1, 1, 6)


def school_year(first_year: int) -> tuple[date, date]:
    """Anno scolastico ``first_year``/``first_year + 1``: 1 September to 30 June."""
    return date(first_year, 9, 1), date(first_year + 1, 6, 30)


def educational_year(first_year: int) -> tuple[date, date]:
    """Anno educativo (nursery) ``first_year``/``first_year + 1``: 1 September to 31 July."""
    return date(first_year, 9, 1), date(first_year + 1, 7, 31)


def season(name: str, year: int) -> tuple[date, date]:
    """The season ``name`` (a key of SEASONS) that begins in ``year``."""
    start_month, start_day, end_month, end_day = SEASONS[name]
    end_year = year + 1 if end_month < start_month else year
    return date(year, start_month, start_day), date(end_year, end_month, end_day)


#: Italy's fixed national public holidays, as (month, day).
NATIONAL_HOLIDAYS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25), (12, 26),
)
#: Crema's patron saint, San Pantaleone.
CREMA_PATRON = (6, 10)


def public_holidays(year: int, *, patron: tuple[int, int] | None = None) -> frozenset[date]:
    """The public holidays of ``year``: the national ones, Easter Monday and the ``patron`` day."""
    days = [date(year, month, day) for month, day in NATIONAL_HOLIDAYS]
    if patron is not None:
        days.append(date(year, *patron))
    return frozenset([*days, easter(year) + timedelta(days=1)])


def is_working_day(day: date, *, patron: tuple[int, int] | None = None) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year, patron=patron)
