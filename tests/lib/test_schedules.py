"""Schedule phrases as other agreements write them, bad input, and the notes the parser leaves."""

from datetime import date

import pytest

from coprogetta.lib.schedules import (
    NOTE_CODES,
    ONGOING,
    RESOLVED,
    UNRESOLVED,
    Interval,
    Schedule,
    parse_schedule,
)

from .schedule_helpers import Y2016, describe, period

Y2025 = period("2025-01-01", "2025-12-31")
SCHOOL_2024 = period("2024-09-01", "2025-08-31")
THREE_YEARS = period("2024-01-01", "2026-12-31")

# (text, period, expected description; see schedule_helpers.describe)
REAL_WORLD = [
    # the examples of the issue
    ("1 settembre 2024 – 31 dicembre 2024", period("2024-09-01", "2024-12-31"), "2024-09-01..2024-12-31"),
    ("al 31 gennaio 2025", SCHOOL_2024, "by 2025-01-31"),
    ("01/03/2025 – 28/02/2027", period("2025-03-01", "2027-02-28"), "2025-03-01..2027-02-28"),
    ("entro il 15.05.2025", Y2025, "by 2025-05-15"),
    (
        "il primo e il terzo giovedì di ogni mese", Y2025,
        "weekdays_of_month 2025-01-01..2025-12-31 weekday=3 ordinals=1,3",
    ),
    ("anno scolastico 2016/2017", period("2016-09-01", "2017-06-30"), "2016-09-01..2017-06-30"),
    ("a cadenza quindicinale", period("2025-01-01", "2025-06-30"), "fortnightly 2025-01-01..2025-06-30"),
    # school and educational years
    ("anno educativo 2016/2017", period("2016-09-01", "2017-07-31"), "2016-09-01..2017-07-31"),
    ("a.s. 2024/25", SCHOOL_2024, "2024-09-01..2025-06-30"),
    # dates in words, with "/", "." and "-", ISO
    ("dal 1° marzo al 30 giugno 2025", Y2025, "2025-03-01..2025-06-30"),
    ("dal 15/09/2024 al 15/06/2025", SCHOOL_2024, "2024-09-15..2025-06-15"),
    ("01/02/2025-05/06/2025", Y2025, "2025-02-01..2025-06-05"),
    ("15-05-2025 - 20-06-2025", Y2025, "2025-05-15..2025-06-20"),
    ("entro il 30/06/2025", Y2025, "by 2025-06-30"),
    ("15 maggio 2016", Y2016, "2016-05-15..2016-05-15"),
    ("1° marzo", Y2025, "2025-03-01..2025-03-01"),
    ("primo marzo 2025", Y2025, "2025-03-01..2025-03-01"),
    ("2025-03-01", Y2025, "2025-03-01..2025-03-01"),
    ("15-05-2025", Y2025, "2025-05-15..2025-05-15"),
    ("dal 1 al 15 maggio", Y2025, "2025-05-01..2025-05-15"),
    ("1-15 maggio", Y2025, "2025-05-01..2025-05-15"),
    ("1 e 15 maggio 2025", Y2025, "2025-05-01..2025-05-01; 2025-05-15..2025-05-15"),
    ("dal 20 dicembre al 6 gennaio", SCHOOL_2024, "2024-12-20..2025-01-06"),
    # inizio / metà / fine
    ("entro fine giugno", Y2025, "by 2025-06-30"),
    ("entro la fine di marzo 2025", Y2025, "by 2025-03-31"),
    ("inizio settembre", Y2025, "2025-09-01..2025-09-10"),
    ("metà ottobre 2025", Y2025, "2025-10-11..2025-10-20"),
    ("fine novembre", Y2025, "2025-11-21..2025-11-30"),
    ("da metà marzo a fine maggio", Y2025, "2025-03-11..2025-05-31"),
    ("fine anno", Y2025, "2025-12-21..2025-12-31"),
    ("entro l'anno", Y2025, "by 2025-12-31"),
    ("2° semestre 2025", Y2025, "2025-07-01..2025-12-31"),
    ("primo trimestre 2025", Y2025, "2025-01-01..2025-03-31"),
    # seasons and holidays
    ("estate 2025", Y2025, "2025-06-21..2025-09-22"),
    ("primavera", Y2025, "2025-03-21..2025-06-20"),
    ("durante l'estate", Y2025, "2025-06-21..2025-09-22"),
    ("autunno 2024", period("2024-01-01", "2024-12-31"), "2024-09-23..2024-12-20"),
    ("inverno 2024/2025", SCHOOL_2024, "2024-12-21..2025-03-20"),
    ("vacanze natalizie", SCHOOL_2024, "2024-12-23..2025-01-06 ! holidays_assumed"),
    ("vacanze di Pasqua 2025", Y2025, "2025-04-17..2025-04-22 ! holidays_assumed"),
    ("chiusura estiva", Y2025, "2025-06-09..2025-09-11 ! holidays_assumed"),
    ("Pasqua 2024", period("2024-01-01", "2024-12-31"), "2024-03-31..2024-03-31"),
    # rhythms
    (
        "ogni martedì e giovedì", Y2025,
        "weekdays_of_month 2025-01-01..2025-12-31 weekday=1 ordinals=1,2,3,4,5; "
        "weekdays_of_month 2025-01-01..2025-12-31 weekday=3 ordinals=1,2,3,4,5",
    ),
    ("l'ultimo venerdì del mese", Y2025, "weekdays_of_month 2025-01-01..2025-12-31 weekday=4 ordinals=-1"),
    ("il 15 di ogni mese", Y2025, "monthly 2025-01-01..2025-12-31 day=15"),
    ("una volta al mese da ottobre a maggio", SCHOOL_2024, "monthly 2024-10-01..2025-05-31"),
    (
        "tutti i mercoledì da ottobre a maggio", SCHOOL_2024,
        "weekdays_of_month 2024-10-01..2025-05-31 weekday=2 ordinals=1,2,3,4,5",
    ),
    ("ogni due settimane", Y2025, "fortnightly 2025-01-01..2025-12-31"),
    ("mensile", Y2025, "monthly 2025-01-01..2025-12-31"),
    ("ogni anno a settembre", THREE_YEARS, "months 2024-01-01..2026-12-31 months=9"),
    ("semestrale (giugno e dicembre)", Y2025, "months 2025-06-01..2025-12-31 months=6,12"),
    ("entro il 31 marzo di ogni anno", THREE_YEARS, "by 2024-03-31; by 2025-03-31; by 2026-03-31"),
    ("1° e 3° giovedì del mese", Y2025, "weekdays_of_month 2025-01-01..2025-12-31 weekday=3 ordinals=1,3"),
    (
        "nei fine settimana", Y2025,
        "weekdays_of_month 2025-01-01..2025-12-31 weekday=5 ordinals=1,2,3,4,5; "
        "weekdays_of_month 2025-01-01..2025-12-31 weekday=6 ordinals=1,2,3,4,5",
    ),
    ("nei mesi di luglio e agosto", Y2025, "months 2025-07-01..2025-08-31 months=7,8"),
    # ongoing
    ("per tutta la durata della convenzione", period("2024-09-01", "2027-08-31"), "ongoing"),
    ("per l'intero periodo di validità", period("2024-09-01", "2027-08-31"), "ongoing"),
    ("tutto l'anno", Y2025, "ongoing"),
    ("durante tutto l'anno scolastico", period("2024-09-01", "2025-06-30"), "ongoing"),
    ("per tutto il mese di maggio", Y2025, "2025-05-01..2025-05-31"),
    ("Ottobre 2016 – Giugno 2017", period("2016-09-01", "2017-06-30"), "2016-10-01..2017-06-30"),
    ("II semestre 2016", Y2016, "2016-07-01..2016-12-31"),
    ("nel corso del 2016", Y2016, "2016-01-01..2016-12-31"),
    ("marzo-aprile, settembre-ottobre", Y2016, "2016-03-01..2016-04-30; 2016-09-01..2016-10-31"),
    ("1.1.2016 - 31.12.2016", Y2016, "2016-01-01..2016-12-31"),
    ("1/1/16 - 31/12/16", Y2016, "2016-01-01..2016-12-31"),
    ("in corso fino a giugno", Y2025, "2025-01-01..2025-06-30"),
    # ranges and open ends
    ("da settembre 2024 a giugno 2025", SCHOOL_2024, "2024-09-01..2025-06-30"),
    ("ottobre - maggio", SCHOOL_2024, "2024-10-01..2025-05-31"),
    ("novembre/febbraio", SCHOOL_2024, "2024-11-01..2025-02-28"),
    ("sett. 2024 - giu. 2025", SCHOOL_2024, "2024-09-01..2025-06-30"),
    ("gen-mar 2025", Y2025, "2025-01-01..2025-03-31"),
    ("tra gennaio e marzo", Y2025, "2025-01-01..2025-03-31"),
    ("fino al 31 dicembre 2025", Y2025, "2025-01-01..2025-12-31"),
    ("a decorrere dal 1 aprile 2025", Y2025, "2025-04-01..2025-12-31"),
    ("con decorrenza 1 aprile 2025", Y2025, "2025-04-01..2025-12-31"),
    ("Da Gennaio", Y2025, "2025-01-01..2025-12-31"),
    ("triennio 2024-2026", THREE_YEARS, "2024-01-01..2026-12-31"),
    ("2025", Y2025, "2025-01-01..2025-12-31"),
    # months in any case and abbreviated; a month without year in a school-year period
    ("APRILE", Y2025, "2025-04-01..2025-04-30"),
    ("Dic.", Y2025, "2025-12-01..2025-12-31"),
    ("nel mese di giugno", Y2025, "2025-06-01..2025-06-30"),
    ("aprile", SCHOOL_2024, "2025-04-01..2025-04-30"),
    ("settembre", SCHOOL_2024, "2024-09-01..2024-09-30"),
    # deadlines
    ("entro e non oltre il 30 settembre 2025", Y2025, "by 2025-09-30"),
    ("scadenza 31/12/2025", Y2025, "by 2025-12-31"),
    ("entro 60 giorni dall'avvio", Y2025, "by 2025-03-02 ! counted_from_start"),
]


