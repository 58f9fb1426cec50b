"""Every login, failed login and refused request writes an audit row, with the client's
address; no row and no log line holds a password, a token, a session key or an Authorization
header."""

import logging

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from coprogetta.accounts.models import AuditEntry
from coprogetta.api.token_services import api_token_create

pytestmark = pytest.mark.django_db

PASSWORD = "Segreto-di-prova-91!"
Action = AuditEntry.Action


def _events(action):
    return list(AuditEntry.all_entries.filter(action=action).order_by("id"))


def _everything_stored():
    return " ".join(
        f"{e.username} {e.organization_name} {e.object_type} {e.object_id} {e.object_repr} {e.changes}"
        for e in AuditEntry.all_entries.all()
    )


@pytest.fixture
def owner(world):
    world.owner.set_password(PASSWORD)
    world.owner.save()
    return world.owner


def test_a_login_writes_a_row_with_the_address(owner):
    client = Client(REMOTE_ADDR="203.0.113.7")
    response = client.post("/accesso/", {"username": owner.username, "password": PASSWORD})
    assert response.status_code == 302
    [row] = _events(Action.LOGIN)
    assert (row.user_id, row.username, row.organization_name, row.client_address) == (
        owner.pk, owner.username, "Comune di Crema", "203.0.113.7")
    # the changes of records are read apart from the security events
    assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()


def test_a_failed_login_keeps_the_username_tried_never_the_password(owner, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="198.51.100.4")
    response = client.post("/accesso/", {"username": owner.username, "password": PASSWORD + "x"})
    assert response.status_code == 200
    [row] = _events(Action.LOGIN_FAILED)
    assert (row.user_id, row.username, row.client_address) == (None, owner.username, "198.51.100.4")
    assert PASSWORD not in _everything_stored() and PASSWORD not in caplog.text


def test_the_throttles_429_writes_a_row(owner):
    client = Client(REMOTE_ADDR="192.0.2.9")
    for _ in range(settings.COPROGETTA_LOGIN_FAILURES):
        client.post("/accesso/", {"username": owner.username, "password": "wrong"})
    response = client.post("/accesso/", {"username": owner.username, "password": PASSWORD})
    assert response.status_code == 429
    [row] = _events(Action.THROTTLED)
    assert (row.username, row.client_address, row.object_repr) == (
        owner.username, "192.0.2.9", "POST /accesso/")
    assert len(_events(Action.LOGIN_FAILED)) == settings.COPROGETTA_LOGIN_FAILURES
    assert PASSWORD not in _everything_stored()


def test_a_refused_page_writes_one_row(world):
    client = world.client_for(world.reader)
    url = f"/accordi/{world.agreement.pk}/modifica/"
    assert client.get(url, REMOTE_ADDR="2001:db8::1").status_code == 403
    [row] = _events(Action.DENIED)
    assert (row.user_id, row.username, row.organization_name, row.client_address, row.object_repr) == (
        world.reader.pk, world.reader.username, "Comune di Crema", "2001:db8::1", f"GET {url}")


def test_a_failed_csrf_check_is_a_refusal(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    assert client.post(f"/accordi/{world.agreement.pk}/modifica/", {}).status_code == 403
    assert len(_events(Action.DENIED)) == 1


def test_a_refused_api_request_writes_one_row_never_the_token(world, caplog):
    caplog.set_level(logging.DEBUG)
    token = api_token_create(user=world.reader, name="lettura")[1]
    client = APIClient(REMOTE_ADDR="203.0.113.50")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    url = f"/api/v1/agreements/{world.agreement.pk}/"
    assert client.delete(url).status_code == 403
    [row] = _events(Action.DENIED)  # recorded by the API's handler, not again by the middleware
    assert (row.user_id, row.client_address, row.object_repr) == (
        world.reader.pk, "203.0.113.50", f"DELETE {url}")
    secret = token.split("_")[-1]
    assert token not in _everything_stored() and secret not in _everything_stored()
    assert token not in caplog.text and secret not in caplog.text


def test_a_refused_api_token_is_a_failed_login(world, caplog):
    caplog.set_level(logging.DEBUG)
    token = api_token_create(user=world.owner, name="prova")[1]
    wrong = token[:-4] + "abcd"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {wrong}")
    assert client.get("/api/v1/agreements/").status_code == 401
    [row] = _events(Action.LOGIN_FAILED)
    assert (row.object_type, row.username, row.object_repr) == ("api.apitoken", "", "GET /api/v1/agreements/")
    assert wrong not in _everything_stored() and wrong not in caplog.text
    # no token at all is not a failed login
    assert APIClient().get("/api/v1/agreements/").status_code == 401
    assert len(_events(Action.LOGIN_FAILED)) == 1


def test_a_login_with_a_password_and_a_token_leaves_neither_anywhere(owner, world, caplog):
    """The login form and the API both receive secrets: none reaches a row or a log line."""
    caplog.set_level(logging.DEBUG)
    token = api_token_create(user=owner, name="integrazione")[1]
    client = Client(REMOTE_ADDR="203.0.113.8", HTTP_AUTHORIZATION=f"Bearer {token}")
    client.post("/accesso/", {"username": owner.username, "password": PASSWORD, "token": token})
    client.post("/accesso/", {"username": owner.username, "password": token})  # a failure
    session_key = client.session.session_key
    client.get(f"/accordi/{world.agreement.pk}/")
    stored = _everything_stored()
    for secret in (PASSWORD, token, token.split("_")[-1], session_key, "Bearer"):
        assert secret not in stored and secret not in caplog.text, secret
    assert {e.action for e in AuditEntry.all_entries.all()} >= {Action.LOGIN, Action.LOGIN_FAILED}


def test_a_path_carrying_a_secret_is_recorded_as_its_route(rf, world):
    from django.urls import resolve

    from coprogetta.accounts.audit import record_refusal

    request = rf.get("/calendario/abcdef123456secret.ics", REMOTE_ADDR="192.0.2.1")
    request.resolver_match = resolve("/calendario/abcdef123456secret.ics")
    request.user = world.owner
    row = record_refusal(request, 403)
    assert row.object_repr == "GET /calendario/<str:token>.ics"
    assert "abcdef123456secret" not in _everything_stored()


def test_a_services_row_within_a_request_has_the_address_and_the_party(world):
    client = world.client_for(world.member)
    client.post(f"/accordi/{world.agreement.pk}/ambiti/nuovo/", {
        "number": 1, "title": "Prima infanzia", "target": "", "version": "",
    }, REMOTE_ADDR="203.0.113.77")
    row = AuditEntry.objects.get(object_type="agreements.area")
    assert (row.username, row.organization_name, row.client_address, row.agreement_id) == (
        world.member.username, "Consorzio Sul Serio", "203.0.113.77", world.agreement.pk)
