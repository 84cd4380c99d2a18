"""Writes for data protection: logging and closing subject access requests, recording an
export, correcting a person's details, and applying the retention schedule. Each is one
transaction with its audit event; audit details hold ids, field names and counts, never the
personal data itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.core.references import new_reference
from tandem.dataprotection.models import (
    RectifiableField,
    RectificationRecord,
    RequesterKind,
    RequestStatus,
    RetentionAction,
    RetentionRule,
    SubjectAccessRequest,
)
from tandem.dataprotection.policies import can_export_subject_access, can_rectify_person
from tandem.dataprotection.retention import (
    KIND_HANDLERS,
    RetentionOutcome,
    months_after,
    months_before,
)
from tandem.dataprotection.selectors import SubjectAccessExport, agency_of
from tandem.people.models import Person
from tandem.people.services import person_refresh_keys
from tandem.standards.services import on_or_after_working_day

# --------------------------------------------------------------------------------------------
# Subject access requests


def subject_access_due_on(received_on: date) -> date:
    """One calendar month after receipt (UK GDPR article 12(3)): the same date next month, or
    the month's last day when it has no such date; then the next working day if that is a
    weekend or bank holiday."""
    return on_or_after_working_day(months_after(received_on, 1))


def _unused_request_reference(year: int) -> str:
    while True:
        reference = new_reference("SAR", year)
        if not SubjectAccessRequest.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def subject_access_request_log(
    *,
    person: Person,
    actor: User,
    requested_by: str,
    received_on: date,
    representative_name: str = "",
    notes: str = "",
) -> SubjectAccessRequest:
    """Record a subject access request about ``person``, answered by ``actor``'s agency, with
    its due date."""
    if not can_export_subject_access(actor):
        raise PermissionDenied("Your role may not handle subject access requests")
    representative_name = representative_name.strip()
    errors: dict[str, list[str]] = {}
    if requested_by not in RequesterKind.values:
        errors["requested_by"] = ["Select who is asking"]
    elif requested_by == RequesterKind.REPRESENTATIVE and not representative_name:
        errors["representative_name"] = ["Enter the name of the person acting for them"]
    if received_on > timezone.localdate():
        errors["received_on"] = ["The date received must be today or in the past"]
    if person.anonymised_at is not None:
        errors["person"] = ["This person's details were anonymised: nothing personal is held"]
    if errors:
        raise ValidationError(errors)
    if requested_by == RequesterKind.SUBJECT:
        representative_name = ""
    request = SubjectAccessRequest.objects.create(
        reference=_unused_request_reference(received_on.year),
        person=person,
        agency_id=agency_of(actor),
        requested_by=requested_by,
        representative_name=representative_name,
        received_on=received_on,
        due_on=subject_access_due_on(received_on),
        handled_by=actor,
        notes=notes.strip(),
        logged_by=actor,
        logged_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="subject_access_request",
        object_id=request.reference,
        detail={
            "person": person.pk,
            "requested_by": requested_by,
            "received_on": received_on.isoformat(),
            "due_on": request.due_on.isoformat(),
        },
    )
    return request


CLOSING_STATUSES = (RequestStatus.COMPLETED, RequestStatus.WITHDRAWN)


@transaction.atomic
def subject_access_request_close(
    *, request: SubjectAccessRequest, actor: User, status: str, notes: str = ""
) -> SubjectAccessRequest:
    """Mark an open request completed (the reply was sent) or withdrawn."""
    if not can_export_subject_access(actor) or request.agency_id != actor.agency_id:
        raise PermissionDenied("Your role or agency may not close this request")
    request = (
        SubjectAccessRequest.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=request.pk)
    )
    errors: dict[str, list[str]] = {}
    if status not in CLOSING_STATUSES:
        errors["status"] = ["Select whether the reply was sent or the request withdrawn"]
    if request.status != RequestStatus.OPEN:
        errors["status"] = [f"This request is already {request.get_status_display().lower()}"]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    request.status = status
    request.completed_at = now
    request.handled_by = actor
    notes = notes.strip()
    if notes:
        stamp = f"{timezone.localtime(now):%d/%m/%Y} {actor.display_name}"
        request.notes = "\n\n".join(part for part in (request.notes, f"{stamp}: {notes}") if part)
    request.save(update_fields=["status", "completed_at", "handled_by", "notes"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="subject_access_request",
        object_id=request.reference,
        detail={"fields": ["status"], "status": status, "person": request.person_id},
    )
    return request


@transaction.atomic
def subject_access_export_record(
    *,
    request: SubjectAccessRequest,
    export: SubjectAccessExport,
    actor: User,
    file_format: str,
    http_request: HttpRequest | None = None,
) -> None:
    """Record in the audit that ``actor`` exported what is held about the request's person."""
    if not can_export_subject_access(actor) or request.agency_id != actor.agency_id:
        raise PermissionDenied("Your role or agency may not export this person's data")
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="person",
        object_id=request.person_id,
        request=http_request,
        detail={
            "export": "subject_access",
            "format": file_format,
            "request": request.reference,
            "cases": [entry.reference for entry in export.cases],
            "special_category": export.special_category is not None,
        },
    )


