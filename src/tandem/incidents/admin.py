from django.contrib import admin

from tandem.core.config_cache import ClearsConfigCache
from tandem.incidents.models import Category, HateStrand, IncidentType


@admin.register(Category)
class CategoryAdmin(ClearsConfigCache, admin.ModelAdmin):
    list_display = ["name", "code", "default_priority", "position", "active"]
    list_editable = ["position", "active"]


@admin.register(IncidentType)
class IncidentTypeAdmin(ClearsConfigCache, admin.ModelAdmin):
    list_display = ["name", "code", "serious", "position", "active"]
    list_editable = ["serious", "position", "active"]
    search_fields = ["name", "code"]


@admin.register(HateStrand)
class HateStrandAdmin(ClearsConfigCache, admin.ModelAdmin):
    list_display = ["name", "code", "position", "active"]
    list_editable = ["position", "active"]
