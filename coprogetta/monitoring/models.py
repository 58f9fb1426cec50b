"""What happens once an agreement runs: hours worked and monthly enrolment counts.

Counts are aggregate only (how many children), never names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coprogetta.agreements.models import Action, Agreement, BudgetLine, StaffCost
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
