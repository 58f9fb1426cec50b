"""Login throttling: too many failed logins for a username or from an address get 429.

``LoginThrottleMiddleware`` watches the login forms (``login`` and the admin's). A POST whose
answer is the form again (200) is a failure; it is counted, in the cache, against the username
and against the client's address, with its time. Once either has ``COPROGETTA_LOGIN_FAILURES``
failures within ``COPROGETTA_LOGIN_WINDOW_MINUTES``, the next POST is not even checked: it gets
a 429 page with ``Retry-After``. A successful login clears the username's failures (not the
address's, so that logging into one's own account does not reset an attack from it).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger(__name__)

KEY_PREFIX = "coprogetta:login-failures:"


def _window() -> int:
    return int(settings.COPROGETTA_LOGIN_WINDOW_MINUTES) * 60


def client_address(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or the proxy's header named by the setting."""
    header = getattr(settings, "COPROGETTA_CLIENT_IP_HEADER", "REMOTE_ADDR") or "REMOTE_ADDR"
    value = request.META.get(header) or request.META.get("REMOTE_ADDR") or "unknown"
    return str(value).split(",")[0].strip()


def _keys(username: str, address: str) -> list[str]:
    """Cache keys for the username (normalised, hashed: no raw input in keys) and the address."""
    keys = [KEY_PREFIX + "ip:" + hashlib.sha256(address.encode()).hexdigest()]
    if username:
        digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()
        keys.append(KEY_PREFIX + "user:" + digest)
    return keys


def _recent(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < _window()]


def retry_after(username: str, address: str, *, now: float | None = None) -> int:
    """Seconds until a login may be tried again; 0 if it may be tried now."""
    now = time.time() if now is None else now
    limit = int(settings.COPROGETTA_LOGIN_FAILURES)
    wait = 0
    for key in _keys(username, address):
        failures = _recent(key, now)
        if len(failures) >= limit:
            # Blocked until enough of the failures have left the window.
            wait = max(wait, int(failures[-limit] + _window() - now) + 1)
    return wait


def login_failed(username: str, address: str, *, now: float | None = None) -> None:
    """Count a failed login against the username and the address."""
    now = time.time() if now is None else now
    for key in _keys(username, address):
        cache.set(key, [*_recent(key, now), now], timeout=_window())


def login_succeeded(username: str) -> None:
    """Forget the username's failures."""
    cache.delete_many(_keys(username, "")[1:])


class LoginThrottleMiddleware:
    """Answer 429 to a login POST after too many recent failures (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._paths: set[str] | None = None

    def login_paths(self) -> set[str]:
        if self._paths is None:
            self._paths = {reverse("login"), reverse("admin:login")}
        return self._paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path not in self.login_paths():
            return self.get_response(request)
        username = str(request.POST.get("username", ""))[:150]
        address = client_address(request)
        wait = retry_after(username, address)
        if wait:
            logger.warning("Login refused (throttled) from %s", address)
            response = render(request, "registration/throttled.html", {
                "minutes": max(1, (wait + 59) // 60),
                "window": settings.COPROGETTA_LOGIN_WINDOW_MINUTES,
            }, status=429)
            response["Retry-After"] = str(wait)
            return response
        response = self.get_response(request)
        if response.status_code == 200:
            login_failed(username, address)
        elif response.status_code in (301, 302, 303):
            login_succeeded(username)
        return response
