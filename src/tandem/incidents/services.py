from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, User
from tandem.audit.models import AuditAction
from tandem.audit.services import audit_record
from tandem.cases.models import Case, CaseStatus, Priority
from tandem.cases.priority import PriorityDecision, PriorityFactors, case_priority
from tandem.cases.services import case_add_incident, case_open
from tandem.core.references import new_reference
from tandem.geography.models import Area
from tandem.incidents.models import (
    Category,
    HateStrand,
    Incident,
    IncidentPerson,
    IncidentType,
    PersonRole,
)
from tandem.people.keys import address_key
from tandem.people.models import Person
from tandem.people.selectors import (
    NO_INCIDENTS,
    RepeatSummary,
    any_vulnerable,
    repeat_summaries,
)
from tandem.people.services import PersonDetails, person_create

# Clocks drift between a client and the server; a report stamped a moment ahead is not "future".
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class PersonInvolved:
    role: str
    details: PersonDetails
    existing: Person | None = None
    repeat: RepeatSummary | None = None
    """The existing person's counts in this role, as the intake found them before this report
    (saves counting again); None when not counted."""


@dataclass(frozen=True)
class IncidentReport:
    """Everything a report says, already parsed by a form or serializer."""

    occurred_at: datetime
    reported_at: datetime
    channel: str
    receiving_agency: Agency
    category: Category
    types: list[IncidentType]
    description: str
    address: str
    postcode: str = ""
    ward: Area | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    hate_motivated: bool = False
    hate_strands: list[HateStrand] = field(default_factory=list)
    domestic_abuse: bool = False
    crime_reference: str = ""
    happened_before: str = ""
    people: list[PersonInvolved] = field(default_factory=list)
    case: Case | None = None
    officer: User | None = None

    @property
    def serious(self) -> bool:
        """Violence, threats of violence or hate: the serious-case standard applies."""
        return self.hate_motivated or any(incident_type.serious for incident_type in self.types)

    @property
    def priority(self) -> Priority:
        if self.serious or self.domestic_abuse:
            return Priority.HIGH
        return Priority(self.category.default_priority)


def incident_report_errors(report: IncidentReport, *, now: datetime) -> dict[str, list[str]]:
    """Domain rules every channel shares; forms and serializers check formats before this."""
    errors: dict[str, list[str]] = {}
    if report.reported_at > now + CLOCK_TOLERANCE:
        errors.setdefault("reported_at", []).append("The date reported must not be in the future")
    if report.occurred_at > now + CLOCK_TOLERANCE:
        errors.setdefault("occurred_at", []).append(
            "The date it happened must not be in the future"
        )
    elif report.occurred_at > report.reported_at:
        errors.setdefault("occurred_at", []).append(
            "The date it happened must be on or before the date it was reported"
        )
    if not report.types:
        errors.setdefault("types", []).append("Select at least one type of behaviour")
    if report.hate_motivated and not report.hate_strands:
        errors.setdefault("hate_strands", []).append(
            "Select what the hate was perceived to be motivated by"
        )
    if report.hate_strands and not report.hate_motivated:
        errors.setdefault("hate_strands", []).append(
            "Only give hate strands when the incident is perceived as hate motivated"
        )
    if report.case is not None and report.case.status == CaseStatus.CLOSED:
        errors.setdefault("case", []).append(
            f"Case {report.case.reference} is closed: open a new case instead"
        )
    if (
        report.officer is not None
        and report.case is None
        and (report.officer.agency_id != report.receiving_agency.pk)
    ):
        errors.setdefault("officer", []).append("The officer must work for the lead agency")
    return errors


