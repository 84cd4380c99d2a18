"""Writes of supervision: supervisor reviews and case conferences.

Each service runs in one transaction and records its audit event in it.

- A supervisor review meets the case's open ``review`` deadline and sets the next one, due on
  the next review date: by default the risk band's cadence (``supervisor_review_days``, calendar
  days moved on to the next working day, as for the first review) from the day of the review. A
  later date needs a reason; an earlier one does not.
- A case conference discusses cases the recording user can see (``cases_visible_to``); a case
  they cannot see is refused with the same message as one that does not exist. Each action
  agreed becomes a task on its case through ``tandem.referrals.services.task_create``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseEvent, CaseEventKind, CaseStatus
from tandem.cases.selectors import cases_visible_to
from tandem.referrals.policies import may_set_task
from tandem.referrals.services import task_create
from tandem.standards.services import (
    REVIEW,
    case_deadline_set,
    case_deadlines_meet,
    case_deadlines_refresh,
    review_due_after,
    supervisor_review_cadence,
    supervisor_review_due,
)
from tandem.supervision.models import (
    CaseConference,
    ConferenceAction,
    ConferenceCase,
    ReviewDecision,
    SupervisorReview,
)
from tandem.supervision.policies import may_record_conference, may_review


def default_next_review(case: Case, *, on: date | None = None) -> date | None:
    """The next review date the band's cadence gives from ``on`` (today), or None."""
    cadence = supervisor_review_cadence(case)
    if not cadence:
        return None
    return review_due_after(on or timezone.localdate(), cadence)


@transaction.atomic
def supervisor_review_record(
    *,
    case: Case,
    actor: User,
    decision: ReviewDecision,
    notes: str = "",
    next_review_on: date | None = None,
    later_reason: str = "",
    reviewed_at: datetime | None = None,
) -> SupervisorReview:
    """Record a supervisor review: meet the open review deadline and set the next one."""
    if not may_review(actor, case):
        raise PermissionDenied("Only supervisors and administrators of the lead agency may review")
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    reviewed_at = reviewed_at or now
    today = timezone.localdate(reviewed_at)
    latest_allowed = default_next_review(case, on=today)
    next_review_on = next_review_on or latest_allowed
    errors: dict[str, list[str]] = {}
    if case.status == CaseStatus.CLOSED:
        errors["case"] = [f"Case {case.reference} is closed"]
    if not decision.active:
        errors["decision"] = ["Choose a decision"]
    if reviewed_at > now + timedelta(minutes=5):
        errors["reviewed_at"] = ["The review must not be in the future"]
    if next_review_on is not None and next_review_on <= today:
        errors["next_review_on"] = ["The next review must be after the day of this review"]
    elif (
        next_review_on is not None
        and latest_allowed is not None
        and next_review_on > latest_allowed
        and not later_reason.strip()
    ):
        errors["later_reason"] = [
            f"Give a reason for a next review later than {latest_allowed:%-d %B %Y}, "
            "the date the risk band asks for"
        ]
    if errors:
        raise ValidationError(errors)
    review = SupervisorReview.objects.create(
        case=case,
        reviewer=actor,
        reviewed_at=reviewed_at,
        decision=decision,
        notes=notes.strip(),
        next_review_on=next_review_on,
        later_reason=later_reason.strip(),
    )
    case_deadlines_meet(case=case, kinds=[REVIEW], at=reviewed_at)
    case_deadline_set(
        case=case,
        kind=REVIEW,
        label="Supervisor review",
        due_on=supervisor_review_due(case),
        source=f"supervisor-review:{review.pk}",
    )
    case_deadlines_refresh(case=case)
    summary = f"Supervisor review by {actor.display_name}: {decision.name}"
    if next_review_on is not None:
        summary += f". Next review by {next_review_on:%-d %B %Y}"
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.NOTE, occurred_at=reviewed_at, actor=actor, summary=summary
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="supervisor_review",
        object_id=review.pk,
        case_reference=case.reference,
        detail={
            "decision": decision.code,
            "next_review_on": next_review_on.isoformat() if next_review_on else None,
        },
    )
    return review


