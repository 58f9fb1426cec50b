"""Schedules and their notes in words, in the reader's language.

``schedule_sentences(schedule)`` -> ``["from 01/04/2016 to 31/12/2016", "deadline 31/05/2016"]``;
``note_message(note)`` turns a note's code and parameters into a sentence. ``schedule_warnings``
lists what a person should check (the notes that are not mere assumptions, and the reason of
an unresolved schedule): pages show them as a warning badge. The deadlines, the calendar feeds
and the reminders reuse these helpers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.dates import MONTHS_3, WEEKDAYS
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from coprogetta.lib.schedules import ONGOING, UNRESOLVED, Note, Recurrence, Schedule

from .workplan_schedules import MALFORMED, stored

#: Notes that record an assumption rather than a problem: shown, but no warning badge.
ASSUMPTIONS = frozenset({
    "clipped_to_period", "year_assumed", "holidays_assumed", "relative_to_today", "counted_from_start",
})

HOLIDAYS = {
    "easter": gettext_lazy("Easter holidays"), "summer": gettext_lazy("summer holidays"),
    "christmas": gettext_lazy("Christmas holidays"),
}

#: Month names inside a sentence ("from April 2016", "in June and December"): lower case in Italian.
MONTH_NAMES = {
    1: pgettext_lazy("month in a sentence", "January"),
    2: pgettext_lazy("month in a sentence", "February"),
    3: pgettext_lazy("month in a sentence", "March"),
    4: pgettext_lazy("month in a sentence", "April"),
    5: pgettext_lazy("month in a sentence", "May"),
    6: pgettext_lazy("month in a sentence", "June"),
    7: pgettext_lazy("month in a sentence", "July"),
    8: pgettext_lazy("month in a sentence", "August"),
    9: pgettext_lazy("month in a sentence", "September"),
    10: pgettext_lazy("month in a sentence", "October"),
    11: pgettext_lazy("month in a sentence", "November"),
    12: pgettext_lazy("month in a sentence", "December"),
}

ORDINALS = {
    1: gettext_lazy("first"), 2: gettext_lazy("second"), 3: gettext_lazy("third"),
    4: gettext_lazy("fourth"), 5: gettext_lazy("fifth"), -1: gettext_lazy("last"),
}


def day_text(value: date | str | None) -> str:
    """``31/12/2016`` for a date or an ISO date string; other text as it is."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if value is None:
        return "—"
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def _month_name(value: date) -> str:
    return f"{MONTH_NAMES[value.month]} {value.year}"


def _is_month_start(value: date) -> bool:
    return value.day == 1


def _is_month_end(value: date) -> bool:
    return (value + timedelta(days=1)).day == 1


def span_text(start: date, end: date) -> str:
    """``from 01/04/2016 to 31/12/2016``; ``on 31/05/2016`` for a single day; whole months by
    name (``April 2016``, ``from February 2016 to March 2016``)."""
    if start == end:
        return _("on %(date)s") % {"date": day_text(start)}
    if _is_month_start(start) and _is_month_end(end):
        if (start.year, start.month) == (end.year, end.month):
            return _month_name(start)
        return pgettext("between months", "from %(start)s to %(end)s") % {
            "start": _month_name(start), "end": _month_name(end),
        }
    return _("from %(start)s to %(end)s") % {"start": day_text(start), "end": day_text(end)}


def _bounds(rec: Recurrence) -> str:
    return span_text(rec.bounds.start, rec.bounds.end)


def recurrence_text(rec: Recurrence) -> str:
    """``every month, from April 2016 to December 2016`` and the like."""
    bounds = _bounds(rec)
    if rec.kind == "monthly":
        if rec.day:
            return _("on day %(day)s of every month, %(bounds)s") % {"day": rec.day, "bounds": bounds}
        return _("every month, %(bounds)s") % {"bounds": bounds}
    if rec.kind == "fortnightly":
        return _("every two weeks, %(bounds)s") % {"bounds": bounds}
    if rec.kind == "weekdays_of_month":
        ordinals = get_text_list([str(ORDINALS.get(o, o)) for o in rec.ordinals], _("and"))
        weekday = WEEKDAYS.get(rec.weekday, "?") if rec.weekday is not None else "?"
        return _("the %(ordinals)s %(weekday)s of every month, %(bounds)s") % {
            "ordinals": ordinals, "weekday": weekday, "bounds": bounds,
        }
    months = get_text_list([str(MONTH_NAMES[m]) for m in rec.months if m in MONTH_NAMES], _("and"))
    return _("in %(months)s, %(bounds)s") % {"months": months, "bounds": bounds}


def schedule_sentences(schedule: Schedule | None) -> list[str]:
    """The normalised schedule in words, one phrase per interval, deadline and recurrence."""
    if schedule is None:
        return []
    if schedule.status == UNRESOLVED:
        return [_("not understood")]
    result: list[str] = []
    if schedule.status == ONGOING:  # its interval, if kept, is the period
        result.append(_("ongoing, throughout the period"))
    else:
        result += [span_text(i.start, i.end) for i in schedule.intervals]
    result += [_("deadline %(date)s") % {"date": day_text(d)} for d in schedule.deadlines]
    result += [recurrence_text(r) for r in schedule.recurrences]
    return result


def _text(note: Note) -> str:
    return note.param("text") or ""


