"""Declaring who may reach a view.

Every view in Tandem declares a policy; ``tests/core/test_url_policies.py`` walks the URL
configuration and fails on any view without one. A policy answers "may this user use this view at
all"; which records they may see inside it is the visibility selectors' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tandem.accounts.models import Role

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])

POLICY_ATTRIBUTE = "tandem_policy"


def public(view: ViewFunc) -> ViewFunc:
    """Anyone, signed in or not (health check, sign-in page, residents' pages)."""
    view = login_not_required(view)
    setattr(view, POLICY_ATTRIBUTE, "public")
    return view


def signed_in(view: ViewFunc) -> ViewFunc:
    """Any signed-in member of staff; the selectors limit what they see."""
    setattr(view, POLICY_ATTRIBUTE, "signed_in")
    return view


def roles(*allowed: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Only members of staff holding one of ``allowed``."""
    allowed_values = frozenset(allowed)

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_has_role(request.user, allowed_values):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, POLICY_ATTRIBUTE, "roles:" + ",".join(sorted(allowed_values)))
        return wrapper  # type: ignore[return-value]

    return decorate


def user_has_role(user: Any, allowed: Iterable[str]) -> bool:
    return bool(user.is_authenticated and user.agency_id and user.role in set(allowed))


# What each role may do. Which records a user may see is decided by the visibility selectors.
CAN_LOG_REPORTS = (
    Role.CALL_HANDLER,
    Role.CASE_OFFICER,
    Role.SUPERVISOR,
    Role.ADMINISTRATOR,
)
