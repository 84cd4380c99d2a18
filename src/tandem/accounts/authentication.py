"""API authentication for browser sessions that have given their second factor."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from tandem.accounts.signin import second_factor_outstanding


class VerifiedSessionAuthentication(SessionAuthentication):
    """DRF's session authentication, refusing (403) a session still owing its second factor.

    API tokens (TokenAuthentication) are for client systems, not people, and need no second
    factor: they are issued by an administrator to one system, kept in its configuration, and
    can be replaced (``tandem api-token``) at any time.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and second_factor_outstanding(request._request):
            raise exceptions.PermissionDenied(
                "Finish signing in with your two-factor code before using the API."
            )
        return result


class VerifiedSessionScheme(SessionScheme):
    """Describes the session cookie in the OpenAPI schema, as for DRF's own class."""

    target_class = "tandem.accounts.authentication.VerifiedSessionAuthentication"
