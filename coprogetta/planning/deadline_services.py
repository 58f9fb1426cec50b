"""Writes of deadlines: calendar-feed tokens (created, revoked) and reminders (sent once).

A token is never written anywhere but in the answer to the request that created it: the
database keeps its SHA-256, the audit row neither.
"""

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import CONFLICT_MESSAGE, audit_record
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreements_visible_to

from .deadline_selectors import (
    DeadlineRow,
    deadline_agreements,
    rows_of,
    user_language,
    with_deadline_data,
)
from .models import CalendarToken, ReminderSent, token_digest

logger = logging.getLogger(__name__)

#: Reminders cover the deadlines of today and the following days up to this many.
REMINDER_DAYS = 7


# -- calendar feeds --------------------------------------------------------------------------


def _scope(agreement_id: int | None) -> dict[str, object]:
    return {"agreement": agreement_id, "scope": "agreement" if agreement_id else "personal"}


def _check_access(user: AnyUser, agreement: Agreement | None) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    if agreement is not None and not agreements_visible_to(user).filter(pk=agreement.pk).exists():
        raise PermissionDenied


def _revoke(tokens: Iterable[CalendarToken], *, user: AnyUser) -> int:
    now = timezone.now()
    count = 0
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit_record(
            user=user, action="revoke", obj=token, agreement_id=token.agreement_id,
            before={"revoked_at": None}, after={**_scope(token.agreement_id), "revoked_at": now.isoformat()},
        )
        count += 1
    return count


def _revoke_active(user: AnyUser, agreement: Agreement | None) -> int:
    return _revoke(
        CalendarToken.objects.select_for_update()
        .filter(user_id=user.pk, agreement=agreement, revoked_at__isnull=True),
        user=user,
    )


@transaction.atomic
def calendar_token_create(
    *, user: AnyUser, agreement: Agreement | None, language: str
) -> tuple[CalendarToken, str]:
    """A new feed of ``agreement`` (None: all the user's agreements) and its secret.

    The user's previous feed of the same scope stops working. ``language`` is the language of
    the events' titles.
    """
    _check_access(user, agreement)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    _revoke_active(user, agreement)
    secret = secrets.token_urlsafe(32)
    token = CalendarToken(
        user_id=user.pk, agreement=agreement, token_hash=token_digest(secret), language=language
    )
    try:
        with transaction.atomic():
            token.save()
    except IntegrityError:
        logger.warning("Calendar feed of user %s: created twice at once", user.pk)
        raise ValidationError(CONFLICT_MESSAGE) from None
    audit_record(
        user=user, action="create", obj=token, agreement_id=token.agreement_id,
        after={**_scope(token.agreement_id), "language": language},
    )
    return token, secret


@transaction.atomic
def calendar_token_revoke(*, user: AnyUser, agreement: Agreement | None) -> int:
    """Stop the user's feed of ``agreement`` (None: the personal one); how many were revoked."""
    _check_access(user, agreement)
    return _revoke_active(user, agreement)


@transaction.atomic
def calendar_tokens_revoke(*, user: AnyUser, tokens: Iterable[CalendarToken]) -> int:
    """Stop the given feeds, whoever's they are: for the administration site."""
    if not user.is_authenticated or not user.is_staff:
        raise PermissionDenied
    return _revoke(tokens, user=user)


# -- reminders -------------------------------------------------------------------------------


@dataclass
class ReminderReport:
    """What a run did (or, dry, would do): per user, the deadlines in the message."""

    dry_run: bool
    sent: list[tuple[str, list[DeadlineRow]]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def deadline_count(self) -> int:
        return sum(len(rows) for _, rows in self.sent)


def reminder_message(
    user: AnyUser, rows: list[DeadlineRow], *, base_url: str = ""
) -> EmailMultiAlternatives:
    """The e-mail (plain text and HTML) listing ``rows``, in the user's language."""
    with translation.override(user_language(user)):
        context = {"user": user, "rows": rows, "base_url": base_url, "days": REMINDER_DAYS}
        subject = ngettext(
            "Coprogetta: %(count)d deadline in the coming week",
            "Coprogetta: %(count)d deadlines in the coming week",
            len(rows),
        ) % {"count": len(rows)}
        text = render_to_string("planning/email/reminder.txt", context)
        html = render_to_string("planning/email/reminder.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    return message


def _claim_and_send(
    user: AnyUser, rows: list[DeadlineRow], *, today: date, base_url: str
) -> list[DeadlineRow]:
    """Record each deadline as reminded, then send; a failed send records nothing.

    The row is written before the message leaves, in one transaction: a concurrent run waits
    on the unique (user, deadline) pair and then skips what this one claimed.
    """
    with transaction.atomic():
        claimed = []
        for row in rows:
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        user_id=user.pk, deadline_key=row.deadline.key,
                        deadline_date=row.deadline.date, agreement_id=row.agreement.pk, sent_on=today,
                    )
            except IntegrityError:
                continue
            claimed.append(row)
        if claimed:
            reminder_message(user, claimed, base_url=base_url).send(fail_silently=False)
    return claimed


def reminders_send(
    *, today: date, dry_run: bool = False, days: int = REMINDER_DAYS, base_url: str = ""
) -> ReminderReport:
    """E-mail each active user with an address the deadlines not yet reminded of, due from
    ``today`` to ``days`` later, of the agreements they may see (closed ones left out)."""
    report = ReminderReport(dry_run=dry_run)
    end = today + timedelta(days=days)
    by_agreement: dict[int, list[DeadlineRow]] = {}
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    for user in users:
        visible = list(deadline_agreements(user).values_list("pk", flat=True))
        missing = [pk for pk in visible if pk not in by_agreement]
        if missing:
            by_agreement.update({pk: [] for pk in missing})
            for row in rows_of(with_deadline_data(Agreement.objects.filter(pk__in=missing))):
                by_agreement[row.agreement.pk].append(row)
        due = [
            row for pk in visible for row in by_agreement[pk]
            if not row.deadline.done and today <= row.deadline.date <= end
        ]
        if not due:
            continue
        already = set(
            ReminderSent.objects.filter(user=user, deadline_key__in=[r.deadline.key for r in due])
            .values_list("deadline_key", flat=True)
        )
        due = sorted(
            (r for r in due if r.deadline.key not in already),
            key=lambda r: (r.deadline.date, r.agreement.title, r.deadline.key),
        )
        if not due:
            continue
        if dry_run:
            report.sent.append((user.email, due))
            continue
        try:
            claimed = _claim_and_send(user, due, today=today, base_url=base_url)
        except OSError:  # smtplib's errors are OSErrors
            logger.exception("Reminder to user %s not sent; it will be tried again", user.pk)
            report.failed.append(user.email)
            continue
        if claimed:
            report.sent.append((user.email, claimed))
    return report