# --------------------------------------------------------------------------------------------
# Rectification


@dataclass(frozen=True)
class PersonCorrection:
    """A person's details as they should be."""

    first_name: str
    last_name: str
    date_of_birth: date | None
    address: str
    postcode: str
    phone: str
    email: str
    preferred_channel: str


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def person_rectify(
    *,
    person: Person,
    actor: User,
    correction: PersonCorrection,
    reason: str,
    requested_by_subject: bool,
) -> list[RectificationRecord]:
    """Correct ``person``'s details, recompute their matching keys (so they are found by the
    corrected details), and record each change with its old and new value."""
    if not can_rectify_person(actor):
        raise PermissionDenied("Your role may not correct people's details")
    person = Person.objects.select_for_update(of=("self",)).get(pk=person.pk)
    reason = reason.strip()
    new_values: dict[str, Any] = {
        "first_name": correction.first_name.strip(),
        "last_name": correction.last_name.strip(),
        "date_of_birth": correction.date_of_birth,
        "address": correction.address.strip(),
        "postcode": correction.postcode.strip(),
        "phone": correction.phone.strip(),
        "email": correction.email.strip(),
        "preferred_channel": correction.preferred_channel,
    }
    errors: dict[str, list[str]] = {}
    if person.anonymised_at is not None:
        errors["__all__"] = ["This person's details were anonymised and cannot be corrected"]
    if not new_values["first_name"]:
        errors["first_name"] = ["Enter the first name"]
    if not new_values["last_name"]:
        errors["last_name"] = ["Enter the last name"]
    if not reason:
        errors["reason"] = ["Give the reason for the correction"]
    changed = [name for name, value in new_values.items() if getattr(person, name) != value]
    if not changed and not errors:
        errors["__all__"] = ["Change at least one detail, or cancel"]
    if errors:
        raise ValidationError(errors)

    old_values = {name: getattr(person, name) for name in changed}
    for name in changed:
        setattr(person, name, new_values[name])
    person_refresh_keys(person=person)
    person.full_clean(exclude=["merged_into"])
    person.save()
    now = timezone.now()
    records = RectificationRecord.objects.bulk_create(
        [
            RectificationRecord(
                person=person,
                field=RectifiableField(name),
                old_value=_as_text(old_values[name]),
                new_value=_as_text(new_values[name]),
                reason=reason,
                requested_by_subject=requested_by_subject,
                recorded_by=actor,
                recorded_at=now,
            )
            for name in changed
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="person",
        object_id=person.pk,
        detail={
            "change": "rectification",
            "fields": changed,
            "requested_by_subject": requested_by_subject,
        },
    )
    return records


# --------------------------------------------------------------------------------------------
# Retention


@dataclass(frozen=True)
class RetentionResult:
    rule: RetentionRule
    cutoff: datetime
    dry_run: bool
    outcome: RetentionOutcome


def retention_cutoff(rule: RetentionRule, now: datetime) -> datetime:
    """The moment the rule's period reaches back to from ``now``."""
    return months_before(timezone.localtime(now), rule.period_years * 12 + rule.period_months)


def retention_rule_apply(
    *, rule: RetentionRule, dry_run: bool = False, now: datetime | None = None
) -> RetentionResult:
    """Apply one retention rule in its own transaction (or, with ``dry_run``, count what it
    would do and change nothing). A real run records its counts in the audit and on the rule."""
    now = now or timezone.now()
    with transaction.atomic():
        rule = RetentionRule.objects.select_for_update().get(pk=rule.pk)
        cutoff = retention_cutoff(rule, now)
        outcome = KIND_HANDLERS[rule.kind](cutoff=cutoff, dry_run=dry_run, now=now)
        if not dry_run:
            rule.last_run_at = now
            rule.last_run_counts = outcome.counts
            rule.save(update_fields=["last_run_at", "last_run_counts"])
            audit_record(
                actor=None,
                action=AuditAction.DELETE
                if rule.action == RetentionAction.DELETE
                else AuditAction.UPDATE,
                object_type="retention_rule",
                object_id=rule.pk,
                detail={
                    "rule": rule.name,
                    "kind": rule.kind,
                    "action": rule.action,
                    "cutoff": cutoff.isoformat(),
                    "counts": outcome.counts,
                },
            )
    return RetentionResult(rule=rule, cutoff=cutoff, dry_run=dry_run, outcome=outcome)
