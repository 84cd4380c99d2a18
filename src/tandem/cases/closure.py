"""Services for a case's status, closure, reopening and the closure satisfaction survey.

Each runs in one transaction with its audit event; letters and survey invitations are queued
through ``tandem.notify`` and sent only after the transaction commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.accounts.models import User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    ClosureReason,
    SurveyInvitation,
    SurveyResponse,
)
from tandem.notify.models import NotificationChannel
from tandem.notify.services import notification_queue
from tandem.people.models import ContactChannel, Person
from tandem.risk.selectors import case_victims
from tandem.standards.models import CaseDeadline

# Statuses a case may be moved between by hand; closing and reopening have their own services.
WORKING_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD)


@dataclass(frozen=True)
class LetterRoute:
    channel: NotificationChannel
    address: str


def case_status_change(*, case: Case, actor: User, status: str, note: str = "") -> Case:
    """Move an open case between open, in progress and on hold."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": "Reopen the case before changing its status"})
    if status not in WORKING_STATUSES:
        raise ValidationError({"status": "Choose open, in progress or on hold"})
    if status == case.status:
        return case
    with transaction.atomic():
        before = CaseStatus(case.status)
        case.status = status
        case.save(update_fields=["status", "updated_at"])
        summary = f"Status changed from {before.label} to {CaseStatus(status).label}"
        if note:
            summary += f": {note}"
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.STATUS_CHANGED,
            occurred_at=timezone.now(),
            actor=actor,
            summary=summary,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="case",
            object_id=case.reference,
            case_reference=case.reference,
            detail={"fields": ["status"], "from": str(before), "to": status},
        )
    return case


def case_close(*, case: Case, actor: User, reason: ClosureReason, notes: str = "") -> Case:
    """Close the case: cancel its open deadlines, write to the victims explaining why, and invite
    them to the satisfaction survey unless the reason says none is due."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("The case is already closed")
    if not reason.active:
        raise ValidationError({"reason": "Choose a current reason"})
    with transaction.atomic():
        now = timezone.now()
        case.status = CaseStatus.CLOSED
        case.closed_at = now
        case.closed_by = actor
        case.closure_reason = reason
        case.closure_notes = notes
        case.next_deadline = None
        case.save(
            update_fields=[
                "status",
                "closed_at",
                "closed_by",
                "closure_reason",
                "closure_notes",
                "next_deadline",
                "updated_at",
            ]
        )
        cancelled = CaseDeadline.objects.filter(
            case=case, met_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.CLOSED,
            occurred_at=now,
            actor=actor,
            summary=f"Case closed by {actor.display_name}: {reason.name}",
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="case",
            object_id=case.reference,
            case_reference=case.reference,
            detail={
                "fields": ["status", "closed_at", "closure_reason"],
                "to": CaseStatus.CLOSED.value,
                "reason": reason.code,
                "deadlines_cancelled": cancelled,
            },
        )
        for victim in case_victims(case):
            _write_to_victim(case=case, actor=actor, victim=victim, survey_due=reason.survey_due)
    return case


def case_reopen(*, case: Case, actor: User, reason_text: str) -> Case:
    """Reopen a closed case (its cancelled deadlines stay cancelled; new ones are set as work
    resumes)."""
    if case.status != CaseStatus.CLOSED:
        raise ValidationError("Only a closed case can be reopened")
    if not reason_text.strip():
        raise ValidationError({"reason": "Say why the case is being reopened"})
    with transaction.atomic():
        case.status = CaseStatus.OPEN
        case.closed_at = None
        case.closed_by = None
        case.closure_reason = None
        case.save(
            update_fields=["status", "closed_at", "closed_by", "closure_reason", "updated_at"]
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.REOPENED,
            occurred_at=timezone.now(),
            actor=actor,
            summary=f"Case reopened by {actor.display_name}: {reason_text.strip()}",
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="case",
            object_id=case.reference,
            case_reference=case.reference,
            detail={"fields": ["status"], "to": CaseStatus.OPEN.value, "reopened": True},
        )
    return case


def survey_response_record(
    *,
    case: Case,
    actor: User,
    answers: dict[str, str],
    comments: str = "",
    invitation: SurveyInvitation | None = None,
) -> SurveyResponse:
    """Record a victim's survey answers, taken down by a member of staff."""
    if invitation is not None and invitation.case_id != case.pk:
        raise ValidationError("That invitation belongs to another case")
    if invitation is not None and hasattr(invitation, "response"):
        raise ValidationError("That survey has already been answered")
    with transaction.atomic():
        now = timezone.now()
        response = SurveyResponse(
            case=case,
            invitation=invitation,
            comments=comments,
            recorded_by=actor,
            recorded_at=now,
            **answers,
        )
        response.full_clean()
        response.save()
        if invitation is not None:
            invitation.responded_at = now
            invitation.save(update_fields=["responded_at"])
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.SURVEY_RECORDED,
            occurred_at=now,
            actor=actor,
            summary=f"Satisfaction survey answers recorded by {actor.display_name}",
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="survey_response",
            object_id=response.pk,
            case_reference=case.reference,
        )
    return response


def letter_route(person: Person) -> LetterRoute | None:
    """How to write to a victim: their preferred channel when we hold the details for it,
    else email, then post, then text; ``None`` when we have no way to reach them."""
    postal = "\n".join(
        part for part in [person.full_name, *person.address.split(","), person.postcode] if part
    ).strip()
    routes = {
        ContactChannel.EMAIL: LetterRoute(NotificationChannel.EMAIL, person.email),
        ContactChannel.LETTER: LetterRoute(
            NotificationChannel.LETTER, postal if person.address else ""
        ),
        ContactChannel.TEXT: LetterRoute(NotificationChannel.SMS, person.phone),
    }
    preferred = (
        routes.get(ContactChannel(person.preferred_channel)) if person.preferred_channel else None
    )
    if preferred is not None and preferred.address:
        return preferred
    for channel in (ContactChannel.EMAIL, ContactChannel.LETTER, ContactChannel.TEXT):
        if routes[channel].address:
            return routes[channel]
    return None


def _write_to_victim(*, case: Case, actor: User, victim: Person, survey_due: bool) -> None:
    route = letter_route(victim)
    invitation = None
    if survey_due:
        invitation = SurveyInvitation.objects.create(
            case=case,
            person=victim,
            token=secrets.token_urlsafe(32),
            channel=route.channel if route else "",
            created_at=timezone.now(),
        )
    if route is None:
        return  # nowhere to send it: the printable letter is there for the officer to post
    body = render_to_string(
        "cases/closure_letter.txt",
        {"case": case, "person": victim, "officer": case.officer, "invitation": invitation},
    )
    notification_queue(
        channel=route.channel,
        kind="closure-letter",
        subject=f"Your report {case.reference} has been closed",
        body=body,
        address=route.address,
        case=case,
        actor=actor,
    )
