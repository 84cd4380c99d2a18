from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from tandem.accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "area", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "role", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    list_select_related = ["agency"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Agency and role", {"fields": ("agency", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Agency and role", {"fields": ("agency", "role")}),
    )
