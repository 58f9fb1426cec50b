"""Organisations, the people who belong to them, and the audit trail of changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class AuditEntry(models.Model):
    """One change: who, for which organisation, on which object, old → new values."""

    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    agreement_id = models.BigIntegerField(null=True, db_index=True)
    changes = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_id}"
