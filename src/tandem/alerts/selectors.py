"""Reads of alerts: a member of staff sees only their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tandem.alerts.models import Alert


def alerts_for(user: Any) -> QuerySet[Alert]:
    """The user's alerts, unread first, newest first within each."""
    if not getattr(user, "is_authenticated", False):
        return Alert.objects.none()
    return (
        Alert.objects.filter(recipient_id=user.pk)
        .select_related("case")
        .order_by("read_at", "-created_at", "-id")
    )


def unread_alert_count(user: Any) -> int:
    """One COUNT query; the navigation shows it on every page."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Alert.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def alert_get_own(user: Any, alert_id: int) -> Alert:
    """One of the user's alerts, or 404 (someone else's alert is as good as missing)."""
    try:
        return alerts_for(user).get(pk=alert_id)
    except Alert.DoesNotExist:
        raise Http404("No such alert") from None