@pytest.mark.parametrize(("text", "agreement", "expected"), REAL_WORLD, ids=[t for t, _, _ in REAL_WORLD])
def test_real_world_phrase(text: str, agreement: Interval, expected: str) -> None:
    assert describe(parse_schedule(text, agreement)) == expected


def test_at_least_thirty_more_phrasings() -> None:
    assert len(REAL_WORLD) >= 30


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("da oggi", "2025-03-10..2025-12-31 ! relative_to_today"),
        ("entro 30 giorni", "by 2025-04-09 ! relative_to_today"),
        ("entro due settimane da oggi", "by 2025-03-24 ! relative_to_today"),
        ("dal mese prossimo", "2025-04-01..2025-12-31 ! relative_to_today"),
        ("entro fine mese", "by 2025-03-31 ! relative_to_today"),
    ],
)
def test_phrases_counted_from_today(text: str, expected: str) -> None:
    assert describe(parse_schedule(text, Y2025, today=date(2025, 3, 10))) == expected


def test_phrases_counted_from_today_need_today() -> None:
    assert describe(parse_schedule("da oggi", Y2025)) == "unresolved: relative_time"
    assert describe(parse_schedule("entro 30 giorni", Y2025)) == "unresolved: relative_time"


# -- years not written -----------------------------------------------------------------------


