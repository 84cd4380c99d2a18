"""Session expiry and the second-factor gate (see tandem.accounts.signin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from rest_framework.views import APIView

from tandem.accounts import signin
from tandem.accounts.policies import BEFORE_SECOND_FACTOR
from tandem.core.policies import POLICY_ATTRIBUTE

# The session's last use is written at most this often, not on every request.
TOUCH_SECONDS = 60


class SessionExpiryMiddleware:
    """End a session after ``TANDEM_IDLE_TIMEOUT_SECONDS`` without use, or
    ``TANDEM_SESSION_SECONDS`` after sign-in, whatever the cookie says.

    The request then carries on signed out: a page redirects to the sign-in page (which says
    why), an API call gets 401 or 403.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            at = signin.now()
            reason = signin.session_expiry_reason(request, at)
            if reason:
                signin.sign_out_because(request, reason)
            elif signin.SIGNED_IN_AT not in request.session:
                # A session from before these checks: its clock starts now.
                request.session[signin.SIGNED_IN_AT] = at
                request.session[signin.LAST_SEEN] = at
            elif at - request.session.get(signin.LAST_SEEN, 0) >= TOUCH_SECONDS:
                request.session[signin.LAST_SEEN] = at
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until a signed-in user who needs a second factor has given it, they may reach only the
    pages marked ``before_second_factor`` (code, recovery code, set-up, sign-out) and public ones;
    anything else redirects there.

    API views are left to DRF: tokens need no second factor, and
    ``VerifiedSessionAuthentication`` refuses a session that has not given it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Templates hide the navigation from a pending session.
        request.tandem_second_factor_outstanding = signin.second_factor_outstanding(request)  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if not getattr(request, "tandem_second_factor_outstanding", False):
            return None
        if _exempt(view_func):
            return None
        target = signin.second_factor_url(request.user)  # type: ignore[arg-type]
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


def _exempt(view_func: Callable[..., HttpResponse]) -> bool:
    if getattr(view_func, BEFORE_SECOND_FACTOR, False):
        return True
    if getattr(view_func, POLICY_ATTRIBUTE, None) == "public":
        return True
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)
