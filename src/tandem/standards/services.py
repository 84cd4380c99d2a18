"""Writes of the service-standard clocks: the ``CaseDeadline`` rows of a case.

Every function here runs inside the caller's transaction (the case's own service) and ends by
keeping ``Case.next_deadline`` equal to the earliest open deadline (``case_deadlines_refresh``).

Convention: the day of the report is day 0, and a standard of N working days falls due on the Nth
working day after it (``tandem.standards.working_days``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Min
from django.utils import timezone

from tandem.accounts.models import Agency
from tandem.cases.models import Case
from tandem.risk.models import BandThreshold, RiskAssessment, RiskBand
from tandem.standards.models import CaseDeadline
from tandem.standards.selectors import standards_for
from tandem.standards.working_days import add_working_days, is_working_day
from tandem.supervision.models import SupervisorReview

# The kinds of clock this module keeps; other apps (powers, tasks) add their own kinds.
FIRST_CONTACT = "first-contact"
SERIOUS_APPOINTMENT = "serious-appointment"
UPDATE = "update"
REVIEW = "review"
REASSESSMENT = "reassessment"


def on_or_after_working_day(day: date) -> date:
    """``day`` if it is a working day, else the next working day."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def case_deadlines_refresh(*, case: Case) -> Case:
    """Set ``Case.next_deadline`` to the earliest open deadline (None when there is none)."""
    earliest = CaseDeadline.objects.filter(
        case=case, met_at__isnull=True, cancelled_at__isnull=True
    ).aggregate(earliest=Min("due_on"))["earliest"]
    if case.next_deadline != earliest:
        case.next_deadline = earliest
        case.save(update_fields=["next_deadline", "updated_at"])
    return case


def case_deadlines_start(*, case: Case, reported_on: date, serious: bool) -> list[CaseDeadline]:
    """The service-standard clocks a report starts on the case: one per standard in force for
    the lead agency (serious-only standards for serious reports), unless the case already has
    that clock (open or met: the promise is made once per case)."""
    existing = set(CaseDeadline.objects.filter(case=case).values_list("kind", flat=True))
    clocks = standard_clocks(lead_agency=case.lead_agency, reported_on=reported_on, serious=serious)
    new_clocks = [clock for clock in clocks if clock.kind not in existing]
    for clock in new_clocks:
        clock.case = case
    created = CaseDeadline.objects.bulk_create(new_clocks)
    case_deadlines_refresh(case=case)
    return created


def standard_clocks(*, lead_agency: Agency, reported_on: date, serious: bool) -> list[CaseDeadline]:
    """The clocks the lead agency's service standards start for a report, not yet saved or
    attached to a case (``case_open`` inserts them with the new case in one statement)."""
    return [
        CaseDeadline(
            kind=standard.code,
            label=standard.name,
            due_on=add_working_days(reported_on, standard.working_days),
            source=f"standard:{standard.code}",
        )
        for standard in standards_for(lead_agency)
        if serious or not standard.serious_only
    ]


def case_deadlines_meet(*, case: Case, kinds: list[str], at: datetime) -> int:
    """Mark the case's open deadlines of ``kinds`` met at ``at``; returns how many."""
    met = CaseDeadline.objects.filter(
        case=case, kind__in=kinds, met_at__isnull=True, cancelled_at__isnull=True
    ).update(met_at=at)
    case_deadlines_refresh(case=case)
    return met


def case_deadline_set(
    *, case: Case, kind: str, label: str, due_on: date | None, source: str = ""
) -> CaseDeadline | None:
    """The one open deadline of ``kind`` on the case falls due on ``due_on``: an open one with
    another date is cancelled and replaced (kept for the record); ``None`` cancels it."""
    now = timezone.now()
    current = list(
        CaseDeadline.objects.filter(
            case=case, kind=kind, met_at__isnull=True, cancelled_at__isnull=True
        )
    )
    keep = next((row for row in current if row.due_on == due_on), None)
    CaseDeadline.objects.filter(pk__in=[row.pk for row in current if row is not keep]).update(
        cancelled_at=now
    )
    if keep is None and due_on is not None:
        keep = CaseDeadline.objects.create(
            case=case, kind=kind, label=label, due_on=due_on, source=source
        )
    case_deadlines_refresh(case=case)
    return keep


def _highest_current_assessment(case: Case) -> RiskAssessment | None:
    current = list(
        RiskAssessment.objects.filter(case=case, superseded_at__isnull=True).only(
            "band", "assessed_at", "matrix_id"
        )
    )
    if not current:
        return None
    order = [RiskBand.STANDARD, RiskBand.MEDIUM, RiskBand.HIGH]
    return max(current, key=lambda row: (order.index(RiskBand(row.band)), row.assessed_at))


def _cadence_days(assessment: RiskAssessment) -> int | None:
    days = (
        BandThreshold.objects.filter(matrix_id=assessment.matrix_id, band=assessment.band)
        .values_list("supervisor_review_days", flat=True)
        .first()
    )
    return days or None


def supervisor_review_cadence(case: Case) -> int | None:
    """The days between supervisor reviews the case's highest current risk band asks for
    (``BandThreshold.supervisor_review_days``), or None when it asks for none."""
    highest = _highest_current_assessment(case)
    return _cadence_days(highest) if highest is not None else None


def review_due_after(day: date, cadence_days: int) -> date:
    """The review due ``cadence_days`` calendar days after ``day``, moved on to the next
    working day (the same rule for the first review and each one after it)."""
    return on_or_after_working_day(day + timedelta(days=cadence_days))


def supervisor_review_due(case: Case) -> date | None:
    """The supervisor review the case's highest current risk band asks for: the band's
    ``supervisor_review_days`` (calendar days) after the latest assessment in that band, moved
    on to the next working day.

    When a supervisor has reviewed the case since that assessment
    (``tandem.supervision``), the next review runs from the latest review instead: the date
    the supervisor set, else the band's cadence from the day of the review."""
    highest = _highest_current_assessment(case)
    latest_review = (
        SupervisorReview.objects.filter(case=case)
        .order_by("-reviewed_at", "-id")
        .only("reviewed_at", "next_review_on")
        .first()
    )
    if latest_review is not None and (
        highest is None or latest_review.reviewed_at >= highest.assessed_at
    ):
        if latest_review.next_review_on is not None:
            return latest_review.next_review_on
        days = _cadence_days(highest) if highest is not None else None
        return (
            review_due_after(timezone.localdate(latest_review.reviewed_at), days) if days else None
        )
    if highest is None:
        return None
    days = _cadence_days(highest)
    if not days:
        return None
    return review_due_after(timezone.localdate(highest.assessed_at), days)


def case_risk_clocks_sync(*, case: Case) -> Case:
    """Mirror the risk clocks as deadlines: the supervisor review from the highest current band's
    cadence, and ``Case.reassessment_due``. Called after an assessment and after an incident
    joins the case."""
    case_deadline_set(
        case=case,
        kind=REVIEW,
        label="Supervisor review",
        due_on=supervisor_review_due(case),
        source="risk-band",
    )
    case_deadline_set(
        case=case,
        kind=REASSESSMENT,
        label="Risk re-assessment",
        due_on=case.reassessment_due,
        source="risk-band",
    )
    return case
