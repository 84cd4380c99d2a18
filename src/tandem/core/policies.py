"""Declaring who may reach a view.

Every view in Tandem declares a policy; ``tests/core/test_url_policies.py`` walks the URL
configuration and fails on any view without one. A policy answers "may this user use this view at
all"; which records they may see inside it is the visibility selectors' job.

What a role may do is configuration (``tandem.accounts.models.RolePermissions``, edited by
administrators): views declare the capability they need with ``capability(...)`` and code asks
``user_can(user, Capability.X)``. ``roles(...)`` remains for the rare view tied to a role by
name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from tandem.accounts.models import Capability, Role
from tandem.accounts.permissions import user_can, user_can_any

__all__ = [
    "POLICY_ATTRIBUTE",
    "Capability",
    "capability",
    "capability_policy",
    "public",
    "roles",
    "signed_in",
    "user_can",
    "user_can_any",
    "user_has_role",
]

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


def capability(*needed: Capability) -> Callable[[ViewFunc], ViewFunc]:
    """Only members of staff whose role holds one of ``needed`` (403 otherwise; the record's
    own policy, e.g. "their agency leads the case", is checked inside the view)."""
    needed_values = frozenset(str(c) for c in needed)

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_can_any(request.user, needed_values):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        setattr(wrapper, POLICY_ATTRIBUTE, capability_policy(needed_values))
        return wrapper  # type: ignore[return-value]

    return decorate


def capability_policy(needed: Iterable[str]) -> str:
    """The policy label ``capability`` gives a view (API views declare it themselves)."""
    return "capability:" + ",".join(sorted(str(c) for c in needed))


def user_has_role(user: Any, allowed: Iterable[str]) -> bool:
    return bool(user.is_authenticated and user.agency_id and user.role in set(allowed))
