from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from tandem.accounts.permissions import user_can


class UserCapabilities:
    """``{% if can.log_reports %}`` in templates: what the signed-in user's role may do (read
    from the role permissions once per request, and only when a template asks)."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getitem__(self, capability: str) -> bool:
        return user_can(self._user, capability)


def tandem(request: HttpRequest) -> dict[str, Any]:
    return {
        "partnership_name": settings.TANDEM_PARTNERSHIP_NAME,
        "service_name": "Tandem",
        "can": UserCapabilities(getattr(request, "user", None)),
    }
