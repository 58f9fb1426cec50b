"""Placing a reading of a schedule phrase in the agreement's period: years, open ends, notes.

``coprogetta.lib.schedules.parse_schedule`` calls :func:`resolve`; the rules are listed in
that module's docstring.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from coprogetta.lib.schedules import (
    ONGOING,
    RESOLVED,
    UNRESOLVED,
    Interval,
    Note,
    Recurrence,
    RecurrenceKind,
    Schedule,
)
from coprogetta.lib.textparse.dates import DateError, Term, normalise, term_span
from coprogetta.lib.textparse.schedule_phrases import Phrase, Reading, Ref, read


def resolve(text: str, period: Interval, today: date | None = None) -> Schedule:
    """The schedule ``text`` says within ``period`` (see ``coprogetta.lib.schedules``)."""
    original = text if isinstance(text, str) else ""
    if period.end < period.start:
        reason = _note("invalid_period", start=period.start.isoformat(), end=period.end.isoformat())
        return _unresolved(original, reason)
    if not original.strip():
        return _unresolved(original, _note("empty"))
    try:
        reading = read(normalise(original))
        if reading is None:
            return _unresolved(original, _note("not_a_schedule", text=_short(original)))
        return _Resolver(original, period, today).resolve(reading)
    except (ArithmeticError, LookupError, ValueError, RecursionError):
        return _unresolved(original, _note("parse_error", text=_short(original)))


def _note(code: str, **params: str) -> Note:
    return Note(code, tuple(sorted(params.items())))


def _iso(day: date) -> str:
    return day.isoformat()


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unresolved(text: str, reason: Note, notes: tuple[Note, ...] = ()) -> Schedule:
    return Schedule(text, UNRESOLVED, notes=notes, reason=reason)


Span = tuple[date, date]


class _Resolver:
    """Places a Reading in the agreement's period."""

    def __init__(self, text: str, period: Interval, today: date | None) -> None:
        self.text = text
        self.period = period
        self.today = today
        self.notes: list[Note] = []
        self.placed: list[Span] = []

    def resolve(self, reading: Reading) -> Schedule:
        try:
            return self._resolve(reading)
        except DateError as error:
            return _unresolved(self.text, _note(error.code, **error.params), tuple(dict.fromkeys(self.notes)))

    def _resolve(self, reading: Reading) -> Schedule:
        phrase = reading.phrase
        refs: list[Ref] = [] if phrase.every_year else list(phrase.refs)
        if phrase.bounds is not None:
            refs += phrase.bounds.refs
        self._place(refs + list(reading.checks))
        intervals: list[Interval] = []
        deadlines: list[date] = []
        recurrences: list[Recurrence] = []
        ongoing = self._build(phrase, intervals, deadlines, recurrences)
        deadlines += [self._take()[1] for _ in reading.checks]
        if reading.ignored:
            self.notes.append(_note("ignored_text", text=_short(" … ".join(reading.ignored))))
        spelled_out = phrase.kind == "months" or (phrase.kind in ("by", "at") and len(phrase.refs) > 1)
        if phrase.unsupported and not spelled_out:  # "semestrale: giugno e dicembre" says it all
            self.notes.append(_note("unsupported_rhythm", text=phrase.unsupported))
        return self._finish(intervals, deadlines, recurrences, ongoing)

    # -- years -------------------------------------------------------------------------------

    def _place(self, refs: list[Ref]) -> None:
        """Give every term of ``refs`` its year, and keep one span per ref."""
        terms = [term for ref in refs for term in ref.terms()]
        spans = self._spans_of(terms)
        for term, span in zip(terms, spans, strict=True):
            self._term_notes(term, *span)
        index = 0
        for ref in refs:
            count = len(ref.terms())
            start, end = spans[index][0], spans[index + count - 1][1]
            index += count
            if end < start:
                raise DateError("end_before_start", start=start.isoformat(), end=end.isoformat())
            self.placed.append((start, end))
        self.placed.reverse()

    def _take(self) -> Span:
        return self.placed.pop()

    def _spans_of(self, terms: list[Term]) -> list[Span]:
        if not terms:
            return []
        if any(term.year is not None for term in terms):
            return self._spans(terms, None)
        for term in terms:
            term_span(term, 2000)  # a leap year: raises only for a day no year has ("31 aprile")
        period = self.period
        within: list[tuple[int, list[Span]]] = []
        overlapping: list[tuple[int, list[Span]]] = []
        first = max(period.start.year - 1, 1)
        for anchor in range(first, min(period.end.year, first + 400) + 1):
            try:
                spans = self._spans(terms, anchor)
            except DateError:
                continue
            low, high = min(s for s, _ in spans), max(e for _, e in spans)
            if high < period.start or low > period.end:
                continue
            (within if period.start <= low and high <= period.end else overlapping).append((anchor, spans))
            if len(within) > 1:
                break
        choices = within or overlapping
        if len(choices) == 1:
            return choices[0][1]
        if choices:
            years = ", ".join(str(anchor) for anchor, _ in choices)
            raise DateError("ambiguous", text=_short(self.text), years=years)
        self.notes.append(_note("year_assumed", year=str(period.start.year)))
        return self._spans(terms, period.start.year)

    def _spans(self, terms: list[Term], anchor: int | None) -> list[Span]:
        """Spans of ``terms``, the years written serving the terms around them."""
        years = [term.year for term in terms]
        if anchor is not None:
            years[0] = anchor
        first = next(i for i, year in enumerate(years) if year is not None)
        placed: list[int] = [0] * len(terms)
        placed[first] = years[first] or 0
        for i in range(first + 1, len(terms)):
            placed[i] = years[i] or placed[i - 1] + _wraps(terms[i - 1], placed[i - 1], terms[i])
        for i in range(first - 1, -1, -1):
            placed[i] = years[i] or placed[i + 1] - _wraps(terms[i], placed[i + 1], terms[i + 1])
        return [term_span(term, year) for term, year in zip(terms, placed, strict=True)]

    def _term_notes(self, term: Term, start: date, end: date) -> None:
        notes = self.notes
        if term.kind == "holiday":
            notes.append(_note("holidays_assumed", holiday=term.name, start=_iso(start), end=_iso(end)))
        elif term.kind == "season" and term.name == "inverno" and term.year and term.end_year is None:
            notes.append(_note("ambiguous", text=term.text))
        elif term.kind == "day" and term.weekday is not None and start.weekday() != term.weekday:
            notes.append(_note("weekday_mismatch", date=_iso(start), weekday=str(term.weekday)))

    # -- building ----------------------------------------------------------------------------

    def _build(
        self, phrase: Phrase, intervals: list[Interval], deadlines: list[date], recurrences: list[Recurrence]
    ) -> bool:
        """Fill the lists from ``phrase``; True when it is ongoing."""
        kind = phrase.kind
        if kind == "ongoing":
            if not phrase.refs:
                return True
            start, end = self._take()
            if start <= self.period.start and self.period.end <= end:
                return True
            intervals.append(Interval(start, end))
        elif kind in ("at", "from", "until"):
            intervals.extend(self._interval(phrase) for _ in range(1 if kind != "at" else len(phrase.refs)))
        elif kind == "by":
            if phrase.every_year:
                deadlines.extend(self._yearly(phrase.refs))
            else:
                deadlines.extend(self._take()[1] for _ in phrase.refs)
        elif kind == "months":
            months = tuple(sorted({ref.first.month for ref in phrase.refs}))
            if phrase.every_year:
                bounds = self.period
            else:
                spans = [self._take() for _ in phrase.refs]
                bounds = Interval(min(s for s, _ in spans), max(e for _, e in spans))
            recurrences.append(Recurrence("months", bounds, months=months))
        elif kind == "rhythm":
            recurrences.extend(self._rhythm(phrase))
        elif kind == "undefined":
            raise DateError("undefined", text=_short(self.text))
        else:
            self._relative(phrase, intervals, deadlines)
        return False

    def _yearly(self, refs: tuple[Ref, ...]) -> list[date]:
        """The deadlines of every year of the period ("entro il 31 marzo di ogni anno")."""
        period = self.period
        days: list[date] = []
        for ref in refs:
            term_span(ref.first, 2000)  # a day no year has ("31 aprile") raises
            for year in range(period.start.year, min(period.end.year, period.start.year + 400) + 1):
                try:
                    days.append(term_span(ref.first, year)[1])
                except DateError:
                    continue  # 29 February
        inside = sorted(day for day in days if period.contains(day))
        if not days:  # "29 febbraio" in a period of common years
            raise DateError("impossible_date", text=refs[0].first.text)
        if not inside:
            raise DateError("outside_period", start=_iso(min(days)), end=_iso(max(days)))
        return inside

    def _interval(self, phrase: Phrase) -> Interval:
        start, end = self._take()
        period = self.period
        if phrase.kind == "from":
            if start > period.end:
                raise DateError("outside_period", start=start.isoformat(), end=period.end.isoformat())
            return Interval(start, period.end)
        if phrase.kind == "until":
            if end < period.start:
                raise DateError("outside_period", start=period.start.isoformat(), end=end.isoformat())
            return Interval(period.start, end)
        return Interval(start, end)

    def _rhythm(self, phrase: Phrase) -> list[Recurrence]:
        if phrase.rhythm == "unsupported":
            raise DateError("unsupported_rhythm", text=phrase.unsupported)
        bounds = self.period
        if phrase.bounds is not None:
            found: list[Interval] = []
            if self._build(phrase.bounds, found, [], []):
                bounds = self.period
            elif found:
                bounds = found[0]
        if phrase.rhythm == "weekdays_of_month":
            return [
                Recurrence("weekdays_of_month", bounds, weekday=weekday, ordinals=phrase.ordinals)
                for weekday in phrase.weekdays
            ]
        kind: RecurrenceKind = "fortnightly" if phrase.rhythm == "fortnightly" else "monthly"
        return [Recurrence(kind, bounds, day=phrase.day)]

    def _relative(self, phrase: Phrase, intervals: list[Interval], deadlines: list[date]) -> None:
        today = self.today
        if phrase.origin == "today":
            if today is None:
                raise DateError("relative_time", text=_short(self.text))
            self.notes.append(_note("relative_to_today", today=today.isoformat()))
        if phrase.relative == "by_offset":
            origin = today if phrase.origin == "today" and today else self.period.start
            if phrase.origin == "start":
                self.notes.append(_note("counted_from_start", start=origin.isoformat()))
            deadlines.append(_add(origin, phrase.amount, phrase.unit))
            return
        assert today is not None
        if phrase.relative == "by_month_end":
            deadlines.append(_month_end(today.year, today.month))
            return
        start = today if phrase.relative == "from_today" else _add(today.replace(day=1), 1, "months")
        if start > self.period.end:
            raise DateError("outside_period", start=start.isoformat(), end=self.period.end.isoformat())
        intervals.append(Interval(start, self.period.end))

    def _finish(
        self, intervals: list[Interval], deadlines: list[date], recurrences: list[Recurrence], ongoing: bool
    ) -> Schedule:
        period = self.period
        notes = self.notes
        spans = [*intervals, *(Interval(day, day) for day in deadlines), *(r.bounds for r in recurrences)]
        for span in spans:
            if not span.within(period):
                notes.append(_note("outside_period", start=_iso(span.start), end=_iso(span.end)))
        return Schedule(
            text=self.text,
            status=ONGOING if ongoing else RESOLVED,
            intervals=(period,) if ongoing else tuple(intervals),
            deadlines=tuple(dict.fromkeys(deadlines)),
            recurrences=tuple(recurrences),
            notes=tuple(dict.fromkeys(notes)),
        )


def _wraps(previous: Term, year: int, term: Term) -> int:
    """1 when ``term``, placed in ``previous``'s year, starts in an earlier month (next year)."""
    before = term_span(previous, year)[0]
    after = term_span(term, year)[0]
    return 1 if after < before and after.month != before.month else 0


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add(day: date, amount: int, unit: str) -> date:
    """``day`` plus days, weeks or months (a month's day kept, or its last day)."""
    try:
        if unit == "days":
            return day + timedelta(days=amount)
        if unit == "weeks":
            return day + timedelta(weeks=amount)
        months = day.year * 12 + day.month - 1 + amount
        year, month = divmod(months, 12)
        return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    except (OverflowError, ValueError):
        raise DateError("impossible_date", text=f"{day.isoformat()} + {amount} {unit}") from None
