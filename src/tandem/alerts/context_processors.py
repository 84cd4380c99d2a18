from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from tandem.alerts.selectors import unread_alert_count


def alerts(request: HttpRequest) -> dict[str, Any]:
    """The signed-in user's unread alert count for the navigation badge: one COUNT query, and
    only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alert_count": SimpleLazyObject(lambda: unread_alert_count(user))}
