"""Sessions that end after ``COPROGETTA_SESSION_IDLE_MINUTES`` without a request.

A session lives ``SESSION_COOKIE_AGE`` (the idle time) from its last save. Saving it on every
request (``SESSION_SAVE_EVERY_REQUEST``) would write the database on every page; instead
``SessionStore`` remembers the expiry it loaded, and ``SessionRenewMiddleware`` saves the
session again only when more than ``RENEW_AFTER_SECONDS`` of it have passed. A session thus
ends between ``idle - 1 minute`` and ``idle`` minutes after the last request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends import db
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

RENEW_AFTER_SECONDS = 60


class SessionStore(db.SessionStore):
    """Django's database sessions, remembering when the loaded session would expire."""

    loaded_expiry: datetime | None = None

    def load(self) -> dict[str, Any]:
        session = self._get_session_from_db()
        self.loaded_expiry = session.expire_date if session else None
        return self.decode(session.session_data) if session else {}


class SessionRenewMiddleware:
    """Renew a session that has been used, at most once a minute (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expiry = getattr(session, "loaded_expiry", None)
        if session is not None and expiry is not None and session.session_key:
            renewed_until = timezone.now() + timedelta(
                seconds=settings.SESSION_COOKIE_AGE - RENEW_AFTER_SECONDS)
            if expiry < renewed_until:
                session.modified = True
        return response
