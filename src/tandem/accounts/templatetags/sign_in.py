from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idle_timeout_seconds() -> int:
    return int(settings.TANDEM_IDLE_TIMEOUT_SECONDS)


@register.simple_tag
def idle_timeout_minutes() -> int:
    return max(1, int(settings.TANDEM_IDLE_TIMEOUT_SECONDS) // 60)
