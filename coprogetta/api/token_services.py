"""Writes and reads of API tokens: create (the secret returned once), revoke, authenticate."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import audit_record

from .models import ApiToken

#: A token reads "cpg_<prefix>_<secret>": the prefix finds the row, the secret is checked by hash.
TOKEN_START = "cpg_"
#: ``last_used_at`` is written at most this often, so reads do not all turn into writes.
TOUCH_EVERY = timedelta(minutes=5)
MAX_ACTIVE_TOKENS = 20


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_tokens_of(user: AnyUser) -> QuerySet[ApiToken]:
    """The user's own tokens, newest first."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def api_token_create(*, user: AnyUser, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with the full secret, which is never stored."""
    if not user.is_authenticated:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name that says what it is for.")})
    if api_tokens_of(user).filter(revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError({"name": _("You have too many active tokens: revoke one first.")})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=prefix, secret_hash=hash_secret(secret)
    )
    audit_record(user=user, action="create", obj=token, after={"name": token.name, "prefix": prefix})
    return token, f"{TOKEN_START}{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, user: AnyUser, token: ApiToken) -> ApiToken:
    """Revoke one of the user's tokens (at once; a revoked token stays listed)."""
    if not user.is_authenticated or token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            user=user, action="revoke", obj=token, before={"revoked_at": None},
            after={"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def api_token_check(raw: str) -> ApiToken | None:
    """The active token ``raw`` stands for, with its user, or None; records when it was used."""
    if not raw.startswith(TOKEN_START):
        return None
    prefix, sep, secret = raw[len(TOKEN_START):].partition("_")
    if not sep or not prefix or not secret:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True).first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
