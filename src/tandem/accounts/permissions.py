"""What a user's role lets them do (capabilities) and which cases it lets them see (record
scope), read from the ``RolePermissions`` table.

The table is tiny (one row per role) and read once per request, the first time something asks:
the row is kept on the user object, marked with the request it was read in
(``RolePermissionsMiddleware`` starts each request), so every request reads it afresh and sees
any change. Outside a request (services called from commands or tests) it is kept on the user
object until ``role_permissions_update`` saves a change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from tandem.accounts.models import Capability, RecordScope, RolePermissions

_CACHE_ATTRIBUTE = "_tandem_role_grant"
_generation = 0
_request: ContextVar[object | None] = ContextVar("tandem_permissions_request", default=None)


@dataclass(frozen=True)
class RoleGrant:
    """A role's record scope and capabilities, as loaded for one user."""

    record_scope: str
    capabilities: frozenset[str]


# A signed-out user, a user with no agency, or a role with no row: nothing at all.
NO_GRANT = RoleGrant(record_scope=RecordScope.OWN, capabilities=frozenset())


def _staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "agency_id", None))


def role_grant(user: Any) -> RoleGrant:
    """The user's role's grant: one query the first time in a request, none after."""
    if not _staff(user):
        return NO_GRANT
    role = getattr(user, "role", "")
    key = (_generation, role, _request.get())
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None and cached[0] == key:
        grant: RoleGrant = cached[1]
        return grant
    row = (
        RolePermissions.objects.filter(role=role)
        .values_list("record_scope", "capabilities")
        .first()
    )
    grant = (
        RoleGrant(record_scope=row[0], capabilities=frozenset(row[1] or ()))
        if row is not None
        else NO_GRANT
    )
    setattr(user, _CACHE_ATTRIBUTE, (key, grant))
    return grant


def user_can(user: Any, capability: Capability | str) -> bool:
    """Does ``user``'s role hold ``capability``? (Which cases they may use it on is for the
    policy functions and ``cases_visible_to``.)"""
    return str(capability) in role_grant(user).capabilities


def user_can_any(user: Any, capabilities: frozenset[str] | set[str] | tuple[str, ...]) -> bool:
    return bool(role_grant(user).capabilities & {str(c) for c in capabilities})


def user_record_scope(user: Any) -> str:
    """Which cases ``user``'s role may see: own, agency, shared or partnership."""
    return role_grant(user).record_scope


def role_permissions_changed() -> None:
    """Forget every grant cached in this process (``role_permissions_update`` calls it)."""
    global _generation
    _generation += 1


class RolePermissionsMiddleware:
    """Marks the start of each request, so each reads the role permissions afresh (once)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token: Token[object | None] = _request.set(object())
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
