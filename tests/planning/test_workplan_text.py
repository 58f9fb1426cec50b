"""Schedules in words, notes as sentences, and schedules as actions store and correct them."""

from datetime import date

import pytest
from django.utils import translation

from coprogetta.lib.schedules import (
    ONGOING,
    RESOLVED,
    UNRESOLVED,
    Interval,
    Note,
    Recurrence,
    Schedule,
)
from coprogetta.planning import workplan_schedules as ws
from coprogetta.planning.workplan_text import (
    note_message,
    schedule_assumptions,
    schedule_sentences,
    schedule_warnings,
    span_text,
    summarise,
)

YEAR = Interval(date(2016, 1, 1), date(2016, 12, 31))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_spans_in_words():
    assert span_text(date(2016, 4, 1), date(2016, 12, 31)) == "from April 2016 to December 2016"
    assert span_text(date(2016, 2, 1), date(2016, 2, 29)) == "February 2016"
    assert span_text(date(2016, 4, 15), date(2016, 12, 31)) == "from 15/04/2016 to 31/12/2016"
    assert span_text(date(2016, 5, 31), date(2016, 5, 31)) == "on 31/05/2016"


def test_a_schedule_in_words():
    schedule = Schedule(
        text="x", status=RESOLVED, intervals=(Interval(date(2016, 4, 1), date(2016, 6, 15)),),
        deadlines=(date(2016, 5, 31),),
        recurrences=(Recurrence("monthly", Interval(date(2016, 4, 1), date(2016, 12, 31))),),
    )
    assert schedule_sentences(schedule) == [
        "from 01/04/2016 to 15/06/2016", "deadline 31/05/2016",
        "every month, from April 2016 to December 2016",
    ]
    assert schedule_sentences(Schedule(text="in corso", status=ONGOING)) == ["ongoing, throughout the period"]
    kept = Schedule(text="in corso", status=ONGOING, intervals=(YEAR,))
    assert schedule_sentences(kept) == ["ongoing, throughout the period"]
    assert schedule_sentences(Schedule(text="?", status=UNRESOLVED)) == ["not understood"]
    assert schedule_sentences(None) == []


@pytest.mark.parametrize(("recurrence", "words"), [
    (Recurrence("monthly", YEAR, day=15), "on day 15 of every month, from January 2016 to December 2016"),
    (Recurrence("fortnightly", YEAR), "every two weeks, from January 2016 to December 2016"),
    (Recurrence("weekdays_of_month", YEAR, weekday=3, ordinals=(1, 3)),
     "the first and third Thursday of every month, from January 2016 to December 2016"),
    (Recurrence("weekdays_of_month", YEAR, weekday=0, ordinals=(-1,)),
     "the last Monday of every month, from January 2016 to December 2016"),
    (Recurrence("months", YEAR, months=(6, 12)), "in June and December, from January 2016 to December 2016"),
])
def test_recurrences_in_words(recurrence, words):
    assert schedule_sentences(Schedule(text="x", status=RESOLVED, recurrences=(recurrence,))) == [words]


def test_the_words_follow_the_language():
    spring = Interval(date(2016, 4, 15), date(2016, 5, 20))
    schedule = Schedule(text="x", status=RESOLVED, intervals=(spring,))
    with translation.override("it"):
        assert schedule_sentences(schedule) == ["dal 15/04/2016 al 20/05/2016"]


