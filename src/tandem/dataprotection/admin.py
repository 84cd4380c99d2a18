from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from tandem.dataprotection.models import RectificationRecord, RetentionRule, SubjectAccessRequest
from tandem.dataprotection.retention import describe_counts
from tandem.dataprotection.services import retention_rule_apply


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """The retention schedule. Rules are applied by ``tandem apply-retention`` (from cron); the
    action here only previews what a rule would do."""

    list_display = ["name", "kind", "period_label", "action", "active", "last_run_at"]
    list_editable = ["active"]
    readonly_fields = ["last_run_at", "last_run_counts"]
    fields = [
        "name",
        "kind",
        "action",
        ("period_years", "period_months"),
        "active",
        "description",
        "last_run_at",
        "last_run_counts",
    ]
    actions = ["preview"]

    @admin.display(description="Period")
    def period_label(self, rule: RetentionRule) -> str:
        return rule.period_label

    @admin.action(description="Preview selected rules (dry run: changes nothing)")
    def preview(self, request: HttpRequest, queryset: QuerySet[RetentionRule]) -> None:
        for rule in queryset:
            result = retention_rule_apply(rule=rule, dry_run=True)
            text = (
                f"{rule.name}: would affect {describe_counts(result.outcome.counts)} "
                f"(on or before {result.cutoff:%-d %B %Y})"
            )
            self.message_user(request, text, messages.INFO)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only through the service pages, where they are checked and audited."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SubjectAccessRequest)
class SubjectAccessRequestAdmin(ReadOnlyAdmin):
    list_display = ["reference", "agency", "received_on", "due_on", "status", "completed_at"]
    list_filter = ["status", "agency"]
    search_fields = ["reference"]


@admin.register(RectificationRecord)
class RectificationRecordAdmin(ReadOnlyAdmin):
    list_display = ["person", "field", "recorded_by", "recorded_at", "requested_by_subject"]
    list_filter = ["field"]
    raw_id_fields = ["person"]
