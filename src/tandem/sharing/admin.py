"""Settings screens: partnership rules (configuration), the agreements register, and a read-only
list of shares (shares are granted and revoked on the case page or the API, never here, so each
has its audit event)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from tandem.sharing.models import CaseShare, PartnershipRule, SharingAgreement


@admin.register(PartnershipRule)
class PartnershipRuleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "agency",
        "agency_kind",
        "scope",
        "minimum_risk_band",
        "minimum_priority",
        "hate_motivated_only",
        "agreement",
        "active",
    ]
    list_filter = ["active", "agency_kind", "scope"]
    filter_horizontal = ["categories"]
    fieldsets = [
        (None, {"fields": ["name", "active", "purpose", "agreement", "legal_basis", "notes"]}),
        (
            "Who sees the cases",
            {
                "fields": ["agency", "agency_kind"],
                "description": "Name one agency, or leave it blank and choose a kind: every "
                "agency of that kind then sees the cases (within its own area if the scope "
                "says so).",
            },
        ),
        (
            "Which cases",
            {
                "fields": [
                    "scope",
                    "area",
                    "minimum_risk_band",
                    "minimum_priority",
                    "categories",
                    "hate_motivated_only",
                    "open_cases_only",
                ],
                "description": "Every condition given must hold; those left empty do not limit.",
            },
        ),
    ]


@admin.register(SharingAgreement)
class SharingAgreementAdmin(admin.ModelAdmin):
    # Links typed without a scheme are https (Django 6's default; the register's own form too).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "reference", "owner_agency", "status", "starts_on", "review_due"]
    list_filter = ["status", "special_category_data"]
    search_fields = ["title", "reference"]
    filter_horizontal = ["parties"]


@admin.register(CaseShare)
class CaseShareAdmin(admin.ModelAdmin):
    list_display = ["case", "agency", "granted_by", "granted_at", "expires_at", "revoked_at"]
    list_filter = ["agency"]
    search_fields = ["case__reference"]
    list_select_related = ["case", "agency", "granted_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
