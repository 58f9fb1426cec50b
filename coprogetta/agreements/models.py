"""Agreements and what they are made of: parties, areas, actions and money.

Net, VAT and gross are never stored: they are computed by ``coprogetta.lib.money`` from
the stored unit amount, quantity and rate, so nothing can disagree with the engine.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coprogetta.accounts.models import Membership, Organization
from coprogetta.lib import money

#: The roles a person may hold on one agreement (the organisation's roles).
ROLE_CHOICES = Membership.Role.choices

AMOUNT_DIGITS = {"max_digits": 13, "decimal_places": 2}


def amount_field(verbose_name: str, **kwargs: object) -> models.DecimalField:
    """The project-wide money column: 13 digits, 2 decimals."""
    return models.DecimalField(verbose_name, **AMOUNT_DIGITS, **kwargs)  # type: ignore[arg-type]


class VatRate(models.TextChoices):
    """The VAT rates an agreement line may carry, stored as percent strings."""

    ZERO = "0", _("0 %")
    FOUR = "4", _("4 %")
    FIVE = "5", _("5 %")
    TEN = "10", _("10 %")
    TWENTY_TWO = "22", _("22 %")
    OUT_OF_SCOPE = money.OUT_OF_SCOPE, _("Outside the scope of VAT")


class Versioned(models.Model):
    """A record that two people may edit at once: its version grows by one at every change.

    ``accounts.services.model_update`` compares the version a form started from with the
    stored one, so the second of two concurrent edits is told instead of silently winning.
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Agreement(Versioned):
    """A convention or co-design agreement between a public body and Third-Sector parties."""

    class Kind(models.TextChoices):
        CONVENTION = "convention", _("Convention")
        COLLABORATION = "collaboration", _("Collaboration agreement")
        CODESIGN = "codesign", _("Co-design agreement (art. 55 Third Sector Code)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        NEGOTIATED = "negotiated", _("Negotiated")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    class Regime(models.TextChoices):
        FEE = "fee", _("Fee (corrispettivo) with VAT")
        CONTRIBUTION = "contribution", _("Contribution outside VAT against reported costs")

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    tender_base_amount = amount_field(_("tender base amount"), null=True, blank=True)
    financial_regime = models.CharField(
        _("financial regime"), max_length=20, choices=Regime.choices, default=Regime.FEE
    )
    monitoring_frequency = models.CharField(_("monitoring frequency"), max_length=100, blank=True)
    monitoring_checkpoints = models.JSONField(_("monitoring checkpoints"), default=list, blank=True)
    monitoring_every_months = models.PositiveSmallIntegerField(
        _("monitoring every"), choices=[(6, _("six months")), (4, _("four months")), (3, _("three months"))],
        default=6, help_text=_("Checkpoints fall at the end of each period, counted from 1 January."),
    )
    programme_every_months = models.PositiveSmallIntegerField(
        _("activity programme at least every"), null=True, blank=True,
        choices=[(4, _("four months")), (3, _("three months")), (6, _("six months"))],
        help_text=_("Leave empty if the agreement asks for no periodic activity programme."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "title"]
        # the list's order, for those who see many agreements (administrators at national scale)
        indexes = [models.Index(fields=["-start_date", "title"], name="agreement_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="agreement_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(tender_base_amount__isnull=True) | Q(tender_base_amount__gte=0),
                name="agreement_tender_base_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Party(Versioned):
    """An organisation's place in an agreement."""

    class Role(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        THIRD_SECTOR = "third_sector", _("Third-Sector party")
        PARTNER = "partner", _("Partner")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="parties",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organization"], name="party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class Area(Versioned):
    """An area of work ("ambito") of an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    target = models.CharField(_("target population"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="area_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="area_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Action(Versioned):
    """A continuing service (consolidation) or a new action (development and innovation)."""

    class Kind(models.TextChoices):
        CONSOLIDATION = "consolidation", _("Consolidation")
        DEVELOPMENT = "development", _("Development and innovation")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    #: No more hours may be logged on an action in one of these states.
    CLOSED_STATUSES = frozenset({Status.DONE, Status.CANCELLED})

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Organization, verbose_name=_("responsible organisation"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    schedule_text = models.CharField(_("schedule (as written)"), max_length=300, blank=True)
    #: The normalised schedule (``coprogetta.lib.schedules.Schedule.to_dict()``), or None.
    schedule = models.JSONField(_("normalised schedule"), null=True, blank=True)
    #: True when a person corrected the schedule: the text is then not parsed again.
    schedule_manual = models.BooleanField(_("schedule corrected by hand"), default=False)
    #: The status and percentage of the latest progress checkpoint (``monitoring.ActionProgress``),
    #: kept here by the progress services so that lists need no extra query.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kind", "number"], name="action_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="action_number_positive"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_lte_100"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class AgreementPart(models.Model):
    """Something of an agreement's money, kept in the order the agreement lists it."""

    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class BudgetLine(AgreementPart, Versioned):
    """What the public body pays: unit amount × quantity, with VAT."""

    class Unit(models.TextChoices):
        MONTH = "month", _("month")
        WEEK = "week", _("week")
        DAY = "day", _("day")
        HOUR = "hour", _("hour")
        LUMP_SUM = "lump_sum", _("lump sum")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="budget_lines")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="budget_lines",
    )
    #: The service or action the line pays for, if any: it weighs the action's progress.
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="budget_lines",
    )
    description = models.CharField(_("description"), max_length=300)
    unit_amount = amount_field(_("unit amount"))
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2, default=1)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.LUMP_SUM)
    vat_rate = models.CharField(_("VAT rate"), max_length=12, choices=VatRate.choices)
    vat_included = models.BooleanField(_("unit amount includes VAT"), default=False)

    class Meta(AgreementPart.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(unit_amount__gte=0), name="budgetline_unit_gte_0"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="budgetline_quantity_gt_0"),
            models.CheckConstraint(
                condition=Q(vat_rate__in=[c.value for c in VatRate]),
                name="budgetline_vat_rate_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def amounts(self) -> money.LineAmounts:
        return money.line_amounts(
            self.unit_amount, self.quantity, self.vat_rate, vat_included=self.vat_included
        )


class FeeTier(Versioned):
    """An alternative unit amount when a count falls in a range, or "renegotiate" below it."""

    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE,
        related_name="fee_tiers",
    )
    min_count = models.PositiveIntegerField(_("from (count)"))
    max_count = models.PositiveIntegerField(_("to (count)"), null=True, blank=True)
    unit_amount = amount_field(_("unit amount"), null=True, blank=True)
    renegotiate = models.BooleanField(_("fee to be renegotiated"), default=False)

    class Meta:
        verbose_name = _("fee tier")
        verbose_name_plural = _("fee tiers")
        ordering = ["-min_count"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_count__isnull=True) | Q(max_count__gte=models.F("min_count")),
                name="feetier_range_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(unit_amount__isnull=True, renegotiate=True)
                           | Q(unit_amount__gte=0, renegotiate=False)),
                name="feetier_amount_or_renegotiate",
            ),
        ]

    def __str__(self) -> str:
        return money.describe_range(self.as_tier())

    def as_tier(self) -> money.Tier:
        return money.Tier(self.min_count, self.max_count, self.unit_amount, self.renegotiate)


