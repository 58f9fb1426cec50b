"""Deadlines as an iCalendar feed (RFC 5545), made with the icalendar library.

Each deadline is an all-day VEVENT whose UID is its key (``<key>@coprogetta``), so a calendar
that reloads the feed updates the events instead of duplicating them. Monitoring checkpoints
and payments carry an alarm a week before.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

import icalendar
from django.utils.translation import gettext as _

from .deadline_selectors import DeadlineRow

UID_DOMAIN = "coprogetta"
ALARM_KINDS = {"monitoring", "tranche"}
ALARM_BEFORE = timedelta(days=7)


def _description(row: DeadlineRow, link: str) -> str:
    lines = [_("Agreement: %(title)s") % {"title": row.agreement.title}]
    if row.area is not None:
        lines.append(_("Area %(number)s: %(title)s") % {"number": row.area.number, "title": row.area.title})
    if row.detail:
        lines.append(row.detail)
    if link:
        lines.append(link)
    return "\n".join(lines)


def _event(row: DeadlineRow, *, stamp: datetime, base_url: str, with_agreement: bool) -> icalendar.Event:
    deadline = row.deadline
    summary = row.label
    if with_agreement:
        summary = f"{summary} — {row.agreement.title}"
    link = f"{base_url}{row.url}" if base_url else ""
    event = icalendar.Event()
    event.add("uid", f"{deadline.key}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline.date)
    event.add("dtend", deadline.date + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", _description(row, link))
    event.add("categories", [row.kind_label])
    event.add("transp", "TRANSPARENT")
    if link:
        event.add("url", link)
    if deadline.kind in ALARM_KINDS and not deadline.done:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", -ALARM_BEFORE)
        alarm.add("description", summary)
        event.add_component(alarm)
    return event


def calendar_bytes(
    rows: Iterable[DeadlineRow], *, name: str, stamp: datetime, base_url: str = "",
    with_agreement: bool = True,
) -> bytes:
    """The feed: one VEVENT per deadline, labelled in the active language.

    ``stamp`` is the DTSTAMP (an aware datetime); ``base_url`` (``https://host``) makes the
    links absolute; ``with_agreement`` adds the agreement's title to each summary.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Coprogetta//Deadlines//IT")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Rome")
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(timedelta(hours=6)))
    for row in rows:
        calendar.add_component(_event(row, stamp=stamp, base_url=base_url, with_agreement=with_agreement))
    return calendar.to_ical()


def feed_name(agreement_title: str | None) -> str:
    """The calendar's name as a client shows it."""
    if agreement_title:
        return _("Coprogetta deadlines: %(title)s") % {"title": agreement_title}
    return _("Coprogetta: my deadlines")

