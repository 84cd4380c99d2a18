from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.accounts.models import Agency, User
from tandem.accounts.services import two_factor_reset


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
