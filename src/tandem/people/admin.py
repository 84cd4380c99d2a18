from django import forms
from django.contrib import admin

from tandem.core.config_cache import ClearsConfigCache
from tandem.people.keys import fold
from tandem.people.models import (
    MatchingSettings,
    Nickname,
    PersonMatchDecision,
    PersonMerge,
    VulnerabilityFactor,
)


class NicknameForm(forms.ModelForm):
    """Names are stored folded (lower-case letters only), as matching compares them."""

    class Meta:
        model = Nickname
        fields = ["name", "variant"]

    def clean_name(self) -> str:
        return fold(self.cleaned_data["name"])

    def clean_variant(self) -> str:
        return fold(self.cleaned_data["variant"])


@admin.register(Nickname)
class NicknameAdmin(ClearsConfigCache, admin.ModelAdmin):
    """Short and familiar forms of names, used by person matching (Bob → Robert)."""

    form = NicknameForm
    list_display = ["variant", "name"]
    search_fields = ["name", "variant"]


@admin.register(VulnerabilityFactor)
class VulnerabilityFactorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(ClearsConfigCache, admin.ModelAdmin):
    """The one row of matching thresholds."""

    list_display = ["__str__", "offer_threshold", "confident_threshold", "repeat_location_metres"]

    def has_add_permission(self, request):
        return not MatchingSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonMerge)
class PersonMergeAdmin(admin.ModelAdmin):
    """History only: merges are made and undone from the person's merge page."""

    list_display = ["duplicate", "survivor", "merged_by", "merged_at", "undone_at", "undone_by"]
    list_select_related = ["duplicate", "survivor", "merged_by", "undone_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonMatchDecision)
class PersonMatchDecisionAdmin(admin.ModelAdmin):
    list_display = ["person", "decision", "confidence", "decided_by", "decided_at"]
    list_filter = ["decision"]
    list_select_related = ["person", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
