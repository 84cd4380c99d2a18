from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, Priority
from tandem.core.references import new_reference
from tandem.geography.models import Area
from tandem.incidents.models import Category
from tandem.standards.selectors import first_deadline


def case_open(
    *,
    actor: User,
    lead_agency: Agency,
    category: Category,
    priority: Priority,
    serious: bool,
    opened_at: datetime,
    officer: User | None = None,
    ward: Area | None = None,
    address: str = "",
    postcode: str = "",
    hate_motivated: bool = False,
) -> Case:
    """Open a case led by ``lead_agency``, its first deadline set by the service standards.

    Called inside the transaction of the report that opens it.
    """
    reported_on = timezone.localdate(opened_at)
    case = Case.objects.create(
        reference=_unused_case_reference(reported_on.year),
        lead_agency=lead_agency,
        officer=officer,
        category=category,
        priority=priority,
        ward=ward,
        address=address,
        postcode=postcode,
        hate_motivated=hate_motivated,
        opened_at=opened_at,
        next_deadline=first_deadline(agency=lead_agency, reported_on=reported_on, serious=serious),
    )
    summary = f"Case opened by {actor.display_name} ({lead_agency.name})"
    if officer is not None:
        summary += f"; officer {officer.display_name}"
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.OPENED,
        occurred_at=timezone.now(),
        actor=actor,
        summary=summary,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="case",
        object_id=case.reference,
        case_reference=case.reference,
    )
    return case


def case_add_incident(
    *,
    actor: User,
    case: Case,
    incident_reference: str,
    priority: Priority,
    serious: bool,
    hate_motivated: bool,
    reported_at: datetime,
) -> Case:
    """Link a new incident's consequences to the case: priority only rises, deadlines only near."""
    changed = []
    if priority < case.priority:
        case.priority = priority
        changed.append("priority")
    if hate_motivated and not case.hate_motivated:
        case.hate_motivated = True
        changed.append("hate_motivated")
    deadline = first_deadline(
        agency=case.lead_agency, reported_on=timezone.localdate(reported_at), serious=serious
    )
    if deadline is not None and (case.next_deadline is None or deadline < case.next_deadline):
        case.next_deadline = deadline
        changed.append("next_deadline")
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.INCIDENT_ADDED,
        occurred_at=timezone.now(),
        actor=actor,
        summary=f"Incident {incident_reference} added by {actor.display_name}",
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="case",
        object_id=case.reference,
        case_reference=case.reference,
        detail={"fields": changed, "incident": incident_reference},
    )
    return case


def _unused_case_reference(year: int) -> str:
    while True:
        reference = new_reference("ASB", year)
        if not Case.objects.filter(reference=reference).exists():
            return reference