def test_a_month_without_year_in_a_multi_year_period_is_ambiguous() -> None:
    schedule = parse_schedule("aprile", THREE_YEARS)
    assert schedule.status == UNRESOLVED
    assert schedule.reason is not None and schedule.reason.code == "ambiguous"
    assert schedule.reason.param("years") == "2024, 2025"
    assert describe(parse_schedule("da aprile", THREE_YEARS)) == "unresolved: ambiguous"
    assert describe(parse_schedule("giugno e dicembre", THREE_YEARS)) == "unresolved: ambiguous"


def test_a_month_without_year_that_falls_once_in_a_multi_year_period_is_read() -> None:
    agreement = period("2024-03-01", "2026-02-28")  # April 2024 and April 2025
    assert describe(parse_schedule("aprile", agreement)) == "unresolved: ambiguous"
    agreement = period("2024-06-01", "2026-02-28")  # only April 2025
    assert describe(parse_schedule("aprile", agreement)) == "2025-04-01..2025-04-30"


def test_every_year_repeats_over_a_multi_year_period() -> None:
    assert describe(parse_schedule("ogni anno a giugno e dicembre", THREE_YEARS)) == (
        "months 2024-01-01..2026-12-31 months=6,12"
    )


def test_a_month_outside_a_short_period_assumes_its_year_and_says_so() -> None:
    schedule = parse_schedule("aprile", period("2016-09-01", "2016-12-31"))
    assert describe(schedule) == "2016-04-01..2016-04-30 ! year_assumed ! outside_period"
    assert schedule.notes[0].param("year") == "2016"


def test_a_winter_named_by_one_year_is_flagged() -> None:
    assert describe(parse_schedule("inverno 2016", Y2016)) == (
        "2016-12-21..2017-03-20 ! ambiguous ! outside_period"
    )
    assert describe(parse_schedule("inverno", Y2016)) == "unresolved: ambiguous"


# -- bad input -------------------------------------------------------------------------------


def test_a_deadline_before_the_period_is_kept_with_a_note() -> None:
    schedule = parse_schedule("entro maggio 2015", Y2016)
    assert schedule.status == RESOLVED
    assert schedule.deadlines == (date(2015, 5, 31),)
    assert [(n.code, dict(n.params)) for n in schedule.notes] == [
        ("outside_period", {"start": "2015-05-31", "end": "2015-05-31"})
    ]


