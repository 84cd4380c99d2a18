"""Writes of tasks and referrals: each one transaction with its audit event and case timeline
entry."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.referrals.models import Referral, ReferralService, ReferralStatus, Task
from tandem.referrals.policies import (
    may_answer_referral,
    may_complete_task,
    may_refer,
    may_set_task,
)
from tandem.sharing.services import referral_share_end, referral_share_open


def _timeline(case: Case, actor: User, summary: str) -> None:
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.NOTE, occurred_at=timezone.now(), actor=actor, summary=summary
    )


def task_create(
    *,
    case: Case,
    actor: User,
    title: str,
    assigned_user: User | None = None,
    assigned_agency: Agency | None = None,
    due_on: date | None = None,
) -> Task:
    if not may_set_task(actor, case):
        raise PermissionDenied
    title = title.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = ["Say what needs doing."]
    if (assigned_user is None) == (assigned_agency is None):
        errors["assigned_user"] = ["Assign the task to a person or to an agency."]
    if assigned_user is not None and assigned_user.agency_id is None:
        errors["assigned_user"] = ["That user belongs to no agency."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        task = Task.objects.create(
            case=case,
            title=title,
            assigned_user=assigned_user,
            assigned_agency=assigned_agency,
            due_on=due_on,
            created_by=actor,
            created_at=timezone.now(),
        )
        _timeline(case, actor, f"Task “{title}” set for {task.assignee} by {actor.display_name}")
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="task",
            object_id=task.pk,
            case_reference=case.reference,
        )
    return task


def task_complete(*, task: Task, actor: User) -> Task:
    if not may_complete_task(actor, task):
        raise PermissionDenied
    if task.done_at is not None:
        raise ValidationError("This task is already done.")
    with transaction.atomic():
        task.done_at = timezone.now()
        task.done_by = actor
        task.save(update_fields=["done_at", "done_by"])
        _timeline(task.case, actor, f"Task “{task.title}” done by {actor.display_name}")
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="task",
            object_id=task.pk,
            case_reference=task.case.reference,
            detail={"done": True, "fields": ["done_at", "done_by"]},
        )
    return task


def referral_make(
    *,
    case: Case,
    actor: User,
    service: ReferralService,
    reason: str,
    to_agency: Agency | None = None,
) -> Referral:
    """Refer the case to ``service``, provided by its configured agency (or ``to_agency`` when the
    service names none)."""
    if not may_refer(actor, case):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    agency = service.agency or to_agency
    if not service.active:
        errors["service"] = ["That service no longer takes referrals."]
    if agency is None:
        errors["to_agency"] = ["Choose the agency to refer to."]
    elif agency.pk == case.lead_agency_id:
        errors["to_agency"] = ["Your agency leads this case: refer to a partner agency."]
    elif not agency.active:
        errors["to_agency"] = ["That agency is not active."]
    if not reason.strip():
        errors["reason"] = ["Give the reason for the referral."]
    if case.status == CaseStatus.CLOSED:
        errors["__all__"] = ["The case is closed."]
    if errors:
        raise ValidationError(errors)
    assert agency is not None
    with transaction.atomic():
        referral = Referral.objects.create(
            case=case,
            service=service,
            to_agency=agency,
            from_agency=case.lead_agency,
            reason=reason.strip(),
            requested_by=actor,
            requested_at=timezone.now(),
        )
        _timeline(
            case, actor, f"Referred to {service.name} ({agency.name}) by {actor.display_name}"
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="referral",
            object_id=referral.pk,
            case_reference=case.reference,
            detail={"service": service.code, "to_agency": agency.code},
        )
    return referral


def _answer(
    referral: Referral, actor: User, *, expected: str, status: str, summary: str, **fields: object
) -> Referral:
    if not may_answer_referral(actor, referral):
        raise PermissionDenied
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != expected:
            raise ValidationError(
                f"This referral is {locked.get_status_display().lower()}, not "
                f"{ReferralStatus(expected).label.lower()}."
            )
        referral.status = status
        for name, value in fields.items():
            setattr(referral, name, value)
        referral.save(update_fields=["status", *fields])
        _timeline(referral.case, actor, summary)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            object_type="referral",
            object_id=referral.pk,
            case_reference=referral.case.reference,
            detail={"status": status, "fields": ["status", *fields]},
        )
    return referral


def referral_accept(*, referral: Referral, actor: User) -> Referral:
    """The receiving agency accepts: a share (``tandem.sharing``) lets it see the case until
    the referral is completed."""
    with transaction.atomic():
        _answer(
            referral,
            actor,
            expected=ReferralStatus.REQUESTED,
            status=ReferralStatus.ACCEPTED,
            summary=f"Referral to {referral.service.name} accepted by {actor.display_name} "
            f"({referral.to_agency.name})",
            responded_by=actor,
            responded_at=timezone.now(),
        )
        referral_share_open(referral=referral, actor=actor)
    return referral


def referral_decline(*, referral: Referral, actor: User, reason: str) -> Referral:
    if not reason.strip():
        raise ValidationError({"decline_reason": ["Give the reason for declining."]})
    return _answer(
        referral,
        actor,
        expected=ReferralStatus.REQUESTED,
        status=ReferralStatus.DECLINED,
        summary=f"Referral to {referral.service.name} declined by {referral.to_agency.name}: "
        f"{reason.strip()}",
        responded_by=actor,
        responded_at=timezone.now(),
        decline_reason=reason.strip(),
    )


def referral_complete(*, referral: Referral, actor: User, outcome: str = "") -> Referral:
    """The work is done: the referral's share ends, so the receiving agency no longer sees the
    case through it."""
    with transaction.atomic():
        _answer(
            referral,
            actor,
            expected=ReferralStatus.ACCEPTED,
            status=ReferralStatus.COMPLETED,
            summary=f"Referral to {referral.service.name} completed by {referral.to_agency.name}",
            completed_by=actor,
            completed_at=timezone.now(),
            outcome=outcome.strip(),
        )
        referral_share_end(referral=referral, actor=actor, reason="The referral was completed.")
    return referral