NOTE_MESSAGES: dict[str, Callable[[Note], str]] = {
    "outside_period": lambda n: _(
        "%(span)s falls outside the agreement's period."
    ) % {"span": _span_param(n)},
    "clipped_to_period": lambda n: _(
        "No end is written: the schedule runs to the end of the period (%(end)s)."
    ) % {"end": day_text(n.param("end"))},
    "impossible_date": lambda n: _("“%(text)s” is not a date that exists.") % {"text": _text(n)},
    "end_before_start": lambda n: _("The schedule ends (%(end)s) before it starts (%(start)s).") % {
        "end": day_text(n.param("end")), "start": day_text(n.param("start")),
    },
    "year_assumed": lambda n: _("No year is written: %(year)s, the year of the period, is assumed.") % {
        "year": n.param("year") or "?",
    },
    "not_a_schedule": lambda n: _("“%(text)s” does not say when the action takes place.") % {
        "text": _text(n),
    },
    "ambiguous": lambda n: _("“%(text)s” can be read in more than one way: check the dates.") % {
        "text": _text(n),
    },
    "empty": lambda n: _("No schedule is written."),
    "ignored_text": lambda n: _("Some words were not read: “%(text)s”.") % {"text": _text(n)},
    "holidays_assumed": lambda n: _(
        "%(holiday)s as the Lombardy school calendar dates them: from %(start)s to %(end)s."
    ) % {
        "holiday": capfirst(str(HOLIDAYS.get(n.param("holiday") or "", n.param("holiday") or ""))),
        "start": day_text(n.param("start")), "end": day_text(n.param("end")),
    },
    "weekday_mismatch": lambda n: _("%(date)s is not a %(weekday)s.") % {
        "date": day_text(n.param("date")), "weekday": _weekday(n.param("weekday")),
    },
    "unsupported_rhythm": lambda n: _(
        "“%(text)s” is a rhythm the work plan cannot draw: check the dates."
    ) % {"text": _text(n)},
    "relative_to_today": lambda n: _("Counted from %(today)s, the day the text was read.") % {
        "today": day_text(n.param("today")),
    },
    "counted_from_start": lambda n: _("Counted from the start of the period (%(start)s).") % {
        "start": day_text(n.param("start")),
    },
    "relative_time": lambda n: _("“%(text)s” counts from today: write the dates instead.") % {
        "text": _text(n),
    },
    "undefined": lambda n: _("“%(text)s”: the time is still to be set.") % {"text": _text(n)},
    "invalid_period": lambda n: _("The agreement's period ends before it starts."),
    "parse_error": lambda n: _("“%(text)s” could not be read: please report it.") % {"text": _text(n)},
    MALFORMED: lambda n: _("The stored schedule cannot be read: save the action again to read its text."),
}


def _weekday(value: str | None) -> str:
    """A weekday parameter (0 = Monday, or a name as written) in words."""
    if value is not None and value.isdigit() and int(value) in WEEKDAYS:
        return str(WEEKDAYS[int(value)])
    return value or "?"


def _span_param(note: Note) -> str:
    start, end = note.param("start"), note.param("end")
    if start and end and start != end:
        return _("The period from %(start)s to %(end)s") % {"start": day_text(start), "end": day_text(end)}
    return _("The date %(date)s") % {"date": day_text(start or end)}


def note_message(note: Note) -> str:
    """A note (or the reason of an unresolved schedule) as a sentence."""
    message = NOTE_MESSAGES.get(note.code)
    if message is None:
        return _("Check the schedule (%(code)s).") % {"code": note.code}
    return message(note)


def schedule_warnings(schedule: Schedule | None) -> list[str]:
    """What a person should check: why it is unresolved, then its notes other than assumptions."""
    if schedule is None:
        return []
    result = []
    if schedule.status == UNRESOLVED:
        if schedule.reason:
            result.append(note_message(schedule.reason))
        else:
            result.append(_("The text cannot be read as a schedule."))
    result += [note_message(n) for n in schedule.notes if n.code not in ASSUMPTIONS]
    return list(dict.fromkeys(result))


def schedule_assumptions(schedule: Schedule | None) -> list[str]:
    """The assumptions the parser made (no year written, an open end closed at the period's end)."""
    if schedule is None:
        return []
    return list(dict.fromkeys(note_message(n) for n in schedule.notes if n.code in ASSUMPTIONS))


@dataclass(frozen=True)
class ScheduleSummary:
    """An action's schedule as the pages show it."""

    schedule: Schedule | None
    sentences: list[str]
    warnings: list[str]
    assumptions: list[str]

    @property
    def unresolved(self) -> bool:
        """Nothing to draw: no schedule, or one that was not understood."""
        return self.schedule is None or self.schedule.status == UNRESOLVED

    @property
    def text(self) -> str:
        """The sentences joined: ``from 01/01/2016 to 31/12/2016; deadline 31/05/2016``."""
        return "; ".join(self.sentences)


def summarise(text: str, data: object) -> ScheduleSummary:
    """The summary of a stored schedule (``Action.schedule_text``, ``Action.schedule``)."""
    schedule = stored(text, data)
    if schedule is None:
        if text.strip():
            missing = _("The schedule has not been read yet: save the action again to read it.")
        else:
            missing = _("No schedule is written.")
        return ScheduleSummary(None, [], [missing], [])
    return ScheduleSummary(
        schedule, schedule_sentences(schedule), schedule_warnings(schedule), schedule_assumptions(schedule)
    )


def month_abbreviations() -> tuple[str, ...]:
    """``("Jan", "Feb", ...)`` in the active language, for the Gantt chart's axis."""
    return tuple(str(MONTHS_3[m]).capitalize() for m in range(1, 13))

