"""What happens once an agreement runs: hours worked, monthly enrolment counts, expenses.

Counts are aggregate only (how many children), never names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coprogetta.agreements.models import (
    Action,
    Agreement,
    BudgetLine,
    Contribution,
    StaffCost,
    amount_field,
)
from coprogetta.lib.textparse.numbers import format_number


class TimeEntry(models.Model):
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


class EnrolmentCount(models.Model):
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


class Expense(models.Model):
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
