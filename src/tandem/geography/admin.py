from django.contrib import admin

from tandem.geography.models import Area, Postcode


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ons_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "ons_code"]
    list_select_related = ["parent"]


@admin.register(Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "ward"]
    search_fields = ["postcode"]
    list_select_related = ["ward"]
    raw_id_fields = ["ward"]
