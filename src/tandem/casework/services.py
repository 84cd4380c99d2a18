"""Writes of case work: who leads a case, contact plans and the contact log.

Each service runs in one transaction and records its audit event in it; each keeps the case's
clocks (``CaseDeadline``) and ``Case.next_deadline`` in step.

Rules kept simple on purpose (see the user guide, "Contact plans and deadlines"):

- The first outbound contact with a victim of the case meets the first-contact deadline. If it
  was made in person it also meets the serious-case appointment deadline (an appointment is a
  meeting in person; a call offering one is logged as a telephone contact and does not).
- Each outbound contact with a victim who has a contact plan meets their open update deadline and
  starts the next one: ``frequency_days`` calendar days after the contact, moved on to the next
  working day. Agreeing or changing a plan starts the clock from the day it was agreed, when no
  contact has been made since.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.casework.models import CaseAssignment, ContactDirection, ContactLog, ContactPlan
from tandem.casework.policies import may_assign, may_change_lead_agency, may_log_contacts
from tandem.people.models import ContactChannel, Person
from tandem.risk.selectors import is_victim_on_case
from tandem.standards.services import (
    FIRST_CONTACT,
    SERIOUS_APPOINTMENT,
    UPDATE,
    case_deadline_set,
    case_deadlines_meet,
    on_or_after_working_day,
)


def _locked(case: Case) -> Case:
    # of=("self",): PostgreSQL cannot lock the nullable side of the outer join to the officer.
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("lead_agency", "officer")
        .get(pk=case.pk)
    )


@transaction.atomic
def case_assign_officer(*, case: Case, officer: User | None, actor: User, reason: str = "") -> Case:
    """Name ``officer`` (of the lead agency) as the case's single point of contact."""
    if not may_assign(actor, case):
        raise PermissionDenied("Only the lead agency's supervisors or the case officer may assign")
    case = _locked(case)
    if officer is not None and officer.agency_id != case.lead_agency_id:
        raise ValidationError({"officer": ["Choose an officer of the lead agency"]})
    if officer is not None and not officer.is_active:
        raise ValidationError({"officer": ["Choose an officer whose account is active"]})
    if officer is not None and officer.pk == case.officer_id:
        raise ValidationError({"officer": [f"{officer.display_name} is already the officer"]})
    return _reassign(
        case=case, agency=case.lead_agency, officer=officer, actor=actor, reason=reason
    )


@transaction.atomic
def case_change_lead_agency(
    *, case: Case, agency: Agency, actor: User, reason: str, officer: User | None = None
) -> Case:
    """Hand the case to another lead agency (optionally naming its officer), with the reason.

    The clocks already running stay as they are: the promises were made to the victim.
    """
    if not may_change_lead_agency(actor, case):
        raise PermissionDenied("Only an approver of the lead agency may change the lead agency")
    case = _locked(case)
    errors: dict[str, list[str]] = {}
    if agency.pk == case.lead_agency_id:
        errors["agency"] = [f"{agency.name} already leads this case"]
    if not reason.strip():
        errors["reason"] = ["Give the reason for changing the lead agency"]
    if officer is not None and officer.agency_id != agency.pk:
        errors["officer"] = ["Choose an officer of the new lead agency"]
    if errors:
        raise ValidationError(errors)
    return _reassign(case=case, agency=agency, officer=officer, actor=actor, reason=reason.strip())


def _reassign(
    *, case: Case, agency: Agency, officer: User | None, actor: User, reason: str
) -> Case:
    now = timezone.now()
    assignment = CaseAssignment.objects.create(
        case=case,
        from_agency_id=case.lead_agency_id,
        to_agency=agency,
        from_officer_id=case.officer_id,
        to_officer=officer,
        by=actor,
        reason=reason,
        at=now,
    )
    before_agency = case.lead_agency
    case.lead_agency = agency
    case.officer = officer
    case.save(update_fields=["lead_agency", "officer", "updated_at"])
    officer_name = officer.display_name if officer is not None else "nobody (unallocated)"
    if assignment.agency_changed:
        summary = f"Lead agency changed from {before_agency.name} to {agency.name}"
        summary += f"; officer {officer_name}"
    else:
        summary = f"Officer {officer_name} assigned"
    summary += f" by {actor.display_name}"
    if reason:
        summary += f". Reason: {reason}"
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.OFFICER_ASSIGNED,
        occurred_at=now,
        actor=actor,
        summary=summary,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="case",
        object_id=case.reference,
        case_reference=case.reference,
        detail={
            "fields": ["lead_agency", "officer"] if assignment.agency_changed else ["officer"],
            "from_agency": assignment.from_agency_id,
            "to_agency": agency.pk,
            "from_officer": assignment.from_officer_id,
            "to_officer": officer.pk if officer is not None else None,
        },
    )
    return case


