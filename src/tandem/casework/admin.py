from django.contrib import admin

from tandem.casework.models import CaseAssignment, ContactLog, ContactPlan


@admin.register(ContactPlan)
class ContactPlanAdmin(admin.ModelAdmin):
    list_display = ["case", "person", "channel", "frequency_days", "agreed_at"]
    raw_id_fields = ["case", "person", "agreed_by"]


@admin.register(ContactLog)
class ContactLogAdmin(admin.ModelAdmin):
    list_display = ["case", "occurred_at", "channel", "direction", "first_contact"]
    raw_id_fields = ["case", "person", "by"]


@admin.register(CaseAssignment)
class CaseAssignmentAdmin(admin.ModelAdmin):
    list_display = ["case", "from_agency", "to_agency", "to_officer", "at"]
    raw_id_fields = ["case", "from_officer", "to_officer", "by"]
