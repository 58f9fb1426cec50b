"""Reads for the home page: the demo logins (only when the deployer turns them on) and what a
logged-in person has to look at first."""

import json
import os
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.models import Membership
from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_list
from coprogetta.documents import demo
from coprogetta.planning.deadline_selectors import PageRow, deadlines_page

#: What each demo person may do, in one sentence (the roles of ``accounts.Membership``).
ROLE_CAN_DO: dict[str, Promise] = {
    Membership.Role.OFFICER: _(
        "Changes the agreement and its money, approves indicator values and negotiation "
        "versions, generates the reports."
    ),
    Membership.Role.COORDINATOR: _(
        "Changes the agreement and its money, logs hours, enrolment counts and expenses, "
        "generates the reports; does not approve."
    ),
    Membership.Role.OPERATOR: _(
        "Logs hours, enrolment counts and expenses on the areas and actions assigned to them; "
        "reads the rest."
    ),
    Membership.Role.READER: _(
        "Reads the agreement, its plan, its monitoring and its reports; changes nothing."
    ),
}
OUTSIDER_CAN_DO = _("Belongs to a body that is no party to the demo agreement: sees nothing of it.")
SUPERUSER_CAN_DO = _("Sees and changes everything, also in the administration pages (/admin/).")

#: How many of a person's agreements and coming deadlines the home page lists.
HOME_AGREEMENTS = 8
HOME_DEADLINES = 8
HOME_HORIZON_DAYS = 30


@dataclass(frozen=True)
class DemoLogin:
    """A demo person as the home page offers it."""

    username: str
    organization: str
    role: str
    can_do: str
    #: where the person lands after logging in
    next_url: str


@dataclass(frozen=True)
class DemoPanel:
    logins: list[DemoLogin]
    agreement: Agreement
    #: the password to show (None when $COPROGETTA_DEMO_PASSWORD chose another one)
    password: str | None


def demo_logins_enabled() -> bool:
    """Whether the deployer asked for the demo logins on the home page (never by default)."""
    return bool(getattr(settings, "COPROGETTA_DEMO_LOGINS", False))


@lru_cache(maxsize=1)
def _demo_identity() -> tuple[str, date, date]:
    """The demo agreement's title and period, read from the file ``load_demo`` loads."""
    document = json.loads(demo.DEMO_FILE.read_text(encoding="utf-8"))
    period = document["period"]
    return document["title"], date.fromisoformat(period["start"]), date.fromisoformat(period["end"])


def demo_agreement() -> Agreement | None:
    """The agreement ``load_demo`` created, if it is in the database."""
    title, start, end = _demo_identity()
    return Agreement.objects.filter(title=title, start_date=start, end_date=end).order_by("pk").first()


def demo_panel() -> DemoPanel | None:
    """The demo logins to offer, or None: turned off, or the demo is not loaded."""
    if not demo_logins_enabled():
        return None
    agreement = demo_agreement()
    if agreement is None:
        return None
    usernames = [username for username, _org, _role in demo.USERS]
    users = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=usernames, is_active=True)
        .prefetch_related("memberships__organization")
    }
    agreement_url = reverse("agreements:detail", args=[agreement.pk])
    list_url = reverse("agreements:list")
    logins = []
    for username, org_name, _role in demo.USERS:
        user = users.get(username)
        if user is None:
            continue
        if org_name is None:
            logins.append(DemoLogin(username, "—", str(_("superuser")), str(SUPERUSER_CAN_DO), agreement_url))
            continue
        membership = next(
            (m for m in user.memberships.all() if m.organization.name == org_name), None
        )
        if membership is None:
            continue
        party = agreement.parties.filter(organization_id=membership.organization_id).exists()
        logins.append(DemoLogin(
            username, org_name, str(Membership.Role(membership.role).label),
            str(ROLE_CAN_DO.get(membership.role, "")) if party else str(OUTSIDER_CAN_DO),
            agreement_url if party else list_url,
        ))
    if not logins:
        return None
    password = None if os.environ.get(demo.PASSWORD_VARIABLE) else demo.DEFAULT_PASSWORD
    return DemoPanel(logins, agreement, password)


def installation_is_empty() -> bool:
    """No account yet: nobody can log in until an administrator or the demo is created."""
    return not get_user_model().objects.exists()


def home_agreements(user: AnyUser) -> QuerySet[Agreement]:
    """The person's agreements, as the agreements page lists them."""
    return agreement_list(user)


@dataclass(frozen=True)
class HomeDeadlines:
    """The deadlines of the next ``HOME_HORIZON_DAYS`` days (the first ``HOME_DEADLINES``), and
    how many are overdue."""

    coming: list[PageRow]
    coming_count: int
    overdue_count: int


def home_deadlines(user: AnyUser, *, today: date) -> HomeDeadlines:
    """What falls due soon, and how much is overdue, across the person's agreements."""
    groups = {group.name: group.items for group in deadlines_page(
        user, today=today, horizon_days=HOME_HORIZON_DAYS)}
    overdue = groups.pop("overdue", [])
    coming = [item for items in groups.values() for item in items]
    return HomeDeadlines(coming[:HOME_DEADLINES], len(coming), len(overdue))
