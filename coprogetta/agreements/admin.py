from django.contrib import admin

from . import models as m


class PartyInline(admin.TabularInline):
    model = m.Party
    extra = 0


class AreaInline(admin.TabularInline):
    model = m.Area
    extra = 0


@admin.register(m.Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "start_date", "end_date"]
    list_filter = ["kind", "status", "financial_regime"]
    search_fields = ["title"]
    inlines = [PartyInline, AreaInline]


class ActionInline(admin.TabularInline):
    model = m.Action
    extra = 0


@admin.register(m.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["agreement", "number", "title"]
    inlines = [ActionInline]


class FeeTierInline(admin.TabularInline):
    model = m.FeeTier
    extra = 0


@admin.register(m.BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["agreement", "area", "description", "unit_amount", "quantity", "unit", "vat_rate"]
    inlines = [FeeTierInline]


admin.site.register(m.Contribution)
admin.site.register(m.PaymentTranche)
admin.site.register(m.StaffCost)


@admin.register(m.NegotiationVersion)
class NegotiationVersionAdmin(admin.ModelAdmin):
    """Frozen negotiated texts: listed for inspection, never written here (their hash would break)."""

    list_display = ["agreement", "number", "label", "status", "frozen_at", "approved_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(m.AgreementRole)
class AgreementRoleAdmin(admin.ModelAdmin):
    """Roles narrowed per agreement. A row never widens a role: ``access_for`` takes the narrower
    of it and the organisation's, whatever is stored here. The People page is the usual place
    (it records the change in the audit trail)."""

    list_display = ["agreement", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["agreement__title", "user__username", "user__last_name"]
    raw_id_fields = ["agreement", "user"]


@admin.register(m.Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    """What operators are assigned (an area or an action each); see the People page."""

    list_display = ["agreement", "user", "area", "action", "created_at"]
    search_fields = ["agreement__title", "user__username", "user__last_name"]
    raw_id_fields = ["agreement", "user", "area", "action"]
