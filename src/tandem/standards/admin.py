from django.contrib import admin

from tandem.standards.models import ServiceStandard


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "working_days", "serious_only", "agency", "active"]
    list_filter = ["agency", "active"]
