"""What happens once an agreement runs: hours worked, monthly enrolment counts, expenses,
indicators and the progress of actions.

Counts and indicator values are aggregate only (how many children), never names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coprogetta.agreements.models import (
    Action,
    Agreement,
    AgreementPart,
    Area,
    BudgetLine,
    Contribution,
    StaffCost,
    Versioned,
    amount_field,
)
from coprogetta.lib.textparse.numbers import format_number


class TimeEntry(Versioned):
    """Hours someone worked on a day, on a staff-cost line or on an action (exactly one)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="time_entries")
    # A staff-cost line or an action with hours cannot be deleted (its page says why): logged
    # hours are never lost by the way. They go only when the whole agreement goes.
    staff_cost = models.ForeignKey(
        StaffCost, verbose_name=_("staff cost"), on_delete=models.RESTRICT, null=True, blank=True,
        related_name="time_entries",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.RESTRICT, null=True, blank=True,
        related_name="time_entries",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), on_delete=models.SET_NULL, null=True,
        related_name="+",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="timeentry_hours_range",
            ),
            models.CheckConstraint(
                condition=(Q(staff_cost__isnull=False, action__isnull=True)
                           | Q(staff_cost__isnull=True, action__isnull=False)),
                name="timeentry_line_or_action",
            ),
        ]
        indexes = [models.Index(fields=["agreement", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {format_number(self.hours, 2)} h"


class EnrolmentCount(Versioned):
    """How many were enrolled in a monthly service in a month (the first day stands for it)."""

    # The line's delete service refuses while counts exist; CASCADE lets the agreement go whole.
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.CASCADE,
        related_name="enrolment_counts",
    )
    month = models.DateField(_("month"))
    count = models.PositiveIntegerField(_("enrolled"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("enrolment count")
        verbose_name_plural = _("enrolment counts")
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(fields=["budget_line", "month"], name="enrolment_unique_month"),
            models.CheckConstraint(condition=Q(count__gte=0), name="enrolment_count_gte_0"),
            models.CheckConstraint(condition=Q(month__day=1), name="enrolment_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y}: {self.count}"


class Expense(Versioned):
    """Money spent on a contribution or on a budget line (exactly one), with an optional receipt."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="expenses")
    # A line with expenses cannot be deleted (its delete service says why); they go only
    # when the whole agreement goes.
    contribution = models.ForeignKey(
        Contribution, verbose_name=_("contribution"), on_delete=models.RESTRICT, null=True,
        blank=True, related_name="expenses",
    )
    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.RESTRICT, null=True, blank=True,
        related_name="expenses",
    )
    date = models.DateField(_("date"))
    amount = amount_field(_("amount"))
    description = models.CharField(_("description"), max_length=500)
    over_budget_reason = models.TextField(_("reason for exceeding the plan"), blank=True)
    document = models.FileField(_("document"), upload_to="expenses/%Y/", max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expense_amount_gt_0"),
            models.CheckConstraint(
                condition=(Q(contribution__isnull=False, budget_line__isnull=True)
                           | Q(contribution__isnull=True, budget_line__isnull=False)),
                name="expense_contribution_or_line",
            ),
        ]
        indexes = [models.Index(fields=["agreement", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · € {format_number(self.amount, 2)}"

    @property
    def line(self) -> Contribution | BudgetLine | None:
        return self.contribution or self.budget_line


# -- indicators ----------------------------------------------------------------------------

INDICATOR_DIGITS = {"max_digits": 14, "decimal_places": 2}


class Indicator(AgreementPart, Versioned):
    """An agreed measure of results: what is counted, in which unit, from which baseline."""

    class Unit(models.TextChoices):
        COUNT = "count", _("number (whole)")
        DECIMAL = "decimal", _("number (with decimals)")
        PERCENT = "percent", _("percentage")
        HOURS = "hours", _("hours")
        EUR = "eur", _("euro")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="indicators")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="indicators",
    )
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True, help_text=_(
        "What is counted and how, so that every period is measured the same way."
    ))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    baseline = models.DecimalField(_("baseline"), **INDICATOR_DIGITS, null=True, blank=True)
    higher_is_better = models.BooleanField(_("higher values are better"), default=True)
    source = models.CharField(_("data source"), max_length=300, blank=True)

    class Meta(AgreementPart.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(Versioned):
    """The value an indicator should reach by the end of a monitoring period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    period_end = models.DateField(_("period ending on"))
    target = models.DecimalField(_("target"), **INDICATOR_DIGITS)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"], name="indicatortarget_unique_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_end:%d/%m/%Y}: {format_number(self.target, 2)}"


class IndicatorValue(Versioned):
    """The value reported for an indicator at the end of a monitoring period."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_end = models.DateField(_("period ending on"))
    value = models.DecimalField(_("value"), **INDICATOR_DIGITS)
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"], name="indicatorvalue_unique_period"
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(approved_at__isnull=False),
                name="indicatorvalue_approved_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_end:%d/%m/%Y}: {format_number(self.value, 2)}"


# -- progress of actions -------------------------------------------------------------------


class ActionProgress(Versioned):
    """A dated checkpoint of an action: its status, how far it has got, and a note.

    The latest checkpoint (by date) is copied onto the action (``Action.status`` and
    ``Action.progress``) by the progress services.
    """

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="checkpoints"
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Action.Status.choices)
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL,
        null=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress checkpoint")
        verbose_name_plural = _("progress checkpoints")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="actionprogress_percent_lte_100"),
        ]
        indexes = [models.Index(fields=["action", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} · {self.percent} %"
