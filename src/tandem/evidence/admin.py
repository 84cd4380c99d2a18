from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tandem.evidence.models import AllowedFileType, DiaryEntry, EvidenceFile


@admin.register(AllowedFileType)
class AllowedFileTypeAdmin(admin.ModelAdmin):
    list_display = ["extension", "label", "content_type", "kind", "max_bytes", "active"]
    list_editable = ["max_bytes", "active"]


@admin.register(DiaryEntry)
class DiaryEntryAdmin(admin.ModelAdmin):
    list_display = ["case", "person", "occurred_on", "recorded_by", "recorded_at"]
    raw_id_fields = ["case", "person", "recorded_by"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(admin.ModelAdmin):
    """Read-only: files are added through the case page, where they are checked and audited."""

    list_display = ["case", "original_name", "kind", "size_bytes", "sha256", "uploaded_at"]
    readonly_fields = [field.name for field in EvidenceFile._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
