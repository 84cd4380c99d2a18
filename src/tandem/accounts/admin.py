from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from tandem.accounts.models import Agency, Capability, RolePermissions, User
from tandem.accounts.permissions import user_can
from tandem.accounts.services import role_permissions_update


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


class RolePermissionsForm(forms.ModelForm):
    capabilities = forms.MultipleChoiceField(
        choices=Capability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="What users in this role may do. Which cases they may do it on is the record "
        "scope (and, for most capabilities, whether their agency leads the case).",
    )

    class Meta:
        model = RolePermissions
        fields = ["record_scope", "capabilities"]
        widgets = {"record_scope": forms.RadioSelect}


def _administers(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active
        and user.is_staff
        and (user.is_superuser or user_can(user, Capability.ADMINISTER))
    )


@admin.register(RolePermissions)
class RolePermissionsAdmin(admin.ModelAdmin):
    """Roles and permissions: one row per role (created by the data migration), changed by those
    holding "administer configuration". Saved through ``role_permissions_update`` (audited)."""

    form = RolePermissionsForm
    list_display = ["role_name", "record_scope", "capability_list", "updated_at", "updated_by"]
    list_select_related = ["updated_by"]
    readonly_fields = ["role_name"]
    fields = ["role_name", "record_scope", "capabilities"]

    @admin.display(description="Role", ordering="role")
    def role_name(self, obj: RolePermissions) -> str:
        return str(obj)

    @admin.display(description="Capabilities")
    def capability_list(self, obj: RolePermissions) -> str:
        labels = dict(Capability.choices)
        return "; ".join(str(labels.get(code, code)) for code in obj.capabilities) or "None"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _administers(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _administers(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # every role has its row from the data migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RolePermissions, form: Any, change: bool
    ) -> None:
        updated = role_permissions_update(
            role=obj.role,
            record_scope=form.cleaned_data["record_scope"],
            capabilities=form.cleaned_data["capabilities"],
            actor=request.user,  # type: ignore[arg-type]
        )
        obj.pk = updated.pk