@transaction.atomic
def contact_plan_save(
    *,
    case: Case,
    person: Person,
    actor: User,
    channel: str,
    frequency_days: int,
    best_times: str = "",
) -> ContactPlan:
    """Record (or change) how the victim agreed to be kept informed, and start their update
    clock."""
    if not may_log_contacts(actor, case):
        raise PermissionDenied("Your role or agency may not keep contact plans on this case")
    case = _locked(case)
    errors: dict[str, list[str]] = {}
    if case.status == CaseStatus.CLOSED:
        errors["case"] = [f"Case {case.reference} is closed"]
    if not is_victim_on_case(case, person.pk):
        errors["person"] = ["Choose a victim named on this case"]
    if channel not in ContactChannel.values:
        errors["channel"] = ["Choose how the victim wants to be contacted"]
    if frequency_days < 1 or frequency_days > 365:
        errors["frequency_days"] = ["Give how often, in days, between 1 and 365"]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    before = ContactPlan.objects.filter(case=case, person=person).first()
    plan, created = ContactPlan.objects.update_or_create(
        case=case,
        person=person,
        defaults={
            "channel": channel,
            "frequency_days": frequency_days,
            "best_times": best_times.strip(),
            "agreed_at": now,
            "agreed_by": actor,
        },
    )
    last_contact = (
        ContactLog.objects.filter(case=case, person=person, direction=ContactDirection.OUTBOUND)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
        .first()
    )
    _start_update_clock(case=case, plan=plan, since=last_contact or now)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type="contact_plan",
        object_id=plan.pk,
        case_reference=case.reference,
        detail={
            "person": person.pk,
            "channel": channel,
            "frequency_days": frequency_days,
            "fields": [
                name
                for name in ("channel", "frequency_days", "best_times")
                if before is None or getattr(before, name) != getattr(plan, name)
            ],
        },
    )
    return plan


def _update_kind(plan: ContactPlan) -> str:
    return f"{UPDATE}-{plan.person_id}"


def _start_update_clock(*, case: Case, plan: ContactPlan, since: datetime) -> None:
    due = on_or_after_working_day(timezone.localdate(since) + timedelta(days=plan.frequency_days))
    case_deadline_set(
        case=case,
        kind=_update_kind(plan),
        label=f"Update to {plan.person.full_name} ({plan.get_channel_display().lower()})",
        due_on=due,
        source=f"contact-plan:{plan.pk}",
    )


@transaction.atomic
def contact_log(
    *,
    case: Case,
    actor: User,
    occurred_at: datetime,
    channel: str,
    direction: str,
    summary: str,
    person: Person | None = None,
    told_who_leads: bool = False,
) -> ContactLog:
    """Log a contact; an outbound one with a victim meets the clocks it keeps (module doc)."""
    if not may_log_contacts(actor, case):
        raise PermissionDenied("Your role or agency may not log contacts on this case")
    case = _locked(case)
    errors: dict[str, list[str]] = {}
    if person is not None and not is_victim_on_case(case, person.pk):
        errors["person"] = ["Choose a victim named on this case"]
    if channel not in ContactChannel.values:
        errors["channel"] = ["Choose how the contact was made"]
    if direction not in ContactDirection.values:
        errors["direction"] = ["Choose who contacted whom"]
    if not summary.strip():
        errors["summary"] = ["Enter what was said"]
    if occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = ["The contact must not be in the future"]
    if occurred_at < case.opened_at - timedelta(days=1):
        errors["occurred_at"] = ["The contact must be after the case was opened"]
    if errors:
        raise ValidationError(errors)

    outbound_to_victim = person is not None and direction == ContactDirection.OUTBOUND
    first = (
        outbound_to_victim
        and not ContactLog.objects.filter(
            case=case, direction=ContactDirection.OUTBOUND, person__isnull=False
        ).exists()
    )
    entry = ContactLog.objects.create(
        case=case,
        person=person,
        occurred_at=occurred_at,
        channel=channel,
        direction=direction,
        summary=summary.strip(),
        by=actor,
        first_contact=first,
        told_who_leads=told_who_leads,
    )
    if outbound_to_victim:
        kinds = [FIRST_CONTACT]
        if channel == ContactChannel.IN_PERSON:
            kinds.append(SERIOUS_APPOINTMENT)
        case_deadlines_meet(case=case, kinds=kinds, at=occurred_at)
        plan = ContactPlan.objects.filter(case=case, person=person).select_related("person").first()
        if plan is not None:
            case_deadlines_meet(case=case, kinds=[_update_kind(plan)], at=occurred_at)
            _start_update_clock(case=case, plan=plan, since=occurred_at)
    who = person.full_name if person is not None else "someone"
    event = f"{entry.get_direction_display()} by {entry.get_channel_display().lower()}: {who}"
    if first:
        event += " (first contact)"
    if told_who_leads:
        event += f"; told {case.lead_agency.name} leads"
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.NOTE,
        occurred_at=occurred_at,
        actor=actor,
        summary=f"Contact logged — {event}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="contact",
        object_id=entry.pk,
        case_reference=case.reference,
        detail={
            "person": person.pk if person is not None else None,
            "channel": channel,
            "direction": direction,
            "first_contact": first,
        },
    )
    return entry
