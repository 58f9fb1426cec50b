"""Admin of calendar feeds (revocable, never readable: only the hash is stored) and reminders."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import models as m
from .deadline_services import calendar_tokens_revoke


@admin.register(m.CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "agreement", "language", "created_at", "revoked_at"]
    list_filter = ["language", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "agreement__title"]
    list_select_related = ["user", "agreement"]
    fields = ["user", "agreement", "language", "created_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is created by its user, who alone sees it once

    @admin.action(description=_("Revoke the selected calendar feeds"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[m.CalendarToken]) -> None:
        count = calendar_tokens_revoke(
            user=request.user, tokens=queryset.filter(revoked_at__isnull=True).select_for_update()
        )
        self.message_user(request, _("Calendar feeds revoked: %(count)d.") % {"count": count})


@admin.register(m.ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["deadline_key", "deadline_date", "user", "agreement", "sent_on"]
    list_filter = ["sent_on"]
    search_fields = ["deadline_key", "user__username"]
    list_select_related = ["user", "agreement"]
    date_hierarchy = "sent_on"
