from django.contrib import admin

from tandem.supervision.models import (
    CaseConference,
    ConferenceAction,
    ConferenceCase,
    ReviewDecision,
    SupervisorReview,
)


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(SupervisorReview)
class SupervisorReviewAdmin(admin.ModelAdmin):
    list_display = ["case", "reviewer", "reviewed_at", "decision", "next_review_on"]
    raw_id_fields = ["case", "reviewer"]


class ConferenceCaseInline(admin.TabularInline):
    model = ConferenceCase
    raw_id_fields = ["case"]
    extra = 0


class ConferenceActionInline(admin.TabularInline):
    model = ConferenceAction
    raw_id_fields = ["case", "owner_user", "task"]
    extra = 0


@admin.register(CaseConference)
class CaseConferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "held_at", "agency", "chair"]
    raw_id_fields = ["recorded_by"]
    inlines = [ConferenceCaseInline, ConferenceActionInline]
