"""Reads of deadlines, always through ``agreements_visible_to``: nobody sees another
organisation's deadlines, on the page, in a feed or in a reminder.

Deadlines are computed from the agreements each time (``coprogetta.lib.deadlines``); the
number of queries does not grow with the number of agreements.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Action, Agreement, Area
from coprogetta.agreements.selectors import agreements_visible_to, economic_summary, listed_checkpoints
from coprogetta.lib import deadlines as dl
from coprogetta.lib.deadlines import Deadline, TrancheInput
from coprogetta.lib.schedules import Interval, Schedule

from . import deadline_text
from .models import CalendarToken, token_digest

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline with the agreement (and area) it belongs to, ready for a page or a feed."""

    deadline: Deadline
    agreement: Agreement
    area: Area | None = None

    @property
    def url(self) -> str:
        """The page to go to: the area's for a deadline of an area, else the agreement's."""
        if self.area is not None:
            return reverse("agreements:area_detail", args=[self.agreement.pk, self.area.pk])
        return reverse("agreements:detail", args=[self.agreement.pk])

    @property
    def kind_label(self) -> str:
        return deadline_text.kind_label(self.deadline)

    @property
    def label(self) -> str:
        return deadline_text.describe(self.deadline)

    @property
    def detail(self) -> str:
        return deadline_text.detail(self.deadline)