@pytest.mark.parametrize(("note", "message"), [
    (Note("outside_period", (("end", "2015-05-31"), ("start", "2015-05-01"))),
     "The period from 01/05/2015 to 31/05/2015 falls outside the agreement's period."),
    (Note("outside_period", (("end", "2015-05-31"), ("start", "2015-05-31"))),
     "The date 31/05/2015 falls outside the agreement's period."),
    (Note("impossible_date", (("text", "31 aprile"),)), "“31 aprile” is not a date that exists."),
    (Note("end_before_start", (("end", "2016-03-01"), ("start", "2016-06-01"))),
     "The schedule ends (01/03/2016) before it starts (01/06/2016)."),
    (Note("year_assumed", (("year", "2016"),)),
     "No year is written: 2016, the year of the period, is assumed."),
    (Note("clipped_to_period", (("end", "2016-12-31"),)),
     "No end is written: the schedule runs to the end of the period (31/12/2016)."),
    (Note("not_a_schedule", (("text", "boh"),)), "“boh” does not say when the action takes place."),
    (Note("ambiguous", (("text", "3/4"),)), "“3/4” can be read in more than one way: check the dates."),
    (Note("empty"), "No schedule is written."),
    (Note("something_new"), "Check the schedule (something_new)."),
    (Note("outside_period"), "The date — falls outside the agreement's period."),
])
def test_notes_as_sentences(note, message):
    assert note_message(note) == message


def test_every_code_of_the_parser_has_a_sentence():
    from coprogetta.lib.schedules import NOTE_CODES
    from coprogetta.planning.workplan_text import NOTE_MESSAGES

    assert set(NOTE_CODES) <= set(NOTE_MESSAGES)
    for code in NOTE_CODES:  # with or without its parameters
        assert note_message(Note(code))
        assert note_message(Note(code, (("date", "2016-05-02"), ("end", "2016-12-31"), ("holiday", "easter"),
                                        ("start", "2016-01-01"), ("text", "x"), ("today", "2016-05-02"),
                                        ("weekday", "0"), ("year", "2016"))))


def test_warnings_and_assumptions():
    schedule = Schedule(
        text="x", status=RESOLVED, intervals=(YEAR,),
        notes=(Note("year_assumed", (("year", "2016"),)), Note("impossible_date", (("text", "31 aprile"),))),
    )
    assert schedule_warnings(schedule) == ["“31 aprile” is not a date that exists."]
    assert schedule_assumptions(schedule) == ["No year is written: 2016, the year of the period, is assumed."]
    unresolved = Schedule(text="boh", status=UNRESOLVED, reason=Note("not_a_schedule", (("text", "boh"),)))
    assert schedule_warnings(unresolved) == ["“boh” does not say when the action takes place."]
    bare = Schedule(text="boh", status=UNRESOLVED)
    assert schedule_warnings(bare) == ["The text cannot be read as a schedule."]


def test_summaries_of_what_actions_store():
    resolved = summarise("entro maggio", {"status": "resolved", "deadlines": ["2016-05-31"]})
    assert resolved.text == "deadline 31/05/2016" and not resolved.warnings and not resolved.unresolved
    assert summarise("", None).warnings == ["No schedule is written."]
    assert summarise("da aprile", None).warnings == [
        "The schedule has not been read yet: save the action again to read it."
    ]
    broken = summarise("da aprile", {"status": "resolved", "intervals": [{"start": "2016-13-01"}]})
    assert broken.unresolved
    assert broken.warnings == ["The stored schedule cannot be read: save the action again to read its text."]


# -- storing and correcting --------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    None, {"status": "resolved"}, {"status": "ongoing", "intervals": []},
])
def test_stored_reads_what_is_well_formed(data):
    result = ws.stored("t", data)
    assert (result is None) == (data is None)


@pytest.mark.parametrize("data", [
    {}, {"status": "soon"}, [], "resolved", 3, {"status": "resolved", "deadlines": ["31/05/2016"]},
    {"status": "resolved", "deadlines": [20160531]}, {"status": "resolved", "intervals": [None]},
    {"status": "resolved", "recurrences": [{"kind": "monthly", "start": "2016-01-01"}]},
    {"status": "resolved", "recurrences": [{"kind": "monthly", "start": "2016-01-01", "end": "2016-12-31",
                                            "ordinals": ["x"]}]},
])
def test_stored_turns_what_is_malformed_into_an_unresolved_schedule(data):
    result = ws.stored("t", data)
    assert result.status == UNRESOLVED and result.reason == Note(ws.MALFORMED)


