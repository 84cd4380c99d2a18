"""The auditor's pages: search the audit, read one event, export a search as CSV.

Reading the audit is itself recorded: a search (``SEARCH``), an event's page (``VIEW``) and an
export (``EXPORT``), each of object type ``audit``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.forms import AuditFilterForm
from tandem.audit.models import AuditAction, AuditEvent
from tandem.audit.policies import CAN_READ_AUDIT
from tandem.audit.selectors import (
    AuditFilters,
    audit_event_get_visible,
    audit_reads_whole_partnership,
    audit_search,
)
from tandem.audit.services import audit_record
from tandem.core.policies import capability

PAGE_SIZE = 50


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilters | None]:
    """The search asked for, or None while the form has errors (nothing is searched then)."""
    form = AuditFilterForm(request.GET)
    return form, form.filters() if form.is_valid() else None


@capability(*CAN_READ_AUDIT)
def search(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form, filters = _filters(request)
    page = None
    if filters is not None:
        paginator = Paginator(audit_search(user, filters), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        audit_record(
            actor=user,
            action=AuditAction.SEARCH,
            object_type="audit",
            detail={
                "page": "audit_search",
                "filters": filters.as_detail(),
                "count": paginator.count,
            },
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "whole_partnership": audit_reads_whole_partnership(user),
        },
    )


@capability(*CAN_READ_AUDIT)
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    event = audit_event_get_visible(user, event_id)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="audit",
        object_id=event.pk,
        detail={"page": "audit_event"},
    )
    return render(
        request,
        "audit/event.html",
        {
            "event": event,
            "detail_items": [
                (key, _readable(value)) for key, value in sorted(event.detail.items())
            ],
        },
    )


def _readable(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(_readable(item) for item in value) or "None"
    if isinstance(value, dict):
        return _json(value)
    return str(value)


CSV_COLUMNS = [
    "id",
    "occurred_at",
    "username",
    "name",
    "agency",
    "action",
    "object_type",
    "object_id",
    "case_reference",
    "ip_address",
    "user_agent",
    "detail",
]


@capability(*CAN_READ_AUDIT)
def export(request: HttpRequest) -> HttpResponse:
    """The events of a search as CSV, every page of it; the export is recorded before it runs."""
    user: User = request.user  # type: ignore[assignment]
    form, filters = _filters(request)
    if filters is None:
        return render(request, "audit/search.html", {"form": form, "page": None}, status=400)
    events = audit_search(user, filters)
    audit_record(
        actor=user,
        action=AuditAction.EXPORT,
        object_type="audit",
        detail={"page": "audit_export", "filters": filters.as_detail(), "count": events.count()},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(_csv_rows(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tandem-audit-{stamp}.csv"'
    return response  # type: ignore[return-value]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    event: AuditEvent
    for event in events.iterator(chunk_size=2000):
        actor = event.actor
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    event.pk,
                    timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
                    actor.username if actor else "",
                    actor.display_name if actor else "",
                    event.actor_agency.code if event.actor_agency else "",
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.case_reference,
                    event.ip_address,
                    event.user_agent,
                    _json(event.detail),
                )
            ]
        )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
