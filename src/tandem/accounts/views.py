from __future__ import annotations

from typing import Any

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from tandem.accounts import signin
from tandem.accounts.forms import (
    ChangePasswordForm,
    CodeForm,
    ConfirmPasswordForm,
    RecoveryCodeForm,
    SignInForm,
)
from tandem.accounts.models import User
from tandem.accounts.policies import before_second_factor
from tandem.accounts.selectors import (
    authenticator_for,
    has_authenticator,
    recovery_codes_for,
    recovery_codes_left,
)
from tandem.accounts.services import (
    authenticator_start,
    recovery_codes_create,
    two_factor_enrol,
    two_factor_reset,
    user_password_change,
    user_sessions_end,
)
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.policies import public, signed_in


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the policies let only signed-in users through
    return user


# Signing in ------------------------------------------------------------------------------------


@public
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = signin.safe_next(request, request.POST.get("next") or request.GET.get("next") or "")
    signed_out = signin.signed_out_message(request.session.pop(signin.SIGNED_OUT_REASON, ""))
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.get_user()
            login(request, user)  # marks the session pending if a second factor is needed
            request.session[signin.NEXT] = next_url
            if signin.second_factor_outstanding(request):
                return redirect(signin.second_factor_url(user))
            return redirect(signin.sign_in_finish(request, user=user))
        locked = getattr(request, "axes_locked_out", False)
        audit_record(
            actor=None,
            action=AuditAction.SIGN_IN_FAILED,
            detail={
                "username": request.POST.get("username", "")[:150],
                "reason": "locked_out" if locked else "password",
            },
            request=request,
        )
        if locked:
            return locked_out(request)
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next": next_url,
            "signed_out": signed_out,
            "two_factor_required": settings.TANDEM_REQUIRE_2FA,
        },
    )


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page for a locked-out username and address; also django-axes's
    ``AXES_LOCKOUT_CALLABLE``. Says nothing about whether the username exists."""
    if original_response is not None and getattr(original_response, "tandem_locked_out", False):
        return original_response
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    response.tandem_locked_out = True  # type: ignore[attr-defined]
    return response


@signed_in
@before_second_factor
def two_factor(request: HttpRequest) -> HttpResponse:
    """Step two of signing in: the code from the user's authenticator app."""
    user = _user(request)
    if not signin.second_factor_outstanding(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    device = authenticator_for(user)
    if device is None:
        return redirect("accounts:two-factor-set-up")
    _remember_next(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        response = _second_factor_check(request, form, user, device, kind="totp")
        if response is not None:
            return response
    return render(request, "accounts/two_factor.html", {"form": form})


@signed_in
@before_second_factor
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """Step two of signing in with a recovery code instead (a lost or forgotten phone)."""
    user = _user(request)
    if not signin.second_factor_outstanding(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    device = recovery_codes_for(user)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device is None:
            form.add_error(
                "code",
                "You have no recovery codes left. Ask an administrator to reset your two-factor sign-in",
            )
        else:
            response = _second_factor_check(request, form, user, device, kind="recovery_code")
            if response is not None:
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left: "
                    "create new ones from Your account if you are running out.",
                )
                return response
    return render(request, "accounts/two_factor_recovery.html", {"form": form})


def _second_factor_check(
    request: HttpRequest,
    form: CodeForm | RecoveryCodeForm,
    user: User,
    device: Device,
    *,
    kind: str,
) -> HttpResponse | None:
    """Check a code against ``device``. Returns where to go on success or lockout, or None
    with an error on the form. Wrong codes count towards the lockout like wrong passwords."""
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        return _second_factor_locked_out(request, user, kind)
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error(
            "code", "You entered a wrong code a moment ago. Wait a few seconds and try again"
        )
        return None
    verified = django_otp.verify_token(user, device.persistent_id, form.cleaned_data["code"])
    if verified is None:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _second_factor_locked_out(request, user, kind)
        audit_record(
            actor=user,
            action=AuditAction.SIGN_IN_FAILED,
            detail={"username": user.username, "reason": f"wrong_{kind}"},
            request=request,
        )
        form.add_error(
            "code",
            "The code is not right or has expired. Check your authenticator app and try again"
            if kind == "totp"
            else "That recovery code is not right or has already been used",
        )
        return None
    django_otp.login(request, verified)
    return redirect(signin.sign_in_finish(request, user=user, second_factor=kind))


def _second_factor_locked_out(request: HttpRequest, user: User, kind: str) -> HttpResponse:
    audit_record(
        actor=user,
        action=AuditAction.SIGN_IN_FAILED,
        detail={"username": user.username, "reason": "locked_out", "step": kind},
        request=request,
    )
    logout(request)
    return locked_out(request)


def _remember_next(request: HttpRequest) -> None:
    """Keep a ``?next=`` the second-factor gate added, for after the code."""
    next_url = signin.safe_next(request, request.GET.get("next", ""))
    if next_url and not request.session.get(signin.NEXT):
        request.session[signin.NEXT] = next_url


@signed_in
@before_second_factor
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    audit_record(actor=request.user, action=AuditAction.SIGN_OUT, request=request)  # type: ignore[arg-type]
    logout(request)
    return redirect("accounts:sign-in")


# Setting up two-factor sign-in -----------------------------------------------------------------


@signed_in
@before_second_factor
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Scan a QR code (or type the key) into an authenticator app, then prove it with a code.

    Reached from Your account, or at sign-in when a second factor is required and the user has
    none. Someone who already has one cannot add another here (that would skip their code)."""
    user = _user(request)
    outstanding = signin.second_factor_outstanding(request)
    if has_authenticator(user):
        if outstanding:
            return redirect("accounts:two-factor")
        messages.info(request, "Two-factor sign-in is already set up for your account.")
        return redirect("accounts:account")
    _remember_next(request)
    device = authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            proved = locked.verify_token(form.cleaned_data["code"])
        if proved:
            codes = two_factor_enrol(user=user, device=locked, actor=user, request=request)
            update_session_auth_hash(request, user)  # this session stays; the others end
            django_otp.login(request, locked)
            if outstanding:
                request.session[signin.NEXT] = signin.sign_in_finish(
                    request, user=user, second_factor="totp"
                )
            request.session[signin.NEW_RECOVERY_CODES] = codes
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect("accounts:recovery-codes")
        form.add_error(
            "code",
            "The code is not right. Check the app shows Tandem and enter the code it shows now",
        )
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
            "secret": _grouped(device.config_url),
            "required": settings.TANDEM_REQUIRE_2FA,
            "signing_in": outstanding,
        },
    )


def _grouped(config_url: str) -> str:
    """The key from the set-up link, in groups of four for typing into an app."""
    from urllib.parse import parse_qs, urlsplit

    secret = parse_qs(urlsplit(config_url).query)["secret"][0]
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@signed_in
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown until the user says they have kept them; or, without new
    ones, how many are left and a form (password again) to replace them."""
    user = _user(request)
    codes = request.session.get(signin.NEW_RECOVERY_CODES)
    if codes:
        if request.method == "POST":
            request.session.pop(signin.NEW_RECOVERY_CODES, None)
            next_url = signin.safe_next(request, request.session.pop(signin.NEXT, ""))
            return redirect(next_url or "accounts:account")
        return render(request, "accounts/recovery_codes_new.html", {"codes": _shown_codes(codes)})
    if not has_authenticator(user):
        return redirect("accounts:account")
    form = ConfirmPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[signin.NEW_RECOVERY_CODES] = recovery_codes_create(
            user=user, actor=user, request=request
        )
        return redirect("accounts:recovery-codes")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"form": form, "left": recovery_codes_left(user)},
    )


