"""Where the current request comes from, for audit events written deep inside services.

``AuditMiddleware`` sets it for each request; ``audit_record`` reads it when it is not handed the
request itself, so an event written by a service called from a page or an API endpoint still
says from where. Outside a request (commands, tasks) there is none.
"""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

USER_AGENT_LENGTH = 200


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""


NO_ORIGIN = Origin()

current_origin: ContextVar[Origin] = ContextVar("tandem_audit_origin", default=NO_ORIGIN)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def request_origin(request: HttpRequest | None) -> Origin:
    """The client address and a shortened user agent of ``request``.

    Behind a reverse proxy every ``REMOTE_ADDR`` is the proxy's: set
    ``TANDEM_AUDIT_CLIENT_IP_HEADER`` (e.g. ``X-Forwarded-For``) and the last address the proxy
    appended to that header is used instead.
    """
    if request is None:
        return NO_ORIGIN
    meta = request.META
    ip: str | None = None
    header = getattr(settings, "TANDEM_AUDIT_CLIENT_IP_HEADER", "")
    if header:
        forwarded = meta.get("HTTP_" + header.upper().replace("-", "_"), "")
        if forwarded:
            ip = _valid_ip(forwarded.split(",")[-1])
    if ip is None:
        ip = _valid_ip(meta.get("REMOTE_ADDR") or "")
    return Origin(ip_address=ip, user_agent=(meta.get("HTTP_USER_AGENT") or "")[:USER_AGENT_LENGTH])
