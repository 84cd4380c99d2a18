from django.contrib import admin

from tandem.notify.models import Notification, ReminderPolicy


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Written by the services; support staff may look, not change."""

    list_display = ["created_at", "channel", "kind", "status", "attempts", "case"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["case__reference", "provider_reference"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "remind_working_days_before"]
