from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions

from tandem.accounts.models import User
from tandem.audit.context import current_origin, request_origin
from tandem.audit.services import audit_refusal


class AuditMiddleware:
    """Two things every request needs from the audit:

    - where it comes from (address and user agent), for the events services write while serving
      it (``tandem.audit.context``);
    - a ``DENIED`` event when a signed-in user is refused: a 404 raised by a view (a record that
      is not theirs to see answers the same as a missing one) or a 403 (their role may not).
      API views answer their own exceptions: ``tandem.core.api.exception_handler`` records
      those.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_origin.set(request_origin(request))
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        record_refusal(request, exception)


def record_refusal(request: HttpRequest, exception: Exception) -> None:
    """A ``DENIED`` event if ``exception`` refuses a signed-in user a record or a page."""
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return
    if isinstance(exception, Http404):
        audit_refusal(actor=user, request=request, status=404)
    elif isinstance(exception, PermissionDenied | exceptions.PermissionDenied):
        audit_refusal(actor=user, request=request, status=403)
