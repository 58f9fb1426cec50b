"""Organisations, the people who belong to them, and the audit trail of changes."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Organization(models.Model):
    """A public body, a Third-Sector entity (consortium, cooperative, association) or other."""

    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        CONSORTIUM = "consortium", _("Consortium")
        COOPERATIVE = "cooperative", _("Social cooperative")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    tax_code = models.CharField(
        _("tax code or VAT number"),
        max_length=16,
        blank=True,
        help_text=_("Codice fiscale (16 characters or 11 digits) or partita IVA."),
    )
    consortium = models.ForeignKey(
        "self",
        verbose_name=_("member of consortium"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "consortium"},
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~models.Q(tax_code=""),
                name="organization_unique_tax_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in an organisation."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        OFFICER = "officer", _("Public-body officer")
        COORDINATOR = "coordinator", _("Third-Sector coordinator")
        OPERATOR = "operator", _("Operator")
        READER = "reader", _("Reader")

    #: Roles that may change agreements and their contents.
    EDITOR_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.COORDINATOR})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_role_display()})"


APPEND_ONLY_MESSAGE = (
    "Audit entries are append-only: a recorded entry can be neither changed nor deleted."
)


class AuditEntryImmutable(Exception):
    """An attempt to change or delete a recorded audit entry."""

    def __init__(self, message: str = APPEND_ONLY_MESSAGE) -> None:
        super().__init__(message)


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    """Audit rows are written once: updates and deletes through the ORM raise."""

    def update(self, **kwargs: Any) -> int:
        raise AuditEntryImmutable

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEntryImmutable

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AuditEntryImmutable


class ChangeManager(models.Manager["AuditEntry"]):
    """The rows of changes to records, without the security events."""

    def get_queryset(self) -> AuditQuerySet:
        return AuditQuerySet(self.model, using=self._db).exclude(
            action__in=AuditEntry.SECURITY_ACTIONS
        )


class AuditEntry(models.Model):
    """One change, login or refusal: who, for which organisation, on which object, old → new
    values, when (UTC) and from which address.

    ``AuditEntry.objects`` reads the changes only; ``AuditEntry.all_entries`` every row,
    logins, failed logins and refusals (``SECURITY_ACTIONS``) included.

    Append-only: ``save()`` of a stored row, ``delete()`` and the queryset's ``update()``,
    ``delete()`` and ``bulk_update()`` raise ``AuditEntryImmutable``, and a database trigger
    (migration 0002) refuses an UPDATE or DELETE of a row. The user and the organisation are
    kept as snapshots (username, name) beside ids that are not foreign-key constraints, so that
    deleting a user or an organisation never touches the rows that name them.
    """

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("history action", "created")
        UPDATE = "update", pgettext_lazy("history action", "changed")
        DELETE = "delete", pgettext_lazy("history action", "deleted")
        IMPORT = "import", pgettext_lazy("history action", "imported")
        REVOKE = "revoke", pgettext_lazy("history action", "revoked")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        DENIED = "denied", _("refused (not allowed)")
        THROTTLED = "throttled", _("refused (too many attempts)")

    #: Security events: logins, failed logins and refused requests.
    SECURITY_ACTIONS = frozenset({
        Action.LOGIN, Action.LOGIN_FAILED, Action.DENIED, Action.THROTTLED,
    })

    created_at = models.DateTimeField(_("time (UTC)"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.DO_NOTHING,
        db_constraint=False, null=True, blank=True, related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.DO_NOTHING,
        db_constraint=False, null=True, blank=True, related_name="+",
    )
    organization_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("kind of object"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    agreement_id = models.BigIntegerField(_("agreement id"), null=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict)

    #: Every row: changes and security events (the default manager: admin, backups).
    all_entries = AuditQuerySet.as_manager()
    #: The changes to records (create, update, delete, import...): what the "Storico" pages
    #: show; the security events are read through ``all_entries``.
    objects = ChangeManager()

    ORGANIZATION_KIND = "accounts.organization"

    class Meta:
        default_manager_name = "all_entries"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["action", "-id"], name="audit_action"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert a new row; a stored row is never saved again."""
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AuditEntryImmutable
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEntryImmutable

    @property
    def action_label(self) -> str:
        """What happened, as people say it (the stored word if it has no label)."""
        return str(dict(self.Action.choices).get(self.action, self.action))