@transaction.atomic
def incident_log(*, actor: User, report: IncidentReport) -> Incident:
    """Store a report, open its case or add it to an existing one, and record who did it.

    Raises ``ValidationError`` (with field errors) before writing anything if the report breaks a
    rule; the whole report is stored or none of it is.
    """
    errors = incident_report_errors(report, now=timezone.now())
    if errors:
        raise ValidationError(errors)

    if report.case is None:
        opening = _opening_priority(report)
        case = case_open(
            actor=actor,
            lead_agency=report.receiving_agency,
            officer=report.officer,
            category=report.category,
            ward=report.ward,
            address=report.address,
            postcode=report.postcode,
            priority=opening.priority,
            priority_reasons=opening.reasons,
            serious=report.serious,
            hate_motivated=report.hate_motivated,
            opened_at=report.reported_at,
        )
    else:
        case = Case.objects.select_for_update().get(pk=report.case.pk)

    incident = _incident_create(actor=actor, report=report, case=case)
    _involve_people(incident=incident, people=report.people)

    if report.case is not None:
        case_add_incident(
            actor=actor,
            case=case,
            incident_reference=incident.reference,
            priority=report.priority,
            serious=report.serious,
            hate_motivated=report.hate_motivated,
            reported_at=report.reported_at,
        )

    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="incident",
        object_id=incident.reference,
        case_reference=case.reference,
        detail={"channel": report.channel, "people": len(report.people)},
    )
    return incident


def _opening_priority(report: IncidentReport) -> PriorityDecision:
    """A new case's priority, decided before it is stored: what the report says, raised for a
    victim already known as a repeat victim (counting this report) or as vulnerable. New people
    are neither yet, so a report naming only new people costs no query here."""
    known_victims = {
        involved.existing.pk: involved.repeat
        for involved in report.people
        if involved.existing is not None and involved.role == PersonRole.VICTIM
    }
    repeat = vulnerable = False
    if known_victims:
        uncounted = [pk for pk, summary in known_victims.items() if summary is None]
        counted = repeat_summaries(uncounted, role=PersonRole.VICTIM) if uncounted else {}
        repeat = any(
            (summary or counted.get(pk, NO_INCIDENTS))
            .including(agency_id=report.receiving_agency.pk, reported_at=report.reported_at)
            .is_repeat
            for pk, summary in known_victims.items()
        )
        vulnerable = any_vulnerable(known_victims)
    return case_priority(
        PriorityFactors(
            category_default=Priority(report.category.default_priority),
            serious=report.serious,
            hate_motivated=report.hate_motivated,
            domestic_abuse=report.domestic_abuse,
            repeat_victim=repeat,
            vulnerable_victim=vulnerable,
        )
    )


def _incident_create(*, actor: User, report: IncidentReport, case: Case) -> Incident:
    incident = Incident.objects.create(
        reference=_unused_incident_reference(report.reported_at.year),
        case=case,
        occurred_at=report.occurred_at,
        reported_at=report.reported_at,
        channel=report.channel,
        receiving_agency=report.receiving_agency,
        category=report.category,
        description=report.description.strip(),
        address=report.address.strip(),
        postcode=report.postcode,
        ward=report.ward,
        latitude=report.latitude,
        longitude=report.longitude,
        hate_motivated=report.hate_motivated,
        domestic_abuse=report.domestic_abuse,
        crime_reference=report.crime_reference.strip(),
        happened_before=report.happened_before,
        address_key=address_key(report.address, report.postcode),
        created_by=actor,
    )
    # add(), not set(): a new incident has no links to compare against.
    incident.types.add(*report.types)
    if report.hate_strands:
        incident.hate_strands.add(*report.hate_strands)
    return incident


def _involve_people(*, incident: Incident, people: list[PersonInvolved]) -> None:
    involvements = []
    seen: set[tuple[int, str]] = set()
    for involved in people:
        person = involved.existing or person_create(details=involved.details)
        if (person.pk, involved.role) in seen:
            continue
        seen.add((person.pk, involved.role))
        involvements.append(IncidentPerson(incident=incident, person=person, role=involved.role))
    IncidentPerson.objects.bulk_create(involvements)


def _unused_incident_reference(year: int) -> str:
    while True:
        reference = new_reference("INC", year)
        if not Incident.objects.filter(reference=reference).exists():
            return reference
