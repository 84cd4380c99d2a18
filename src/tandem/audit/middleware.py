from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from rest_framework import exceptions

from tandem.accounts.models import User
from tandem.audit.context import current_origin, request_origin
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record, audit_refusal


class AuditMiddleware:
    """What every request needs from the audit:

    - where it comes from (address and user agent), for the events services write while serving
      it (``tandem.audit.context``);
    - a ``DENIED`` event when a signed-in user is refused: a 404 raised by a view (a record that
      is not theirs to see answers the same as a missing one) or a 403 (their role may not).
      API views answer their own exceptions: ``tandem.core.api.exception_handler`` records
      those;
    - the Django admin's pages, which Tandem's services do not serve: a list is a ``SEARCH``, an
      object's page a ``VIEW``, and a change made there is recorded in the transaction that
      makes it (the whole request runs in one), with the names of the fields it changed.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_origin.set(request_origin(request))
        try:
            if not request.path.startswith(admin_prefix()):
                return self.get_response(request)
            if request.method == "POST":
                with transaction.atomic():
                    response = self.get_response(request)
                    audit_admin_request(request, response)
                return response
            response = self.get_response(request)
            audit_admin_request(request, response)
            return response
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


@cache
def admin_prefix() -> str:
    return reverse("admin:index")


@cache
def _admin_models() -> dict[str, str]:
    """The admin's URL-name prefix of each registered model, and the model's label."""
    return {
        f"{model._meta.app_label}_{model._meta.model_name}": model._meta.label_lower
        for model in admin.site._registry
    }


ADMIN_READS = {"changelist": AuditAction.SEARCH}
ADMIN_WRITES = {
    "add": AuditAction.CREATE,
    "change": AuditAction.UPDATE,
    "delete": AuditAction.DELETE,
    "changelist": AuditAction.UPDATE,  # an action on the selected rows
}


def audit_admin_request(request: HttpRequest, response: HttpResponse) -> None:
    """One event for a page of the Django admin about a model's records, or a change made there."""
    user = getattr(request, "user", None)
    match = request.resolver_match
    if not isinstance(user, User) or match is None or match.namespace != "admin":
        return
    url_name = match.url_name or ""
    model_key = next((key for key in _admin_models() if url_name.startswith(key + "_")), None)
    if model_key is None:
        return  # the index, an app's index, login, password change, scripts
    page = url_name.removeprefix(model_key + "_")
    object_type = f"admin:{_admin_models()[model_key]}"
    object_id = str(match.kwargs.get("object_id", ""))
    if request.method == "GET" and response.status_code == 200:
        audit_record(
            actor=user,
            action=ADMIN_READS.get(page, AuditAction.VIEW),
            object_type=object_type,
            object_id=object_id,
            detail={"page": f"admin_{page}"},
        )
    elif request.method == "POST" and response.status_code == 302 and page in ADMIN_WRITES:
        detail: dict[str, object] = {"page": f"admin_{page}"}
        entry = LogEntry.objects.filter(user_id=user.pk).order_by("-id").first()
        if page == "changelist":
            detail["admin_action"] = request.POST.get("action", "")[:50]
            detail["count"] = len(request.POST.getlist("_selected_action"))
        elif entry is not None:
            object_id = object_id or entry.object_id or ""
            detail["fields"] = _changed_fields(entry.change_message)
        audit_record(
            actor=user,
            action=ADMIN_WRITES[page],
            object_type=object_type,
            object_id=object_id,
            detail=detail,
        )


def _changed_fields(change_message: str) -> list[str]:
    """The field names Django's admin log lists as changed (its labels, not values)."""
    try:
        messages = json.loads(change_message or "[]")
    except ValueError:
        return []
    fields: list[str] = []
    for message in messages if isinstance(messages, list) else []:
        for kind in ("added", "changed"):
            body = message.get(kind) if isinstance(message, dict) else None
            if isinstance(body, dict):
                fields.extend(str(name) for name in body.get("fields", []))
    return fields