def test_an_interval_partly_outside_the_period_is_kept_as_written() -> None:
    schedule = parse_schedule("1 settembre 2024 – 31 dicembre 2024", Y2025)
    assert schedule.intervals == (Interval(date(2024, 9, 1), date(2024, 12, 31)),)
    assert [n.code for n in schedule.notes] == ["outside_period"]


@pytest.mark.parametrize(
    ("text", "reason", "params"),
    [
        ("31 aprile", "impossible_date", {"text": "31 aprile"}),
        ("entro il 31/04/2025", "impossible_date", {"text": "31/04/2025"}),
        ("29 febbraio 2025", "impossible_date", {"text": "29 febbraio 2025"}),
        ("32 maggio 2025", "impossible_date", {"text": "32 maggio 2025"}),
        ("anno scolastico 2024/2026", "impossible_date", {"text": "anno scolastico 2024/2026"}),
        ("quinto trimestre", "impossible_date", {"text": "quinto trimestre"}),
        ("dal 15 al 10 maggio 2025", "end_before_start", {"start": "2025-05-15", "end": "2025-05-10"}),
        ("da dicembre 2025 a marzo 2025", "end_before_start", {"start": "2025-12-01", "end": "2025-03-31"}),
        ("dal 2026 al 2024", "end_before_start", {"start": "2026-01-01", "end": "2024-12-31"}),
        ("pizza margherita", "not_a_schedule", {"text": "pizza margherita"}),
        ("", "empty", {}),
        ("   \n\t", "empty", {}),
        ("da gennaio 2026", "outside_period", {"start": "2026-01-01", "end": "2025-12-31"}),
        ("fino a marzo 2024", "outside_period", {"start": "2025-01-01", "end": "2024-03-31"}),
        ("trimestrale", "unsupported_rhythm", {"text": "trimestrale"}),
        ("settimanalmente", "unsupported_rhythm", {"text": "settimanalmente"}),
        ("da definire", "undefined", {"text": "da definire"}),
        ("n.d.", "undefined", {"text": "n.d."}),
        ("entro il 29 febbraio di ogni anno", "impossible_date", {"text": "29 febbraio"}),
    ],
)
def test_bad_input_is_unresolved_with_its_reason(text: str, reason: str, params: dict[str, str]) -> None:
    schedule = parse_schedule(text, Y2025)
    assert schedule.status == UNRESOLVED
    assert schedule.reason is not None
    assert (schedule.reason.code, dict(schedule.reason.params)) == (reason, params)
    assert schedule.has_warnings
    assert not (schedule.intervals or schedule.deadlines or schedule.recurrences)


def test_a_period_that_ends_before_it_starts() -> None:
    schedule = parse_schedule("aprile", Interval(date(2025, 12, 31), date(2025, 1, 1)))
    assert schedule.reason is not None and schedule.reason.code == "invalid_period"


def test_a_weekday_that_does_not_match_its_date_is_noted() -> None:
    schedule = parse_schedule("giovedì 15 maggio 2016", Y2016)  # a Sunday
    assert schedule.intervals == (Interval(date(2016, 5, 15), date(2016, 5, 15)),)
    assert [(n.code, dict(n.params)) for n in schedule.notes] == [
        ("weekday_mismatch", {"date": "2016-05-15", "weekday": "3"})
    ]
    assert not parse_schedule("domenica 15 maggio 2016", Y2016).notes


def test_words_around_the_phrase_are_reported() -> None:
    schedule = parse_schedule("ogni giovedì pomeriggio", Y2025)
    assert [(n.code, dict(n.params)) for n in schedule.notes] == [("ignored_text", {"text": "pomeriggio"})]
    schedule = parse_schedule("in corso (da verificare con il Comune)", Y2025)
    assert schedule.status == ONGOING
    assert schedule.notes[0].param("text") == "da verificare con il comune"


def test_a_verification_adds_a_deadline_in_the_next_year_when_it_comes_round() -> None:
    agreement = SCHOOL_2024
    assert describe(parse_schedule("novembre, con verifica a febbraio", agreement)) == (
        "2024-11-01..2024-11-30; by 2025-02-28"
    )


def test_the_original_text_is_kept() -> None:
    text = "  Marzo /Dicembre "
    assert parse_schedule(text, Y2016).text == text


def test_every_note_code_is_documented() -> None:
    texts = [t for t, _, _ in REAL_WORLD] + ["31 aprile", "pizza", "", "inverno 2016", "aprile", "da oggi"]
    schedules: list[Schedule] = [parse_schedule(t, p) for t in texts for p in (Y2016, THREE_YEARS)]
    codes = {n.code for s in schedules for n in s.notes} | {s.reason.code for s in schedules if s.reason}
    assert codes <= set(NOTE_CODES)
    assert {"outside_period", "ambiguous", "empty", "not_a_schedule", "impossible_date"} <= codes
