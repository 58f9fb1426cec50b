"""The home page: what Coprogetta is, the demo logins (only when turned on and loaded), a
person's agreements and deadlines, and the first steps of an empty installation."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coprogetta.documents.demo import DEFAULT_PASSWORD, PASSWORD_VARIABLE, USERS, demo_load
from coprogetta.home import selectors

from .. import factories as f

HOME = "/"


def english_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def login_forms(html: str) -> dict[str, dict[str, str]]:
    """username -> the hidden fields of its one-click login form on the home page."""
    forms = {}
    for form in re.findall(r'<form method="post" action="/accesso/".*?</form>', html, re.S):
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
        forms[fields["username"]] = fields
    return forms


@pytest.fixture
def demo(db):
    return demo_load(password=DEFAULT_PASSWORD).agreement


def test_the_home_page_is_public_and_says_what_coprogetta_is(db):
    response = english_client().get(HOME)
    assert response.status_code == 200
    text = response.content.decode()
    assert "co-design agreements between a public body and Third-Sector organisations" in text
    assert "writes the monitoring reports" in text
    assert 'href="/accesso/"' in text


def test_no_demo_logins_unless_turned_on(demo, settings):
    settings.COPROGETTA_DEMO_LOGINS = False
    text = english_client().get(HOME).content.decode()
    assert "Try the demo" not in text
    assert DEFAULT_PASSWORD not in text
    assert login_forms(text) == {}


def test_no_demo_logins_when_the_demo_is_not_loaded(world, settings):
    settings.COPROGETTA_DEMO_LOGINS = True
    assert selectors.demo_panel() is None
    assert "Try the demo" not in english_client().get(HOME).content.decode()


def test_the_demo_logins_lead_to_the_demo_agreement(demo, settings):
    settings.COPROGETTA_DEMO_LOGINS = True
    client = english_client()
    text = client.get(HOME).content.decode()
    assert "Try the demo" in text
    assert demo.title in text
    forms = login_forms(text)
    assert set(forms) == {username for username, _org, _role in USERS}
    detail = reverse("agreements:detail", args=[demo.pk])
    assert forms["funzionario"]["next"] == detail
    assert forms["esterno"]["next"] == reverse("agreements:list")  # sees nothing of it
    assert "Belongs to a body that is no party to the demo agreement" in text
    response = client.post(reverse("login"), forms["referente"])
    assert response.status_code == 302
    assert response["Location"] == detail
    assert client.get(detail).status_code == 200


def test_a_chosen_demo_password_is_not_shown(demo, settings, monkeypatch):
    settings.COPROGETTA_DEMO_LOGINS = True
    monkeypatch.setenv(PASSWORD_VARIABLE, "another-secret")
    text = english_client().get(HOME).content.decode()
    assert "Try the demo" in text
    assert login_forms(text) == {}
    assert "another-secret" not in text
    assert DEFAULT_PASSWORD not in text
    assert "COPROGETTA_DEMO_PASSWORD" in text


def test_a_logged_in_person_sees_their_agreements_and_the_coming_deadlines(world):
    today = timezone.localdate()
    f.PaymentTrancheFactory(agreement=world.agreement, due_date=today + timedelta(days=10))
    hidden = f.AgreementFactory(title="Accordo di altri")
    f.PaymentTrancheFactory(agreement=hidden, due_date=today + timedelta(days=5))
    response = world.client_for(world.owner).get(HOME)
    text = response.content.decode()
    assert world.agreement.title in text
    assert "Accordo di altri" not in text
    coming = response.context["deadlines"]
    assert [item.row.deadline.date for item in coming.coming] == [today + timedelta(days=10)]
    assert coming.overdue_count > 0  # the 2016 agreement's monitoring dates
    assert (today + timedelta(days=10)).strftime("%d/%m/%Y") in text
    assert "deadlines are overdue" in text
    assert "Start with your first agreement" not in text


def test_the_home_page_lists_a_limited_number_of_agreements(world):
    for number in range(selectors.HOME_AGREEMENTS + 2):
        agreement = f.AgreementFactory(title=f"Accordo numero {number}")
        f.PartyFactory(agreement=agreement, organization=world.municipality)
    response = world.client_for(world.owner).get(HOME)
    assert len(response.context["agreements"]) == selectors.HOME_AGREEMENTS
    assert "All your agreements" in response.content.decode()


def test_without_agreements_an_editor_is_guided_to_create_or_import(world):
    for client in (world.client_for(world.outsider),):
        for url in (HOME, reverse("agreements:list")):
            text = client.get(url).content.decode()
            assert "Start with your first agreement" in text, url
            assert f'href="{reverse("documents:import_upload")}"' in text
            assert f'href="{reverse("agreements:create")}"' in text
            assert "coprogetta load_demo" in text


def test_without_agreements_a_person_who_cannot_create_is_told_whom_to_ask(db):
    lonely = f.MembershipFactory(role="reader").user
    client = Client()
    client.force_login(lonely)
    client.cookies["django_language"] = "en"
    text = client.get(HOME).content.decode()
    assert "Start with your first agreement" in text
    assert "Your account cannot create agreements" in text
    assert reverse("agreements:create") not in text


def test_an_empty_installation_says_how_to_begin(db):
    assert not get_user_model().objects.exists()
    text = english_client().get(HOME).content.decode()
    assert "First start" in text
    assert "createsuperuser" in text
    assert "load_demo" in text


def test_an_installation_with_accounts_does_not_show_the_first_start(world):
    assert "First start" not in english_client().get(HOME).content.decode()


def test_every_page_links_the_accessibility_statement_and_the_glossary(world):
    text = world.client_for(world.owner).get(reverse("agreements:list")).content.decode()
    assert f'href="{reverse("home:accessibility")}"' in text
    assert f'href="{reverse("home:glossary")}"' in text
