from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, Priority
from tandem.cases.priority import PriorityFactors, case_priority
from tandem.core.references import new_reference
from tandem.geography.models import Area
from tandem.incidents.models import Category, Incident, PersonRole
from tandem.people.selectors import any_vulnerable, repeat_summaries
from tandem.risk.selectors import case_has_current_assessment, case_victims, highest_current_band
from tandem.standards.models import CaseDeadline
from tandem.standards.services import (
    case_deadlines_start,
    case_risk_clocks_sync,
    standard_clocks,
)


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
    priority_reasons: tuple[str, ...] = (),
) -> Case:
    """Open a case led by ``lead_agency``, its clocks started from the lead agency's service
    standards (``CaseDeadline`` rows; ``next_deadline`` is the earliest open one).

    ``priority_reasons`` say why the case opens at ``priority`` (for its timeline).

    Called inside the transaction of the report that opens it.
    """
    reported_on = timezone.localdate(opened_at)
    clocks = standard_clocks(lead_agency=lead_agency, reported_on=reported_on, serious=serious)
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
        next_deadline=min((clock.due_on for clock in clocks), default=None),
    )
    for clock in clocks:
        clock.case = case
    CaseDeadline.objects.bulk_create(clocks)
    summary = f"Case opened by {actor.display_name} ({lead_agency.name})"
    if officer is not None:
        summary += f"; officer {officer.display_name}"
    if priority_reasons:
        summary += f"; priority {priority.label} ({', '.join(priority_reasons)})"
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
    # A clock not yet started on the case (e.g. the first serious report) starts from this one.
    case_deadlines_start(case=case, reported_on=timezone.localdate(reported_at), serious=serious)
    if case_has_current_assessment(case):
        # The victims' risk may have changed: re-assess now, not at the band's next review.
        today = timezone.localdate()
        if case.reassessment_due is None or case.reassessment_due > today:
            case.reassessment_due = today
            changed.append("reassessment_due")
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    if "reassessment_due" in changed:
        case_risk_clocks_sync(case=case)
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
    case_priority_refresh(case=case, actor=actor)
    return case


def case_priority_refresh(*, case: Case, actor: User) -> Case:
    """Set the case's priority from its incidents, its victims' current risk, repeat
    victimisation and vulnerability (``tandem.cases.priority``), recording any change.

    Called after an assessment and when an incident joins the case, inside their transaction.
    """
    decision = case_priority(case_priority_factors(case))
    if decision.priority == case.priority:
        return case
    before = Priority(case.priority)
    case.priority = decision.priority
    case.save(update_fields=["priority", "updated_at"])
    direction = "raised" if decision.priority < before else "lowered"
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.PRIORITY_CHANGED,
        occurred_at=timezone.now(),
        actor=actor,
        summary=f"Priority {direction} from {before.label} to {decision.priority.label}: "
        + ", ".join(decision.reasons),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="case",
        object_id=case.reference,
        case_reference=case.reference,
        detail={
            "fields": ["priority"],
            "from": int(before),
            "to": int(decision.priority),
            "reasons": list(decision.reasons),
        },
    )
    return case


def case_priority_factors(case: Case) -> PriorityFactors:
    """The facts the case's priority follows from (a handful of queries, whatever its size)."""
    facts = Incident.objects.filter(case=case).aggregate(
        category_default=Min("category__default_priority"),
        hate_motivated=Count("pk", filter=Q(hate_motivated=True)),
        domestic_abuse=Count("pk", filter=Q(domestic_abuse=True)),
        serious=Count("pk", filter=Q(types__serious=True)),
    )
    victim_ids = [victim.pk for victim in case_victims(case)]
    band = highest_current_band(case)
    repeats = repeat_summaries(victim_ids, role=PersonRole.VICTIM) if victim_ids else {}
    return PriorityFactors(
        category_default=Priority(
            facts["category_default"] or case.category.default_priority or Priority.STANDARD
        ),
        serious=bool(facts["serious"]),
        hate_motivated=bool(facts["hate_motivated"]) or case.hate_motivated,
        domestic_abuse=bool(facts["domestic_abuse"]),
        highest_band=band.value if band is not None else None,
        repeat_victim=any(summary.is_repeat for summary in repeats.values()),
        vulnerable_victim=bool(victim_ids) and any_vulnerable(victim_ids),
    )


def _unused_case_reference(year: int) -> str:
    while True:
        reference = new_reference("ASB", year)
        if not Case.objects.filter(reference=reference).exists():
            return reference
