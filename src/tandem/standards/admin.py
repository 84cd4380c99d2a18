from django.contrib import admin

from tandem.core.config_cache import ClearsConfigCache
from tandem.standards.models import ServiceStandard


@admin.register(ServiceStandard)
class ServiceStandardAdmin(ClearsConfigCache, admin.ModelAdmin):
    list_display = ["name", "code", "working_days", "serious_only", "agency", "active"]
    list_filter = ["agency", "active"]
