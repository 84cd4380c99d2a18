"""The sign-in journey and the session's clock, kept in the session.

Signing in is password, then (when needed) a second factor. Django's ``login()`` runs after the
password; if a second factor is still needed the session is marked *pending*, and
``SecondFactorMiddleware`` lets it reach only the code, recovery-code, set-up and sign-out pages
until ``sign_in_finish`` records the sign-in. A second factor is needed by anyone who has set up
an authenticator app, and by everyone when ``TANDEM_REQUIRE_2FA`` is on (on in production).

Each session also carries when it signed in and when it was last used;
``SessionExpiryMiddleware`` ends it after ``TANDEM_IDLE_TIMEOUT_SECONDS`` without use or
``TANDEM_SESSION_SECONDS`` in all.
"""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tandem.accounts.models import User
from tandem.accounts.selectors import has_authenticator
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record

SIGNED_IN_AT = "tandem_signed_in_at"
LAST_SEEN = "tandem_last_seen"
PENDING = "tandem_second_factor_pending"
NEXT = "tandem_next"
SIGNED_OUT_REASON = "tandem_signed_out_reason"
NEW_RECOVERY_CODES = "tandem_new_recovery_codes"

# Why a session ended, as the sign-in page explains it ("You were signed out because …").
IDLE = "idle"
EXPIRED = "expired"
EVERYWHERE = "everywhere"


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, seen through ``TANDEM_TRUSTED_PROXY_COUNT`` reverse
    proxies that each append to X-Forwarded-For (django-axes locks out by this address)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TANDEM_TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    # Anything left of what our own proxies appended was written by the client: ignore it.
    return forwarded[-count] if len(forwarded) >= count else remote


def now() -> int:
    return int(time.time())


def session_started(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: start the session's clock and say whether it still needs a
    second factor. Runs however the session was made (the sign-in page, or a test's
    ``force_login``), so no session escapes the checks."""
    if request is None or not hasattr(request, "session"):
        return
    started = now()
    request.session[SIGNED_IN_AT] = started
    request.session[LAST_SEEN] = started
    if settings.TANDEM_REQUIRE_2FA or has_authenticator(user):
        request.session[PENDING] = True
    else:
        request.session.pop(PENDING, None)


def is_verified(user: Any) -> bool:
    """Did this session's user give a second factor? (Set by django-otp's OTPMiddleware.)"""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def second_factor_outstanding(request: HttpRequest) -> bool:
    """Is the signed-in user still to give their second factor in this session?"""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or is_verified(user):
        return False
    return bool(request.session.get(PENDING)) or settings.TANDEM_REQUIRE_2FA


def second_factor_url(user: User) -> str:
    """Where a pending user goes: the code page, or setting up an authenticator first."""
    if has_authenticator(user):
        return reverse("accounts:two-factor")
    return reverse("accounts:two-factor-set-up")


def safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def sign_in_finish(request: HttpRequest, *, user: User, second_factor: str = "") -> str:
    """The sign-in is complete (password, and the second factor if one was needed): audit it,
    clear this username and address's failed attempts, and say where to go next."""
    request.session.pop(PENDING, None)
    if second_factor:
        request.session.cycle_key()
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.SIGN_IN,
            detail={"second_factor": second_factor} if second_factor else {},
            request=request,
        )
        AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=user.username)
    return safe_next(request, request.session.pop(NEXT, "")) or reverse(settings.LOGIN_REDIRECT_URL)


def session_expiry_reason(request: HttpRequest, at: int) -> str:
    """ "" while the session may go on; IDLE or EXPIRED once it has run out."""
    signed_in_at = request.session.get(SIGNED_IN_AT)
    last_seen = request.session.get(LAST_SEEN)
    if signed_in_at is None or last_seen is None:
        return ""
    if at - signed_in_at >= settings.SESSION_COOKIE_AGE:
        return EXPIRED
    if at - last_seen >= settings.TANDEM_IDLE_TIMEOUT_SECONDS:
        return IDLE
    return ""


def sign_out_because(request: HttpRequest, reason: str) -> None:
    """End the session, audited, and leave the reason for the sign-in page to explain."""
    user = request.user
    if isinstance(user, User):
        audit_record(
            actor=user, action=AuditAction.SIGN_OUT, detail={"reason": reason}, request=request
        )
    logout(request)
    request.session[SIGNED_OUT_REASON] = reason


def signed_out_message(reason: str) -> str:
    if reason == IDLE:
        minutes = max(1, settings.TANDEM_IDLE_TIMEOUT_SECONDS // 60)
        return (
            f"You were signed out because you had not used Tandem for {minutes} minutes. "
            "Sign in again to carry on."
        )
    if reason == EXPIRED:
        hours = settings.SESSION_COOKIE_AGE / 3600
        length = f"{hours:g} hours" if hours != 1 else "1 hour"
        return (
            f"You were signed out because you had been signed in for {length}, the longest "
            "a session can last. Sign in again to carry on."
        )
    if reason == EVERYWHERE:
        return "You were signed out on every device, including this one."
    return ""
