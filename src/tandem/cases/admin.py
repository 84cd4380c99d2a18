from django.contrib import admin

from tandem.cases.models import ClosureReason, SurveyResponse


@admin.register(ClosureReason)
class ClosureReasonAdmin(admin.ModelAdmin):
    """Why a case may be closed, and whether a satisfaction survey follows."""

    list_display = ["name", "code", "survey_due", "active", "sort_order"]
    list_editable = ["survey_due", "active", "sort_order"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    """Recorded by staff on the case; the admin screen only lets support staff look."""

    list_display = ["case", "recorded_at", "overall_satisfaction", "outcome"]
    list_filter = ["overall_satisfaction", "outcome"]
    search_fields = ["case__reference"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
