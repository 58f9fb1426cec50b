"""Properties of the schedule parser (any text, generated phrases, random periods), the
round trip through to_dict/from_dict, occurrences of recurrences, and Easter."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coprogetta.lib.holidays import easter, easter_holidays
from coprogetta.lib.schedules import (
    NOTE_CODES,
    UNRESOLVED,
    Interval,
    Recurrence,
    Schedule,
    occurrences,
    parse_schedule,
)

from .schedule_helpers import Y2016, period
from .test_schedules import REAL_WORLD
from .test_schedules_sample import SAMPLE

MONTHS = [
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
    "ottobre", "novembre", "dicembre", "gen", "feb.", "mar", "apr.", "mag", "giu", "lug", "ago",
    "set", "sett.", "ott", "nov.", "dic",
]

periods = st.builds(
    lambda start, days: Interval(start, start + timedelta(days=days)),
    st.dates(date(2010, 1, 1), date(2030, 12, 31)),
    st.integers(0, 4 * 366),
)
month = st.sampled_from(MONTHS).flatmap(lambda m: st.sampled_from([m, m.upper(), m.capitalize()]))
year = st.integers(2010, 2031).map(str)
maybe_year = st.one_of(st.just(""), year.map(lambda y: f" {y}"))
month_ref = st.builds(lambda m, y: m + y, month, maybe_year)
PARTS = st.sampled_from(["inizio", "metà", "fine", "fine di", "inizio di"])
DAYS = st.sampled_from(["1°", "1", "15", "28", "30", "31"])
HOLIDAYS = st.sampled_from(["vacanze di Pasqua", "vacanze estive", "vacanze natalizie"])
refs = st.one_of(
    month_ref,
    st.builds(lambda p, m: f"{p} {m}", PARTS, month_ref),
    st.builds(lambda d, m, y: f"{d} {m}{y}", DAYS, month, maybe_year),
    st.builds(
        lambda d, m, y, sep: f"{d:02d}{sep}{m:02d}{sep}{y}",
        st.integers(1, 31), st.integers(1, 12), st.integers(2010, 2031), st.sampled_from("/.-"),
    ),
    st.builds(lambda s, y: s + y, st.sampled_from(["primavera", "estate", "autunno", "inverno"]), maybe_year),
    st.builds(lambda h, y: h + y, HOLIDAYS, maybe_year),
    st.builds(lambda y: f"anno scolastico {y}/{y + 1}", st.integers(2010, 2030)),
    st.builds(lambda y: f"anno educativo {y}/{y + 1}", st.integers(2010, 2030)),
    year,
)
prefixes = st.sampled_from([
    "dal mese di ", "da ", "a partire dal mese di ", "a partire da ", "entro ", "entro il mese di ",
    "entro il ", "fino a ", "al ", "mensilmente da ", "ogni giovedì da ", "il 15 di ogni mese da ",
    "nel mese di ", "in corso fino a ",
])
phrases = st.one_of(
    refs,
    st.builds(lambda p, r: p + r, prefixes, refs),
    st.builds(lambda a, sep, b: a + sep + b, refs, st.sampled_from(["/", " /", " - ", "-", " – "]), refs),
    st.builds(lambda a, b: f"dal {a} al {b}", refs, refs),
    st.builds(lambda a, b: f"{a} e {b}", month_ref, month_ref),
    st.builds(lambda a, b: f"{a} ({b})", refs, st.builds(lambda r: f"con verifica a {r}", month_ref)),
    st.builds(lambda d, m: f"entro il {d} {m} di ogni anno", DAYS, month),
    st.builds(lambda w, r: f"{w} {r}", st.sampled_from(["per tutto", "durante tutto il", "tutta la"]), refs),
    st.builds(lambda r, w: f"{r} ({w})", refs, st.sampled_from(["da definire", "salvo proroghe", "11 mesi"])),
    st.sampled_from([s for s, _ in SAMPLE] + [t for t, _, _ in REAL_WORLD]),
)


def spans(schedule: Schedule) -> list[Interval]:
    return [
        *schedule.intervals,
        *(Interval(d, d) for d in schedule.deadlines),
        *(r.bounds for r in schedule.recurrences),
    ]


def check(schedule: Schedule, agreement: Interval) -> None:
    """What holds for every schedule the parser returns."""
    assert all(s.start <= s.end for s in spans(schedule))
    assert all(s.within(agreement) for s in spans(schedule)) or schedule.notes, "outside, silently"
    if schedule.status == UNRESOLVED:
        assert schedule.reason is not None and not spans(schedule)
    else:
        assert schedule.reason is None and spans(schedule)
    codes = [n.code for n in schedule.notes] + ([schedule.reason.code] if schedule.reason else [])
    assert set(codes) <= set(NOTE_CODES)
    assert "parse_error" not in codes
    assert all(isinstance(v, str) for n in schedule.notes for _, v in n.params)
    assert Schedule.from_dict(schedule.text, schedule.to_dict()) == schedule


@settings(max_examples=500, deadline=None)
@given(st.text(), periods)
def test_any_text_never_raises(text: str, agreement: Interval) -> None:
    check(parse_schedule(text, agreement), agreement)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="gennaio febbraio 0123456789/.-– e dal al entro fine metà()°,"), periods)
def test_text_made_of_schedule_pieces_never_raises(text: str, agreement: Interval) -> None:
    check(parse_schedule(text, agreement), agreement)


@settings(max_examples=1500, deadline=None)
@given(phrases, periods, st.none() | st.dates(date(2010, 1, 1), date(2030, 12, 31)))
def test_generated_phrases_lie_inside_the_period_or_carry_a_note(
    text: str, agreement: Interval, today: date | None
) -> None:
    schedule = parse_schedule(text, agreement, today=today)
    check(schedule, agreement)
    assert schedule.reason is None or schedule.reason.code != "not_a_schedule", text


@pytest.mark.parametrize(
    "agreement",
    [
        Interval(date.min, date.max),
        Interval(date(1, 1, 1), date(1, 12, 31)),
        Interval(date(9999, 1, 1), date(9999, 12, 31)),
        Interval(date(2016, 2, 29), date(2016, 2, 29)),
    ],
)
def test_extreme_periods_never_raise(agreement: Interval) -> None:
    texts = [s for s, _ in SAMPLE] + [t for t, _, _ in REAL_WORLD] + ["da oggi", "entro 90 giorni"]
    for text in texts:
        check(parse_schedule(text, agreement, today=agreement.end), agreement)


@pytest.mark.parametrize(
    ("text", "agreement"), [(t, p) for t, p, _ in REAL_WORLD] + [(t, Y2016) for t, _ in SAMPLE]
)
def test_round_trip(text: str, agreement: Interval) -> None:
    schedule = parse_schedule(text, agreement)
    assert Schedule.from_dict(text, schedule.to_dict()) == schedule


# -- occurrences -----------------------------------------------------------------------------


def dates(*isos: str) -> list[date]:
    return [date.fromisoformat(d) for d in isos]


def test_occurrences_monthly_from_april() -> None:
    schedule = parse_schedule("mensilmente da aprile", Y2016)
    assert occurrences(schedule, Y2016) == [date(2016, m, 1) for m in range(4, 13)]
    assert occurrences(schedule, period("2016-06-02", "2016-08-01")) == dates("2016-07-01", "2016-08-01")


def test_occurrences_on_a_day_of_the_month_keep_to_short_months() -> None:
    schedule = parse_schedule("il 31 di ogni mese", Y2016)
    assert occurrences(schedule, period("2016-01-01", "2016-04-30")) == dates(
        "2016-01-31", "2016-02-29", "2016-03-31", "2016-04-30"
    )


def test_occurrences_first_and_third_thursday() -> None:
    schedule = parse_schedule("il primo e il terzo giovedì di ogni mese", period("2025-01-01", "2025-12-31"))
    assert occurrences(schedule, period("2025-01-01", "2025-02-28")) == dates(
        "2025-01-02", "2025-01-16", "2025-02-06", "2025-02-20"
    )


def test_occurrences_last_friday_and_a_missing_fifth() -> None:
    last = parse_schedule("l'ultimo venerdì del mese", Y2016)
    first_quarter = period("2016-01-01", "2016-03-31")
    assert occurrences(last, first_quarter) == dates("2016-01-29", "2016-02-26", "2016-03-25")
    fifth_monday = Recurrence("weekdays_of_month", Y2016, weekday=0, ordinals=(5,))
    only_fifth = Schedule("", "resolved", recurrences=(fifth_monday,))
    assert occurrences(only_fifth, first_quarter) == dates("2016-02-29")


def test_occurrences_fortnightly_count_from_the_bounds() -> None:
    schedule = parse_schedule("a cadenza quindicinale", Y2016)
    found = occurrences(schedule, Y2016)
    assert found[:3] == dates("2016-01-01", "2016-01-15", "2016-01-29")
    assert len(found) == 27 and found[-1] == date(2016, 12, 30)
    assert occurrences(schedule, period("2016-01-02", "2016-01-28")) == dates("2016-01-15")


def test_occurrences_of_given_months() -> None:
    twice = parse_schedule("giugno e dicembre", Y2016)
    assert occurrences(twice, Y2016) == dates("2016-06-01", "2016-12-01")
    twice = parse_schedule("Maggio e Settembre 2016", Y2016)
    assert occurrences(twice, Y2016) == dates("2016-05-01", "2016-09-01")


def test_occurrences_of_a_schedule_without_recurrences() -> None:
    assert occurrences(parse_schedule("in corso", Y2016), Y2016) == []
    assert occurrences(parse_schedule("mensilmente", Y2016), period("2017-01-01", "2017-12-31")) == []


@settings(max_examples=300, deadline=None)
@given(phrases, periods, periods)
def test_occurrences_lie_within_the_bounds_and_the_window(
    text: str, agreement: Interval, window: Interval
) -> None:
    schedule = parse_schedule(text, agreement)
    found = occurrences(schedule, window)
    assert found == sorted(set(found))
    assert all(window.contains(d) and any(r.bounds.contains(d) for r in schedule.recurrences) for d in found)


# -- Easter ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "sunday"),
    [
        (2016, "2016-03-27"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2017, "2017-04-16"),
        (2019, "2019-04-21"), (2000, "2000-04-23"), (2008, "2008-03-23"), (2038, "2038-04-25"),
        (1818, "1818-03-22"), (2285, "2285-03-22"),
    ],
)
def test_easter(year: int, sunday: str) -> None:
    assert easter(year) == date.fromisoformat(sunday)


def test_easter_holidays_run_from_thursday_to_tuesday() -> None:
    start, end = easter_holidays(2024)
    assert (start, end) == (date(2024, 3, 28), date(2024, 4, 2))  # Lombardy 2023/24: 28/3 - 2/4
    assert start.weekday() == 3 and end.weekday() == 1
