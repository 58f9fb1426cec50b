"""Planning data: calendar-feed tokens and the reminders already sent.

Deadlines themselves are not stored: ``coprogetta.lib.deadlines`` computes them from the
agreement every time, so they can never disagree with it.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coprogetta.agreements.models import Agreement


def token_digest(token: str) -> str:
    """The SHA-256 of a feed token, in hex: what the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarToken(models.Model):
    """The secret of a calendar feed: one agreement's deadlines, or (agreement empty) all of
    the user's. Only the token's hash is stored; the token is shown once, when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: The language of the events' titles: the one the user read the page in when creating it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agreement"],
                condition=Q(revoked_at__isnull=True, agreement__isnull=False),
                name="calendartoken_one_active_per_agreement",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True, agreement__isnull=True),
                name="calendartoken_one_active_personal",
            ),
        ]

    def __str__(self) -> str:
        scope = f"agreement {self.agreement_id}" if self.agreement_id else "personal"
        return f"Calendar feed ({scope}) of user {self.user_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ReminderSent(models.Model):
    """A deadline a user has been reminded of: the row that makes reminders idempotent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    deadline_key = models.CharField(_("deadline"), max_length=100)
    deadline_date = models.DateField(_("due on"))
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "deadline_key"], name="remindersent_once"),
        ]

    def __str__(self) -> str:
        return f"{self.deadline_key} → user {self.user_id} ({self.sent_on:%Y-%m-%d})"
