"""The base set every view test uses: an owner from the municipality, a member of the
consortium, an outsider, and an agreement between the first two."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from coprogetta.accounts.models import Membership, Organization
from coprogetta.agreements.models import Agreement, Party

from . import factories as f


@dataclass
class World:
    agreement: Agreement
    municipality: Organization
    consortium: Organization
    other: Organization
    owner: object
    member: object
    reader: object
    outsider: object

    def client_for(self, user: object, language: str | None = "en") -> Client:
        """A logged-in client reading pages in ``language`` (None: the site's default, Italian).

        English by default because the tests assert the messages' ids; tests/test_i18n.py
        checks the Italian pages.
        """
        client = Client()
        client.force_login(user)
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client


@pytest.fixture
def world(db) -> World:
    municipality = f.OrganizationFactory(name="Comune di Crema", kind=Organization.Kind.PUBLIC_BODY)
    consortium = f.OrganizationFactory(name="Consorzio Sul Serio", kind=Organization.Kind.CONSORTIUM)
    other = f.OrganizationFactory(name="Comune di Altrove", kind=Organization.Kind.PUBLIC_BODY)
    agreement = f.AgreementFactory(title="Coprogettazione 2016")
    f.PartyFactory(agreement=agreement, organization=municipality, role=Party.Role.PUBLIC_BODY)
    f.PartyFactory(agreement=agreement, organization=consortium, role=Party.Role.THIRD_SECTOR)
    owner = f.MembershipFactory(organization=municipality, role=Membership.Role.OFFICER).user
    member = f.MembershipFactory(organization=consortium, role=Membership.Role.COORDINATOR).user
    reader = f.MembershipFactory(organization=municipality, role=Membership.Role.READER).user
    outsider = f.MembershipFactory(organization=other, role=Membership.Role.OFFICER).user
    return World(agreement, municipality, consortium, other, owner, member, reader, outsider)
