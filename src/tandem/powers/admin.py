from django.contrib import admin

from tandem.powers.models import Power, PowerFollowUp, PowerUse


class PowerFollowUpInline(admin.TabularInline):
    model = PowerFollowUp
    extra = 0


@admin.register(Power)
class PowerAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "statutory",
        "respondent_kinds",
        "minimum_age",
        "prerequisite",
        "maximum_duration",
        "duration_unit",
        "appeal_window_days",
        "active",
    ]
    list_filter = ["statutory", "active"]
    search_fields = ["name", "code"]
    inlines = [PowerFollowUpInline]


@admin.register(PowerUse)
class PowerUseAdmin(admin.ModelAdmin):
    list_display = ["power", "case", "respondent_kind", "issued_on", "recorded_by"]
    list_filter = ["power"]
    raw_id_fields = ["case", "respondent_person"]
    readonly_fields = ["acknowledged_warnings", "recorded_by", "recorded_at"]
