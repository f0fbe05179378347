from django.contrib import admin
from django.http import HttpRequest

from commonplace.core.models import AuditEntry
from commonplace.people.models import User


def acting_person(request: HttpRequest) -> User:
    """The administrator behind an admin request (the admin requires one)."""
    if not isinstance(request.user, User):
        raise TypeError("The admin site serves signed-in people only")
    return request.user


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log: read-only, for every administrator."""

    list_display = ["created_at", "actor", "action", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "action", "actor__display_name"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditEntry | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditEntry | None = None
    ) -> bool:
        return False