@pytest.mark.parametrize(("text", "day"), [
    ("31/12/2016", date(2016, 12, 31)), ("1/4/2016", date(2016, 4, 1)), ("01.04.2016", date(2016, 4, 1)),
    ("01-04-2016", date(2016, 4, 1)), ("2016-04-01", date(2016, 4, 1)), (" 29/02/2016 ", date(2016, 2, 29)),
])
def test_days_in_italian_formats(text, day):
    assert ws.parse_day(text) == day


@pytest.mark.parametrize("text", [
    "31/04/2016", "29/02/2015", "1/4/16", "aprile", "", "2016/04/01", "00/01/2016",
])
def test_what_is_not_a_day(text):
    with pytest.raises(ValueError):
        ws.parse_day(text)


def test_intervals_one_per_line():
    text = "01/04/2016 - 31/12/2016\n\n  1.2.2016–29.02.2016 \n01-03-2016 al 31-03-2016"
    assert ws.parse_intervals(text) == [
        Interval(date(2016, 4, 1), date(2016, 12, 31)), Interval(date(2016, 2, 1), date(2016, 2, 29)),
        Interval(date(2016, 3, 1), date(2016, 3, 31)),
    ]


@pytest.mark.parametrize(("text", "code", "line"), [
    ("01/04/2016", "not_an_interval", 1),
    ("01/04/2016 - 31/12/2016\n31/04/2016 - 01/05/2016", "impossible_date", 2),
    ("01/06/2016 - 01/04/2016", "end_before_start", 1),
    ("da aprile a maggio", "not_an_interval", 1),
])
def test_bad_intervals(text, code, line):
    with pytest.raises(ws.EntryError) as caught:
        ws.parse_intervals(text)
    assert (caught.value.code, caught.value.line) == (code, line)


def test_deadlines_one_per_line():
    assert ws.parse_deadlines("31/05/2016\n30.06.2016\n") == [date(2016, 5, 31), date(2016, 6, 30)]
    with pytest.raises(ws.EntryError) as caught:
        ws.parse_deadlines("31/05/2016\nentro giugno")
    assert (caught.value.code, caught.value.line) == ("not_a_date", 2)


def test_a_manual_schedule_notes_what_falls_outside_the_period():
    schedule = ws.manual(
        "entro maggio",
        [Interval(date(2016, 3, 1), date(2017, 1, 31)), Interval(date(2016, 1, 1), date(2016, 2, 1))],
        [date(2016, 5, 31), date(2015, 5, 31), date(2016, 5, 31)], YEAR,
    )
    assert schedule.status == RESOLVED
    assert [i.start for i in schedule.intervals] == [date(2016, 1, 1), date(2016, 3, 1)]
    assert schedule.deadlines == (date(2015, 5, 31), date(2016, 5, 31))
    assert [n.code for n in schedule.notes] == ["outside_period", "outside_period"]
    assert ws.canonical(schedule) == Schedule.from_dict("x", ws.canonical(schedule)).to_dict()


def test_a_manual_schedule_needs_something_and_ordered_intervals():
    with pytest.raises(ValueError):
        ws.manual("x", [], [], YEAR)
    with pytest.raises(ValueError):
        ws.manual("x", [Interval(date(2016, 5, 1), date(2016, 4, 1))], [], YEAR)


def test_a_schedule_as_the_correction_fields_write_it():
    schedule = ws.manual("x", [Interval(date(2016, 4, 1), date(2016, 12, 31))], [date(2016, 5, 31)], YEAR)
    assert ws.as_lines(schedule) == ("01/04/2016 - 31/12/2016", "31/05/2016")
    assert ws.as_lines(None) == ("", "")
    assert ws.parse_intervals(ws.as_lines(schedule)[0]) == list(schedule.intervals)
