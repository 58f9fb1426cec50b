"""The demo: the Crema 2016 co-design agreement, its organisations and one user per role.

``crema-2016.json`` is the agreement between the Comune di Crema and the Consorzio
"Sul Serio" (negotiation document of 2016, five areas) in the "coprogetta/agreement@1" format.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext

from coprogetta.accounts.models import Membership, Organization
from coprogetta.agreements.models import Agreement

DEMO_FILE = Path(__file__).resolve().parent / "crema-2016.json"
DEFAULT_PASSWORD = "coprogetta-demo"
PASSWORD_VARIABLE = "COPROGETTA_DEMO_PASSWORD"

MUNICIPALITY = "Comune di Crema"
CONSORTIUM = 'Consorzio "Sul Serio"'
OUTSIDER = "Comune di Esempio"

ORGANIZATIONS = (
    (MUNICIPALITY, Organization.Kind.PUBLIC_BODY),
    (CONSORTIUM, Organization.Kind.CONSORTIUM),
    (OUTSIDER, Organization.Kind.PUBLIC_BODY),
)

#: username, organisation (None for the superuser), role
USERS: tuple[tuple[str, str | None, str | None], ...] = (
    ("funzionario", MUNICIPALITY, Membership.Role.OFFICER),
    ("referente", CONSORTIUM, Membership.Role.COORDINATOR),
    ("operatore", CONSORTIUM, Membership.Role.OPERATOR),
    ("consigliere", MUNICIPALITY, Membership.Role.READER),
    ("esterno", OUTSIDER, Membership.Role.OFFICER),
    ("admin", None, None),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    organization: str
    role: str
    created: bool


@dataclass(frozen=True)
class DemoResult:
    agreement: Agreement
    created: bool
    logins: list[DemoLogin]


def demo_password() -> str:
    """The demo users' password: ``$COPROGETTA_DEMO_PASSWORD`` if set, else the default."""
    return os.environ.get(PASSWORD_VARIABLE) or DEFAULT_PASSWORD


def demo_document() -> dict[str, object]:
    from coprogetta.documents.interchange import loads

    return loads(DEMO_FILE.read_bytes())


@transaction.atomic
def demo_load(*, password: str) -> DemoResult:
    """Create what is missing of the demo; an existing demo agreement is left as it is.

    Users that already exist keep their password.
    """
    from coprogetta.documents.interchange import agreement_import

    organizations = {name: _organization(name, kind) for name, kind in ORGANIZATIONS}
    user_model = get_user_model()
    logins: list[DemoLogin] = []
    admin = None
    for username, org_name, role in USERS:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(password)
            if org_name is None:
                user.is_staff = user.is_superuser = True
            user.save()
        if org_name is None:
            admin = user
            logins.append(DemoLogin(username, "—", gettext("superuser"), created))
            continue
        assert role is not None
        membership, _ = Membership.objects.get_or_create(
            user=user, organization=organizations[org_name], defaults={"role": role}
        )
        logins.append(
            DemoLogin(username, org_name, str(Membership.Role(membership.role).label), created)
        )
    document = demo_document()
    period = document["period"]
    assert isinstance(period, dict)
    existing = Agreement.objects.filter(
        title=document["title"],
        start_date=date.fromisoformat(period["start"]),
        end_date=date.fromisoformat(period["end"]),
    ).first()
    if existing is not None:
        return DemoResult(existing, False, logins)
    agreement = agreement_import(user=admin, document=document)
    return DemoResult(agreement, True, logins)


def _organization(name: str, kind: str) -> Organization:
    found = Organization.objects.filter(name=name).order_by("id").first()
    return found or Organization.objects.create(name=name, kind=kind)
