from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.accounts.models import Agency, Capability, RolePermissions, User
from tandem.accounts.permissions import user_can
from tandem.accounts.services import role_permissions_update, two_factor_reset


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "area", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "agency",
        "role",
        "is_active",
        "two_factor",
    ]
    list_filter = ["role", "agency", "is_active"]
    list_select_related = ["agency"]
    actions = ["reset_two_factor"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Agency and role", {"fields": ("agency", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Agency and role", {"fields": ("agency", "role")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        authenticators = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_authenticator=Exists(authenticators))

    @admin.display(description="Two-factor sign-in", boolean=True, ordering="has_authenticator")
    def two_factor(self, user: Any) -> bool:
        return bool(getattr(user, "has_authenticator", False))

    @admin.action(description="Reset two-factor sign-in (lost phone) and end their sessions")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user
        assert isinstance(actor, User)
        users = list(queryset)
        for user in users:
            two_factor_reset(user=user, actor=actor, request=request)
        self.message_user(
            request,
            f"Two-factor sign-in reset for {len(users)} user(s): they set it up again at their "
            "next sign-in.",
            messages.SUCCESS,
        )


@login_not_required
def admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """Settings has no sign-in page of its own: Tandem's (with its second factor, lockout and
    audit) is the only way in."""
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(
        request.GET.get("next") or reverse("admin:index"), reverse("accounts:sign-in")
    )


admin.site.login = admin_sign_in  # type: ignore[method-assign]


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
