"""Admin screens for the risk matrix: drafts are edited, published versions are read-only.

To change the matrix an administrator selects the published version, runs "Copy as new draft",
edits the draft (its sections, questions, bands and rules), then runs "Publish", which retires the
version before it. Completed assessments keep the version they used.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from tandem.risk.models import (
    AutomaticHighRule,
    BandThreshold,
    MatrixStatus,
    Question,
    RiskAnswer,
    RiskAssessment,
    RiskMatrix,
    Section,
)
from tandem.risk.services import matrix_copy_as_draft, matrix_publish


def _editable(obj: Any) -> bool:
    """Whether the matrix a row belongs to is still a draft (``None``: a new row, allowed)."""
    if obj is None:
        return True
    matrix = obj if isinstance(obj, RiskMatrix) else getattr(obj, "matrix", None)
    return matrix is None or matrix.status == MatrixStatus.DRAFT


class DraftOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)


class SectionInline(DraftOnlyInline):
    model = Section
    fields = ["position", "code", "name", "description"]
    show_change_link = True  # the questions are edited on the section's own page


class BandThresholdInline(DraftOnlyInline):
    model = BandThreshold
    fields = [
        "band",
        "min_score",
        "supervisor_review_days",
        "senior_review_days",
        "head_of_service_review_days",
        "named_contact",
        "contact_offer",
    ]


class AutomaticHighRuleInline(DraftOnlyInline):
    model = AutomaticHighRule
    fields = ["kind", "threshold", "active"]


@admin.register(RiskMatrix)
class RiskMatrixAdmin(admin.ModelAdmin):
    list_display = ["version", "name", "status", "questions", "published_at", "published_by"]
    list_filter = ["status"]
    fields = ["version", "name", "status", "notes", "published_at", "published_by", "retired_at"]
    readonly_fields = ["version", "status", "published_at", "published_by", "retired_at"]
    inlines = [SectionInline, BandThresholdInline, AutomaticHighRuleInline]
    actions = ["copy_as_new_draft", "publish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RiskMatrix]:
        return (
            super()
            .get_queryset(request)
            .select_related("published_by")
            .annotate(question_count=Count("sections__questions"))
        )

    @admin.display(description="Questions", ordering="question_count")
    def questions(self, obj: RiskMatrix) -> int:
        return getattr(obj, "question_count", 0)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # new versions start as a copy: "Copy as new draft"

    def has_change_permission(self, request: HttpRequest, obj: RiskMatrix | None = None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: RiskMatrix | None = None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)

    @admin.action(description="Copy as new draft", permissions=["add_version"])
    def copy_as_new_draft(self, request: HttpRequest, queryset: QuerySet[RiskMatrix]) -> None:
        for matrix in queryset.order_by("version"):
            draft = matrix_copy_as_draft(matrix=matrix, actor=request.user)  # type: ignore[arg-type]
            self.message_user(
                request,
                f"Version {draft.version} is a new draft copied from version {matrix.version}.",
                messages.SUCCESS,
            )

    @admin.action(description="Publish (retires the published version)", permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[RiskMatrix]) -> None:
        if queryset.count() != 1:
            self.message_user(request, "Choose one draft to publish.", messages.ERROR)
            return
        matrix = queryset.get()
        try:
            matrix_publish(matrix=matrix, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return
        self.message_user(
            request,
            f"Version {matrix.version} is published: new assessments use it.",
            messages.SUCCESS,
        )

    def has_add_version_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("risk.add_riskmatrix")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("risk.change_riskmatrix")


class QuestionInline(DraftOnlyInline):
    model = Question
    fields = [
        "position",
        "code",
        "text",
        "help_text",
        "score_yes",
        "score_dont_know",
        "automatic_high",
        "signal",
        "sensitive",
    ]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "matrix", "position"]
    list_filter = ["matrix"]
    inlines = [QuestionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Section]:
        return super().get_queryset(request).select_related("matrix")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "matrix":
            kwargs["queryset"] = RiskMatrix.objects.filter(status=MatrixStatus.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request: HttpRequest, obj: Section | None = None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Section | None = None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)


class RiskAnswerInline(admin.TabularInline):
    model = RiskAnswer
    fields = ["question", "answer", "score"]
    readonly_fields = ["question", "answer", "score"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    """Completed assessments never change: this screen only shows them."""

    list_display = ["case", "person", "band", "computed_band", "score", "matrix", "assessed_at"]
    list_filter = ["band", "matrix"]
    search_fields = ["case__reference"]
    inlines = [RiskAnswerInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RiskAssessment]:
        return super().get_queryset(request).select_related("case", "person", "matrix")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
