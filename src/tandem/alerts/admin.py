from django.contrib import admin

from tandem.alerts.models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    """Alerts are written by the services; the admin screen only lets support staff look."""

    list_display = ["created_at", "kind", "case", "recipient", "read_at"]
    list_filter = ["kind"]
    search_fields = ["case__reference", "recipient__username"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