@dataclass(frozen=True)
class DiscussedCase:
    reference: str
    decisions: str


@dataclass(frozen=True)
class AgreedAction:
    case_reference: str
    description: str
    due_on: date | None
    owner_user: User | None = None
    owner_agency: Agency | None = None


@transaction.atomic
def conference_record(
    *,
    actor: User,
    title: str,
    held_at: datetime,
    chair: str,
    location: str = "",
    online: bool = False,
    agencies_present: list[Agency] | None = None,
    discussed: list[DiscussedCase],
    actions: list[AgreedAction] | None = None,
) -> CaseConference:
    """Record a case conference: the cases discussed (visible to ``actor`` only), the decisions
    on each, and the actions agreed, each becoming a task on its case."""
    if not may_record_conference(actor) or actor.agency_id is None:
        raise PermissionDenied("Your role may not record case conferences")
    agency_id: int = actor.agency_id
    actions = actions or []
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not title.strip():
        error("title", "Enter a title for the conference")
    if not chair.strip():
        error("chair", "Enter who chaired the conference")
    if held_at > timezone.now() + timedelta(minutes=5):
        error("held_at", "The conference must not be in the future")
    references = [row.reference.strip().upper() for row in discussed]
    if not references:
        error("cases", "Add at least one case discussed")
    if len(set(references)) != len(references):
        error("cases", "Each case may be listed only once")
    visible = {
        case.reference: case for case in cases_visible_to(actor).filter(reference__in=references)
    }
    for row, reference in zip(discussed, references, strict=True):
        if reference not in visible:
            # The same answer whether the case does not exist or is not the user's to see.
            error("cases", f"There is no case {reference} that you can see")
        if not row.decisions.strip():
            error("cases", f"Enter the decisions on case {reference}")
    for action in actions:
        reference = action.case_reference.strip().upper()
        case = visible.get(reference)
        if reference not in references:
            error("actions", f"Action “{action.description}”: choose a case discussed")
        elif case is not None and not may_set_task(actor, case):
            error(
                "actions",
                f"Action on case {reference}: only its lead agency can set tasks on it",
            )
        if not action.description.strip():
            error("actions", f"Describe the action on case {reference}")
        if (action.owner_user is None) == (action.owner_agency is None):
            error("actions", f"Give the action on case {reference} to a person or an agency")
        if action.due_on is None:
            error("actions", f"Give a due date for the action on case {reference}")
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    conference = CaseConference.objects.create(
        title=title.strip(),
        held_at=held_at,
        chair=chair.strip(),
        location=location.strip(),
        online=online,
        agency_id=agency_id,
        recorded_by=actor,
        recorded_at=now,
    )
    present: set[int] = {agency.pk for agency in agencies_present or []} | {agency_id}
    conference.agencies_present.set(sorted(present))
    for row, reference in zip(discussed, references, strict=True):
        case = visible[reference]
        ConferenceCase.objects.create(
            conference=conference, case=case, decisions=row.decisions.strip()
        )
        CaseEvent.objects.create(
            case=case,
            kind=CaseEventKind.NOTE,
            occurred_at=held_at,
            actor=actor,
            summary=f"Discussed at case conference “{conference.title}”",
        )
    for action in actions:
        case = visible[action.case_reference.strip().upper()]
        assert action.due_on is not None  # checked above
        task = task_create(
            case=case,
            actor=actor,
            title=f"{action.description.strip()} (case conference)",
            assigned_user=action.owner_user,
            assigned_agency=action.owner_agency,
            due_on=action.due_on,
        )
        ConferenceAction.objects.create(
            conference=conference,
            case=case,
            description=action.description.strip(),
            owner_user=action.owner_user,
            owner_agency=action.owner_agency,
            due_on=action.due_on,
            task=task,
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="case_conference",
        object_id=conference.pk,
        detail={"cases": references, "actions": len(actions), "agencies": sorted(present)},
    )
    return conference
