from django.contrib import admin

from .models import AuditEntry, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "tax_code", "consortium"]
    list_filter = ["kind"]
    search_fields = ["name", "tax_code"]
    inlines = [MembershipInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: audit rows are append-only (no add, change or delete, not even for superusers)."""

    list_display = ["created_at", "username", "organization_name", "action", "object_type",
                    "object_repr", "client_address"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "organization_name", "object_repr"]
    # The snapshots and ids, not the user and organisation (they may have been deleted since).
    fields = ["created_at", "username", "user_id", "organization_name", "organization_id",
              "client_address", "action", "object_type", "object_id", "object_repr",
              "agreement_id", "changes"]
    actions = None

    def get_readonly_fields(self, request, obj=None):  # noqa: ARG002
        return self.fields

    def has_add_permission(self, request):  # noqa: ARG002
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ARG002
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ARG002
        return False