def with_deadline_data(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """``agreements`` with what their deadlines are computed from, in a fixed number of queries."""
    return agreements.prefetch_related(
        Prefetch("areas", queryset=Area.objects.prefetch_related(
            Prefetch("actions", queryset=Action.objects.only(
                "id", "area_id", "kind", "number", "title", "schedule_text", "schedule",
            ))
        )),
        "budget_lines", "contributions", "staff_costs", "tranches",
    )


def _tranche_inputs(agreement: Agreement) -> list[TrancheInput]:
    summary = economic_summary(agreement)
    rows = [row for part in summary.areas if part.area is not None for row in part.tranche_rows]
    rows += summary.tranche_rows
    rows.sort(key=lambda row: (row.tranche.position, row.tranche.pk))
    return [
        TrancheInput(
            id=row.tranche.pk, due_date=row.tranche.due_date, amount=row.amount,
            percent=row.tranche.percent, is_balance=row.tranche.is_balance,
            paid=row.tranche.status == row.tranche.Status.PAID, area_id=row.tranche.area_id,
            number=number, due_text=row.tranche.due_text,
        )
        for number, row in enumerate(rows, start=1)
    ]


def _action_deadlines(agreement: Agreement, area: Area, action: Action) -> list[Deadline]:
    if not action.schedule:
        return []
    try:
        schedule = Schedule.from_dict(action.schedule_text, action.schedule)
    except ValueError:
        logger.warning("Action %s: its normalised schedule cannot be read", action.pk)
        return []
    return dl.action_deadlines(agreement.pk, action.pk, schedule, area_id=area.pk, title=action.title)


def agreement_deadlines(agreement: Agreement) -> list[Deadline]:
    """Every deadline of an agreement loaded by ``with_deadline_data``, in order."""
    period = Interval(agreement.start_date, agreement.end_date)
    found: list[Deadline] = []
    try:
        found += dl.monitoring_deadlines(
            agreement.pk, period, every_months=agreement.monitoring_every_months,
            explicit=listed_checkpoints(agreement),
        )
    except ValueError:
        logger.warning("Agreement %s: monitoring rhythm cannot be read", agreement.pk)
    found += dl.programme_deadlines(agreement.pk, period, every_months=agreement.programme_every_months)
    found += dl.tranche_deadlines(agreement.pk, _tranche_inputs(agreement))
    for area in agreement.areas.all():
        for action in area.actions.all():
            found += _action_deadlines(agreement, area, action)
    return dl.ordered(found)


def rows_of(agreements: Iterable[Agreement]) -> list[DeadlineRow]:
    """The deadlines of ``agreements`` (loaded by ``with_deadline_data``), each with its area."""
    rows: list[DeadlineRow] = []
    for agreement in agreements:
        areas = {area.pk: area for area in agreement.areas.all()}
        rows += [
            DeadlineRow(d, agreement, areas.get(d.area_id) if d.area_id else None)
            for d in agreement_deadlines(agreement)
        ]
    rows.sort(key=lambda row: (row.deadline.date, dl.KINDS.index(row.deadline.kind),
                               row.agreement.title, row.deadline.key))
    return rows


def deadline_agreements(
    user: AnyUser, *, agreement_id: int | None = None, include_closed: bool = False
) -> QuerySet[Agreement]:
    """The agreements whose deadlines the user sees (closed ones only when asked)."""
    agreements = agreements_visible_to(user)
    if agreement_id is not None:
        agreements = agreements.filter(pk=agreement_id)
    if not include_closed:
        agreements = agreements.exclude(status=Agreement.Status.CLOSED)
    return agreements.order_by("title", "pk")


def deadline_rows(
    user: AnyUser, *, agreement_id: int | None = None, include_closed: bool = False
) -> list[DeadlineRow]:
    """Every deadline of the agreements the user may see (or of one of them), in date order."""
    agreements = deadline_agreements(user, agreement_id=agreement_id, include_closed=include_closed)
    return rows_of(with_deadline_data(agreements))


@dataclass(frozen=True)
class PageRow:
    """A row of the deadlines page: the deadline, and how many days from today (< 0: late)."""

    row: DeadlineRow
    days: int

    @property
    def when(self) -> str:
        return deadline_text.relative(self.days)


@dataclass(frozen=True)
class DeadlineGroup:
    name: str  # "overdue", "30", "60", "90"
    items: list[PageRow]

    @property
    def label(self) -> str:
        return str(deadline_text.GROUP_LABELS[self.name])


def deadlines_page(
    user: AnyUser, *, today: date, horizon_days: int, agreement_id: int | None = None
) -> list[DeadlineGroup]:
    """What is overdue and what falls due within ``horizon_days``, grouped, for the page."""
    rows = deadline_rows(user, agreement_id=agreement_id)
    by_key = {row.deadline.key: row for row in rows}
    classified = dl.classify((row.deadline for row in rows), today, horizon_days)
    return [
        DeadlineGroup(name, [PageRow(by_key[d.key], (d.date - today).days) for d in found])
        for name, found in classified.groups.items()
    ]


# -- calendar feeds --------------------------------------------------------------------------


def calendar_token_active(user: AnyUser, agreement: Agreement | None) -> CalendarToken | None:
    """The user's active token for ``agreement`` (None: the personal feed), if any."""
    return CalendarToken.objects.filter(
        user_id=user.pk, agreement=agreement, revoked_at__isnull=True
    ).first()


def calendar_token_from_secret(secret: str) -> CalendarToken:
    """The active token whose secret is ``secret``, of an active user; 404 otherwise."""
    token = (
        CalendarToken.objects.select_related("user", "agreement")
        .filter(token_hash=token_digest(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        raise Http404
    return token


@dataclass(frozen=True)
class Feed:
    """A feed's content now: its agreement's title (None for the personal feed, or when the
    user no longer sees the agreement) and its deadlines."""

    title: str | None
    rows: list[DeadlineRow]
    personal: bool


def feed_content(token: CalendarToken) -> Feed:
    """The deadlines of a feed as the token's user may see them now (closed agreements too)."""
    agreements = list(with_deadline_data(deadline_agreements(
        token.user, agreement_id=token.agreement_id, include_closed=True
    )))
    title = agreements[0].title if token.agreement_id and agreements else None
    return Feed(title, rows_of(agreements), token.agreement_id is None)


def user_language(user: AnyUser) -> str:
    """The language to write to a user in: that of their newest calendar feed, else Italian.

    Accounts keep no language preference yet; the feed's is the one the user read Coprogetta
    in when they created it.
    """
    token = CalendarToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id").first()
    return token.language if token else settings.LANGUAGE_CODE
