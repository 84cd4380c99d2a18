from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def tandem(request: HttpRequest) -> dict[str, Any]:
    return {
        "partnership_name": settings.TANDEM_PARTNERSHIP_NAME,
        "service_name": "Tandem",
    }