class Contribution(AgreementPart, Versioned):
    """Co-financing by the Third-Sector party."""

    class Kind(models.TextChoices):
        ITEM = "item", _("Itemised resource")
        QUOTA = "quota", _("Quota of the tender base")
        COFINANCING = "cofinancing", _("Co-financing share of the project cost")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="contributions"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="contributions",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("funded action"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="contributions",
    )
    description = models.CharField(_("description"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ITEM)
    amount = amount_field(_("amount"))
    percent = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta(AgreementPart.Meta):
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_amount_gte_0"),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gt=0, percent__lte=100),
                name="contribution_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PaymentTranche(AgreementPart, Versioned):
    """A payment falling due: a fixed amount, a percentage, or the balance."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVOICED = "invoiced", _("Invoiced")
        PAID = "paid", _("Paid")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="tranches")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="tranches",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_text = models.CharField(_("due (as written)"), max_length=200, blank=True)
    amount = amount_field(_("amount"), null=True, blank=True)
    percent = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    is_balance = models.BooleanField(_("balance"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    paid_date = models.DateField(_("payment date"), null=True, blank=True)

    class Meta(AgreementPart.Meta):
        verbose_name = _("payment tranche")
        verbose_name_plural = _("payment tranches")
        constraints = [
            # Invoiced and paid tranches carry their invoice; a paid one its payment date.
            models.CheckConstraint(
                condition=(Q(status="planned")
                           | (~Q(invoice_number="") & Q(invoice_date__isnull=False))),
                name="tranche_invoice_details",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_date__isnull=False),
                name="tranche_paid_date",
            ),
            models.CheckConstraint(
                condition=(Q(paid_date__isnull=True) | Q(invoice_date__isnull=True)
                           | Q(paid_date__gte=models.F("invoice_date"))),
                name="tranche_paid_after_invoice",
            ),
            models.CheckConstraint(
                condition=(
                    Q(amount__isnull=False, amount__gte=0, percent__isnull=True, is_balance=False)
                    | Q(amount__isnull=True, percent__gt=0, percent__lte=100, is_balance=False)
                    | Q(amount__isnull=True, percent__isnull=True, is_balance=True)
                ),
                name="tranche_one_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.due_text or (self.due_date.strftime("%d/%m/%Y") if self.due_date else "—")

    def as_spec(self) -> money.TrancheSpec:
        return money.TrancheSpec(self.amount, self.percent, self.is_balance)


class StaffCost(AgreementPart, Versioned):
    """A role with a head count, an hourly rate and planned hours: cost = rate × hours."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="staff_costs")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="staff_costs",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="staff_costs",
    )
    role = models.CharField(_("role"), max_length=200)
    count = models.PositiveSmallIntegerField(_("head count"), default=1)
    hourly_rate = amount_field(_("hourly rate"))
    vat_included = models.BooleanField(_("rate includes VAT"), default=False)
    vat_rate = models.CharField(
        _("VAT rate"), max_length=12, choices=VatRate.choices, default=VatRate.OUT_OF_SCOPE
    )
    hours = models.DecimalField(_("planned hours"), max_digits=9, decimal_places=2)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(pgettext_lazy("end of a period", "to"), null=True, blank=True)

    class Meta(AgreementPart.Meta):
        verbose_name = _("staff cost")
        verbose_name_plural = _("staff costs")
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="staffcost_rate_gte_0"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="staffcost_hours_gt_0"),
            models.CheckConstraint(condition=Q(count__gte=1), name="staffcost_count_gte_1"),
            models.CheckConstraint(
                condition=(Q(period_start__isnull=True) | Q(period_end__isnull=True)
                           | Q(period_end__gte=models.F("period_start"))),
                name="staffcost_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.role

    @property
    def amounts(self) -> money.LineAmounts:
        return money.line_amounts(
            self.hourly_rate, self.hours, self.vat_rate, vat_included=self.vat_included
        )



class NegotiationVersion(models.Model):
    """A frozen snapshot of the negotiated text ("documento di negoziazione") of an agreement.

    ``document`` is the agreement's "coprogetta/agreement@1" document when it was frozen and
    ``sha256`` the hash of its canonical serialisation (``coprogetta.lib.negotiation_diff``),
    checked again whenever the version is shown. Rows are only written by
    ``agreements.version_services``; an approved version is never changed.
    """

    class Status(models.TextChoices):
        FROZEN = "frozen", _("Frozen")
        APPROVED = "approved", _("Approved")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, related_name="negotiation_versions"
    )
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=200)
    document = models.JSONField(_("document"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FROZEN
    )
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("frozen by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    frozen_at = models.DateTimeField(_("frozen at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("negotiation version")
        verbose_name_plural = _("negotiation versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="negotiationversion_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="negotiationversion_number_positive"
            ),
            models.CheckConstraint(
                condition=(Q(status="frozen", approved_at__isnull=True)
                           | Q(status="approved", approved_at__isnull=False)),
                name="negotiationversion_approved_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class AgreementRole(models.Model):
    """A user's role on one agreement, narrower than the one their organisation grants.

    A role is granted per organisation (``accounts.Membership``) and applies to every agreement
    the organisation is party to. Where it must be narrower on one agreement (an officer who
    only reads a colleague's agreement, a coordinator who is an operator here), this row says
    so. It never widens: the effective role is the narrower of the two
    (``agreements.access.access_for``).
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="user_roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="agreement_roles",
    )
    role = models.CharField(_("role on this agreement"), max_length=20, choices=ROLE_CHOICES)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role on an agreement")
        verbose_name_plural = _("roles on agreements")
        ordering = ["agreement", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "user"], name="agreement_role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.agreement}: {self.get_role_display()}"


class Assignment(models.Model):
    """What an operator works on: a whole area or one action (exactly one).

    Operators write time entries, enrolment counts and expenses only on the staff costs,
    actions, budget lines and contributions of what they are assigned.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="assignments",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="assignments",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="assignments",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["agreement", "user_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False, action__isnull=True)
                | Q(area__isnull=True, action__isnull=False),
                name="assignment_area_xor_action",
            ),
            models.UniqueConstraint(
                fields=["user", "area"], condition=Q(area__isnull=False),
                name="assignment_unique_area",
            ),
            models.UniqueConstraint(
                fields=["user", "action"], condition=Q(action__isnull=False),
                name="assignment_unique_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.area or self.action}"
