"""Writing audit rows, and the security events of requests: logins, failed logins, refusals.

``audit_write`` writes one row with its snapshots: the user (id and username), the organisation
through which the user acts (id and name: their membership of a party to the agreement with the
widest role, else their first membership) and, within a request, the client's address
(``throttle.client_address``: the proxy's header when one is configured).

``AuditMiddleware`` keeps the current request for the rows the services write, and records a
row for every refused request: 403 (``PermissionDenied``, a failed CSRF check) and 429 (login
throttling), unless the API's exception handler recorded it already (it calls
``record_refusal``). The signal receivers record every login and every failed login, with the
attempted username only.

Nothing here reads a password, a token, a session key or an ``Authorization`` header; a path
whose URL carries a secret (a calendar feed's token) is recorded as its route, not as typed.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Exists, OuterRef, Value
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .models import AuditEntry, Membership, Organization
from .throttle import client_address

logger = logging.getLogger(__name__)

_request: ContextVar[HttpRequest | None] = ContextVar("coprogetta_audit_request", default=None)

#: Set on a request whose refusal has been recorded (by the API's exception handler).
RECORDED = "_coprogetta_refusal_recorded"
#: URL parameters whose value is a secret: such a path is recorded as its route.
SECRET_PARAMETER = re.compile(r"token|key|secret|password", re.IGNORECASE)
#: How wide a role is, to choose the organisation through which a person acts.
ROLE_RANK = {"reader": 0, "operator": 1, "coordinator": 2, "officer": 2, "admin": 3}

Actor = AbstractBaseUser | AnonymousUser | None


def current_request() -> HttpRequest | None:
    """The request being answered (set by ``AuditMiddleware``), if any."""
    return _request.get()


def address_of(request: HttpRequest | None) -> str | None:
    """The client's IP address, or ``None`` outside a request or if it is not an address."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def acting_organization(user: AbstractBaseUser, agreement_id: int | None) -> tuple[int | None, str]:
    """(id, name) of the organisation through which ``user`` acts on the agreement: their
    membership of a party with the widest role, else their first membership; (None, "")."""
    on_agreement = Value(False) if agreement_id is None else Exists(Organization.objects.filter(
        pk=OuterRef("organization_id"), parties__agreement_id=agreement_id,
    ))
    rows = list(
        Membership.objects.filter(user=user).order_by("pk").annotate(on_agreement=on_agreement)
        .values_list("organization_id", "organization__name", "role", "on_agreement")
    )
    party = [row for row in rows if row[3]]
    if party:
        best = max(party, key=lambda row: ROLE_RANK.get(row[2], 0))
        return best[0], best[1]
    return (rows[0][0], rows[0][1]) if rows else (None, "")


def audit_write(
    *,
    user: Actor,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    agreement_id: int | None = None,
    changes: dict[str, Any] | None = None,
    username: str = "",
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one audit row with who, which organisation, when and from where (see the module)."""
    request = request if request is not None else current_request()
    known = user if user is not None and user.is_authenticated else None
    organization_id, organization_name = (
        acting_organization(known, agreement_id) if known is not None else (None, "")
    )
    return AuditEntry.objects.create(
        user_id=known.pk if known is not None else None,
        username=(known.get_username() if known is not None else username)[:150],
        organization_id=organization_id,
        organization_name=organization_name[:200],
        client_address=address_of(request),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:200],
        agreement_id=agreement_id,
        changes=changes or {},
    )


# -- security events ---------------------------------------------------------------------------


def _recorded_path(request: HttpRequest) -> str:
    """The request's path (never its query string); its route if the URL carries a secret."""
    match = getattr(request, "resolver_match", None)
    if match is not None and any(SECRET_PARAMETER.search(name) for name in match.kwargs):
        return "/" + str(match.route)
    return request.path


def _login_paths() -> set[str]:
    return {reverse("login"), reverse("admin:login")}


def record_refusal(request: HttpRequest, status: int, *, user: Actor = None) -> AuditEntry:
    """A row for a refused request: 403 (not allowed) or 429 (too many attempts)."""
    setattr(request, RECORDED, True)
    user = user if user is not None else getattr(request, "user", None)
    username = ""
    if status == 429 and request.method == "POST" and request.path in _login_paths():
        username = str(request.POST.get("username", ""))  # who was being tried, not the password
    action = AuditEntry.Action.THROTTLED if status == 429 else AuditEntry.Action.DENIED
    return audit_write(
        user=user, action=action, object_type="", object_id="", username=username,
        object_repr=f"{request.method} {_recorded_path(request)}", request=request,
    )


def record_failed_token(request: HttpRequest) -> AuditEntry:
    """A row for an API request whose token was refused (the token itself is not kept)."""
    return audit_write(
        user=None, action=AuditEntry.Action.LOGIN_FAILED, object_type="api.apitoken",
        object_id="", object_repr=f"{request.method} {_recorded_path(request)}", request=request,
    )


@receiver(user_logged_in, dispatch_uid="coprogetta_audit_login")
def _logged_in(sender: Any, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: Any) -> None:
    audit_write(
        user=user, action=AuditEntry.Action.LOGIN, object_type=user._meta.label_lower,
        object_id=str(user.pk), object_repr=user.get_username(), request=request,
    )


@receiver(user_login_failed, dispatch_uid="coprogetta_audit_login_failed")
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any,
) -> None:
    field = get_user_model().USERNAME_FIELD
    username = str(credentials.get(field) or credentials.get("username") or "")
    audit_write(
        user=None, action=AuditEntry.Action.LOGIN_FAILED,
        object_type=get_user_model()._meta.label_lower, object_id="", object_repr=username,
        username=username, request=request,
    )


class AuditMiddleware:
    """Keep the current request for the audit rows, and record its refusal (403, 429)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if response.status_code in (403, 429) and not getattr(request, RECORDED, False):
            record_refusal(request, response.status_code)
        return response
