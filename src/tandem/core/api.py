"""What every API view shares: how it is reached, who may reach it and how errors look."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from tandem.accounts.models import User
from tandem.audit.middleware import record_refusal
from tandem.core.policies import capability_policy, user_can_any, user_has_role


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus domain validation errors raised by services as 400s with fields.

    ``ValidationError({"occurred_at": [...]})`` from a service becomes
    ``{"occurred_at": ["…"]}``; an error without fields goes under ``non_field_errors``.
    A signed-in client refused a record (404) or an action (403) is recorded in the audit.
    """
    request = context.get("request")
    if request is not None:
        record_refusal(getattr(request, "_request", request), exc)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    return drf_exception_handler(exc, context)


def staff_user(request: Request) -> User:
    """The signed-in member of staff making the request (the permission classes ran first)."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated
    return user


def roles_policy(allowed: Iterable[str]) -> str:
    """The policy label ``tandem.core.policies.roles`` gives a view, for API views."""
    return "roles:" + ",".join(sorted(allowed))


def has_role(*allowed: str) -> type[BasePermission]:
    """A DRF permission: only members of staff holding one of ``allowed`` (403 otherwise)."""
    allowed_values = frozenset(allowed)

    class HasRole(BasePermission):
        message = "Your role does not allow this."

        def has_permission(self, request: Request, view: APIView) -> bool:
            return user_has_role(request.user, allowed_values)

    HasRole.__name__ = "HasRole_" + "_".join(sorted(allowed_values))
    return HasRole


def has_capability(*needed: str) -> type[BasePermission]:
    """A DRF permission: only members of staff whose role holds one of ``needed`` (403
    otherwise). Declare ``tandem_policy = capability_policy(...)`` with it."""
    needed_values = frozenset(str(c) for c in needed)

    class HasCapability(BasePermission):
        message = "Your role does not allow this."

        def has_permission(self, request: Request, view: APIView) -> bool:
            return user_can_any(request.user, needed_values)

    HasCapability.__name__ = "HasCapability_" + "_".join(sorted(needed_values))
    return HasCapability


__all__ = ["capability_policy", "has_capability", "has_role", "roles_policy"]


class ApiAccess(APIView):
    """Base (put it first) of every API view: declares its policy and who may reach it.

    DRF exempts its views from Django's ``LoginRequiredMiddleware`` (which knows sessions, not
    tokens) and authenticates them itself, so the permission classes are what refuse anonymous
    requests, with 401 rather than a redirect to the sign-in page.
    """

    tandem_policy: ClassVar[str] = "signed_in"
    permission_classes: Any = [IsAuthenticated]
