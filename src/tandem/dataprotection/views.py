"""Pages for data protection: subject access requests and their exports, a person's data
protection page, and correcting a person's details.

Every page is for the roles ``can_export_subject_access`` allows; a person is found through
``person_visible_to`` (a 404 when none of their cases is the user's to see), and a request only
within the user's agency.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tandem.accounts.models import Role, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.forms import posted
from tandem.core.policies import roles
from tandem.dataprotection.forms import (
    CloseRequestForm,
    PersonSearchForm,
    RectificationForm,
    SubjectAccessRequestForm,
)
from tandem.dataprotection.policies import can_export_subject_access, can_rectify_person
from tandem.dataprotection.selectors import (
    SubjectAccessExport,
    people_search,
    person_rectifications,
    person_requests,
    subject_access_export,
    subject_access_request_get,
    subject_access_requests,
)
from tandem.dataprotection.services import (
    person_rectify,
    subject_access_export_record,
    subject_access_request_close,
    subject_access_request_log,
)
from tandem.people.selectors import person_merges, person_visible_to

HANDLERS = (Role.SUPERVISOR, Role.ADMINISTRATOR)


def _handler(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not can_export_subject_access(user):
        raise PermissionDenied
    return user


def _audit_view(request: HttpRequest, user: User, person_id: int, page: str) -> None:
    """Pages that show a person's details record the view (forms on GET, not on each POST)."""
    if request.method == "POST":
        return
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="person",
            object_id=person_id,
            request=request,
            detail={"page": page},
        )


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@roles(*HANDLERS)
def requests(request: HttpRequest) -> HttpResponse:
    """The agency's subject access requests: open ones by due date, then recently closed."""
    user = _handler(request)
    today = timezone.localdate()
    open_rows = subject_access_requests(user, today=today)
    closed_rows = subject_access_requests(user, closed=True, today=today, limit=20)
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.SEARCH,
            object_type="subject_access_request",
            request=request,
            detail={"open": len(open_rows), "closed": len(closed_rows)},
        )
    return _no_store(
        render(
            request,
            "dataprotection/requests.html",
            {
                "open_rows": open_rows,
                "closed_rows": closed_rows,
                "overdue": sum(1 for row in open_rows if row.state == "overdue"),
                "today": today,
            },
        )
    )


@roles(*HANDLERS)
def people(request: HttpRequest) -> HttpResponse:
    """Find the person a request is about, among the people on the agency's visible cases."""
    user = _handler(request)
    form = PersonSearchForm(request.GET if "name" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        found = people_search(
            user, name=form.cleaned_data["name"], date_of_birth=form.cleaned_data["date_of_birth"]
        )
        with transaction.atomic():
            audit_record(
                actor=user,
                action=AuditAction.SEARCH,
                object_type="person",
                request=request,
                detail={"page": "data_protection", "count": len(found)},
            )
    return _no_store(render(request, "dataprotection/people.html", {"form": form, "found": found}))


@roles(*HANDLERS)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    """What is held about one person for data protection: details, corrections, requests."""
    user = _handler(request)
    subject = person_visible_to(user, person_id)
    _audit_view(request, user, subject.pk, "data_protection")
    return _no_store(
        render(
            request,
            "dataprotection/person.html",
            {
                "person": subject,
                "corrections": person_rectifications(subject),
                "requests": person_requests(user, subject),
                "merges": person_merges(subject),
                "can_rectify": can_rectify_person(user) and subject.anonymised_at is None,
            },
        )
    )


@roles(*HANDLERS)
def request_new(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _handler(request)
    subject = person_visible_to(user, person_id)
    _audit_view(request, user, subject.pk, "subject_access_new")
    form = SubjectAccessRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            created = subject_access_request_log(
                person=subject,
                actor=user,
                requested_by=form.cleaned_data["requested_by"],
                representative_name=form.cleaned_data["representative_name"],
                received_on=form.cleaned_data["received_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(
                request,
                f"Subject access request {created.reference} logged: the reply is due by "
                f"{created.due_on:%-d %B %Y}",
            )
            return redirect("dataprotection:request", reference=created.reference)
    return _no_store(
        render(request, "dataprotection/request_new.html", {"person": subject, "form": form})
    )


@roles(*HANDLERS)
def request_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = _handler(request)
    sar = subject_access_request_get(user, reference)
    person_visible_to(user, sar.person_id)
    form = CloseRequestForm(posted(request))
    if request.method == "POST" and sar.is_open and form.is_valid():
        try:
            subject_access_request_close(
                request=sar,
                actor=user,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, f"Subject access request {sar.reference} closed")
            return redirect("dataprotection:request", reference=sar.reference)
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.VIEW,
            object_type="subject_access_request",
            object_id=sar.reference,
            request=request,
            detail={"person": sar.person_id},
        )
    return _no_store(
        render(
            request,
            "dataprotection/request.html",
            {
                "sar": sar,
                "form": form,
                "days_left": (sar.due_on - timezone.localdate()).days,
            },
        )
    )


def _export(request: HttpRequest, reference: str, file_format: str) -> tuple[Any, Any]:
    user = _handler(request)
    sar = subject_access_request_get(user, reference)
    subject = person_visible_to(user, sar.person_id)
    export = subject_access_export(user=user, person=subject, request=sar)
    subject_access_export_record(
        request=sar, export=export, actor=user, file_format=file_format, http_request=request
    )
    return sar, export


@roles(*HANDLERS)
def export_document(request: HttpRequest, reference: str) -> HttpResponse:
    """The readable, printable copy of what is held, for the reply."""
    sar, export = _export(request, reference, "html")
    return _no_store(
        render(
            request,
            "dataprotection/export_document.html",
            {"sar": sar, "export": export, "printed_at": timezone.localtime()},
        )
    )


@roles(*HANDLERS)
def export_json(request: HttpRequest, reference: str) -> HttpResponse:
    """The same, as JSON: a structured copy the person can take elsewhere."""
    sar, export = _export(request, reference, "json")
    response = HttpResponse(export_as_json(export), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{sar.reference}.json"'
    return _no_store(response)


def export_as_json(export: SubjectAccessExport) -> str:
    return json.dumps(export.as_dict(), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


@roles(*HANDLERS)
def rectify(request: HttpRequest, person_id: int) -> HttpResponse:
    """Correct a person's details: each change is recorded with its old and new value."""
    user: User = request.user  # type: ignore[assignment]
    if not can_rectify_person(user):
        raise PermissionDenied
    subject = person_visible_to(user, person_id)
    if subject.anonymised_at is not None:
        raise PermissionDenied
    _audit_view(request, user, subject.pk, "rectify")
    form = RectificationForm(posted(request), initial=RectificationForm.initial_for(subject))
    if request.method == "POST" and form.is_valid():
        try:
            records = person_rectify(
                person=subject,
                actor=user,
                correction=form.correction(),
                reason=form.cleaned_data["reason"],
                requested_by_subject=form.cleaned_data["requested_by_subject"],
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            changed = ", ".join(record.get_field_display().lower() for record in records)
            messages.success(request, f"Details corrected: {changed}")
            return redirect("dataprotection:person", person_id=subject.pk)
    return _no_store(
        render(request, "dataprotection/rectify.html", {"person": subject, "form": form})
    )
