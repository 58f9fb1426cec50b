"""Login throttling: the 6th failure in 30 minutes, by username or by address, gets 429."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from coprogetta.accounts import throttle
from tests import factories as f
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def test_sixth_failure_for_a_username_gets_429_even_with_the_right_password():
    user = f.UserFactory()
    client = Client()
    for attempt in range(5):
        # Each failure from a different address: the username alone counts.
        assert _login(client, user.username, "wrong", f"10.0.0.{attempt}").status_code == 200
    response = _login(client, user.username, PASSWORD, "10.0.0.99")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 29 * 60
    assert "_auth_user_id" not in client.session
    # Italian by default, and a sentence that says what happened and what to do.
    assert "Troppi" in response.content.decode() or "Too many failed logins" in response.content.decode()
    assert response["Content-Language"] == "it"


def test_the_username_is_matched_whatever_its_case():
    user = f.UserFactory(username="funzionario")
    client = Client()
    for name in ["funzionario", "FUNZIONARIO", "Funzionario", "funzionario ", "funZionario"]:
        _login(client, name, "wrong", "10.1.1.1")
    assert _login(client, user.username, PASSWORD, "10.2.2.2").status_code == 429


def test_sixth_failure_from_an_address_gets_429_for_any_username():
    user = f.UserFactory()
    client = Client()
    for attempt in range(5):
        assert _login(client, f"nobody{attempt}", "wrong", "192.0.2.7").status_code == 200
    assert _login(client, user.username, PASSWORD, "192.0.2.7").status_code == 429
    # Another address may still log in with the right password.
    response = _login(Client(), user.username, PASSWORD, "192.0.2.8")
    assert response.status_code == 302


def test_five_failures_then_success_is_allowed_and_clears_the_username():
    user = f.UserFactory()
    client = Client()
    for attempt in range(4):
        _login(client, user.username, "wrong", f"10.3.0.{attempt}")
    assert _login(client, user.username, PASSWORD, "10.3.1.1").status_code == 302
    for attempt in range(4):
        assert _login(Client(), user.username, "wrong", f"10.4.0.{attempt}").status_code == 200
    assert _login(Client(), user.username, PASSWORD, "10.4.1.1").status_code == 302


def test_failures_older_than_the_window_do_not_count(monkeypatch):
    user = f.UserFactory()
    start = time.time()
    monkeypatch.setattr(throttle.time, "time", lambda: start)
    for attempt in range(5):
        _login(Client(), user.username, "wrong", f"10.5.0.{attempt}")
    assert _login(Client(), user.username, PASSWORD, "10.5.1.1").status_code == 429
    monkeypatch.setattr(throttle.time, "time", lambda: start + 29 * 60)
    assert _login(Client(), user.username, PASSWORD, "10.5.1.2").status_code == 429
    monkeypatch.setattr(throttle.time, "time", lambda: start + 30 * 60 + 1)
    assert _login(Client(), user.username, PASSWORD, "10.5.1.3").status_code == 302


def test_the_admin_login_is_throttled_too():
    client = Client()
    for _attempt in range(5):
        client.post(reverse("admin:login"), {"username": "root", "password": "x"}, REMOTE_ADDR="10.6.0.1")
    response = client.post(reverse("admin:login"), {"username": "root", "password": "x"},
                           REMOTE_ADDR="10.6.0.1")
    assert response.status_code == 429


def test_a_proxy_header_names_the_client(settings):
    settings.COPROGETTA_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    client = Client()
    for attempt in range(5):
        client.post(reverse("login"), {"username": f"u{attempt}", "password": "x"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    blocked = client.post(reverse("login"), {"username": "u9", "password": "x"},
                          REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    other = client.post(reverse("login"), {"username": "u9", "password": "x"},
                        REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.5")
    assert (blocked.status_code, other.status_code) == (429, 200)


def test_cache_keys_hold_no_username():
    keys = throttle._keys("mario.rossi", "10.0.0.1")
    assert all("mario" not in key and "10.0.0.1" not in key for key in keys)
