from django.contrib import admin

from tandem.referrals.models import Referral, ReferralService, Task


@admin.register(ReferralService)
class ReferralServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency", "agency_kind", "active"]
    list_filter = ["active", "agency_kind"]


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    list_display = ["case", "service", "to_agency", "status", "requested_at"]
    list_filter = ["status", "service"]
    raw_id_fields = ["case"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "case", "assigned_user", "assigned_agency", "due_on", "done_at"]
    raw_id_fields = ["case"]