@signed_in
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(signin.NEW_RECOVERY_CODES)
    if not codes:
        raise Http404("No new recovery codes to download")
    user = _user(request)
    lines = [
        f"Tandem recovery codes for {user.username}",
        "",
        "Each code works once, instead of the code from your authenticator app.",
        "Keep them somewhere safe, away from your phone.",
        "",
        *_shown_codes(codes),
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tandem-recovery-codes.txt"'
    return response


def _shown_codes(codes: list[str]) -> list[str]:
    return [f"{code[:4]}-{code[4:]}" for code in codes]


@signed_in
def two_factor_reset_own(request: HttpRequest) -> HttpResponse:
    """Remove your authenticator (a new phone): password again, then set up a new one."""
    user = _user(request)
    if not has_authenticator(user):
        return redirect("accounts:two-factor-set-up")
    form = ConfirmPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        two_factor_reset(user=user, actor=user, request=request)
        update_session_auth_hash(request, user)
        messages.success(
            request,
            "Two-factor sign-in has been removed from your account and your other sessions "
            "have ended. Set it up again with your new phone.",
        )
        return redirect("accounts:two-factor-set-up")
    return render(request, "accounts/two_factor_reset.html", {"form": form})


# Your account ----------------------------------------------------------------------------------


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "account_user": user,
            "has_authenticator": has_authenticator(user),
            "recovery_codes_left": recovery_codes_left(user),
            "two_factor_required": settings.TANDEM_REQUIRE_2FA,
        },
    )


@signed_in
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ChangePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(
            user=user, password=form.cleaned_data["new_password1"], actor=user, request=request
        )
        update_session_auth_hash(request, user)
        messages.success(
            request, "Your password has been changed. You have been signed out on other devices."
        )
        return redirect("accounts:account")
    return render(request, "accounts/password_change.html", {"form": form})


@signed_in
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" on the timeout warning: counts as use, without leaving the page.
    (Without JavaScript the warning's form posts here normally and comes back.)"""
    request.session[signin.LAST_SEEN] = signin.now()
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    back = signin.safe_next(request, request.headers.get("Referer", ""))
    return redirect(back or settings.LOGIN_REDIRECT_URL)


@signed_in
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    user_sessions_end(user=user, actor=user, request=request)
    logout(request)
    request.session[signin.SIGNED_OUT_REASON] = signin.EVERYWHERE
    return redirect("accounts:sign-in")
